"""The asyncio driver: the engine's wait on tenacity's ``AsyncRetrying``, with aiobotocore.

As the blocking driver, with the requests, what ``on_poll`` returned (before the
observation is judged) and the pauses awaited. Cancelling the task ends the wait
at once: a ``CancelledError`` is no poll failure, so tenacity raises it and no
request follows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import aclosing
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeVar, cast

from tenacity import AsyncRetrying, RetryCallState

from servicecatalog_sdk._deadline import retries_end_at
from servicecatalog_sdk._waiting._engine import POLL_FAILURES, Waiting
from servicecatalog_sdk._waiting._history import READ_FAILURES
from servicecatalog_sdk._waiting._settings import AsyncSleep, asyncio_sleep

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._async_protocol import AsyncWaiterClient
    from servicecatalog_sdk._waiting._decisions import Waiter
    from servicecatalog_sdk._waiting._started import FollowUp

__all__ = ["run_follow_up", "wait"]

T = TypeVar("T")


async def wait(waiter: Waiter[T], client: AsyncWaiterClient, arguments: Mapping[str, Any]) -> T:
    """Await ``waiter`` on ``client`` with ``arguments`` (every keyword of its signature)."""
    w = Waiting(waiter, client, arguments, awaits=True)
    clock = w.settings.clock
    sleep: AsyncSleep = arguments["sleep"] or client.waiter_sleep or asyncio_sleep
    poll = getattr(client, waiter.operation)

    def read_clock(_: RetryCallState) -> None:
        w.tick(clock())

    async def send() -> Any:
        try:
            with retries_end_at(clock, w.deadline):  # a context variable: this task's own
                call = poll(**w.request)  # a listing's items, or an answer, to await
                return [item async for item in call] if waiter.listing else await call
        except POLL_FAILURES as exc:
            if w.gone(exc):
                return None  # the resource waited away is gone: the answer
            raise  # the engine judges it: sent again, raised, or the timeout's cause

    requests = AsyncRetrying(sleep=sleep, after=read_clock, **w.request_loop())

    async def poll_once() -> bool:
        observation, reported = w.observe(await requests(send))
        if reported is not None:
            await reported  # an async on_poll runs before the observation is judged
        if w.judge(observation):
            return True
        query = w.history_query(observation)
        if query is not None:
            try:
                with retries_end_at(clock, w.deadline):
                    listing = client.list_record_history(**query.request())
                    async with aclosing(listing.pages()) as pages:
                        page = await anext(pages, None)  # the newest page only: one request
            except READ_FAILURES as exc:
                w.history_failed(query, exc)
            else:
                w.plan(query, page, clock(), datetime.now(timezone.utc))
        return False

    w.start(clock())
    await AsyncRetrying(sleep=sleep, after=read_clock, **w.poll_loop())(poll_once)
    return w.result(w.last)


async def run_follow_up(
    follow: FollowUp[T],
    client: AsyncWaiterClient,
    params: Mapping[str, Any],
    out: object,
    timeout: float | timedelta,
) -> T:
    """Await what ``out`` started; a waiter error carries ``out`` as ``started``."""
    with follow.marking(out):
        target = follow.target(params, out)
        if target is None:  # nothing started: only a follow-up whose result admits None
            return cast("T", None)
        arguments = follow.waiter.arguments({**target, "timeout": timeout})
        return await wait(follow.waiter, client, arguments)
