"""Deadlines, backoff, argument checks and the clock: all on fake time."""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import ParamValidationError, ThrottlingError, WaiterTimeoutError
from servicecatalog_sdk.models import DescribeRecordOutput
from servicecatalog_sdk.waiters import (
    MAX_DELAY,
    MIN_DELAY,
    wait_for_provisioned_product,
    wait_for_record,
    wait_for_termination,
)

from .waiter_helpers import FakeTime, answer_by_time, record, stop_answering

#: The change in the benchmark runs this long, in seconds.
CHANGE_SECONDS = 600.0
#: The fixed interval the naive loops use.
NAIVE_INTERVAL = 3.0


def test_timeout_raises_with_the_last_observation(raw_client: Any, fake_time: FakeTime) -> None:
    sc = ServiceCatalogClient(raw_client, strict=True)
    calls_at: list[float] = []

    def respond(_: dict[str, Any]) -> dict[str, Any]:
        calls_at.append(fake_time.elapsed)
        return record("IN_PROGRESS")

    answer_by_time(raw_client, "DescribeRecord", respond)

    with pytest.raises(WaiterTimeoutError) as caught:
        wait_for_record(
            sc,
            "rec-1",
            timeout=timedelta(minutes=2),
            clock=fake_time.clock,
            sleep=fake_time.sleep,
        )

    err = caught.value
    assert err.status == "IN_PROGRESS"
    assert isinstance(err.last, DescribeRecordOutput)
    assert "2 min" in str(err)
    # The last pause stops at the deadline, where one last poll is made.
    assert fake_time.elapsed == pytest.approx(120.0)
    assert calls_at[-1] == pytest.approx(120.0)
    assert all(s <= MAX_DELAY for s in fake_time.sleeps)


def test_a_wait_ends_by_its_timeout_when_every_poll_fails(
    sc: ServiceCatalogClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    # At most one request per MIN_DELAY fits in the minute: queue more than enough.
    for _ in range(int(60 / MIN_DELAY) + 5):
        stubber.add_client_error("describe_record", "ThrottlingException", "Rate exceeded", 400)

    with pytest.raises(WaiterTimeoutError) as caught:
        wait_for_record(sc, "rec-1", timeout=60, clock=fake_time.clock, sleep=fake_time.sleep)

    err = caught.value
    assert isinstance(err.__cause__, ThrottlingError)
    assert err.last is None
    assert err.status is None
    assert fake_time.elapsed == pytest.approx(60.0)


def _observe_a_ten_minute_change(raw_client: Any, seed: int) -> tuple[int, float]:
    """Polls made, and seconds between the change settling and the waiter seeing it."""
    random.seed(seed)  # the engine's jitter draws from the random module
    fake_time = FakeTime()
    sc = ServiceCatalogClient(raw_client, strict=True)

    def respond(_: dict[str, Any]) -> dict[str, Any]:
        return record("SUCCEEDED" if fake_time.elapsed >= CHANGE_SECONDS else "IN_PROGRESS")

    calls = answer_by_time(raw_client, "DescribeRecord", respond)
    try:
        wait_for_record(sc, "rec-1", clock=fake_time.clock, sleep=fake_time.sleep)
    finally:
        stop_answering(raw_client, "DescribeRecord")
    return len(calls), fake_time.elapsed - CHANGE_SECONDS


def test_a_ten_minute_change_takes_far_fewer_polls_than_fixed_polling(raw_client: Any) -> None:
    runs = [_observe_a_ten_minute_change(raw_client, seed) for seed in range(30)]
    polls = [p for p, _ in runs]
    lags = [lag for _, lag in runs]
    naive_polls = int(CHANGE_SECONDS // NAIVE_INTERVAL) + 1

    print(
        f"\n10-minute change: {naive_polls} polls at a fixed {NAIVE_INTERVAL:g} s; "
        f"backoff {min(polls)}-{max(polls)} (mean {statistics.mean(polls):.1f}), "
        f"seen {min(lags):.1f}-{max(lags):.1f} s after it settled"
    )
    assert max(polls) * 3 < naive_polls
    assert all(0 <= lag <= MAX_DELAY for lag in lags)


def test_default_clock_and_sleep_are_read_from_time_at_call_time(
    sc: ServiceCatalogClient, stubber: Stubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_time = FakeTime()
    monkeypatch.setattr(time, "monotonic", fake_time.clock)
    monkeypatch.setattr(time, "sleep", fake_time.sleep)
    stubber.add_response("describe_record", record("IN_PROGRESS"))
    stubber.add_response("describe_record", record("SUCCEEDED"))

    wait_for_record(sc, "rec-1")

    assert len(fake_time.sleeps) == 1
    assert MIN_DELAY <= fake_time.sleeps[0] <= MAX_DELAY


@pytest.mark.parametrize(
    "timing",
    [
        {"timeout": 0},
        {"timeout": -5},
        {"timeout": float("nan")},
        {"timeout": float("inf")},
        {"timeout": True},
        {"timeout": "30m"},
        {"timeout": timedelta(0)},
        {"min_delay": 0},
        {"min_delay": 10, "max_delay": 5},
        {"clock": 3},
        {"on_poll": "print"},
    ],
)
def test_bad_timing_is_rejected_before_any_request(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    with pytest.raises(ParamValidationError):
        wait_for_record(sc, "rec-1", **timing)
    stubber.assert_no_pending_responses()


@pytest.mark.parametrize("ids", [{}, {"id": "pp-1", "name": "db"}, {"id": ""}, {"name": " "}])
def test_id_or_name_is_checked(sc: ServiceCatalogClient, ids: dict[str, Any]) -> None:
    with pytest.raises(ParamValidationError):
        wait_for_provisioned_product(sc, **ids)
    with pytest.raises(ParamValidationError):
        wait_for_termination(sc, **ids)


@pytest.mark.parametrize("record_id", ["", None, 42])
def test_record_id_is_checked(sc: ServiceCatalogClient, record_id: Any) -> None:
    with pytest.raises(ParamValidationError):
        wait_for_record(sc, record_id)
    with pytest.raises(ParamValidationError):
        wait_for_provisioned_product(
            sc, id="pp-1", record_id="" if record_id is None else record_id
        )
