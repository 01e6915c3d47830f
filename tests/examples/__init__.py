"""Tests that run the scripts in examples/ as a user would."""
