"""What a waiter needs from a client: the read operations it polls."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
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
        ListRecordHistoryOutput,
        ListRecordHistorySearchFilter,
        ProvisionedProductDetail,
        RecordDetail,
        ScanProvisionedProductsOutput,
    )
    from servicecatalog_sdk.pagination import PageIterator

__all__ = ["WaiterClient"]


class WaiterClient(Protocol):
    """The part of :class:`~servicecatalog_sdk.ServiceCatalogClient` waiters call."""

    #: Clock and sleep of the client's waits when a call gives none (None: ``time``'s).
    waiter_clock: Callable[[], float] | None
    waiter_sleep: Callable[[float], None] | None

    def describe_record(self, *, id: str) -> DescribeRecordOutput:
        """``DescribeRecord``, every record output merged."""
        ...

    def describe_provisioned_product(
        self, *, id: str | None = None, name: str | None = None
    ) -> DescribeProvisionedProductOutput:
        """``DescribeProvisionedProduct`` by id or by name."""
        ...

    def scan_provisioned_products(
        self, *, access_level_filter: AccessLevelFilter | None = None
    ) -> PageIterator[ProvisionedProductDetail, ScanProvisionedProductsOutput]:
        """``ScanProvisionedProducts``, every page."""
        ...

    def list_record_history(
        self,
        *,
        access_level_filter: AccessLevelFilter | None = None,
        search_filter: ListRecordHistorySearchFilter | None = None,
        page_size: int | None = None,
    ) -> PageIterator[RecordDetail, ListRecordHistoryOutput]:
        """``ListRecordHistory``: the history the record and product waiters time their polls by."""
        ...

    def describe_product_as_admin(self, *, id: str | None = None) -> DescribeProductAsAdminOutput:
        """``DescribeProductAsAdmin`` by product id."""
        ...

    def describe_provisioning_artifact(
        self, *, provisioning_artifact_id: str | None = None, product_id: str | None = None
    ) -> DescribeProvisioningArtifactOutput:
        """``DescribeProvisioningArtifact`` by product and artifact id."""
        ...

    def describe_copy_product_status(
        self, *, copy_product_token: str
    ) -> DescribeCopyProductStatusOutput:
        """``DescribeCopyProductStatus``."""
        ...

    def describe_provisioned_product_plan(
        self, *, plan_id: str
    ) -> DescribeProvisionedProductPlanOutput:
        """``DescribeProvisionedProductPlan``, every page of resource changes merged."""
        ...

    def describe_portfolio_share_status(
        self, *, portfolio_share_token: str
    ) -> DescribePortfolioShareStatusOutput:
        """``DescribePortfolioShareStatus``."""
        ...

    def get_aws_organizations_access_status(self) -> GetAWSOrganizationsAccessStatusOutput:
        """``GetAWSOrganizationsAccessStatus``."""
        ...
