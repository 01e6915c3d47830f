"""How connections to the rollout's SQLite state are set up: WAL, and unixepoch on old SQLite."""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import pytest

from servicecatalog_sdk.rollout import _sqlite_state

sqlalchemy = pytest.importorskip("sqlalchemy")  # comes with the rollout extra


def test_the_stand_in_reads_what_dbos_asks_for() -> None:
    before = time.time()
    now = _sqlite_state.unixepoch("subsec")
    assert isinstance(now, float)
    assert before <= now <= time.time()
    assert _sqlite_state.unixepoch("2026-12-07 04:00:00") == 1796616000
    assert _sqlite_state.unixepoch(2440587.5) == 0  # a Julian day number, as SQLite reads it
    assert _sqlite_state.unixepoch("not a time") is None


def test_it_is_needed_exactly_on_python_3_12_with_sqlite_before_3_42(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 40, 1))
    monkeypatch.setattr(sys, "version_info", (3, 12, 1))
    assert _sqlite_state.needed()
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 42, 0))
    assert not _sqlite_state.needed()
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 40, 1))
    monkeypatch.setattr(sys, "version_info", (3, 11, 7))
    assert not _sqlite_state.needed()


def test_installed_it_answers_unixepoch_subsec_on_every_sqlite_connection(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    _sqlite_state.prepare_sqlite_state("postgresql://nowhere/db", force=True)  # not SQLite: nothing
    _sqlite_state.prepare_sqlite_state(url, force=True)
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            value = connection.execute(sqlalchemy.text("SELECT unixepoch('subsec')")).scalar()
            whole = connection.execute(sqlalchemy.text("SELECT unixepoch('now', 'utc')")).scalar()
    finally:
        engine.dispose()
    assert isinstance(value, float)
    assert abs(value - time.time()) < 60
    assert isinstance(whole, int)  # the two-argument built-in is untouched


def test_the_state_runs_in_wal_without_a_sync_per_commit_and_other_databases_are_untouched(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state.db"
    other = tmp_path / "app.db"
    _sqlite_state.prepare_sqlite_state(f"sqlite:///{state}")
    found = {}
    for path in (state, other):
        engine = sqlalchemy.create_engine(f"sqlite:///{path}")
        try:
            with engine.connect() as connection:
                mode = connection.execute(sqlalchemy.text("PRAGMA journal_mode")).scalar()
                sync = connection.execute(sqlalchemy.text("PRAGMA synchronous")).scalar()
        finally:
            engine.dispose()
        found[path.name] = (mode, sync)
    assert found == {"state.db": ("wal", 1), "app.db": ("delete", 2)}  # 1 NORMAL, 2 FULL
