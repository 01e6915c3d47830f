"""The rollout benchmark's arithmetic: polls set apart, the bound, the goals.

The benchmark itself (``python -m benchmarks.rollout --quick``) takes over
30 s here, so it is not run by the suite.
"""

from __future__ import annotations

from typing import Any

from benchmarks.rollout import _figures


def _result(requests: dict[str, int], throttled: dict[str, int], wall: float) -> dict[str, Any]:
    return {
        "wall_s": wall,
        "planned_at_s": 1.0,
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
    assert figures["goal"] == {"wall_within_1_5x_bound": True, "calls_per_target_le_8": True}


def test_the_goals_are_missed_past_1_5x_the_bound_and_8_calls() -> None:
    requests = {"servicecatalog:SearchProvisionedProducts": 81, "servicecatalog:DescribeRecord": 1}
    figures = _figures(_result(requests, {}, 12.1), 10, 2, 4.0)
    assert figures["goal"] == {"wall_within_1_5x_bound": False, "calls_per_target_le_8": False}
