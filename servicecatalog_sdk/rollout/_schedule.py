"""Which targets may start now: StackSets' operation preferences, without I/O.

The job asks :meth:`Scheduler.start_next` for targets to start, and reports
each end with :meth:`Scheduler.finish`. Everything here is deterministic, so a
durable job that replays the same ends gets the same starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from servicecatalog_sdk.rollout._spec import Preferences

__all__ = ["RegionLimits", "Scheduler", "resolve_count", "region_limits", "ordered_regions"]

Key = tuple[str, str]  # (account, region)


def resolve_count(value: int | str, total: int, *, minimum: int) -> int:
    """A count, or a percentage of ``total`` rounded down, never below ``minimum``."""
    if isinstance(value, int):
        return max(value, minimum)
    percent = int(value.rstrip("%"))
    return max(total * percent // 100, minimum)


@attrs.frozen(kw_only=True)
class RegionLimits:
    """One region's resolved limits: at most ``max_concurrent`` in flight, ``tolerance`` failures."""

    max_concurrent: int
    tolerance: int


def region_limits(preferences: Preferences, targets: int) -> RegionLimits:
    """Resolve the preferences for a region of ``targets`` targets."""
    return RegionLimits(
        max_concurrent=resolve_count(preferences.max_concurrent, targets, minimum=1),
        tolerance=resolve_count(preferences.failure_tolerance, targets, minimum=0),
    )


def ordered_regions(regions: Sequence[str], region_order: Sequence[str]) -> list[str]:
    """``region_order`` first, then the other regions as the targets list them."""
    return [*region_order, *(r for r in regions if r not in region_order)]


@attrs.define
class _Region:
    limits: RegionLimits
    pending: list[Key]
    in_flight: set[Key] = attrs.field(factory=set)
    failures: int = 0

    @property
    def stopped(self) -> bool:
        return self.failures > self.limits.tolerance

    @property
    def finished(self) -> bool:
        return not self.in_flight and (not self.pending or self.stopped)


class Scheduler:
    """Decides which (account, region) targets start, region by region."""

    def __init__(
        self,
        preferences: Preferences,
        regions: Sequence[str],
        targets: Mapping[str, Sequence[Key]],
    ) -> None:
        """``regions`` in their run order; ``targets`` maps each region to its targets."""
        self._preferences = preferences
        self._order = list(regions)
        self._regions = {
            region: _Region(
                limits=region_limits(preferences, len(targets.get(region, ()))),
                pending=list(targets.get(region, ())),
            )
            for region in self._order
        }
        self._cancelled = False

    def limits(self, region: str) -> RegionLimits:
        """The region's resolved limits."""
        return self._regions[region].limits

    def _concurrency(self, region: _Region) -> int:
        limits = region.limits
        if self._preferences.concurrency_mode == "SOFT":
            return limits.max_concurrent
        # STRICT: never more in flight than failures still tolerated, plus one.
        return max(1, min(limits.max_concurrent, limits.tolerance + 1 - region.failures))

    def _active(self) -> list[_Region]:
        if self._preferences.region_concurrency == "PARALLEL":
            return list(self._regions.values())
        for name in self._order:
            region = self._regions[name]
            if region.stopped:
                return [region]  # its in-flight targets finish; later regions never start
            if not region.finished:
                return [region]
        return []

    def start_next(self) -> list[Key]:
        """The targets to start now (marked in flight), in a stable order."""
        if self._cancelled:
            return []
        started: list[Key] = []
        for region in self._active():
            while region.pending and not region.stopped:
                if len(region.in_flight) >= self._concurrency(region):
                    break
                key = region.pending.pop(0)
                region.in_flight.add(key)
                started.append(key)
        return started

    def finish(self, key: Key, *, ok: bool) -> None:
        """A started target ended, well or not."""
        region = self._regions[key[1]]
        region.in_flight.discard(key)
        if not ok:
            region.failures += 1

    def fail_unstarted(self, key: Key) -> None:
        """A target failed before it could start (blocked): it counts against the tolerance."""
        region = self._regions[key[1]]
        region.pending.remove(key)
        region.failures += 1

    def cancel(self) -> list[Key]:
        """Start nothing more; returns the targets that will now never start."""
        self._cancelled = True
        return self._drain()

    def _drain(self) -> list[Key]:
        dropped: list[Key] = []
        for region in self._regions.values():
            dropped.extend(region.pending)
            region.pending.clear()
        return dropped

    @property
    def in_flight(self) -> int:
        """How many targets are in flight."""
        return sum(len(r.in_flight) for r in self._regions.values())

    @property
    def done(self) -> bool:
        """Nothing in flight, and nothing more can start."""
        if self.in_flight:
            return False
        if self._cancelled:
            return True
        return not any(region.pending and not region.stopped for region in self._active())

    def not_started(self) -> list[Key]:
        """Targets still pending (stopped regions, cancelled job), once :attr:`done`."""
        return [key for region in self._regions.values() for key in region.pending]
