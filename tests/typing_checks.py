"""Checked by mypy --strict only (not collected by pytest): the types users see.

Each ``assert_type`` fails the type check if the SDK's public types drift, e.g.
if a status became ``Any`` or a paginated method lost its item type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import assert_type

if TYPE_CHECKING:
    from servicecatalog_sdk import ServiceCatalogClient
    from servicecatalog_sdk.models import (
        DescribeProvisionedProductOutput,
        DescribeRecordOutput,
        ProvisionedProductDetail,
        ProvisionedProductStatus,
        ProvisionProductOutput,
        RecordDetail,
        RecordOutput,
        RecordStatus,
        SearchProductsOutput,
    )


def user_code(sc: ServiceCatalogClient) -> None:
    out = sc.describe_provisioned_product(id="pp-1234567890abc")
    assert_type(out, DescribeProvisionedProductOutput)
    detail = out.provisioned_product_detail
    assert_type(detail, ProvisionedProductDetail | None)
    if detail is not None:
        assert_type(detail.status, ProvisionedProductStatus | None)
        assert_type(detail.last_record_id, str | None)

    for record in sc.list_record_history():
        assert_type(record, RecordDetail)
        assert_type(record.status, RecordStatus | None)
        assert_type(record.record_errors[0].code, str | None)

    for page in sc.search_products().pages():
        assert_type(page, SearchProductsOutput)

    described = sc.describe_record(id="rec-1234567890abc")
    assert_type(described.record_outputs, tuple[RecordOutput, ...])

    started = sc.provision_product(
        product_id="prod-1",
        provisioning_artifact_id="pa-1",
        provisioned_product_name="orders-db",
        provisioning_parameters={"Size": "small"},
    )
    assert_type(started, ProvisionProductOutput)
    done = sc.provision_product(
        product_id="prod-1",
        provisioning_artifact_id="pa-1",
        provisioned_product_name="orders-db",
        wait=True,
    )
    assert_type(done, DescribeRecordOutput)


def lifecycle() -> None:
    from servicecatalog_sdk import ServiceCatalogClient

    with ServiceCatalogClient.from_session(region_name="eu-west-1") as sc:
        assert_type(sc, ServiceCatalogClient)
        assert_type(sc.is_closed, bool)
    sc.close()
