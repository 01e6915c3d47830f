"""Where to poll when past changes say how long this one should take (pure, no I/O).

A change's duration is modelled as log-normal, fitted to the durations of past
changes of the same kind. What a wait costs is its polls up to the one that
sees the change done; what it loses is the detection delay, the time from the
change's end to that poll. A gap ``g(t)`` between polls at time ``t`` costs
about ``S(t) / g(t)`` polls per second (``S``: the chance the change is still
going) and ``f(t) * g(t) / 2`` seconds of delay (``f``: the duration's
density). Minimising delay plus a price per poll gives
``g(t) = c / sqrt(h(t))`` with ``h = f / S`` the hazard, the chance per second
that a change still going ends now: polls are sparse while an end is unlikely
and dense where it becomes likely. ``c`` is set so the mean delay inside the
expected range is about ``target_delay``. Gaps stay within
``[min_delay, max_delay]``; past the expected range :func:`next_delay` returns
``None`` and the caller goes back to its usual backoff.

Nothing here reads a clock, draws a random number or calls AWS: the sync
waiters and an asyncio client can share it.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Sequence
from typing import Final

import attrs

__all__ = [
    "MAX_SIGMA",
    "MIN_SIGMA",
    "PRIOR_SIGMA",
    "TARGET_DELAY",
    "Expectation",
    "expect",
    "next_delay",
    "poll_times",
]

#: The mean detection delay, in seconds, the polls aim at inside the expected range.
TARGET_DELAY: Final = 8.0
#: Log-space spread assumed when a single past duration gives none.
PRIOR_SIGMA: Final = 0.25
#: The narrowest spread believed: timestamps have one-second grain, and no two
#: changes take exactly as long.
MIN_SIGMA: Final = 0.05
#: The widest spread worth planning for: past it (the middle 95 % of durations
#: spanning more than a factor of ten) dense polls would cost more than they save.
MAX_SIGMA: Final = 0.6
#: Quantile of the fitted distribution where the expected range ends. Not the
#: longest past duration: one outlier would keep the polls dense for long.
_UPPER_QUANTILE: Final = 0.98
#: By how much, at most, a wait's ``jitter`` shortens its gaps.
_JITTER: Final = 0.15
#: Points of the numeric integral that sets the gaps' scale.
_STEPS: Final = 240
_NORMAL: Final = statistics.NormalDist()


@attrs.frozen(kw_only=True)
class Expectation:
    """What past durations say about the next one: a log-normal and its range.

    ``mu`` and ``sigma`` are the mean and spread of the log of the duration in
    seconds (``sigma`` widened for having few samples); ``horizon`` is where the
    expected range ends, the fit's 98th percentile; ``samples`` counts the past
    durations.
    """

    mu: float
    sigma: float
    horizon: float
    samples: int

    @property
    def median(self) -> float:
        """The median expected duration, in seconds."""
        return math.exp(self.mu)


def expect(durations: Sequence[float]) -> Expectation | None:
    """Fit the durations (seconds) of past changes.

    ``None`` when none is usable, or when they are too scattered to say when
    this change will end (a log-space spread over :data:`MAX_SIGMA`).
    """
    usable = [d for d in durations if math.isfinite(d) and d > 0]
    if not usable:
        return None
    logs = [math.log(d) for d in usable]
    n = len(logs)
    mu = statistics.fmean(logs)
    spread = statistics.stdev(logs) if n >= 2 else PRIOR_SIGMA
    # The next duration varies more than the sample: mu is only estimated.
    sigma = max(spread, MIN_SIGMA) * math.sqrt(1.0 + 1.0 / n)
    if sigma > MAX_SIGMA:
        return None
    horizon = math.exp(mu + sigma * _NORMAL.inv_cdf(_UPPER_QUANTILE))
    return Expectation(mu=mu, sigma=sigma, horizon=horizon, samples=n)


def _z(e: Expectation, t: float) -> float:
    return (math.log(max(t, 1e-9)) - e.mu) / e.sigma


def _density(e: Expectation, t: float) -> float:
    z = _z(e, t)
    return math.exp(-z * z / 2.0) / (max(t, 1e-9) * e.sigma * math.sqrt(2.0 * math.pi))


def _survival(e: Expectation, t: float) -> float:
    return 1.0 - _NORMAL.cdf(_z(e, t))


@functools.lru_cache(maxsize=64)  # one wait asks with the same arguments at every poll
def _scale(e: Expectation, target_delay: float) -> float:
    # Mean delay = (c / 2) * integral of sqrt(f * S); midpoint rule in log time,
    # where the integrand is a smooth bump a few sigmas wide.
    low, high = e.mu - 6.0 * e.sigma, e.mu + 6.0 * e.sigma
    step = (high - low) / _STEPS
    total = 0.0
    for i in range(_STEPS):
        t = math.exp(low + (i + 0.5) * step)
        total += math.sqrt(_density(e, t) * _survival(e, t)) * t * step
    return 2.0 * target_delay / total


def _gap(e: Expectation, t: float, scale: float) -> float:
    survival = _survival(e, t)
    density = _density(e, t)
    if density <= 0.0:
        return math.inf  # an end this early is out of the question: wait the longest
    if survival <= 0.0:
        return 0.0
    return scale * math.sqrt(survival / density)


def _reach(e: Expectation, t: float, scale: float, low: float, high: float) -> float:
    """The longest pause in ``[low, high]`` that lands where the wanted gap is no shorter.

    Gaps shrink as the expected end nears: a pause sized by where it starts
    could jump over the first dense polls.
    """
    if high <= low or high <= _gap(e, t + high, scale):
        return high
    for _ in range(30):  # bisection, to well under a millisecond
        middle = (low + high) / 2.0
        if middle <= _gap(e, t + middle, scale):
            low = middle
        else:
            high = middle
    return low


def next_delay(
    expectation: Expectation,
    elapsed: float,
    *,
    min_delay: float,
    max_delay: float,
    target_delay: float = TARGET_DELAY,
    jitter: float = 0.0,
) -> float | None:
    """Seconds to pause before the next poll, ``elapsed`` seconds into the change.

    The pause is within ``[min_delay, max_delay]`` and does not overshoot the
    end of the expected range. ``jitter`` in ``[0, 1)``, drawn once per wait,
    shortens every gap by up to 15 %, so waits started together drift apart.
    ``None`` once ``elapsed`` is past the expected range: the change is overdue
    and the caller's usual backoff takes over.
    """
    if not 0.0 <= jitter < 1.0:
        raise ValueError(f"jitter must be in [0, 1), got {jitter!r}")
    if not target_delay > 0:
        raise ValueError(f"target_delay must be positive, got {target_delay!r}")
    e = expectation
    elapsed = max(0.0, elapsed)
    if elapsed >= e.horizon:
        return None
    scale = _scale(e, target_delay) * (1.0 - _JITTER * jitter)

    longest = min(max_delay, max(min_delay, _gap(e, elapsed, scale)))
    gap = max(min_delay, _reach(e, elapsed, scale, min_delay, longest))
    return min(gap, max(min_delay, e.horizon - elapsed))


def poll_times(
    expectation: Expectation,
    *,
    min_delay: float,
    max_delay: float,
    target_delay: float = TARGET_DELAY,
    jitter: float = 0.0,
    start: float = 0.0,
) -> tuple[float, ...]:
    """Every poll :func:`next_delay` plans after one at ``start``, up to the range's end."""
    times: list[float] = []
    now = start
    while True:
        delay = next_delay(
            expectation,
            now,
            min_delay=min_delay,
            max_delay=max_delay,
            target_delay=target_delay,
            jitter=jitter,
        )
        if delay is None:
            return tuple(times)
        now += delay
        times.append(now)
