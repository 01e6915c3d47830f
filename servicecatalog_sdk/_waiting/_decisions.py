"""What the resource waiters' statuses mean: pure, I/O-free decisions.

Each ``*_watch`` function describes one wait (a label, the id waited on, how to
read the status, and the judge that returns a :class:`Verdict` or raises the
waiter's failure). Nothing here sends a request or sleeps, so the blocking
driver in :mod:`._resources` and an asyncio driver can share every decision.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, Generic, NamedTuple, TypeVar

from servicecatalog_sdk._waiting._engine import Verdict
from servicecatalog_sdk.errors import (
    CopyProductFailedError,
    ParamValidationError,
    PortfolioShareFailedError,
    ProductFailedError,
    ProvisionedProductPlanFailedError,
    ProvisioningArtifactFailedError,
    WaiterError,
)

if TYPE_CHECKING:
    from servicecatalog_sdk.models import (
        DescribeCopyProductStatusOutput,
        DescribePortfolioShareStatusOutput,
        DescribeProductAsAdminOutput,
        DescribeProvisionedProductPlanOutput,
        DescribeProvisioningArtifactOutput,
        GetAWSOrganizationsAccessStatusOutput,
    )

__all__ = [
    "STATUS_TABLES",
    "StatusTable",
    "Watch",
    "artifact_watch",
    "check_access_expect",
    "copy_watch",
    "organizations_access_watch",
    "plan_watch",
    "product_watch",
    "share_watch",
]

T = TypeVar("T")


class StatusTable(NamedTuple):
    """The statuses of one resource: still changing, done, or settled as a failure.

    A status in none of the three is one this SDK does not know: the wait goes
    on (the engine warns once) and the timeout bounds it.
    """

    pending: frozenset[str]
    done: frozenset[str]
    failed: frozenset[str]

    def verdict(self, status: str | None) -> Verdict:
        """DONE, WAIT or UNKNOWN for a status that is not a failure."""
        if status in self.done:
            return Verdict.DONE
        return Verdict.WAIT if status in self.pending else Verdict.UNKNOWN


# A dataclass, not a NamedTuple: a generic NamedTuple needs Python 3.11.
@dataclasses.dataclass(frozen=True, slots=True)
class Watch(Generic[T]):
    """One wait, described: what the driver polls for and how it judges each answer."""

    #: For logs and the timeout message, e.g. ``product prod-abc``.
    what: str
    #: The id or token waited on (``WaiterError.resource_id``).
    resource_id: str | None
    #: Verdict on one observation; raises the waiter's failure.
    judge: Callable[[T], Verdict]
    #: The status of one observation, as text (``None``: none in the answer).
    status_of: Callable[[T], str | None]
    #: Whether a few ResourceNotFound answers may pass before the first observation.
    tolerate_not_found: bool


PRODUCT: Final = StatusTable(
    pending=frozenset({"CREATING"}), done=frozenset({"AVAILABLE"}), failed=frozenset({"FAILED"})
)
ARTIFACT: Final = PRODUCT
COPY: Final = StatusTable(
    pending=frozenset({"IN_PROGRESS"}),
    done=frozenset({"SUCCEEDED"}),
    failed=frozenset({"FAILED"}),
)
PLAN: Final = StatusTable(
    pending=frozenset({"CREATE_IN_PROGRESS", "EXECUTE_IN_PROGRESS"}),
    done=frozenset({"CREATE_SUCCESS", "EXECUTE_SUCCESS"}),
    failed=frozenset({"CREATE_FAILED", "EXECUTE_FAILED"}),
)
SHARE: Final = StatusTable(
    pending=frozenset({"NOT_STARTED", "IN_PROGRESS"}),
    done=frozenset({"COMPLETED"}),
    failed=frozenset({"COMPLETED_WITH_ERRORS", "ERROR"}),
)
ORGANIZATIONS_ACCESS: Final = StatusTable(
    pending=frozenset({"UNDER_CHANGE"}),
    done=frozenset({"ENABLED", "DISABLED"}),
    failed=frozenset(),
)

#: Waiter name -> its status table (the docs' tables are checked against these).
STATUS_TABLES: Final[Mapping[str, StatusTable]] = {
    "wait_for_product": PRODUCT,
    "wait_for_provisioning_artifact": ARTIFACT,
    "wait_for_copy_product": COPY,
    "wait_for_provisioned_product_plan": PLAN,
    "wait_for_portfolio_share": SHARE,
    "wait_for_organizations_access": ORGANIZATIONS_ACCESS,
}


def _text(status: object) -> str | None:
    return None if status is None else str(status)


def _judge(
    table: StatusTable, status_of: Callable[[T], str | None], fail: Callable[[T], WaiterError]
) -> Callable[[T], Verdict]:
    def judge(observation: T) -> Verdict:
        status = status_of(observation)
        if status in table.failed:
            raise fail(observation)
        return table.verdict(status)

    return judge


def _product_status(out: DescribeProductAsAdminOutput) -> str | None:
    view = out.product_view_detail
    return None if view is None else _text(view.status)


def product_watch(product_id: str) -> Watch[DescribeProductAsAdminOutput]:
    """``DescribeProductAsAdmin``: ``CREATING`` until ``AVAILABLE``; ``FAILED`` raises."""
    return Watch(
        f"product {product_id}",
        product_id,
        _judge(
            PRODUCT, _product_status, lambda out: ProductFailedError(out, product_id=product_id)
        ),
        _product_status,
        tolerate_not_found=True,
    )


def _artifact_status(out: DescribeProvisioningArtifactOutput) -> str | None:
    return _text(out.status)


def artifact_watch(product_id: str, artifact_id: str) -> Watch[DescribeProvisioningArtifactOutput]:
    """``DescribeProvisioningArtifact``: ``CREATING`` until ``AVAILABLE``; ``FAILED`` raises."""
    return Watch(
        f"provisioning artifact {artifact_id} of product {product_id}",
        artifact_id,
        _judge(
            ARTIFACT,
            _artifact_status,
            lambda out: ProvisioningArtifactFailedError(
                out, product_id=product_id, artifact_id=artifact_id
            ),
        ),
        _artifact_status,
        tolerate_not_found=True,
    )


def _copy_status(out: DescribeCopyProductStatusOutput) -> str | None:
    return _text(out.copy_product_status)


def copy_watch(copy_product_token: str) -> Watch[DescribeCopyProductStatusOutput]:
    """``DescribeCopyProductStatus``: ``IN_PROGRESS`` until ``SUCCEEDED``; ``FAILED`` raises."""
    return Watch(
        f"product copy {copy_product_token}",
        copy_product_token,
        _judge(
            COPY,
            _copy_status,
            lambda out: CopyProductFailedError(out, copy_product_token=copy_product_token),
        ),
        _copy_status,
        tolerate_not_found=True,
    )


def _plan_status(out: DescribeProvisionedProductPlanOutput) -> str | None:
    plan = out.provisioned_product_plan_details
    return None if plan is None else _text(plan.status)


def plan_watch(plan_id: str) -> Watch[DescribeProvisionedProductPlanOutput]:
    """``DescribeProvisionedProductPlan``: until ``CREATE_SUCCESS`` or ``EXECUTE_SUCCESS``."""
    return Watch(
        f"provisioned product plan {plan_id}",
        plan_id,
        _judge(
            PLAN,
            _plan_status,
            lambda out: ProvisionedProductPlanFailedError(out, plan_id=plan_id),
        ),
        _plan_status,
        tolerate_not_found=True,
    )


def _share_status(out: DescribePortfolioShareStatusOutput) -> str | None:
    return _text(out.status)


def share_watch(portfolio_share_token: str) -> Watch[DescribePortfolioShareStatusOutput]:
    """``DescribePortfolioShareStatus``: until ``COMPLETED``; ``COMPLETED_WITH_ERRORS``/``ERROR`` raise."""
    return Watch(
        f"portfolio share {portfolio_share_token}",
        portfolio_share_token,
        _judge(
            SHARE,
            _share_status,
            lambda out: PortfolioShareFailedError(out, portfolio_share_token=portfolio_share_token),
        ),
        _share_status,
        tolerate_not_found=True,
    )


def _access_status(out: GetAWSOrganizationsAccessStatusOutput) -> str | None:
    return _text(out.access_status)


def _never_fails(out: GetAWSOrganizationsAccessStatusOutput) -> WaiterError:
    raise AssertionError("the organizations access status has no failed state")  # pragma: no cover


def check_access_expect(expect: object) -> str | None:
    """``expect`` of the organizations access wait: ``"ENABLED"``, ``"DISABLED"`` or ``None``."""
    if expect is None:
        return None
    if not isinstance(expect, str) or expect not in ORGANIZATIONS_ACCESS.done:
        raise ParamValidationError(f"expect must be 'ENABLED', 'DISABLED' or None, got {expect!r}")
    return str(expect)  # the plain value of an AccessStatus member


def access_table(expect: str | None) -> StatusTable:
    """The organizations access statuses for a wait on ``expect`` (``None``: either settles it).

    Right after ``EnableAWSOrganizationsAccess`` the status can still read
    ``DISABLED`` (and the other way round): with ``expect``, the other settled
    state is progress, not an answer.
    """
    if expect is None:
        return ORGANIZATIONS_ACCESS
    return StatusTable(
        pending=ORGANIZATIONS_ACCESS.pending | (ORGANIZATIONS_ACCESS.done - {expect}),
        done=frozenset({expect}),
        failed=frozenset(),
    )


def organizations_access_watch(
    expect: str | None = None,
) -> Watch[GetAWSOrganizationsAccessStatusOutput]:
    """``GetAWSOrganizationsAccessStatus``: until ``expect``, or without it ``ENABLED`` or ``DISABLED``."""
    what = "AWS Organizations access" if expect is None else f"AWS Organizations access {expect}"
    return Watch(
        what,
        None,
        _judge(access_table(check_access_expect(expect)), _access_status, _never_fails),
        _access_status,
        tolerate_not_found=False,
    )
