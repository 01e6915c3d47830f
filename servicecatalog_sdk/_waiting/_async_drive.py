"""The asyncio waiters' driver: settings, history read, the poller, and ``wait=True``.

Everything decided here is decided by the blocking waiters' code: the judges
and status readers (:mod:`._single`, :mod:`._fleet`, :mod:`._decisions`), the
history query and plan (:mod:`._history`), the engine's backoff and deadline.
What is awaited is the poll request, the one history page and the pause.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from contextlib import aclosing
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeVar

from servicecatalog_sdk._waiting import _single
from servicecatalog_sdk._waiting._async_engine import AsyncPoller, AsyncSleep
from servicecatalog_sdk._waiting._async_protocol import AsyncWaiterClient
from servicecatalog_sdk._waiting._decisions import Watch
from servicecatalog_sdk._waiting._engine import Verdict
from servicecatalog_sdk._waiting._history import (
    READ_FAILURES,
    HistoryPlan,
    HistoryQuery,
    history_failed,
    plan_from_records,
)
from servicecatalog_sdk._waiting._settings import Clock, WaitSettings, make_settings
from servicecatalog_sdk._waiting._started import FollowUp, _id
from servicecatalog_sdk.errors import ParamValidationError, WaiterError

if TYPE_CHECKING:
    from servicecatalog_sdk.models import DescribeProvisionedProductOutput

__all__ = ["drive", "product_watch", "run_follow_up"]

T = TypeVar("T")

logger = logging.getLogger("servicecatalog_sdk.waiters")


async def _asyncio_sleep(seconds: float) -> None:
    # Looked up on every call, so a patched ``asyncio.sleep`` is honoured.
    await asyncio.sleep(seconds)


def _learner(
    client: AsyncWaiterClient,
    settings: WaitSettings,
    what: str,
    query_of: Callable[[T], HistoryQuery | None],
) -> Callable[[T], Awaitable[HistoryPlan | None]]:
    # The blocking engine's history read (_history.learner), awaited: the query and
    # the plan are the same pure functions; only the one ListRecordHistory page differs.
    async def learn(observation: T) -> HistoryPlan | None:
        query = query_of(observation)
        if query is None:
            logger.debug("%s: nothing names the history to read; usual backoff", what)
            return None
        records: tuple[Any, ...] = ()
        try:
            listing = client.list_record_history(**query.request())
            async with aclosing(listing.pages()) as pages:
                async for page in pages:  # the newest page only: one request
                    records = page.record_details
                    break
        except READ_FAILURES as exc:
            history_failed(client, query, what, exc)
            return None
        return plan_from_records(
            query,
            records,
            settings=settings,
            clock_now=settings.clock(),
            wall_now=datetime.now(timezone.utc),
            jitter=random.random,
            what=what,
        )

    return learn


async def drive(
    client: AsyncWaiterClient,
    watch: Watch[T],
    fetch: Callable[[], Awaitable[T]],
    *,
    history: Callable[[T], HistoryQuery | None] | None = None,
    timeout: object,
    on_poll: Callable[[T], object] | None,
    min_delay: object,
    max_delay: object,
    clock: Clock | None,
    sleep: AsyncSleep | None,
) -> T:
    settings = make_settings(
        timeout=timeout,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock if clock is not None else client.waiter_clock,
        sleep=None,  # the blocking sleep is never used here
        on_poll=on_poll,
        awaits_on_poll=True,
    )
    if sleep is None:
        sleep = client.waiter_sleep
    if sleep is not None and not callable(sleep):
        raise ParamValidationError(f"sleep must be callable, got {sleep!r}")
    return await AsyncPoller(
        watch.what,
        settings,
        fetch=fetch,
        sleep=sleep if sleep is not None else _asyncio_sleep,
        judge=watch.judge,
        status_of=watch.status_of,
        on_poll=on_poll,
        tolerate_not_found=watch.tolerate_not_found,
        resource_id=watch.resource_id,
        learn=None if history is None else _learner(client, settings, watch.what, history),
    ).run()


def product_watch(
    id: str | None, name: str | None, record_id: str | None, accept_tainted: bool
) -> Watch[DescribeProvisionedProductOutput]:
    def judge(out: DescribeProvisionedProductOutput) -> Verdict:
        detail = out.provisioned_product_detail
        return _single.judge_product(detail, record_id=record_id, accept_tainted=accept_tainted)

    what = _single._describe_what(id, name)
    return Watch(what, id if id is not None else name, judge, _single._product_status, True)


def _wait_target(follow: FollowUp[Any], params: Mapping[str, Any], out: Any) -> dict[str, Any]:
    """The keywords of ``follow``'s waiter for what ``out`` started ({}: nothing to wait for)."""
    name = follow.waits_for
    if name == "wait_for_record":
        # UpdateProvisionedProductProperties returns a bare RecordId; the others a RecordDetail.
        path = ("record_detail", "record_id") if hasattr(out, "record_detail") else ("record_id",)
        return {"record_id": _id(out, *path)}
    if name == "wait_for_product":
        return {"id": _id(out, "product_view_detail", "product_view_summary", "product_id")}
    if name == "wait_for_provisioning_artifact":
        artifact_id = _id(out, "provisioning_artifact_detail", "id")
        return {"product_id": str(params["ProductId"]), "provisioning_artifact_id": artifact_id}
    if name == "wait_for_copy_product":
        return {"copy_product_token": _id(out, "copy_product_token")}
    if name == "wait_for_provisioned_product_plan":
        return {"plan_id": _id(out, "plan_id")}
    if name == "wait_for_portfolio_share":
        # A share with an account takes effect at once and returns no token.
        token = getattr(out, "portfolio_share_token", None)
        return {"portfolio_share_token": token} if token else {}
    if name == "wait_for_organizations_access":
        return dict(follow.keywords)  # expect=, the state the operation asked for
    raise AssertionError(f"no asyncio follow-up for {name}")  # pragma: no cover


async def run_follow_up(
    follow: FollowUp[Any],
    client: object,
    params: Mapping[str, Any],
    out: object,
    timeout: float | timedelta,
) -> object:
    """Await what ``out`` started, as ``follow`` does; a waiter error carries ``out``."""
    try:
        target = _wait_target(follow, params, out)
        if not target:
            return None
        waiter = getattr(client, follow.waits_for)
        return await waiter(**target, timeout=timeout)
    except WaiterError as exc:
        exc.started = out
        raise
