"""The history-driven poll schedule: a pure function of past durations and elapsed time."""

from __future__ import annotations

import math
import statistics

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from servicecatalog_sdk._waiting._schedule import (
    MAX_SIGMA,
    MIN_SIGMA,
    PRIOR_SIGMA,
    TARGET_DELAY,
    Expectation,
    expect,
    next_delay,
    poll_times,
)

MIN, MAX = 2.0, 60.0

durations = st.lists(st.floats(min_value=5.0, max_value=5_000.0), min_size=1, max_size=20)
jitters = st.floats(min_value=0.0, max_value=0.999)


def _ten_minutes(sigma: float = 0.2) -> Expectation:
    return Expectation(
        mu=math.log(600.0), sigma=sigma, horizon=600.0 * math.exp(2.1 * sigma), samples=10
    )


def test_nothing_usable_means_no_expectation() -> None:
    assert expect([]) is None
    assert expect([0.0, -3.0, math.nan, math.inf]) is None
    # Durations from a minute to an hour say nothing about when this one ends.
    assert expect([60.0, 3600.0, 300.0, 1800.0]) is None


def test_fit_is_the_log_normal_of_the_durations() -> None:
    past = [500.0, 600.0, 720.0]
    e = expect(past)
    assert e is not None
    assert e.samples == 3
    assert e.median == pytest.approx(statistics.geometric_mean(past))
    spread = statistics.stdev(math.log(d) for d in past)
    assert e.sigma == pytest.approx(spread * math.sqrt(1 + 1 / 3))  # widened for 3 samples
    assert e.horizon > max(past)


def test_one_duration_takes_the_prior_spread_and_equal_ones_the_floor() -> None:
    one = expect([600.0])
    same = expect([600.0] * 5)
    assert one is not None
    assert same is not None
    assert one.sigma == pytest.approx(PRIOR_SIGMA * math.sqrt(2))
    assert same.sigma == pytest.approx(MIN_SIGMA * math.sqrt(1.2))


@settings(max_examples=40, deadline=None)
@given(past=durations, jitter=jitters, start=st.floats(min_value=0.0, max_value=3000.0))
def test_polls_move_forward_within_the_delays_and_end_with_the_range(
    past: list[float], jitter: float, start: float
) -> None:
    e = expect(past)
    if e is None:
        spread = statistics.stdev(math.log(d) for d in past)
        assert spread * math.sqrt(1 + 1 / len(past)) > MAX_SIGMA
        return
    times = poll_times(e, min_delay=MIN, max_delay=MAX, jitter=jitter, start=start)
    gaps = [b - a for a, b in zip((start, *times), times, strict=False)]
    assert all(MIN - 1e-9 <= g <= MAX + 1e-9 for g in gaps)
    # The last planned poll is at the range's end (or one minimum pause past it).
    if times:
        assert times[-1] <= max(e.horizon, start) + MIN + 1e-6
        assert next_delay(e, times[-1], min_delay=MIN, max_delay=MAX, jitter=jitter) is None
    else:
        assert start >= e.horizon


@given(past=durations, elapsed=st.floats(min_value=0.0, max_value=50_000.0), jitter=jitters)
def test_same_inputs_same_pause(past: list[float], elapsed: float, jitter: float) -> None:
    e = expect(past)
    if e is None:
        return  # too scattered to plan: covered above
    first = next_delay(e, elapsed, min_delay=MIN, max_delay=MAX, jitter=jitter)
    again = next_delay(e, elapsed, min_delay=MIN, max_delay=MAX, jitter=jitter)
    assert first == again
    assert (first is None) == (elapsed >= e.horizon)


def test_sparse_early_dense_near_the_expected_end() -> None:
    e = _ten_minutes()
    early = next_delay(e, 60.0, min_delay=MIN, max_delay=MAX)
    near = next_delay(e, 600.0, min_delay=MIN, max_delay=MAX)
    assert early == MAX  # an end this soon is all but impossible
    assert near is not None
    assert near <= 15.0
    times = poll_times(e, min_delay=MIN, max_delay=MAX)
    in_first_half = sum(1 for t in times if t < 300.0)
    around_median = sum(1 for t in times if 450.0 <= t < 750.0)
    assert in_first_half <= 6
    assert around_median >= 3 * in_first_half


def test_past_the_expected_range_the_backoff_takes_over() -> None:
    e = _ten_minutes()
    assert next_delay(e, e.horizon, min_delay=MIN, max_delay=MAX) is None
    assert next_delay(e, 10 * e.horizon, min_delay=MIN, max_delay=MAX) is None
    # Just before it, the pause ends at the range's end rather than past it.
    last = next_delay(e, e.horizon - 3.0, min_delay=MIN, max_delay=MAX)
    assert last == pytest.approx(3.0)


def test_a_large_minimum_and_a_small_maximum_are_kept() -> None:
    e = _ten_minutes()
    assert next_delay(e, 600.0, min_delay=30.0, max_delay=60.0) == 30.0
    assert next_delay(e, 0.0, min_delay=1.0, max_delay=5.0) == 5.0


@given(jitter=jitters, elapsed=st.floats(min_value=0.0, max_value=900.0))
def test_jitter_shortens_a_gap_by_fifteen_percent_at_most(jitter: float, elapsed: float) -> None:
    e = _ten_minutes()
    plain = next_delay(e, elapsed, min_delay=0.01, max_delay=1e6)
    shaken = next_delay(e, elapsed, min_delay=0.01, max_delay=1e6, jitter=jitter)
    assert plain is not None
    assert shaken is not None
    assert 0.85 * plain - 1e-9 <= shaken <= plain + 1e-9


@pytest.mark.parametrize("sigma", [0.1, 0.2, 0.3])
def test_mean_detection_delay_is_near_the_target_when_the_fit_is_right(sigma: float) -> None:
    # Durations at 400 evenly spaced quantiles of the fitted distribution itself.
    e = _ten_minutes(sigma)
    times = poll_times(e, min_delay=MIN, max_delay=MAX)
    ends = [
        math.exp(e.mu + e.sigma * statistics.NormalDist().inv_cdf((i + 0.5) / 400))
        for i in range(400)
    ]
    inside = [d for d in ends if d < times[-1]]
    delays = [next(t for t in times if t >= d) - d for d in inside]
    polls = [1 + sum(1 for t in times if t < d) for d in inside]
    assert statistics.fmean(delays) <= TARGET_DELAY + 1.0
    # Fixed 3 s polling would make d / 3 polls; sparse early polls keep well under that.
    assert statistics.fmean(polls) <= statistics.fmean(d / 3 for d in inside) / 5


@pytest.mark.parametrize(
    ("keywords", "message"),
    [({"jitter": 1.0}, "jitter"), ({"jitter": -0.1}, "jitter"), ({"target_delay": 0.0}, "target")],
)
def test_bad_arguments_are_refused(keywords: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        next_delay(_ten_minutes(), 10.0, min_delay=MIN, max_delay=MAX, **keywords)
