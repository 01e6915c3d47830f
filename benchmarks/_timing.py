"""Interleaved timing, medians, and figures printed beside their targets."""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import attrs

__all__ = ["Settings", "figure", "interleaved", "progress", "ratio"]


@attrs.frozen(kw_only=True)
class Settings:
    """How long to measure: ``quick`` is a smoke run, the default a full one."""

    quick: bool
    #: Rounds of interleaved batches (the median is taken over rounds).
    rounds: int
    #: Calls per timed batch.
    batch: int
    #: Fresh processes per import measurement.
    processes: int
    #: Pages (of ``PAGE_ITEMS`` items) read by the memory figures.
    pages: int
    #: Seeds (jitter draws) per waiter case.
    waiter_seeds: int

    @classmethod
    def make(cls, *, quick: bool) -> Settings:
        if quick:
            return cls(quick=True, rounds=3, batch=2, processes=3, pages=10, waiter_seeds=2)
        return cls(quick=False, rounds=41, batch=3, processes=20, pages=100, waiter_seeds=25)


def progress(message: str) -> None:
    """Progress goes to stderr: stdout holds the JSON object only."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def interleaved(
    variants: Mapping[str, Callable[[], object]], *, rounds: int, batch: int
) -> dict[str, list[float]]:
    """Seconds per call of each variant, one sample per round.

    Each round times a batch of every variant, in an order that rotates from
    round to round, so drift in the machine's speed (other processes on a
    shared 2-core box) falls on every variant alike.
    """
    names = list(variants)
    for fn in variants.values():  # warm-up: hooks built, caches filled, lazy imports done
        fn()
        fn()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        gc.collect()
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            fn = variants[name]
            start = time.perf_counter()
            for _ in range(batch):
                fn()
            samples[name].append((time.perf_counter() - start) / batch)
    return samples


def ratio(samples: Mapping[str, Sequence[float]], numerator: str, denominator: str) -> float:
    """Median of one variant ÷ median of another."""
    return statistics.median(samples[numerator]) / statistics.median(samples[denominator])


def micros(samples: Sequence[float]) -> float:
    """The median of per-call seconds, in microseconds (for context only)."""
    return round(statistics.median(samples) * 1e6, 1)


def figure(
    value: float | None,
    op: Literal["<=", ">="] | None,
    bound: float | None,
    *,
    digits: int = 3,
    **details: Any,
) -> dict[str, Any]:
    """One figure beside its target; ``met`` is ``None`` when there is no target."""
    met: bool | None = None
    if value is not None and op is not None and bound is not None:
        met = value <= bound if op == "<=" else value >= bound
    out: dict[str, Any] = {
        "value": None if value is None else round(value, digits),
        "target": None if op is None else f"{op} {bound:g}",
        "met": met,
    }
    out.update(details)
    return out
