"""What an asyncio waiter needs from a client: the read operations it awaits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from servicecatalog_sdk._async_pagination import AsyncPageIterator
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

__all__ = ["AsyncWaiterClient"]


class AsyncWaiterClient(Protocol):
    """The part of :class:`~servicecatalog_sdk.aio.AsyncServiceCatalogClient` waiters await."""

    #: Clock and async sleep of the client's waits when a call gives none.
    waiter_clock: Callable[[], float] | None
    waiter_sleep: Callable[[float], Awaitable[None]] | None
    #: Whether record and provisioned-product waits read the change's history.
    waiter_use_history: bool

    async def describe_record(self, *, id: str) -> DescribeRecordOutput:
        """``DescribeRecord``, every record output merged."""
        ...

    async def describe_provisioned_product(
        self, *, id: str | None = None, name: str | None = None
    ) -> DescribeProvisionedProductOutput:
        """``DescribeProvisionedProduct`` by id or by name."""
        ...

    def scan_provisioned_products(
        self, *, access_level_filter: AccessLevelFilter | None = None
    ) -> AsyncPageIterator[ProvisionedProductDetail, ScanProvisionedProductsOutput]:
        """``ScanProvisionedProducts``, every page."""
        ...

    def list_record_history(
        self,
        *,
        access_level_filter: AccessLevelFilter | None = None,
        search_filter: ListRecordHistorySearchFilter | None = None,
        page_size: int | None = None,
    ) -> AsyncPageIterator[RecordDetail, ListRecordHistoryOutput]:
        """``ListRecordHistory``: the history the record and product waits time their polls by."""
        ...

    async def describe_product_as_admin(
        self, *, id: str | None = None
    ) -> DescribeProductAsAdminOutput:
        """``DescribeProductAsAdmin`` by product id."""
        ...

    async def describe_provisioning_artifact(
        self, *, provisioning_artifact_id: str | None = None, product_id: str | None = None
    ) -> DescribeProvisioningArtifactOutput:
        """``DescribeProvisioningArtifact`` by product and artifact id."""
        ...

    async def describe_copy_product_status(
        self, *, copy_product_token: str
    ) -> DescribeCopyProductStatusOutput:
        """``DescribeCopyProductStatus``."""
        ...

    async def describe_provisioned_product_plan(
        self, *, plan_id: str
    ) -> DescribeProvisionedProductPlanOutput:
        """``DescribeProvisionedProductPlan``, every page of resource changes merged."""
        ...

    async def describe_portfolio_share_status(
        self, *, portfolio_share_token: str
    ) -> DescribePortfolioShareStatusOutput:
        """``DescribePortfolioShareStatus``."""
        ...

    async def get_aws_organizations_access_status(self) -> GetAWSOrganizationsAccessStatusOutput:
        """``GetAWSOrganizationsAccessStatus``."""
        ...
