"""A wait ends by its deadline even when botocore would go on retrying throttled polls.

botocore's ``standard`` mode retries a throttled or 5xx answer up to
``MAX_ATTEMPTS`` times, pausing up to 20 s between attempts. The SDK's
``needs-retry`` handler refuses any such retry that could start after the
wait's deadline; the waiter's own retry loop (pauses cut at the deadline)
takes over, so the wait ends within about one request of its timeout.
"""

from __future__ import annotations

import time
from typing import Any

import botocore.endpoint
import pytest

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk._deadline import (
    longest_retry_pause,
    retries_end_at,
    stop_retrying_past_deadline,
)
from servicecatalog_sdk.errors import InternalServerError, ThrottlingError, WaiterTimeoutError
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .waiter_helpers import FakeTime


def _client(**kwargs: Any) -> ServiceCatalogClient:
    # Built by from_session, as in production: standard retries, 8 attempts.
    # The in-process emulator's moto answers it.
    return ServiceCatalogClient.from_session(
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        strict=True,
        **kwargs,
    )


def test_a_throttled_3_s_wait_ends_within_6_s_of_real_time() -> None:
    # Real time on purpose: botocore sleeps for real between its retries, and
    # the bound is on the wall clock. Before the fix this took 19-26 s.
    with ServiceCatalogEmulator() as emulator:
        sc = _client()
        emulator.throttle(1.0)
        start = time.monotonic()
        with pytest.raises(WaiterTimeoutError) as caught:
            sc.wait_for_record("rec-1", timeout=3)
        elapsed = time.monotonic() - start

    assert 3.0 <= elapsed <= 6.0
    assert isinstance(caught.value.__cause__, ThrottlingError)  # the last failure, chained
    assert "did not finish within 3 s" in str(caught.value)


class _SharedClock:
    """Stands in for ``botocore.endpoint``'s ``time``: its retry pauses advance the fake clock."""

    def __init__(self, fake: FakeTime) -> None:
        self.fake = fake
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.fake.now += seconds

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.mark.parametrize("fault", ["throttled", "http-500"])
@pytest.mark.parametrize("timeout", [3.0, 20.0, 120.0])
def test_no_botocore_retry_runs_past_the_deadline(
    monkeypatch: pytest.MonkeyPatch, fault: str, timeout: float
) -> None:
    fake = FakeTime()
    botocore_time = _SharedClock(fake)
    monkeypatch.setattr(botocore.endpoint, "time", botocore_time)
    with ServiceCatalogEmulator() as emulator:
        sc = _client(waiter_clock=fake.clock, waiter_sleep=fake.sleep)
        if fault == "throttled":
            emulator.throttle(1.0, seed=3)
        else:
            emulator.inject_fault("DescribeRecord", "InternalFailure", times=10_000)
        with pytest.raises(WaiterTimeoutError) as caught:
            sc.wait_for_record("rec-1", timeout=timeout)

    expected = ThrottlingError if fault == "throttled" else InternalServerError
    assert isinstance(caught.value.__cause__, expected)
    assert botocore_time.pauses  # botocore did retry, while there was time
    # Requests take no fake time here: every pause, botocore's and the waiter's,
    # ended by the deadline, so the wait ended exactly at it.
    assert fake.elapsed == pytest.approx(timeout)


def test_the_handler_refuses_only_retries_that_could_end_past_the_deadline() -> None:
    fake = FakeTime(start=100.0)
    # Outside a wait botocore decides.
    assert stop_retrying_past_deadline(attempts=1) is None
    with retries_end_at(fake.clock, 110.0):
        assert stop_retrying_past_deadline(attempts=1) is None  # a 1 s pause fits
        assert stop_retrying_past_deadline(attempts=4) is None  # 8 s fits in 10
        assert stop_retrying_past_deadline(attempts=5) is False  # 16 s does not
        fake.now = 109.5
        assert stop_retrying_past_deadline(attempts=1) is False
        fake.now = 110.0
        assert stop_retrying_past_deadline(attempts=1) is False
    assert stop_retrying_past_deadline(attempts=8) is None
    assert [longest_retry_pause(n) for n in (0, 1, 2, 5)] == [1.0, 1.0, 2.0, 16.0]
    assert longest_retry_pause(10_000) == longest_retry_pause(32)  # no overflow
