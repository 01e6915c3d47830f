"""An asyncio wait ends by its deadline even when aiobotocore would go on retrying."""

from __future__ import annotations

import time
from typing import Any

import aiobotocore.endpoint
import pytest
from aiobotocore.session import get_session
from botocore.config import Config

from servicecatalog_sdk.aio import AsyncServiceCatalogClient
from servicecatalog_sdk.errors import InternalServerError, ThrottlingError, WaiterTimeoutError
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .conftest import AsyncFakeTime

pytestmark = pytest.mark.asyncio


def _client(emulator: ServiceCatalogEmulator, **kwargs: Any) -> AsyncServiceCatalogClient:
    # Built by from_session, as in production: standard retries, 8 attempts.
    return AsyncServiceCatalogClient.from_session(
        get_session(),
        "us-east-1",
        endpoint_url=emulator.endpoint_url,
        config=Config(proxies={}),
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        strict=True,
        **kwargs,
    )


async def test_a_throttled_3_s_wait_ends_within_6_s_of_real_time(
    emulator: ServiceCatalogEmulator,
) -> None:
    # Real time on purpose: aiobotocore pauses for real between its retries,
    # and the bound is on the wall clock.
    async with _client(emulator) as sc:
        emulator.throttle(1.0)
        start = time.monotonic()
        with pytest.raises(WaiterTimeoutError) as caught:
            await sc.wait_for_record("rec-1", timeout=3)
        elapsed = time.monotonic() - start

    assert 3.0 <= elapsed <= 6.0
    assert isinstance(caught.value.__cause__, ThrottlingError)  # the last failure, chained


@pytest.mark.parametrize("fault", ["throttled", "http-500"])
async def test_no_aiobotocore_retry_runs_past_the_deadline(
    emulator: ServiceCatalogEmulator,
    fake: AsyncFakeTime,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
) -> None:
    pauses: list[float] = []

    async def pause(_: Any, seconds: float) -> None:
        pauses.append(seconds)
        fake.now += seconds

    monkeypatch.setattr(aiobotocore.endpoint.AioEndpoint, "_sleep", pause)
    if fault == "throttled":
        emulator.throttle(1.0, seed=3)
    else:
        emulator.inject_fault("DescribeRecord", "InternalFailure", times=10_000)
    async with _client(emulator, waiter_clock=fake.clock, waiter_sleep=fake.async_sleep) as sc:
        with pytest.raises(WaiterTimeoutError) as caught:
            await sc.wait_for_record("rec-1", timeout=60)

    expected = ThrottlingError if fault == "throttled" else InternalServerError
    assert isinstance(caught.value.__cause__, expected)
    assert pauses  # aiobotocore did retry, while there was time
    # Requests take no fake time: every pause ended by the deadline.
    assert fake.elapsed == pytest.approx(60)
