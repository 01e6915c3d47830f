"""Fault injection, rate limits and request counting for the emulator's Service Catalog endpoint."""

from __future__ import annotations

import math
import random
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

from ._errors import EmulatorError

#: What AWS answers a request over an API's rate with.
_RATE_EXCEEDED = ("ThrottlingException", "Rate exceeded")


@dataclass(frozen=True, eq=False)  # each limit its own bucket, even an equal one
class RateLimit:
    """At most ``per_second`` requests a second after a burst of ``burst``.

    ``account_id`` and ``region_name`` narrow it to one account or region (None:
    every one); each (account, region, operation) has a bucket of its own.
    """

    per_second: float
    burst: int
    account_id: str | None = None
    region_name: str | None = None

    def applies_to(self, account: str, region: str) -> bool:
        """Whether requests of ``account`` in ``region`` are under this limit."""
        return self.account_id in (None, account) and self.region_name in (None, region)


class _Bucket:
    """A token bucket: full at first, refilled at the limit's rate, one token a request."""

    def __init__(self, limit: RateLimit, now: float) -> None:
        self.tokens = float(limit.burst)
        self.stamp = now

    def take(self, limit: RateLimit, now: float) -> bool:
        self.tokens = min(float(limit.burst), self.tokens + (now - self.stamp) * limit.per_second)
        self.stamp = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


class FaultPlan:
    """What the next Service Catalog requests answer with, and how many were seen.

    Every request is counted in :attr:`calls` before any fault applies, so a test
    can see botocore's retries as extra calls.
    """

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self.calls: Counter[str] = Counter()
        self._queued: dict[str, deque[EmulatorError]] = {}
        self._throttle_rate = 0.0
        self._rng = random.Random(0)
        # The clock rate limits refill by; read through ``time`` at call time by default.
        self._clock = clock
        self._limits: dict[str, list[RateLimit]] = {}
        self._buckets: dict[tuple[RateLimit, str, str, str], _Bucket] = {}

    def inject(self, operation: str, error_code: str, times: int = 1) -> None:
        """Answer the next ``times`` requests of ``operation`` with ``error_code``."""
        if times < 0:
            raise ValueError("times must be >= 0")
        message = f"Injected fault {error_code} for {operation}"
        queue = self._queued.setdefault(operation, deque())
        queue.extend(EmulatorError(error_code, message) for _ in range(times))

    def throttle(self, rate: float, *, seed: int = 0) -> None:
        """Throttle a fraction ``rate`` of requests, drawn from an RNG seeded with ``seed``."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        self._throttle_rate = rate
        self._rng = random.Random(seed)

    def rate_limit(
        self,
        operation: str,
        per_second: float,
        *,
        burst: int | None = None,
        account_id: str | None = None,
        region_name: str | None = None,
    ) -> RateLimit:
        """Limit ``operation`` to ``per_second`` requests a second per account and region."""
        if isinstance(per_second, bool) or not per_second > 0 or math.isinf(per_second):
            raise ValueError("per_second must be a positive number")
        if burst is None:
            burst = max(1, math.ceil(per_second))
        if isinstance(burst, bool) or not isinstance(burst, int) or burst < 1:
            raise ValueError("burst must be an integer >= 1")
        limit = RateLimit(float(per_second), burst, account_id, region_name)
        self._limits.setdefault(operation, []).append(limit)
        return limit

    def clear(self) -> None:
        """Drop queued faults and rate limits and stop throttling; the call counts are kept."""
        self._queued.clear()
        self._throttle_rate = 0.0
        self._limits.clear()
        self._buckets.clear()

    def _over_a_limit(self, operation: str, account: str, region: str) -> bool:
        limits = [x for x in self._limits.get(operation, ()) if x.applies_to(account, region)]
        if not limits:
            return False
        now = self._clock() if self._clock is not None else time.monotonic()
        over = False
        for limit in limits:
            key = (limit, operation, account, region)
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(limit, now)
            # Every limit that applies spends a token, as nested AWS quotas do.
            if not bucket.take(limit, now):
                over = True
        return over

    def admit(self, operation: str, account: str, region: str) -> EmulatorError | None:
        """Count a request of ``operation`` and return the fault it must answer with, if any."""
        self.calls[operation] += 1
        queue = self._queued.get(operation)
        if queue:
            return queue.popleft()
        if self._over_a_limit(operation, account, region):
            return EmulatorError(*_RATE_EXCEEDED)
        # Draw only when throttling, so turning it on does not shift the sequence
        # seen by an earlier part of the same test.
        if self._throttle_rate and self._rng.random() < self._throttle_rate:
            return EmulatorError(*_RATE_EXCEEDED)
        return None
