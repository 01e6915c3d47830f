"""The rollout benchmark's arithmetic: polls set apart, the bound, the goals.

The benchmark itself (``python -m benchmarks.rollout --quick``) takes over
30 s here, so it is not run by the suite.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from benchmarks.rollout import _figures, _first_submission, _median_run


def _result(requests: dict[str, int], throttled: dict[str, int], wall: float) -> dict[str, Any]:
    return {
        "wall_s": wall,
        "planned_at_s": 1.5,
        "first_submitted_at_s": 1.0,
        "resolved_at_s": 0.5,
        "last_end_s": wall - 0.5,
        "summary": {"total": 10, "SUCCEEDED": 10},
        "requests": requests,
        "throttled": throttled,
        "servicecatalog_received": {},
        "peak_rss_kib": 2048,
        "state_bytes": 4096,
        "process_s": wall + 1,
        "cpu_s": wall / 2,
        "server_cpu_s": 0.5,
    }


def test_calls_per_target_leave_out_polls_and_count_throttled_retries() -> None:
    requests = {
        "servicecatalog:DescribeRecord": 50,
        "servicecatalog:ProvisionProduct": 12,
        "servicecatalog:SearchProvisionedProducts": 20,
        "sts:AssumeRole": 2,
    }
    figures = _figures(_result(requests, {"servicecatalog:ProvisionProduct": 2}, 9.0), 10, 2, 4.0)
    assert figures["polls_per_target"] == 5.0
    assert figures["calls_per_target"] == 3.4  # (12 + 20 + 2) / 10
    assert figures["accepted_calls_per_target"] == 3.2
    assert figures["requests_by_service"] == {"servicecatalog": 82, "sts": 2}
    assert (figures["bound_s"], figures["wall_vs_bound"], figures["execution_s"]) == (
        8.0,
        1.12,
        7.5,
    )
    assert figures["goal"] == {
        "all_succeeded": True,
        "wall_within_1_5x_bound": True,
        "calls_per_target_le_8": True,
    }


def test_the_goals_are_missed_past_1_5x_the_bound_and_8_calls() -> None:
    requests = {"servicecatalog:SearchProvisionedProducts": 81, "servicecatalog:DescribeRecord": 1}
    figures = _figures(_result(requests, {}, 12.1), 10, 2, 4.0)
    assert figures["goal"] == {
        "all_succeeded": True,
        "wall_within_1_5x_bound": False,
        "calls_per_target_le_8": False,
    }


def test_a_run_that_launched_nothing_misses_its_goal() -> None:
    # A repeat that found the products of an earlier run planned NOOP everywhere.
    result = {**_result({}, {}, 9.0), "summary": {"total": 10, "NOOP": 10}}
    figures = _figures(result, 10, 2, 4.0)
    assert figures["goal"]["all_succeeded"] is False


def test_the_median_run_is_shown_with_every_runs_ratio_in_order() -> None:
    runs = [{"wall_s": w, "wall_vs_bound": w / 10} for w in (30.0, 10.0, 20.0)]
    shown = _median_run(runs)
    assert shown["wall_s"] == 20.0
    assert shown["runs_wall_vs_bound"] == [3.0, 1.0, 2.0]


def test_the_first_submission_is_read_from_the_submit_steps_dbos_recorded(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with sqlite3.connect(state) as db:
        db.execute(
            "CREATE TABLE operation_outputs (function_name TEXT, completed_at_epoch_ms INTEGER)"
        )
        db.executemany(
            "INSERT INTO operation_outputs VALUES (?, ?)",
            [
                ("servicecatalog_sdk.rollout._engine._plan_step", 1_000_500),
                ("servicecatalog_sdk.rollout._engine._submit_step", 1_003_000),
                ("servicecatalog_sdk.rollout._engine._submit_step", 1_002_000),
            ],
        )
    assert _first_submission(state, 1_000_000.0) == 2.0
    with sqlite3.connect(state) as db:
        db.execute("DELETE FROM operation_outputs WHERE function_name LIKE '%_submit_step'")
    assert _first_submission(state, 1_000_000.0) is None
