"""``waiter``: DescribeRecord calls and detection delay, next to fixed 3-second polling.

A record settles (``IN_PROGRESS`` -> ``SUCCEEDED``) after 10 s, 60 s, 600 s and
1800 s of simulated time. ``servicecatalog_sdk.waiters.wait_for_record`` runs on
a client the SDK built itself, with a fake clock and a fake sleep (advancing the
fake clock); a ``before-send`` handler answers each DescribeRecord by the fake
clock, so every poll goes through the whole SDK and botocore stack. Each case
runs with several seeds of the backoff's jitter: ``calls`` is the median,
``delay_s`` (simulated seconds from settling to the poll that saw it) the worst.

Fixed 3-second polling is the same loop with a constant 3 s sleep.
"""

from __future__ import annotations

import importlib
import random
import statistics
from typing import Any, Final

from botocore.awsrequest import AWSPreparedRequest

from benchmarks._timing import Settings, figure, progress
from benchmarks._wire import Responder, encode, own_client, page_body

__all__ = ["SETTLE_TIMES", "run"]

SETTLE_TIMES: Final = (10.0, 60.0, 600.0, 1800.0)
#: The cases where the waiter must make at most a tenth of fixed polling's calls.
LONG_CASES: Final = (600.0, 1800.0)
FIXED_INTERVAL: Final = 3.0
RECORD_ID: Final = "rec-bench0000001"


class FakeTime:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


def _record_body(status: str) -> bytes:
    return encode(
        page_body(
            "DescribeRecord",
            items=3,
            overrides={"RecordDetail.Status": status, "RecordDetail.RecordId": RECORD_ID},
        )
    )


class SettlingRecord:
    """Answers DescribeRecord with IN_PROGRESS until ``settle_at``, then SUCCEEDED."""

    def __init__(self, time: FakeTime) -> None:
        self.time = time
        self.settle_at = 0.0
        self._pending = _record_body("IN_PROGRESS")
        self._done = _record_body("SUCCEEDED")

    def body_for(self, _operation: str, _request: AWSPreparedRequest) -> bytes:
        return self._done if self.time.now >= self.settle_at else self._pending


def _fixed_polling(settle_at: float) -> tuple[int, float]:
    now, calls = 0.0, 0
    while True:
        calls += 1
        if now >= settle_at:
            return calls, now - settle_at
        now += FIXED_INTERVAL


def run(settings: Settings) -> dict[str, Any]:
    """The waiter figure, or a note saying why it is missing."""
    try:
        waiters = importlib.import_module("servicecatalog_sdk.waiters")
        wait_for_record = waiters.wait_for_record
        max_delay = float(waiters.MAX_DELAY)
        min_delay = float(waiters.MIN_DELAY)
    except (ImportError, AttributeError) as exc:
        return {"waiter": figure(None, None, None, missing=f"waiters not importable: {exc}")}

    fake = FakeTime()
    record = SettlingRecord(fake)
    responder = Responder(record.body_for)
    sc = own_client(responder)
    cases: dict[str, Any] = {}
    all_met = True
    state = random.getstate()
    try:
        for settle_at in SETTLE_TIMES:
            progress(f"waiter: record settling after {settle_at:g} s")
            calls: list[int] = []
            delays: list[float] = []
            for seed in range(settings.waiter_seeds):
                random.seed(seed)  # the backoff's jitter draws from the random module
                fake.now = 0.0
                record.settle_at = settle_at
                responder.calls.clear()
                wait_for_record(
                    sc,
                    RECORD_ID,
                    timeout=settle_at + 3600.0,
                    clock=fake.clock,
                    sleep=fake.sleep,
                    use_history=False,  # today's schedule; waiter_history has the other
                )
                calls.append(responder.calls.get("DescribeRecord", 0))
                delays.append(fake.now - settle_at)
            fixed_calls, fixed_delay = _fixed_polling(settle_at)
            median_calls = statistics.median(calls)
            worst_delay = max(delays)
            delay_met = worst_delay <= max_delay
            calls_met: bool | None = None
            if settle_at in LONG_CASES:
                calls_met = median_calls <= fixed_calls / 10
            met = delay_met and calls_met is not False
            all_met = all_met and met
            cases[f"{settle_at:g}s"] = {
                "calls": median_calls,
                "calls_range": [min(calls), max(calls)],
                "delay_s": round(worst_delay, 1),
                "delay_median_s": round(statistics.median(delays), 1),
                "fixed_3s_calls": fixed_calls,
                "fixed_3s_delay_s": round(fixed_delay, 1),
                "calls_vs_fixed": round(median_calls / fixed_calls, 3),
                "target": f"delay_s <= {max_delay:g}"
                + (f" and calls <= {fixed_calls / 10:g}" if settle_at in LONG_CASES else ""),
                "met": met,
            }
    finally:
        random.setstate(state)
    return {
        "waiter": {
            "value": {k: v["calls"] for k, v in cases.items()},
            "target": (
                "detection delay <= max poll delay at every settle time; "
                "calls <= 1/10 of fixed 3 s polling at 600 s and 1800 s"
            ),
            "met": all_met,
            "min_delay_s": min_delay,
            "max_delay_s": max_delay,
            "seeds": settings.waiter_seeds,
            "cases": cases,
        }
    }
