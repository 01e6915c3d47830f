"""Many waits in one event loop, and waits that stop the moment their task is cancelled."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any, cast

import pytest
from aiobotocore.stub import AioStubber

from servicecatalog_sdk import AsyncServiceCatalogClient
from servicecatalog_sdk._waiting import _async_drive
from servicecatalog_sdk._waiting._async_protocol import AsyncWaiterClient
from servicecatalog_sdk._waiting._declarations import RECORD
from servicecatalog_sdk.models import RecordStatus
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.waiters.waiter_helpers import record

from .aio_helpers import Product, create_product

pytestmark = pytest.mark.asyncio

#: Hang guard of a driven run: far beyond the second or two the requests take, so it
#: only turns a stuck wait into a failure instead of a hung suite.
HANG_GUARD = 120.0


class Ticker:
    """Virtual time for many waits: a pause ends only when the driver ticks.

    Every wait's ``waiter_sleep`` is :meth:`pause`, which blocks on the current tick's
    gate; :meth:`drive` opens it only once every unfinished task is paused. So a tick
    is one pause shared by all the waits, and all of them can be paused together
    only if they are all in flight at once in this one event loop. :meth:`clock` is
    the waits' clock: it moves by the longest pause asked for in each tick, never by
    real time, so the deadlines are virtual too.
    """

    def __init__(self) -> None:
        self.now = 0.0
        self.ticks = 0
        self.paused = 0
        self.most_paused = 0
        self.asked: list[float] = []
        self.clock_reads = 0
        self._asked_this_tick: list[float] = []
        self._gate = asyncio.Event()
        self._progress = asyncio.Event()

    def clock(self) -> float:
        """The virtual time, in seconds."""
        self.clock_reads += 1
        return self.now

    async def pause(self, seconds: float) -> None:
        """Wait, without real sleeping, for the driver's next tick."""
        self.asked.append(seconds)
        self._asked_this_tick.append(seconds)
        gate = self._gate
        self.paused += 1
        self.most_paused = max(self.most_paused, self.paused)
        self._progress.set()
        await gate.wait()

    async def drive(self, *waits: Awaitable[Any]) -> list[Any]:
        """Run ``waits`` as tasks, ticking whenever all unfinished ones are paused."""
        tasks = [asyncio.ensure_future(w) for w in waits]
        for task in tasks:
            task.add_done_callback(lambda _: self._progress.set())
        try:
            await asyncio.wait_for(self._tick_until_done(tasks), HANG_GUARD)
            return [task.result() for task in tasks]
        finally:
            for task in tasks:
                task.cancel()

    async def _tick_until_done(self, tasks: Sequence[asyncio.Future[Any]]) -> None:
        while True:
            self._progress.clear()
            unfinished = sum(not task.done() for task in tasks)
            if unfinished == 0:
                return
            if self.paused < unfinished:
                # Some wait is still requesting: no pause may end before it pauses too.
                await self._progress.wait()
                continue
            self.ticks += 1
            self.now += max(self._asked_this_tick)
            self._asked_this_tick = []
            self.paused = 0
            gate, self._gate = self._gate, asyncio.Event()
            gate.set()


async def _provision_and_wait(sc: AsyncServiceCatalogClient, product: Product, i: int) -> None:
    done = await sc.provision_product(
        product_id=product.product_id,
        provisioning_artifact_id=product.artifact_id,
        provisioned_product_name=f"web-{i}",
        provisioning_parameters={"BucketName": f"bucket-{i}"},
        wait=True,
    )
    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED


async def test_fifty_provision_and_wait_tasks_take_about_the_time_of_one(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    product = await create_product(emulator, sc)
    alone = Ticker()
    sc.waiter_clock, sc.waiter_sleep = alone.clock, alone.pause
    await alone.drive(_provision_and_wait(sc, product, 0))
    # The record settles on the third poll: two pauses, each of at least min_delay.
    assert alone.ticks == 2
    assert len(alone.asked) == 2
    assert min(alone.asked) >= 2.0

    together = Ticker()
    sc.waiter_clock, sc.waiter_sleep = together.clock, together.pause
    await together.drive(*(_provision_and_wait(sc, product, i) for i in range(1, 51)))
    # Fifty waits one after the other would need fifty times the pauses of one; in
    # one event loop all fifty are paused at once and share each pause.
    assert together.most_paused == 50
    assert together.ticks == alone.ticks
    assert len(together.asked) == 50 * alone.ticks
    # The waits' deadlines ran on the virtual clock, which only the ticks moved.
    assert together.clock_reads > 0
    assert together.now >= together.ticks * 2.0

    scanned = [pp.name async for pp in sc.scan_provisioned_products(page_size=20)]
    assert len(scanned) == 51
    fleet = Ticker()
    sc.waiter_clock, sc.waiter_sleep = fleet.clock, fleet.pause
    ids = [pp.id async for pp in sc.scan_provisioned_products() if pp.id is not None]
    [done] = await fleet.drive(sc.wait_for_provisioned_products(ids))
    assert len(done) == 51
    assert fleet.ticks == 0  # all settled already: no pause


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
    assert not task.done()
    task.cancel()
    # One turn of the event loop delivers the cancellation into the 60-second pause,
    # and the wait ends there: it neither finishes the pause nor polls again.
    await asyncio.sleep(0)
    assert task.cancelled()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(20):
        await asyncio.sleep(0)
    assert len(polls) == 1
    stub._queue.clear()  # the second answer was never asked for


async def test_cancelling_a_wait_during_a_request_is_not_retried() -> None:
    in_flight = asyncio.Event()

    class Hanging:
        """A client whose DescribeRecord never answers."""

        waiter_clock = None
        waiter_sleep = None
        fetches = 0

        async def describe_record(self, *, id: str) -> object:
            self.fetches += 1
            in_flight.set()
            await asyncio.Event().wait()  # a request that never answers
            return "never"

    async def no_pause(seconds: float) -> None:
        raise AssertionError("a cancelled request must not lead to a pause and a retry")

    client = Hanging()
    arguments = RECORD.arguments({"record_id": "rec-1", "sleep": no_pause, "use_history": False})
    wait = _async_drive.wait(RECORD, cast(AsyncWaiterClient, client), arguments)
    task = asyncio.create_task(wait)
    await in_flight.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert client.fetches == 1
