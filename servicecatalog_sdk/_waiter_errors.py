"""Errors of a waited-for change that failed or did not finish (re-exported by ``errors``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from servicecatalog_sdk._error_root import ServiceCatalogSDKError, public
from servicecatalog_sdk._model_support import FrozenDict

if TYPE_CHECKING:
    from servicecatalog_sdk.models import (
        DescribeCopyProductStatusOutput,
        DescribePortfolioShareStatusOutput,
        DescribeProductAsAdminOutput,
        DescribeProvisionedProductPlanOutput,
        DescribeProvisioningArtifactOutput,
        ProvisionedProductDetail,
        RecordDetail,
        RecordError,
        ShareError,
    )

__all__ = [
    "CopyProductFailedError",
    "PortfolioShareFailedError",
    "ProductFailedError",
    "ProvisionedProductFailedError",
    "ProvisionedProductPlanFailedError",
    "ProvisionedProductTaintedError",
    "ProvisionedProductsFailedError",
    "ProvisioningArtifactFailedError",
    "RecordFailedError",
    "WaiterError",
    "WaiterTimeoutError",
]


@public
class WaiterError(ServiceCatalogSDKError):
    """Base of every error a waiter raises.

    ``resource_id`` is the id or token the wait was on (a record id, a product
    id, a copy token, ...; ``None`` for a fleet wait, whose error names every
    product, and for the organizations-access wait). ``started`` is set when
    the error comes from an operation called with ``wait=True``: that
    operation's own output (its record, plan id, copy or share token), so the
    caller can resume with a waiter instead of starting the change again.
    """

    resource_id: str | None = None
    started: object | None = None


@public
class WaiterTimeoutError(WaiterError):
    """The change did not settle before the timeout.

    ``last`` is the last typed observation (or ``None`` when no poll succeeded)
    and ``status`` its status; ``resource_id`` and ``started`` are as on
    :class:`WaiterError`.
    """

    def __init__(
        self,
        message: str,
        *,
        last: object | None,
        status: str | None,
        resource_id: str | None = None,
        started: object | None = None,
    ) -> None:
        self.last = last
        self.status = status
        self.resource_id = resource_id
        self.started = started
        super().__init__(message)


@public
class RecordFailedError(WaiterError):
    """A record ended ``FAILED``: ``record`` is the final detail, ``errors`` its errors."""

    def __init__(self, record: RecordDetail) -> None:
        self.record = record
        self.resource_id: str | None = record.record_id
        self.errors: Sequence[RecordError] = record.record_errors
        reasons = "; ".join(f"{e.code or '?'}: {e.description or ''}".strip() for e in self.errors)
        super().__init__(
            f"record {record.record_id} ({record.record_type or 'change'}) of "
            f"{record.provisioned_product_name or record.provisioned_product_id} failed"
            + (f": {reasons}" if reasons else "")
        )


@public
class ProvisionedProductFailedError(WaiterError):
    """A provisioned product settled ``ERROR``: ``detail`` holds the final state."""

    def __init__(self, detail: ProvisionedProductDetail) -> None:
        self.detail = detail
        self.resource_id: str | None = detail.id
        self.status_message: str | None = detail.status_message
        super().__init__(_product_message(detail, "is in ERROR"))


@public
class ProvisionedProductTaintedError(WaiterError):
    """A provisioned product settled ``TAINTED``: its last change failed and rolled back."""

    def __init__(self, detail: ProvisionedProductDetail) -> None:
        self.detail = detail
        self.resource_id: str | None = detail.id
        self.status_message: str | None = detail.status_message
        super().__init__(_product_message(detail, "is TAINTED (its last change failed)"))


@public
class ProvisionedProductsFailedError(WaiterError):
    """Products of a fleet settled as failures; raised once every product settled.

    ``failures`` maps each failed product id to its final detail (``None`` when
    the product could not be found) and ``reasons`` to a one-line cause;
    ``results`` holds the products that succeeded.
    """

    def __init__(
        self,
        failures: Mapping[str, ProvisionedProductDetail | None],
        reasons: Mapping[str, str],
        results: Mapping[str, ProvisionedProductDetail],
    ) -> None:
        self.failures: Mapping[str, ProvisionedProductDetail | None] = FrozenDict(failures)
        self.reasons: Mapping[str, str] = FrozenDict(reasons)
        self.results: Mapping[str, ProvisionedProductDetail] = FrozenDict(results)
        listing = "; ".join(f"{pid}: {reasons[pid]}" for pid in failures)
        super().__init__(f"{len(failures)} of {len(failures) + len(results)} failed: {listing}")


@public
class ProductFailedError(WaiterError):
    """A product ended ``FAILED``; ``last`` is the final ``DescribeProductAsAdmin`` output."""

    def __init__(self, last: DescribeProductAsAdminOutput, *, product_id: str) -> None:
        self.last = last
        self.resource_id: str | None = product_id
        view = last.product_view_detail
        summary = view.product_view_summary if view is not None else None
        name = f" ({summary.name})" if summary is not None and summary.name else ""
        super().__init__(f"product {product_id}{name} FAILED")


@public
class ProvisioningArtifactFailedError(WaiterError):
    """A provisioning artifact ended ``FAILED``; ``last`` is the final describe output.

    ``resource_id`` is the artifact id and ``product_id`` its product's.
    """

    def __init__(
        self, last: DescribeProvisioningArtifactOutput, *, product_id: str, artifact_id: str
    ) -> None:
        self.last = last
        self.resource_id: str | None = artifact_id
        self.product_id = product_id
        super().__init__(f"provisioning artifact {artifact_id} of product {product_id} FAILED")


@public
class CopyProductFailedError(WaiterError):
    """A product copy ended ``FAILED``: ``status_detail`` is the service's reason."""

    def __init__(self, last: DescribeCopyProductStatusOutput, *, copy_product_token: str) -> None:
        self.last = last
        self.resource_id: str | None = copy_product_token
        self.status_detail: str | None = last.status_detail
        reason = f": {last.status_detail}" if last.status_detail else ""
        super().__init__(f"product copy {copy_product_token} FAILED{reason}")


@public
class ProvisionedProductPlanFailedError(WaiterError):
    """A plan ended ``CREATE_FAILED`` or ``EXECUTE_FAILED``.

    ``status`` is that status and ``status_message`` the service's reason
    (e.g. ``No updates are to be performed.``); ``last`` is the final output.
    """

    def __init__(self, last: DescribeProvisionedProductPlanOutput, *, plan_id: str) -> None:
        self.last = last
        self.resource_id: str | None = plan_id
        plan = last.provisioned_product_plan_details
        self.status: str | None = str(plan.status) if plan is not None and plan.status else None
        self.status_message: str | None = plan.status_message if plan is not None else None
        name = f" ({plan.plan_name})" if plan is not None and plan.plan_name else ""
        reason = f": {self.status_message}" if self.status_message else ""
        super().__init__(f"provisioned product plan {plan_id}{name} is {self.status}{reason}")


@public
class PortfolioShareFailedError(WaiterError):
    """An organization share ended ``COMPLETED_WITH_ERRORS`` or ``ERROR``.

    ``errors`` holds every share error (its accounts, message and error code),
    ``status`` the final status and ``last`` the final output, whose
    ``share_details.successful_shares`` lists the accounts that did get it.
    """

    def __init__(
        self, last: DescribePortfolioShareStatusOutput, *, portfolio_share_token: str
    ) -> None:
        self.last = last
        self.resource_id: str | None = portfolio_share_token
        self.status: str | None = str(last.status) if last.status else None
        details = last.share_details
        self.errors: Sequence[ShareError] = details.share_errors if details is not None else ()
        reasons = "; ".join(
            f"{e.error or 'error'} for {', '.join(e.accounts) or 'no account'}: {e.message or ''}"
            for e in self.errors
        )
        super().__init__(
            f"portfolio share {portfolio_share_token} of {last.portfolio_id or '?'} "
            f"is {self.status}" + (f": {reasons}" if reasons else "")
        )


def _product_message(detail: ProvisionedProductDetail, what: str) -> str:
    text = f"provisioned product {detail.name or detail.id} {what}"
    return f"{text}: {detail.status_message}" if detail.status_message else text
