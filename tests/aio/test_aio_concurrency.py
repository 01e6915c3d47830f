"""Many waits in one event loop, and waits that stop the moment their task is cancelled."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiobotocore.stub import AioStubber

from servicecatalog_sdk import AsyncServiceCatalogClient
from servicecatalog_sdk._waiting._async_engine import AsyncPoller
from servicecatalog_sdk._waiting._engine import Verdict
from servicecatalog_sdk._waiting._settings import make_settings
from servicecatalog_sdk.models import RecordStatus
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.waiters.waiter_helpers import record

from .aio_helpers import Product, create_product

pytestmark = pytest.mark.asyncio

#: The pause between two polls in the concurrency test: real, but non-blocking, so the
#: pauses of concurrent waits overlap. It dominates a wait's time, as on AWS.
PAUSE = 1.0


async def _provision_and_wait(sc: AsyncServiceCatalogClient, product: Product, i: int) -> float:
    started = time.perf_counter()
    done = await sc.provision_product(
        product_id=product.product_id,
        provisioning_artifact_id=product.artifact_id,
        provisioned_product_name=f"web-{i}",
        provisioning_parameters={"BucketName": f"bucket-{i}"},
        wait=True,
    )
    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED
    return time.perf_counter() - started


async def test_fifty_provision_and_wait_tasks_take_about_the_time_of_one(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    async def pause(seconds: float) -> None:
        await asyncio.sleep(PAUSE)

    sc.waiter_sleep = pause
    product = await create_product(emulator, sc)
    one = await _provision_and_wait(sc, product, 0)
    assert one >= 2 * PAUSE  # the record settles on the third poll: two pauses

    started = time.perf_counter()
    each = await asyncio.gather(*(_provision_and_wait(sc, product, i) for i in range(1, 51)))
    fifty = time.perf_counter() - started
    # Fifty waits one after the other would take fifty times as long; together,
    # their pauses overlap and only the requests themselves add up.
    assert fifty < 3 * one, (one, fifty)
    assert min(each) >= 2 * PAUSE
    scanned = [pp.name async for pp in sc.scan_provisioned_products(page_size=20)]
    assert len(scanned) == 51
    done = await sc.wait_for_provisioned_products(
        [pp.id async for pp in sc.scan_provisioned_products() if pp.id is not None]
    )
    assert len(done) == 51


async def test_cancelling_a_wait_in_its_pause_sends_no_further_request(
    stub: AioStubber, raw_aio: Any
) -> None:
    polls: list[dict[str, Any]] = []
    raw_aio.meta.events.register(
        "provide-client-params.servicecatalog.DescribeRecord",
        lambda params, **_: polls.append(params),
    )
    for _ in range(2):
        stub.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
    polled = asyncio.Event()
    # asyncio.sleep itself (the default): min_delay keeps the pause long, the
    # cancellation ends it at once.
    sc = AsyncServiceCatalogClient(raw_aio, strict=True)
    task = asyncio.create_task(
        sc.wait_for_record(
            "rec-1",
            min_delay=60,
            max_delay=60,
            use_history=False,  # straight from the first poll to the pause
            on_poll=lambda _: polled.set(),
        )
    )
    await polled.wait()
    started = time.perf_counter()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.perf_counter() - started < 5
    for _ in range(20):
        await asyncio.sleep(0)
    assert len(polls) == 1
    stub._queue.clear()  # the second answer was never asked for


async def test_cancelling_a_wait_during_a_request_is_not_retried() -> None:
    fetches = 0
    in_flight = asyncio.Event()

    async def fetch() -> str:
        nonlocal fetches
        fetches += 1
        in_flight.set()
        await asyncio.Event().wait()  # a request that never answers
        return "never"

    async def no_pause(seconds: float) -> None:
        raise AssertionError("a cancelled request must not lead to a pause and a retry")

    settings = make_settings(timeout=60, min_delay=2, max_delay=60, clock=None, sleep=None)
    poller: AsyncPoller[str] = AsyncPoller(
        "test wait",
        settings,
        fetch=fetch,
        sleep=no_pause,
        judge=lambda _: Verdict.DONE,
        status_of=lambda _: None,
    )
    task = asyncio.create_task(poller.run())
    await in_flight.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert fetches == 1
    assert poller.polls == 0
