"""What ``wait=True`` waits for after each operation that starts something.

One :class:`FollowUp` per kind of change: it reads the id or token to wait on
from the operation's output (or, for an artifact, its product id from the
request) and runs the matching waiter. A waiter error raised on the way gets
the operation's output as ``started``: it holds the record id, plan id, copy or
share token, and in ``response_metadata.idempotency_token`` the token sent, so
the caller can resume the wait instead of starting the change again.

Kept import-light (the generated client methods import it): the waiters and
models load with the first wait.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar

from servicecatalog_sdk.errors import ResponseParseError, WaiterError

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._protocol import WaiterClient
    from servicecatalog_sdk.models import (
        DescribeCopyProductStatusOutput,
        DescribePortfolioShareStatusOutput,
        DescribeProductAsAdminOutput,
        DescribeProvisionedProductPlanOutput,
        DescribeProvisioningArtifactOutput,
        DescribeRecordOutput,
        GetAWSOrganizationsAccessStatusOutput,
    )

__all__ = [
    "ARTIFACT",
    "COPY",
    "ORGANIZATIONS_DISABLED",
    "ORGANIZATIONS_ENABLED",
    "PLAN",
    "PRODUCT",
    "RECORD",
    "SHARE",
    "FollowUp",
]

W = TypeVar("W")

#: What a follow-up's wait is given: the client, the request's parameters, the
#: operation's output and the timeout.
_Wait = Callable[["WaiterClient", Mapping[str, Any], Any, "float | timedelta"], W]


class FollowUp(Generic[W]):
    """How ``wait=True`` follows one kind of operation; ``W`` is what the wait returns."""

    __slots__ = ("_wait", "keywords", "waits_for")

    def __init__(
        self, waits_for: str, wait: _Wait[W], keywords: Mapping[str, str] | None = None
    ) -> None:
        #: The waiter's name, for docs and tests (``wait_for_record``, ...).
        self.waits_for = waits_for
        #: Keywords the waiter always gets from this follow-up (``expect=...``).
        self.keywords: Mapping[str, str] = MappingProxyType(dict(keywords or {}))
        self._wait = wait

    def run(
        self,
        client: WaiterClient,
        params: Mapping[str, Any],
        out: object,
        timeout: float | timedelta,
    ) -> W:
        """Wait for what ``out`` started; a waiter error carries ``out`` as ``started``."""
        try:
            return self._wait(client, params, out, timeout)
        except WaiterError as exc:
            exc.started = out
            raise


def _id(out: object, *path: str) -> str:
    value: object = out
    for attr in path:
        value = getattr(value, attr, None)
    if not isinstance(value, str) or not value:
        shape = type(out).__name__
        wire = ".".join("".join(p.title() for p in attr.split("_")) for attr in path)
        raise ResponseParseError(shape=shape, path=f"$.{wire}", reason="nothing to wait for")
    return value


def _record(
    client: WaiterClient, params: Mapping[str, Any], out: Any, timeout: float | timedelta
) -> DescribeRecordOutput:
    from servicecatalog_sdk._waiting._single import wait_for_record

    # UpdateProvisionedProductProperties returns a bare RecordId; the others a RecordDetail.
    path = ("record_detail", "record_id") if hasattr(out, "record_detail") else ("record_id",)
    return wait_for_record(client, _id(out, *path), timeout=timeout)


def _product(
    client: WaiterClient, params: Mapping[str, Any], out: Any, timeout: float | timedelta
) -> DescribeProductAsAdminOutput:
    from servicecatalog_sdk._waiting._resources import wait_for_product

    product_id = _id(out, "product_view_detail", "product_view_summary", "product_id")
    return wait_for_product(client, id=product_id, timeout=timeout)


def _artifact(
    client: WaiterClient, params: Mapping[str, Any], out: Any, timeout: float | timedelta
) -> DescribeProvisioningArtifactOutput:
    from servicecatalog_sdk._waiting._resources import wait_for_provisioning_artifact

    return wait_for_provisioning_artifact(
        client,
        product_id=str(params["ProductId"]),
        provisioning_artifact_id=_id(out, "provisioning_artifact_detail", "id"),
        timeout=timeout,
    )


def _copy(
    client: WaiterClient, params: Mapping[str, Any], out: Any, timeout: float | timedelta
) -> DescribeCopyProductStatusOutput:
    from servicecatalog_sdk._waiting._resources import wait_for_copy_product

    token = _id(out, "copy_product_token")
    return wait_for_copy_product(client, copy_product_token=token, timeout=timeout)


def _plan(
    client: WaiterClient, params: Mapping[str, Any], out: Any, timeout: float | timedelta
) -> DescribeProvisionedProductPlanOutput:
    from servicecatalog_sdk._waiting._resources import wait_for_provisioned_product_plan

    return wait_for_provisioned_product_plan(client, plan_id=_id(out, "plan_id"), timeout=timeout)


def _share(
    client: WaiterClient, params: Mapping[str, Any], out: Any, timeout: float | timedelta
) -> DescribePortfolioShareStatusOutput | None:
    from servicecatalog_sdk._waiting._resources import wait_for_portfolio_share

    token = getattr(out, "portfolio_share_token", None)
    if not token:
        # A share with an account takes effect at once and returns no token:
        # there is nothing to wait for.
        return None
    return wait_for_portfolio_share(client, portfolio_share_token=token, timeout=timeout)


def _organizations(
    expect: Literal["ENABLED", "DISABLED"],
) -> FollowUp[GetAWSOrganizationsAccessStatusOutput]:
    def wait(
        client: WaiterClient, params: Mapping[str, Any], out: Any, timeout: float | timedelta
    ) -> GetAWSOrganizationsAccessStatusOutput:
        from servicecatalog_sdk._waiting._resources import wait_for_organizations_access

        return wait_for_organizations_access(client, expect=expect, timeout=timeout)

    # The asyncio driver reads ``expect`` from the keywords.
    return FollowUp("wait_for_organizations_access", wait, {"expect": expect})


#: Changes that return a record: wait for it to succeed.
RECORD: Final = FollowUp("wait_for_record", _record)
#: CreateProduct: wait for the product to be AVAILABLE.
PRODUCT: Final = FollowUp("wait_for_product", _product)
#: CreateProvisioningArtifact: wait for the artifact to be AVAILABLE.
ARTIFACT: Final = FollowUp("wait_for_provisioning_artifact", _artifact)
#: CopyProduct: wait for the copy to succeed.
COPY: Final = FollowUp("wait_for_copy_product", _copy)
#: CreateProvisionedProductPlan: wait for the plan to be created.
PLAN: Final = FollowUp("wait_for_provisioned_product_plan", _plan)
#: Portfolio share changes: wait for an organization share (``None``: nothing to wait for).
SHARE: Final = FollowUp("wait_for_portfolio_share", _share)
#: EnableAWSOrganizationsAccess: wait until access is ``ENABLED``.
ORGANIZATIONS_ENABLED: Final = _organizations("ENABLED")
#: DisableAWSOrganizationsAccess: wait until access is ``DISABLED``.
ORGANIZATIONS_DISABLED: Final = _organizations("DISABLED")
