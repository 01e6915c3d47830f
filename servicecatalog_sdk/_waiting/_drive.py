"""The blocking driver: the engine's wait on tenacity's ``Retrying``, with boto3 requests.

Everything decided is the engine's (:class:`~._engine.Waiting`), and tenacity
runs the loops on those decisions; this sends the poll request and the one
history read, reads the clock (in tenacity's ``after`` hook) and sleeps
(``time.sleep`` unless given another). botocore's own retries of each request
end at the wait's deadline.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeVar, cast

from tenacity import RetryCallState, Retrying

from servicecatalog_sdk._deadline import retries_end_at
from servicecatalog_sdk._waiting._engine import POLL_FAILURES, Waiting
from servicecatalog_sdk._waiting._history import READ_FAILURES
from servicecatalog_sdk._waiting._settings import Sleep, time_sleep

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._decisions import Waiter
    from servicecatalog_sdk._waiting._protocol import WaiterClient
    from servicecatalog_sdk._waiting._started import FollowUp

__all__ = ["run_follow_up", "wait"]

T = TypeVar("T")


def wait(waiter: Waiter[T], client: WaiterClient, arguments: Mapping[str, Any]) -> T:
    """Run ``waiter`` on ``client`` with ``arguments`` (every keyword of its signature)."""
    w = Waiting(waiter, client, arguments, awaits=False)
    clock = w.settings.clock
    sleep: Sleep = arguments["sleep"] or client.waiter_sleep or time_sleep
    poll = getattr(client, waiter.operation)

    def read_clock(_: RetryCallState) -> None:
        w.tick(clock())

    def send() -> Any:
        try:
            with retries_end_at(clock, w.deadline):
                return list(poll(**w.request)) if waiter.listing else poll(**w.request)
        except POLL_FAILURES as exc:
            if w.gone(exc):
                return None  # the resource waited away is gone: the answer
            raise  # the engine judges it: sent again, raised, or the timeout's cause

    requests = Retrying(sleep=sleep, after=read_clock, **w.request_loop())

    def poll_once() -> bool:
        observation, _ = w.observe(requests(send))  # TypeError if on_poll returned an awaitable
        if w.judge(observation):
            return True
        query = w.history_query(observation)
        if query is not None:
            try:
                with retries_end_at(clock, w.deadline):
                    pages = client.list_record_history(**query.request()).pages()
                    page = next(iter(pages), None)  # the newest page only: one request
            except READ_FAILURES as exc:
                w.history_failed(query, exc)
            else:
                w.plan(query, page, clock(), datetime.now(timezone.utc))
        return False

    w.start(clock())
    Retrying(sleep=sleep, after=read_clock, **w.poll_loop())(poll_once)
    return w.result(w.last)


def run_follow_up(
    follow: FollowUp[T],
    client: WaiterClient,
    params: Mapping[str, Any],
    out: object,
    timeout: float | timedelta,
) -> T:
    """Wait for what ``out`` started; a waiter error carries ``out`` as ``started``."""
    with follow.marking(out):
        target = follow.target(params, out)
        if target is None:  # nothing started: only a follow-up whose result admits None
            return cast("T", None)
        return wait(follow.waiter, client, follow.waiter.arguments({**target, "timeout": timeout}))
