"""One warning per process when botocore lacks an internal the SDK relies on.

The SDK's faster response parsing and its wait-deadline retry hook use parts
of botocore that are not public API. Each is checked before use; when one is
missing or changed, the SDK does without it and says so here, once per
process, at the line of the user's code that built the client.
"""

from __future__ import annotations

import os
import sys
import threading
import warnings

from servicecatalog_sdk.errors import BotocoreCompatibilityWarning

__all__ = ["warn_once"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_warned: set[str] = set()
_lock = threading.Lock()


def warn_once(key: str, message: str) -> None:
    """Warn ``message`` (a ``BotocoreCompatibilityWarning``) unless ``key`` was warned of."""
    with _lock:
        if key in _warned:
            return
        _warned.add(key)
    warnings.warn(message, BotocoreCompatibilityWarning, stacklevel=_first_outside_package())


def _first_outside_package() -> int:
    # Level 1 is warn_once itself; walk out of this package's frames, however
    # many lie between the user's call and here (from_session adds one).
    frame = sys._getframe(2)
    level = 2
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    return level
