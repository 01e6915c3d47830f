"""The waiters as awaitable client methods, and what ``wait=True`` awaits.

Each waiter here takes the keywords of its blocking namesake and drives the
same decisions (the judges and status readers of :mod:`._single`,
:mod:`._fleet` and :mod:`._decisions`; the backoff, deadline and errors of
:mod:`._engine`) through :class:`._async_engine.AsyncPoller`. Only the requests
are awaited and the pauses are ``asyncio.sleep`` (looked up at call time) or
the ``sleep`` coroutine function given, then the client's ``waiter_sleep``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from servicecatalog_sdk._model_support import FrozenDict
from servicecatalog_sdk._waiting import _decisions as decide
from servicecatalog_sdk._waiting import _fleet, _single
from servicecatalog_sdk._waiting._async_engine import AsyncPoller, AsyncSleep
from servicecatalog_sdk._waiting._async_protocol import AsyncWaiterClient
from servicecatalog_sdk._waiting._decisions import Watch
from servicecatalog_sdk._waiting._engine import Verdict
from servicecatalog_sdk._waiting._settings import (
    DEFAULT_TIMEOUT,
    MAX_DELAY,
    MIN_DELAY,
    Clock,
    Timeout,
    check_id,
    check_id_or_name,
    make_settings,
)
from servicecatalog_sdk._waiting._started import FollowUp, _id
from servicecatalog_sdk.errors import ParamValidationError, ResourceNotFoundError, WaiterError

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._fleet import FleetObservation
    from servicecatalog_sdk.models import (
        AccessLevelFilter,
        DescribeCopyProductStatusOutput,
        DescribePortfolioShareStatusOutput,
        DescribeProductAsAdminOutput,
        DescribeProvisionedProductOutput,
        DescribeProvisionedProductPlanOutput,
        DescribeProvisioningArtifactOutput,
        DescribeRecordOutput,
        GetAWSOrganizationsAccessStatusOutput,
        ProvisionedProductDetail,
    )

__all__ = ["AsyncWaiterMixin", "run_follow_up"]

T = TypeVar("T")


async def _asyncio_sleep(seconds: float) -> None:
    # Looked up on every call, so a patched ``asyncio.sleep`` is honoured.
    await asyncio.sleep(seconds)


async def _drive(
    client: AsyncWaiterClient,
    watch: Watch[T],
    fetch: Callable[[], Awaitable[T]],
    *,
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
    ).run()


def _product_watch(
    id: str | None, name: str | None, record_id: str | None, accept_tainted: bool
) -> Watch[DescribeProvisionedProductOutput]:
    def judge(out: DescribeProvisionedProductOutput) -> Verdict:
        detail = out.provisioned_product_detail
        return _single.judge_product(detail, record_id=record_id, accept_tainted=accept_tainted)

    what = _single._describe_what(id, name)
    return Watch(what, id if id is not None else name, judge, _single._product_status, True)


class AsyncWaiterMixin:
    """Every waiter of the blocking client as a coroutine method, with the same keywords.

    ``clock`` defaults to the client's ``waiter_clock`` (then ``time.monotonic``);
    ``sleep``, an async function, to the client's ``waiter_sleep`` (then
    ``asyncio.sleep``).
    """

    async def wait_for_record(
        self: AsyncWaiterClient,
        record_id: str,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeRecordOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> DescribeRecordOutput:
        """Await the record's ``SUCCEEDED``; as :func:`~servicecatalog_sdk.waiters.wait_for_record`."""
        check_id("record_id", record_id)
        watch = Watch(
            f"record {record_id}", record_id, _single._judge_record, _single._record_status, True
        )
        return await _drive(
            self,
            watch,
            lambda: self.describe_record(id=record_id),
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    async def wait_for_provisioned_product(
        self: AsyncWaiterClient,
        *,
        id: str | None = None,
        name: str | None = None,
        record_id: str | None = None,
        accept_tainted: bool = False,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProvisionedProductOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> DescribeProvisionedProductOutput:
        """Await ``AVAILABLE``; as :func:`~servicecatalog_sdk.waiters.wait_for_provisioned_product`."""
        check_id_or_name(id, name)
        if record_id is not None:
            check_id("record_id", record_id)
        return await _drive(
            self,
            _product_watch(id, name, record_id, accept_tainted),
            lambda: self.describe_provisioned_product(id=id, name=name),
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    async def wait_for_termination(
        self: AsyncWaiterClient,
        *,
        id: str | None = None,
        name: str | None = None,
        record_id: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProvisionedProductOutput | None], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> None:
        """Await the product's disappearance; as :func:`~servicecatalog_sdk.waiters.wait_for_termination`."""
        check_id_or_name(id, name)
        if record_id is not None:
            check_id("record_id", record_id)

        async def fetch() -> DescribeProvisionedProductOutput | None:
            try:
                return await self.describe_provisioned_product(id=id, name=name)
            except ResourceNotFoundError:
                return None  # gone: the answer waited for

        def judge(out: DescribeProvisionedProductOutput | None) -> Verdict:
            return _single.judge_termination(out, record_id=record_id)

        what = _single._describe_what(id, name)
        watch = Watch(
            what, id if id is not None else name, judge, _single.termination_status, False
        )
        await _drive(
            self,
            watch,
            fetch,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    async def wait_for_provisioned_products(
        self: AsyncWaiterClient,
        ids: Iterable[str],
        *,
        record_ids: Mapping[str, str] | None = None,
        accept_tainted: bool = False,
        access_level_filter: AccessLevelFilter | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[FleetObservation], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> Mapping[str, ProvisionedProductDetail]:
        """Await every product's settling; as :func:`~servicecatalog_sdk.waiters.wait_for_provisioned_products`."""
        wanted = _fleet._check_ids(ids)
        record_ids = dict(record_ids or {})
        for pid, rid in record_ids.items():
            if pid not in wanted:
                raise ParamValidationError(f"record_ids names {pid!r}, which is not in ids")
            check_id(f"record_ids[{pid!r}]", rid)
        fleet = _fleet._Fleet(wanted, record_ids, accept_tainted)

        async def fetch() -> FleetObservation:
            found: dict[str, ProvisionedProductDetail] = {}
            listing = self.scan_provisioned_products(access_level_filter=access_level_filter)
            async for detail in listing:
                if detail.id is not None and detail.id in wanted:
                    found[detail.id] = detail
            return FrozenDict({pid: found.get(pid) for pid in wanted})

        what = f"{len(wanted)} provisioned products"
        await _drive(
            self,
            Watch(what, None, fleet.judge, _fleet.summarize, False),
            fetch,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )
        return FrozenDict({pid: fleet.results[pid] for pid in wanted})

    async def wait_for_product(
        self: AsyncWaiterClient,
        *,
        id: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProductAsAdminOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> DescribeProductAsAdminOutput:
        """Await the product's ``AVAILABLE``; as :func:`~servicecatalog_sdk.waiters.wait_for_product`."""
        check_id("id", id)
        return await _drive(
            self,
            decide.product_watch(id),
            lambda: self.describe_product_as_admin(id=id),
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    async def wait_for_provisioning_artifact(
        self: AsyncWaiterClient,
        *,
        product_id: str,
        provisioning_artifact_id: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProvisioningArtifactOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> DescribeProvisioningArtifactOutput:
        """Await the artifact's ``AVAILABLE``; as :func:`~servicecatalog_sdk.waiters.wait_for_provisioning_artifact`."""
        check_id("product_id", product_id)
        check_id("provisioning_artifact_id", provisioning_artifact_id)
        return await _drive(
            self,
            decide.artifact_watch(product_id, provisioning_artifact_id),
            lambda: self.describe_provisioning_artifact(
                product_id=product_id, provisioning_artifact_id=provisioning_artifact_id
            ),
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    async def wait_for_copy_product(
        self: AsyncWaiterClient,
        *,
        copy_product_token: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeCopyProductStatusOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> DescribeCopyProductStatusOutput:
        """Await the copy's ``SUCCEEDED``; as :func:`~servicecatalog_sdk.waiters.wait_for_copy_product`."""
        check_id("copy_product_token", copy_product_token)
        return await _drive(
            self,
            decide.copy_watch(copy_product_token),
            lambda: self.describe_copy_product_status(copy_product_token=copy_product_token),
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    async def wait_for_provisioned_product_plan(
        self: AsyncWaiterClient,
        *,
        plan_id: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProvisionedProductPlanOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> DescribeProvisionedProductPlanOutput:
        """Await the plan's success; as :func:`~servicecatalog_sdk.waiters.wait_for_provisioned_product_plan`."""
        check_id("plan_id", plan_id)
        return await _drive(
            self,
            decide.plan_watch(plan_id),
            lambda: self.describe_provisioned_product_plan(plan_id=plan_id),
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    async def wait_for_portfolio_share(
        self: AsyncWaiterClient,
        *,
        portfolio_share_token: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribePortfolioShareStatusOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> DescribePortfolioShareStatusOutput:
        """Await the share's ``COMPLETED``; as :func:`~servicecatalog_sdk.waiters.wait_for_portfolio_share`."""
        check_id("portfolio_share_token", portfolio_share_token)
        return await _drive(
            self,
            decide.share_watch(portfolio_share_token),
            lambda: self.describe_portfolio_share_status(
                portfolio_share_token=portfolio_share_token
            ),
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    async def wait_for_organizations_access(
        self: AsyncWaiterClient,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[GetAWSOrganizationsAccessStatusOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> GetAWSOrganizationsAccessStatusOutput:
        """Await ``ENABLED``/``DISABLED``; as :func:`~servicecatalog_sdk.waiters.wait_for_organizations_access`."""
        return await _drive(
            self,
            decide.organizations_access_watch(),
            self.get_aws_organizations_access_status,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )


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
    raise AssertionError(f"no asyncio follow-up for {name}")  # pragma: no cover


async def run_follow_up(
    follow: FollowUp[Any],
    client: AsyncWaiterMixin,
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
