"""The scheduler: StackSets' concurrency, tolerance and region order, without I/O."""

from __future__ import annotations

from servicecatalog_sdk.rollout import Preferences, Scheduler
from servicecatalog_sdk.rollout._schedule import resolve_count


def _targets(regions: dict[str, int]) -> dict[str, list[tuple[str, str]]]:
    return {r: [(f"{i:012d}", r) for i in range(n)] for r, n in regions.items()}


def test_percentages_round_down_and_never_below_the_minimum() -> None:
    assert resolve_count("25%", 10, minimum=1) == 2
    assert resolve_count("25%", 3, minimum=1) == 1
    assert resolve_count("10%", 9, minimum=0) == 0
    assert resolve_count(4, 2, minimum=1) == 4


def test_strict_starts_at_tolerance_plus_one_and_slows_as_failures_arrive() -> None:
    prefs = Preferences(max_concurrent=5, failure_tolerance=2, concurrency_mode="STRICT")
    s = Scheduler(prefs, ["r"], _targets({"r": 10}))
    first = s.start_next()
    assert len(first) == 3  # min(5, 2 + 1)
    s.finish(first[0], ok=False)
    assert s.start_next() == []  # 2 in flight, limit now min(5, 3 - 1) = 2
    s.finish(first[1], ok=True)
    assert len(s.start_next()) == 1


def test_soft_keeps_max_concurrent() -> None:
    prefs = Preferences(max_concurrent=5, failure_tolerance=0, concurrency_mode="SOFT")
    s = Scheduler(prefs, ["r"], _targets({"r": 10}))
    assert len(s.start_next()) == 5


def test_over_tolerance_stops_the_region_and_in_flight_targets_finish() -> None:
    prefs = Preferences(max_concurrent=3, failure_tolerance=0, concurrency_mode="SOFT")
    s = Scheduler(prefs, ["r"], _targets({"r": 5}))
    started = s.start_next()
    s.finish(started[0], ok=False)
    assert s.start_next() == []
    assert not s.done  # two still in flight
    s.finish(started[1], ok=True)
    s.finish(started[2], ok=True)
    assert s.done
    assert len(s.not_started()) == 2


def test_sequential_regions_run_in_order_and_a_failed_region_stops_the_later() -> None:
    prefs = Preferences(max_concurrent=10, region_concurrency="SEQUENTIAL", concurrency_mode="SOFT")
    s = Scheduler(prefs, ["a", "b", "c"], _targets({"a": 2, "b": 2, "c": 2}))
    first = s.start_next()
    assert {k[1] for k in first} == {"a"}
    for key in first:
        s.finish(key, ok=True)
    second = s.start_next()
    assert {k[1] for k in second} == {"b"}
    s.finish(second[0], ok=False)
    s.finish(second[1], ok=True)
    assert s.start_next() == []
    assert s.done
    assert {k[1] for k in s.not_started()} == {"c"}


def test_parallel_regions_start_together_with_per_region_limits() -> None:
    prefs = Preferences(max_concurrent="50%", concurrency_mode="SOFT")
    s = Scheduler(prefs, ["a", "b"], _targets({"a": 4, "b": 2}))
    started = s.start_next()
    assert sorted(k[1] for k in started) == ["a", "a", "b"]


def test_blocked_targets_count_against_the_tolerance_and_cancel_drains() -> None:
    prefs = Preferences(max_concurrent=1, failure_tolerance=0)
    targets = _targets({"r": 3})
    s = Scheduler(prefs, ["r"], targets)
    s.fail_unstarted(targets["r"][0])
    assert s.start_next() == []
    assert s.done
    s2 = Scheduler(prefs, ["r"], _targets({"r": 3}))
    s2.start_next()
    assert len(s2.cancel()) == 2
    assert s2.start_next() == []
