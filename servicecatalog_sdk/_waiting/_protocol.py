"""What a waiter needs from a client: the three read operations it polls."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from servicecatalog_sdk.models import (
        AccessLevelFilter,
        DescribeProvisionedProductOutput,
        DescribeRecordOutput,
        ProvisionedProductDetail,
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
