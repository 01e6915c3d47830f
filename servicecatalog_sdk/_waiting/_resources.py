"""Waiting on products, artifacts, copies, plans, shares and organizations access.

Each function checks its arguments, then runs the shared :class:`Poller` over
the decisions of :mod:`._decisions`; timing, backoff, the deadline, ``on_poll``
and the retrying of failed poll requests are the engine's, as for records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeVar

from servicecatalog_sdk._waiting._decisions import (
    Watch,
    artifact_watch,
    check_access_expect,
    copy_watch,
    organizations_access_watch,
    plan_watch,
    product_watch,
    share_watch,
)
from servicecatalog_sdk._waiting._engine import Poller
from servicecatalog_sdk._waiting._settings import (
    DEFAULT_TIMEOUT,
    MAX_DELAY,
    MIN_DELAY,
    Clock,
    Sleep,
    Timeout,
    check_id,
    make_settings,
)

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._protocol import WaiterClient
    from servicecatalog_sdk.models import (
        DescribeCopyProductStatusOutput,
        DescribePortfolioShareStatusOutput,
        DescribeProductAsAdminOutput,
        DescribeProvisionedProductPlanOutput,
        DescribeProvisioningArtifactOutput,
        GetAWSOrganizationsAccessStatusOutput,
    )

__all__ = [
    "wait_for_copy_product",
    "wait_for_organizations_access",
    "wait_for_portfolio_share",
    "wait_for_product",
    "wait_for_provisioned_product_plan",
    "wait_for_provisioning_artifact",
]

T = TypeVar("T")


def _drive(
    client: WaiterClient,
    watch: Watch[T],
    fetch: Callable[[], T],
    *,
    timeout: object,
    on_poll: Callable[[T], object] | None,
    min_delay: object,
    max_delay: object,
    clock: object,
    sleep: object,
) -> T:
    settings = make_settings(
        timeout=timeout,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
        on_poll=on_poll,
        client=client,
    )
    return Poller(
        watch.what,
        settings,
        fetch=fetch,
        judge=watch.judge,
        status_of=watch.status_of,
        on_poll=on_poll,
        tolerate_not_found=watch.tolerate_not_found,
        resource_id=watch.resource_id,
    ).run()


def wait_for_product(
    client: WaiterClient,
    *,
    id: str,
    timeout: Timeout = DEFAULT_TIMEOUT,
    on_poll: Callable[[DescribeProductAsAdminOutput], object] | None = None,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
) -> DescribeProductAsAdminOutput:
    """Poll ``DescribeProductAsAdmin`` until the product is ``AVAILABLE``; return that output.

    ``CREATING`` keeps waiting; ``FAILED`` raises
    :class:`~servicecatalog_sdk.errors.ProductFailedError`. The timing keywords
    work as in :func:`wait_for_record`.
    """
    check_id("id", id)
    return _drive(
        client,
        product_watch(id),
        lambda: client.describe_product_as_admin(id=id),
        timeout=timeout,
        on_poll=on_poll,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
    )


def wait_for_provisioning_artifact(
    client: WaiterClient,
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
    """Poll ``DescribeProvisioningArtifact`` until the artifact is ``AVAILABLE``.

    ``CREATING`` keeps waiting; ``FAILED`` raises
    :class:`~servicecatalog_sdk.errors.ProvisioningArtifactFailedError`.
    """
    check_id("product_id", product_id)
    check_id("provisioning_artifact_id", provisioning_artifact_id)
    return _drive(
        client,
        artifact_watch(product_id, provisioning_artifact_id),
        lambda: client.describe_provisioning_artifact(
            product_id=product_id, provisioning_artifact_id=provisioning_artifact_id
        ),
        timeout=timeout,
        on_poll=on_poll,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
    )


def wait_for_copy_product(
    client: WaiterClient,
    *,
    copy_product_token: str,
    timeout: Timeout = DEFAULT_TIMEOUT,
    on_poll: Callable[[DescribeCopyProductStatusOutput], object] | None = None,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
) -> DescribeCopyProductStatusOutput:
    """Poll ``DescribeCopyProductStatus`` until ``SUCCEEDED``; its ``target_product_id`` is the copy.

    ``IN_PROGRESS`` keeps waiting; ``FAILED`` raises
    :class:`~servicecatalog_sdk.errors.CopyProductFailedError` with the
    service's ``StatusDetail``.
    """
    check_id("copy_product_token", copy_product_token)
    return _drive(
        client,
        copy_watch(copy_product_token),
        lambda: client.describe_copy_product_status(copy_product_token=copy_product_token),
        timeout=timeout,
        on_poll=on_poll,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
    )


def wait_for_provisioned_product_plan(
    client: WaiterClient,
    *,
    plan_id: str,
    timeout: Timeout = DEFAULT_TIMEOUT,
    on_poll: Callable[[DescribeProvisionedProductPlanOutput], object] | None = None,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
) -> DescribeProvisionedProductPlanOutput:
    """Poll ``DescribeProvisionedProductPlan`` until ``CREATE_SUCCESS`` or ``EXECUTE_SUCCESS``.

    ``CREATE_IN_PROGRESS`` and ``EXECUTE_IN_PROGRESS`` keep waiting;
    ``CREATE_FAILED`` and ``EXECUTE_FAILED`` raise
    :class:`~servicecatalog_sdk.errors.ProvisionedProductPlanFailedError` with
    the service's ``StatusMessage``.
    """
    check_id("plan_id", plan_id)
    return _drive(
        client,
        plan_watch(plan_id),
        lambda: client.describe_provisioned_product_plan(plan_id=plan_id),
        timeout=timeout,
        on_poll=on_poll,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
    )


def wait_for_portfolio_share(
    client: WaiterClient,
    *,
    portfolio_share_token: str,
    timeout: Timeout = DEFAULT_TIMEOUT,
    on_poll: Callable[[DescribePortfolioShareStatusOutput], object] | None = None,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
) -> DescribePortfolioShareStatusOutput:
    """Poll ``DescribePortfolioShareStatus`` until the share is ``COMPLETED``.

    ``NOT_STARTED`` and ``IN_PROGRESS`` keep waiting; ``COMPLETED_WITH_ERRORS``
    and ``ERROR`` raise :class:`~servicecatalog_sdk.errors.PortfolioShareFailedError`
    with every share error (accounts, message, error).
    """
    check_id("portfolio_share_token", portfolio_share_token)
    return _drive(
        client,
        share_watch(portfolio_share_token),
        lambda: client.describe_portfolio_share_status(portfolio_share_token=portfolio_share_token),
        timeout=timeout,
        on_poll=on_poll,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
    )


def wait_for_organizations_access(
    client: WaiterClient,
    *,
    expect: Literal["ENABLED", "DISABLED"] | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    on_poll: Callable[[GetAWSOrganizationsAccessStatusOutput], object] | None = None,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
) -> GetAWSOrganizationsAccessStatusOutput:
    """Poll ``GetAWSOrganizationsAccessStatus`` until access is ``expect``; return that output.

    After ``EnableAWSOrganizationsAccess`` pass ``expect="ENABLED"``, after
    ``DisableAWSOrganizationsAccess`` ``expect="DISABLED"``: ``UNDER_CHANGE``
    and the other state (a read from before the change took effect) keep
    waiting. Without ``expect``, the first status other than ``UNDER_CHANGE``
    ends the wait, whichever it is.
    """
    check_access_expect(expect)
    return _drive(
        client,
        organizations_access_watch(expect),
        client.get_aws_organizations_access_status,
        timeout=timeout,
        on_poll=on_poll,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
    )
