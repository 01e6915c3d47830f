"""One warning per process when botocore lacks an internal the SDK relies on.

The SDK's faster response parsing and its wait-deadline retry hook use parts
of botocore that are not public API. Each is checked before use; when one is
missing or changed, the SDK does without it and says so here, once per
process, at the line of the user's code that built the client.
"""

from __future__ import annotations

import threading

from servicecatalog_sdk._warnings import warn
from servicecatalog_sdk.errors import BotocoreCompatibilityWarning

__all__ = ["warn_once"]

_warned: set[str] = set()
_lock = threading.Lock()


def warn_once(key: str, message: str) -> None:
    """Warn ``message`` (a ``BotocoreCompatibilityWarning``) unless ``key`` was warned of."""
    with _lock:
        if key in _warned:
            return
        _warned.add(key)
    warn(message, BotocoreCompatibilityWarning)
