"""``waiter_history``: polls and detection delay of waits that read the change's history.

Simulated changes: a provisioned product whose past updates took durations
drawn log-normal around a 10-minute median (log-space sigma 0.1, 0.2 and 0.3;
``HISTORY`` past records), and the update waited on drawn from the same
distribution. For each seed ``servicecatalog_sdk.waiters.wait_for_record`` runs
on a client the SDK built itself, on a fake clock; a ``before-send`` handler
answers DescribeRecord (``IN_PROGRESS`` until the drawn end, then
``SUCCEEDED``) and ListRecordHistory (the past records, newest first), so every
request goes through the whole SDK and botocore stack. The same seeds run
three ways: reading the history, with ``use_history=False`` (today's schedule),
and reading an empty history (which must behave exactly as today's). Fixed
3-second polling is computed for the same durations.

``polls`` counts DescribeRecord calls per wait; ``requests`` adds the one
ListRecordHistory call, and is what is held against fixed polling. ``delay`` is
the simulated seconds from the change's end to the poll that saw it.
"""

from __future__ import annotations

import importlib
import json
import math
import random
import statistics
import time
from typing import Any, Final

from botocore.awsrequest import AWSPreparedRequest

from benchmarks._timing import Settings, figure, progress
from benchmarks._wire import Responder, own_client
from benchmarks.waiting import FIXED_INTERVAL, FakeTime

__all__ = ["MEDIAN_S", "SIGMAS", "run"]

MEDIAN_S: Final = 600.0
SIGMAS: Final = (0.1, 0.2, 0.3)
#: Past records of the same kind in the history page.
HISTORY: Final = 10
#: Seeds per sigma, per waiter seed of the ``waiter`` figure (25 -> 100).
SEEDS_PER_WAITER_SEED: Final = 4
#: The targets: mean detection delay, and polls as a fraction of fixed polling's.
DELAY_TARGET_S: Final = 10.0
POLLS_TARGET: Final = 0.1
RECORD_ID: Final = "rec-history0001"
KIND: Final = "UPDATE_PROVISIONED_PRODUCT"


class SimulatedChange:
    """Answers DescribeRecord by the fake clock and ListRecordHistory with the past."""

    def __init__(self, time_: FakeTime) -> None:
        self.time = time_
        self.end = 0.0
        self.created = 0.0  # wall time (epoch seconds) of the record's creation
        self.history = b""

    def _record(self, status: str) -> dict[str, Any]:
        return {
            "RecordId": RECORD_ID,
            "RecordType": KIND,
            "Status": status,
            "ProvisionedProductId": "pp-bench",
            "ProductId": "prod-bench",
            "CreatedTime": self.created,
        }

    def start(self, end: float, past: list[float] | None) -> None:
        """A change ending ``end`` simulated seconds from now, with these past durations."""
        self.time.now = 0.0
        self.end = end
        self.created = time.time()
        records = [self._record("IN_PROGRESS")]
        for i, seconds in enumerate(past or []):
            finished = self.created - 86400.0 * (i + 1)
            records.append(
                {
                    **self._record("SUCCEEDED"),
                    "RecordId": f"rec-past{i:04d}",
                    "CreatedTime": finished - seconds,
                    "UpdatedTime": finished,
                }
            )
        self.history = json.dumps({"RecordDetails": records}).encode()

    def body_for(self, operation: str, _request: AWSPreparedRequest) -> bytes:
        """The response body of one request."""
        if operation == "ListRecordHistory":
            return self.history
        status = "SUCCEEDED" if self.time.now >= self.end else "IN_PROGRESS"
        return json.dumps({"RecordDetail": self._record(status), "RecordOutputs": []}).encode()


def _fixed_polls(end: float) -> tuple[int, float]:
    polls = math.floor(end / FIXED_INTERVAL) + 1
    if end % FIXED_INTERVAL:
        polls += 1
    return polls, (polls - 1) * FIXED_INTERVAL - end


def _summary(polls: list[int], delays: list[float]) -> dict[str, Any]:
    return {
        "polls_mean": round(statistics.fmean(polls), 1),
        "polls_max": max(polls),
        "delay_mean_s": round(statistics.fmean(delays), 1),
        "delay_p90_s": round(statistics.quantiles(delays, n=10)[-1], 1),
        "delay_max_s": round(max(delays), 1),
    }


def run(settings: Settings) -> dict[str, Any]:
    """The waiter_history figure, or a note saying why it is missing."""
    try:
        waiters = importlib.import_module("servicecatalog_sdk.waiters")
        wait_for_record = waiters.wait_for_record
    except (ImportError, AttributeError) as exc:
        return {"waiter_history": figure(None, None, None, missing=f"waiters: {exc}")}

    fake = FakeTime()
    change = SimulatedChange(fake)
    responder = Responder(change.body_for)
    sc = own_client(responder)
    seeds = SEEDS_PER_WAITER_SEED * settings.waiter_seeds
    cases: dict[str, Any] = {}
    all_met = True
    state = random.getstate()
    try:
        for sigma in SIGMAS:
            progress(f"waiter_history: sigma {sigma}, {seeds} seeds x 3 schedules")
            runs: dict[str, tuple[list[int], list[float]]] = {
                name: ([], []) for name in ("history", "today", "empty_history", "fixed_3s")
            }
            reads: set[int] = set()
            for seed in range(seeds):
                draw = random.Random(seed * 1000 + round(sigma * 100))
                past = [draw.lognormvariate(math.log(MEDIAN_S), sigma) for _ in range(HISTORY)]
                end = draw.lognormvariate(math.log(MEDIAN_S), sigma)
                for name, history, use in (
                    ("history", past, True),
                    ("today", None, False),
                    ("empty_history", [], True),
                ):
                    random.seed(seed)  # the same jitter draws for every schedule
                    change.start(end, history)
                    responder.calls.clear()
                    wait_for_record(
                        sc,
                        RECORD_ID,
                        timeout=end + 3600.0,
                        clock=fake.clock,
                        sleep=fake.sleep,
                        use_history=use,
                    )
                    if name == "history":
                        reads.add(responder.calls.get("ListRecordHistory", 0))
                    runs[name][0].append(responder.calls.get("DescribeRecord", 0))
                    runs[name][1].append(fake.now - end)
                fixed_polls, fixed_delay = _fixed_polls(end)
                runs["fixed_3s"][0].append(fixed_polls)
                runs["fixed_3s"][1].append(fixed_delay)
            case = {name: _summary(*values) for name, values in runs.items()}
            learned, fixed = case["history"], case["fixed_3s"]
            learned["requests_mean"] = round(learned["polls_mean"] + 1, 1)
            ratio = learned["requests_mean"] / fixed["polls_mean"]
            same_as_today = runs["empty_history"] == runs["today"]
            met = (
                learned["delay_mean_s"] <= DELAY_TARGET_S
                and ratio <= POLLS_TARGET
                and same_as_today
                and reads == {1}
            )
            all_met = all_met and met
            cases[f"sigma_{sigma:g}"] = {
                **case,
                "requests_vs_fixed": round(ratio, 3),
                "empty_history_same_as_today": same_as_today,
                "history_reads_per_wait": sorted(reads),
                "met": met,
            }
    finally:
        random.setstate(state)
    return {
        "waiter_history": {
            "value": {
                k: {
                    "requests": v["history"]["requests_mean"],
                    "delay_mean_s": v["history"]["delay_mean_s"],
                }
                for k, v in cases.items()
            },
            "target": (
                f"with history: mean delay <= {DELAY_TARGET_S:g} s and requests <= "
                f"{POLLS_TARGET:g} x fixed 3 s polling; an empty history polls exactly as today"
            ),
            "met": all_met,
            "median_s": MEDIAN_S,
            "history_records": HISTORY,
            "seeds": seeds,
            "cases": cases,
        }
    }
