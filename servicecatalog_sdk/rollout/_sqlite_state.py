"""How the connections to a rollout's SQLite state are set up, before DBOS opens it.

Two things, both on every SQLite connection SQLAlchemy opens to a state file
this process registered (other databases of the process are left alone):

**Write-ahead log, no fsync per commit.** DBOS records every step, message and
event in its own transaction; in SQLite's default rollback-journal mode each
commit syncs the disk several times, and writers queue behind one another.
The state runs in WAL mode with ``synchronous=NORMAL``: a commit is safe from
the process dying (kill -9 included, the log is in the OS's hands), and only a
crash of the machine itself can lose the last commits, never corrupt the file.
What such a loss costs is a step run again, and a re-run step resends the
same idempotency token, so AWS answers with the change it already made.

**``unixepoch('subsec')`` on older SQLite.** dbos (3.4) stamps its rows with ``unixepoch('subsec')`` when Python is 3.12 or
newer. The ``subsec`` modifier came with SQLite 3.42; an older SQLite answers
NULL, which fails DBOS's NOT NULL columns on the first launch (Debian 12, for
one, ships SQLite 3.40). On such a build every SQLite connection SQLAlchemy
opens gets a one-argument ``unixepoch`` of our own that knows ``subsec``: an
application-defined function overrides the built-in one of the same arity.
"""

from __future__ import annotations

import os
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
_force_unixepoch = False
#: The real paths of the state files this process opens.
_state_files: set[str] = set()


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


def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    if _force_unixepoch or needed():
        dbapi_connection.create_function("unixepoch", 1, unixepoch)
    row = dbapi_connection.execute("PRAGMA database_list").fetchone()  # (seq, name, file)
    if row is not None and row[2] and os.path.realpath(row[2]) in _state_files:
        dbapi_connection.execute("PRAGMA busy_timeout=30000")
        dbapi_connection.execute("PRAGMA journal_mode=WAL")  # kept in the file
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")  # per connection


def prepare_sqlite_state(url: str, *, force: bool = False) -> None:
    """Before DBOS opens ``url``: set up its SQLite connections (WAL; the stand-in if needed).

    Does nothing for a URL that is not SQLite. The connection hook is installed
    once per process, for every SQLAlchemy engine, and touches only SQLite
    connections to the registered state files (and, where the interpreter's
    SQLite needs it, gives every SQLite connection the ``unixepoch`` stand-in).
    ``force`` installs the stand-in whatever the versions (tests).
    """
    global _installed, _force_unixepoch
    if not url.startswith("sqlite"):
        return
    path = url.split(":///", 1)[1] if ":///" in url else ""
    with _lock:
        if path and path != ":memory:":
            _state_files.add(os.path.realpath(path))
        _force_unixepoch = _force_unixepoch or force
        if _installed:
            return
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        event.listen(Engine, "connect", _on_connect)
        _installed = True
