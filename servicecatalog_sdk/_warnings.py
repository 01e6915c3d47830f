"""Warnings attributed to the user's line, however deep in the SDK they start.

A warning's file and line are what a user reads first (and what filters
match). A fixed ``stacklevel`` breaks as soon as a call goes through one more
frame, and the waiters' loop runs inside tenacity, whose depth is not ours to
fix; so the level is counted at the time of the warning instead.
"""

from __future__ import annotations

import sys
import warnings

__all__ = ["user_stacklevel", "warn"]

# Modules whose frames lie between the user's call and a warning: the SDK's own,
# and tenacity, which drives the waiters' polling loop.
_INTERNAL = ("servicecatalog_sdk", "tenacity")


def _internal(module: object) -> bool:
    return isinstance(module, str) and any(
        module == name or module.startswith(name + ".") for name in _INTERNAL
    )


def user_stacklevel() -> int:
    """The ``stacklevel`` that points at the first caller outside the SDK.

    For a ``warnings.warn`` call made by the function that calls this one.
    """
    frame = sys._getframe(1)  # the function that will call warnings.warn: level 1
    level = 1
    while frame.f_back is not None and _internal(frame.f_globals.get("__name__")):
        frame = frame.f_back
        level += 1
    return level


def warn(message: str, category: type[Warning]) -> None:
    """``warnings.warn`` at the user's line (see :func:`user_stacklevel`)."""
    warnings.warn(message, category, stacklevel=user_stacklevel())
