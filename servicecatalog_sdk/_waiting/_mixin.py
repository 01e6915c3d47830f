"""The waiters as client methods (kept light: the machinery loads on first wait)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Literal

from servicecatalog_sdk._waiting._protocol import WaiterClient
from servicecatalog_sdk._waiting._settings import (
    DEFAULT_TIMEOUT,
    MAX_DELAY,
    MIN_DELAY,
    Clock,
    Sleep,
    Timeout,
)

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

__all__ = ["WaiterMixin"]


class WaiterMixin:
    """The waiters as client methods; each delegates to the function of the same name.

    A ``clock`` or ``sleep`` not given to a call falls back to the client's own
    ``waiter_clock`` / ``waiter_sleep`` (``None``: the ``time`` module's).
    """

    #: Whether the record and provisioned-product waiters (``wait=True`` included)
    #: read the change's history once to time their polls, when a call does not
    #: say (``use_history``). Set it to ``False`` to keep every wait on the backoff.
    waiter_use_history: bool = True
    #: The ``AccessLevelFilter`` of that history read when a call does not say
    #: (``history_access_level``): ``"User"``, the caller's own records, which
    #: every end-user policy allows; ``"Account"``, every user's, for callers
    #: allowed to read them (pipelines, administrators).
    waiter_history_access_level: Literal["User", "Account"] = "User"

    def wait_for_record(
        self: WaiterClient,
        record_id: str,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeRecordOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        use_history: bool | None = None,
        history_access_level: Literal["User", "Account"] | None = None,
    ) -> DescribeRecordOutput:
        """Wait until the record is ``SUCCEEDED``; see :func:`wait_for_record`."""
        from servicecatalog_sdk._waiting._single import wait_for_record

        return wait_for_record(
            self,
            record_id,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock if clock is not None else self.waiter_clock,
            sleep=sleep if sleep is not None else self.waiter_sleep,
            use_history=use_history,
            history_access_level=history_access_level,
        )

    def wait_for_provisioned_product(
        self: WaiterClient,
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
        sleep: Sleep | None = None,
        use_history: bool | None = None,
        history_access_level: Literal["User", "Account"] | None = None,
    ) -> DescribeProvisionedProductOutput:
        """Wait until the product is ``AVAILABLE``; see :func:`wait_for_provisioned_product`."""
        from servicecatalog_sdk._waiting._single import wait_for_provisioned_product

        return wait_for_provisioned_product(
            self,
            id=id,
            name=name,
            record_id=record_id,
            accept_tainted=accept_tainted,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock if clock is not None else self.waiter_clock,
            sleep=sleep if sleep is not None else self.waiter_sleep,
            use_history=use_history,
            history_access_level=history_access_level,
        )

    def wait_for_termination(
        self: WaiterClient,
        *,
        id: str | None = None,
        name: str | None = None,
        record_id: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProvisionedProductOutput | None], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        use_history: bool | None = None,
        history_access_level: Literal["User", "Account"] | None = None,
    ) -> None:
        """Wait until the product is gone; see :func:`wait_for_termination`."""
        from servicecatalog_sdk._waiting._single import wait_for_termination

        wait_for_termination(
            self,
            id=id,
            name=name,
            record_id=record_id,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock if clock is not None else self.waiter_clock,
            sleep=sleep if sleep is not None else self.waiter_sleep,
            use_history=use_history,
            history_access_level=history_access_level,
        )

    def wait_for_provisioned_products(
        self: WaiterClient,
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
        sleep: Sleep | None = None,
    ) -> Mapping[str, ProvisionedProductDetail]:
        """Wait until every product settles; see :func:`wait_for_provisioned_products`."""
        from servicecatalog_sdk._waiting._fleet import wait_for_provisioned_products

        return wait_for_provisioned_products(
            self,
            ids,
            record_ids=record_ids,
            accept_tainted=accept_tainted,
            access_level_filter=access_level_filter,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock if clock is not None else self.waiter_clock,
            sleep=sleep if sleep is not None else self.waiter_sleep,
        )

    # The resource waiters: the functions fall back to the client's clock and sleep.

    def wait_for_product(
        self: WaiterClient,
        *,
        id: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProductAsAdminOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> DescribeProductAsAdminOutput:
        """Wait until the product is ``AVAILABLE``; see :func:`wait_for_product`."""
        from servicecatalog_sdk._waiting._resources import wait_for_product

        return wait_for_product(
            self,
            id=id,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    def wait_for_provisioning_artifact(
        self: WaiterClient,
        *,
        product_id: str,
        provisioning_artifact_id: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProvisioningArtifactOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> DescribeProvisioningArtifactOutput:
        """Wait until the artifact is ``AVAILABLE``; see :func:`wait_for_provisioning_artifact`."""
        from servicecatalog_sdk._waiting._resources import wait_for_provisioning_artifact

        return wait_for_provisioning_artifact(
            self,
            product_id=product_id,
            provisioning_artifact_id=provisioning_artifact_id,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    def wait_for_copy_product(
        self: WaiterClient,
        *,
        copy_product_token: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeCopyProductStatusOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> DescribeCopyProductStatusOutput:
        """Wait until the copy ``SUCCEEDED``; see :func:`wait_for_copy_product`."""
        from servicecatalog_sdk._waiting._resources import wait_for_copy_product

        return wait_for_copy_product(
            self,
            copy_product_token=copy_product_token,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    def wait_for_provisioned_product_plan(
        self: WaiterClient,
        *,
        plan_id: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProvisionedProductPlanOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> DescribeProvisionedProductPlanOutput:
        """Wait until the plan is created or executed; see :func:`wait_for_provisioned_product_plan`."""
        from servicecatalog_sdk._waiting._resources import wait_for_provisioned_product_plan

        return wait_for_provisioned_product_plan(
            self,
            plan_id=plan_id,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    def wait_for_portfolio_share(
        self: WaiterClient,
        *,
        portfolio_share_token: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribePortfolioShareStatusOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> DescribePortfolioShareStatusOutput:
        """Wait until the share is ``COMPLETED``; see :func:`wait_for_portfolio_share`."""
        from servicecatalog_sdk._waiting._resources import wait_for_portfolio_share

        return wait_for_portfolio_share(
            self,
            portfolio_share_token=portfolio_share_token,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )

    def wait_for_organizations_access(
        self: WaiterClient,
        *,
        expect: Literal["ENABLED", "DISABLED"] | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[GetAWSOrganizationsAccessStatusOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> GetAWSOrganizationsAccessStatusOutput:
        """Wait until access is ``expect`` (or settled); see :func:`wait_for_organizations_access`."""
        from servicecatalog_sdk._waiting._resources import wait_for_organizations_access

        return wait_for_organizations_access(
            self,
            expect=expect,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock,
            sleep=sleep,
        )
