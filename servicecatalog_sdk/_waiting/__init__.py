"""The waiters' machinery; the public face is :mod:`servicecatalog_sdk.waiters`."""
