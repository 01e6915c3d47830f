"""Wire answers of the resource waiters, one case per waiter, shared by their tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from servicecatalog_sdk import ServiceCatalogClient, waiters
from servicecatalog_sdk.errors import (
    CopyProductFailedError,
    PortfolioShareFailedError,
    ProductFailedError,
    ProvisionedProductPlanFailedError,
    ProvisioningArtifactFailedError,
    WaiterError,
)

from .waiter_helpers import WHEN

SHARE_ERRORS = [
    {
        "Accounts": ["111111111111", "222222222222"],
        "Message": "The account is not in the organization.",
        "Error": "InvalidParametersException",
    },
    {"Accounts": ["333333333333"], "Message": "Access denied by SCP.", "Error": "AccessDenied"},
]


def product_answer(status: str) -> dict[str, Any]:
    """A DescribeProductAsAdmin response."""
    summary = {"Id": "prodview-1", "ProductId": "prod-1", "Name": "web-app"}
    return {"ProductViewDetail": {"ProductViewSummary": summary, "Status": status}}


def artifact_answer(status: str) -> dict[str, Any]:
    """A DescribeProvisioningArtifact response."""
    detail = {"Id": "pa-1", "Name": "v2", "CreatedTime": WHEN}
    return {"ProvisioningArtifactDetail": detail, "Status": status}


def copy_answer(status: str) -> dict[str, Any]:
    """A DescribeCopyProductStatus response (FAILED carries a StatusDetail)."""
    answer: dict[str, Any] = {"CopyProductStatus": status}
    if status == "SUCCEEDED":
        answer["TargetProductId"] = "prod-copy"
    if status == "FAILED":
        answer["StatusDetail"] = "Source product prod-1 has no active provisioning artifact."
    return answer


def plan_answer(status: str) -> dict[str, Any]:
    """A DescribeProvisionedProductPlan response (failures carry a StatusMessage)."""
    plan: dict[str, Any] = {"PlanId": "plan-1", "PlanName": "resize", "Status": status}
    if status.endswith("FAILED"):
        plan["StatusMessage"] = "No updates are to be performed."
    return {"ProvisionedProductPlanDetails": plan}


def share_answer(status: str) -> dict[str, Any]:
    """A DescribePortfolioShareStatus response (failures carry every share error)."""
    details: dict[str, Any] = {"SuccessfulShares": ["444444444444"]}
    if status in ("COMPLETED_WITH_ERRORS", "ERROR"):
        details["ShareErrors"] = SHARE_ERRORS
    return {
        "PortfolioShareToken": "share-1",
        "PortfolioId": "port-1",
        "OrganizationNodeValue": "ou-abcd-12345678",
        "Status": status,
        "ShareDetails": details,
    }


def access_answer(status: str) -> dict[str, Any]:
    """A GetAWSOrganizationsAccessStatus response."""
    return {"AccessStatus": status}


def _status(out: Any, *path: str) -> str:
    value = out
    for attr in path:
        value = getattr(value, attr)
    return str(value)


@attrs.frozen
class Case:
    """One resource waiter: its poll, its answers, its two forms and its failure."""

    name: str
    operation: str
    params: dict[str, Any]
    answer: Callable[[str], dict[str, Any]]
    pending: tuple[str, ...]
    done: str
    #: The function form, given the client and the timing keywords.
    function: Callable[..., Any]
    #: The keyword arguments of both forms (besides timing).
    kwargs: dict[str, Any]
    status_path: tuple[str, ...]
    failed: str | None = None
    error: type[WaiterError] | None = None
    #: Text of the service's own that the failure's message must carry.
    reasons: tuple[str, ...] = ()
    resource_id: str | None = None

    def method(self, sc: ServiceCatalogClient) -> Callable[..., Any]:
        """The method form on ``sc``."""
        method: Callable[..., Any] = getattr(sc, self.name)
        return method

    def status_of(self, out: Any) -> str:
        """The status text of one output."""
        return _status(out, *self.status_path)


CASES = [
    Case(
        name="wait_for_product",
        operation="describe_product_as_admin",
        params={"Id": "prod-1"},
        answer=product_answer,
        pending=("CREATING", "CREATING"),
        done="AVAILABLE",
        function=waiters.wait_for_product,
        kwargs={"id": "prod-1"},
        status_path=("product_view_detail", "status"),
        failed="FAILED",
        error=ProductFailedError,
        reasons=("prod-1", "web-app", "FAILED"),
        resource_id="prod-1",
    ),
    Case(
        name="wait_for_provisioning_artifact",
        operation="describe_provisioning_artifact",
        params={"ProductId": "prod-1", "ProvisioningArtifactId": "pa-1"},
        answer=artifact_answer,
        pending=("CREATING",),
        done="AVAILABLE",
        function=waiters.wait_for_provisioning_artifact,
        kwargs={"product_id": "prod-1", "provisioning_artifact_id": "pa-1"},
        status_path=("status",),
        failed="FAILED",
        error=ProvisioningArtifactFailedError,
        reasons=("pa-1", "prod-1", "FAILED"),
        resource_id="pa-1",
    ),
    Case(
        name="wait_for_copy_product",
        operation="describe_copy_product_status",
        params={"CopyProductToken": "copy-1"},
        answer=copy_answer,
        pending=("IN_PROGRESS", "IN_PROGRESS"),
        done="SUCCEEDED",
        function=waiters.wait_for_copy_product,
        kwargs={"copy_product_token": "copy-1"},
        status_path=("copy_product_status",),
        failed="FAILED",
        error=CopyProductFailedError,
        reasons=("Source product prod-1 has no active provisioning artifact.",),
        resource_id="copy-1",
    ),
    Case(
        name="wait_for_provisioned_product_plan",
        operation="describe_provisioned_product_plan",
        params={"PlanId": "plan-1"},
        answer=plan_answer,
        pending=("CREATE_IN_PROGRESS",),
        done="CREATE_SUCCESS",
        function=waiters.wait_for_provisioned_product_plan,
        kwargs={"plan_id": "plan-1"},
        status_path=("provisioned_product_plan_details", "status"),
        failed="CREATE_FAILED",
        error=ProvisionedProductPlanFailedError,
        reasons=("CREATE_FAILED", "No updates are to be performed."),
        resource_id="plan-1",
    ),
    Case(
        name="wait_for_portfolio_share",
        operation="describe_portfolio_share_status",
        params={"PortfolioShareToken": "share-1"},
        answer=share_answer,
        pending=("NOT_STARTED", "IN_PROGRESS"),
        done="COMPLETED",
        function=waiters.wait_for_portfolio_share,
        kwargs={"portfolio_share_token": "share-1"},
        status_path=("status",),
        failed="COMPLETED_WITH_ERRORS",
        error=PortfolioShareFailedError,
        reasons=(
            "111111111111, 222222222222",
            "The account is not in the organization.",
            "InvalidParametersException",
            "333333333333",
            "Access denied by SCP.",
        ),
        resource_id="share-1",
    ),
    Case(
        name="wait_for_organizations_access",
        operation="get_aws_organizations_access_status",
        params={},
        answer=access_answer,
        pending=("UNDER_CHANGE",),
        done="ENABLED",
        function=waiters.wait_for_organizations_access,
        kwargs={},
        status_path=("access_status",),
    ),
]

#: The cases of waiters that can fail.
FAILING = [c for c in CASES if c.error is not None]
