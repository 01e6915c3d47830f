"""DBOS's SQLite state on SQLite builds older than 3.42 under Python 3.12 and newer.

dbos (3.4) stamps its rows with ``unixepoch('subsec')`` when Python is 3.12 or
newer. The ``subsec`` modifier came with SQLite 3.42; an older SQLite answers
NULL, which fails DBOS's NOT NULL columns on the first launch (Debian 12, for
one, ships SQLite 3.40). On such a build every SQLite connection SQLAlchemy
opens gets a one-argument ``unixepoch`` of our own that knows ``subsec``: an
application-defined function overrides the built-in one of the same arity.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from datetime import datetime, timezone
from typing import Any

# Seconds from the Julian day epoch to the Unix epoch, as SQLite counts them.
_UNIX_EPOCH_JULIAN_DAY = 2440587.5

_lock = threading.Lock()
_installed = False


def needed() -> bool:
    """Whether dbos's timestamps need the stand-in on this interpreter's SQLite."""
    return sys.version_info >= (3, 12) and sqlite3.sqlite_version_info < (3, 42, 0)


def unixepoch(value: Any) -> float | int | None:
    """SQLite's one-argument ``unixepoch``, with the ``subsec`` modifier of 3.42."""
    if value in ("subsec", "subsecond"):
        return time.time()
    if value == "now":
        return int(time.time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A number is a Julian day number, as for the built-in.
        return int((value - _UNIX_EPOCH_JULIAN_DAY) * 86400)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None  # the built-in answers NULL for what it cannot read
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return int(moment.timestamp())
    return None


def _add_unixepoch(dbapi_connection: Any, connection_record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("unixepoch", 1, unixepoch)


def fit_sqlite(url: str, *, force: bool = False) -> None:
    """Before DBOS opens ``url``: give SQLite connections the stand-in if they need it.

    Installed once per process, for every SQLAlchemy engine (only SQLite
    connections are touched). ``force`` installs it whatever the versions (tests).
    """
    global _installed
    if not url.startswith("sqlite") or not (force or needed()):
        return
    with _lock:
        if _installed:
            return
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        event.listen(Engine, "connect", _add_unixepoch)
        _installed = True
