"""Fault injection and request counting for the emulator's Service Catalog endpoint."""

from __future__ import annotations

import random
from collections import Counter, deque

from ._errors import EmulatorError


class FaultPlan:
    """What the next Service Catalog requests answer with, and how many were seen.

    Every request is counted in :attr:`calls` before any fault applies, so a test
    can see botocore's retries as extra calls.
    """

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self._queued: dict[str, deque[EmulatorError]] = {}
        self._throttle_rate = 0.0
        self._rng = random.Random(0)

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

    def clear(self) -> None:
        """Drop queued faults and stop throttling; the call counts are kept."""
        self._queued.clear()
        self._throttle_rate = 0.0

    def admit(self, operation: str) -> EmulatorError | None:
        """Count a request of ``operation`` and return the fault it must answer with, if any."""
        self.calls[operation] += 1
        queue = self._queued.get(operation)
        if queue:
            return queue.popleft()
        # Draw only when throttling, so turning it on does not shift the sequence
        # seen by an earlier part of the same test.
        if self._throttle_rate and self._rng.random() < self._throttle_rate:
            return EmulatorError("ThrottlingException", "Rate exceeded")
        return None
