"""The waiters as awaitable client methods.

Each waiter here takes the keywords of its blocking namesake and drives the
same decisions (the judges and status readers of :mod:`._single`,
:mod:`._fleet` and :mod:`._decisions`; the history read of :mod:`._history`;
the backoff, deadline and errors of :mod:`._engine`) through
:mod:`._async_drive`. Only the requests are awaited, and the pauses are
``asyncio.sleep`` (looked up at call time) or the ``sleep`` coroutine function
given, then the client's ``waiter_sleep``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Literal

from servicecatalog_sdk._model_support import FrozenDict
from servicecatalog_sdk._waiting import _decisions as decide
from servicecatalog_sdk._waiting import _fleet, _single
from servicecatalog_sdk._waiting._async_drive import drive, product_watch
from servicecatalog_sdk._waiting._async_engine import AsyncSleep
from servicecatalog_sdk._waiting._async_protocol import AsyncWaiterClient
from servicecatalog_sdk._waiting._decisions import Watch
from servicecatalog_sdk._waiting._engine import Verdict
from servicecatalog_sdk._waiting._history import product_history, record_history
from servicecatalog_sdk._waiting._settings import (
    DEFAULT_TIMEOUT,
    MAX_DELAY,
    MIN_DELAY,
    Clock,
    Timeout,
    check_id,
    check_id_or_name,
)
from servicecatalog_sdk.errors import ParamValidationError, ResourceNotFoundError

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


__all__ = ["AsyncWaiterMixin"]


class AsyncWaiterMixin:
    """Every waiter of the blocking client as a coroutine method, with the same keywords.

    ``clock`` defaults to the client's ``waiter_clock`` (then ``time.monotonic``);
    ``sleep``, an async function, to the client's ``waiter_sleep`` (then
    ``asyncio.sleep``).
    """

    #: Whether the record and provisioned-product waits (``wait=True`` included)
    #: read the change's history once to time their polls, when a call does not
    #: say (``use_history``), as on the blocking client.
    waiter_use_history: bool = True
    #: The ``AccessLevelFilter`` of that history read when a call does not say
    #: (``history_access_level``): ``"User"`` or ``"Account"``, as on the blocking client.
    waiter_history_access_level: Literal["User", "Account"] = "User"

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
        use_history: bool | None = None,
        history_access_level: Literal["User", "Account"] | None = None,
    ) -> DescribeRecordOutput:
        """Await the record's ``SUCCEEDED``; as :func:`~servicecatalog_sdk.waiters.wait_for_record`."""
        check_id("record_id", record_id)
        watch = Watch(
            f"record {record_id}", record_id, _single._judge_record, _single._record_status, True
        )
        return await drive(
            self,
            watch,
            lambda: self.describe_record(id=record_id),
            history=record_history(self, use_history, history_access_level),
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
        use_history: bool | None = None,
        history_access_level: Literal["User", "Account"] | None = None,
    ) -> DescribeProvisionedProductOutput:
        """Await ``AVAILABLE``; as :func:`~servicecatalog_sdk.waiters.wait_for_provisioned_product`."""
        check_id_or_name(id, name)
        if record_id is not None:
            check_id("record_id", record_id)
        return await drive(
            self,
            product_watch(id, name, record_id, accept_tainted),
            lambda: self.describe_provisioned_product(id=id, name=name),
            history=product_history(
                self, use_history, history_access_level, record_id=record_id, terminating=False
            ),
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
        use_history: bool | None = None,
        history_access_level: Literal["User", "Account"] | None = None,
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
        await drive(
            self,
            watch,
            fetch,
            history=product_history(
                self, use_history, history_access_level, record_id=record_id, terminating=True
            ),
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
        await drive(
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
        return await drive(
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
        return await drive(
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
        return await drive(
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
        return await drive(
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
        return await drive(
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
        expect: Literal["ENABLED", "DISABLED"] | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[GetAWSOrganizationsAccessStatusOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> GetAWSOrganizationsAccessStatusOutput:
        """Await ``expect`` (or a settled state); as :func:`~servicecatalog_sdk.waiters.wait_for_organizations_access`."""
        return await drive(
            self,
            decide.organizations_access_watch(expect),
            self.get_aws_organizations_access_status,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )
