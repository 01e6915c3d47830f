"""Checked by mypy --strict only (not collected by pytest): the asyncio client's types.

Awaited results, ``async for`` items and ``wait=True`` overloads must type as the
sync client's do; an ``Any`` creeping in fails ``assert_type``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from typing_extensions import assert_type

if TYPE_CHECKING:
    from servicecatalog_sdk import AsyncServiceCatalogClient, Page
    from servicecatalog_sdk.models import (
        DescribePortfolioShareStatusOutput,
        DescribeProductAsAdminOutput,
        DescribeProvisionedProductOutput,
        DescribeRecordOutput,
        ListPortfoliosOutput,
        PortfolioDetail,
        ProvisionedProductDetail,
        ProvisionedProductStatus,
        ProvisionProductOutput,
        RecordDetail,
        RecordStatus,
    )


async def user_code(sc: AsyncServiceCatalogClient) -> None:
    out = await sc.describe_provisioned_product(id="pp-1234567890abc")
    assert_type(out, DescribeProvisionedProductOutput)
    detail = out.provisioned_product_detail
    if detail is not None:
        assert_type(detail.status, ProvisionedProductStatus | None)

    async for record in sc.list_record_history():
        assert_type(record, RecordDetail)
        assert_type(record.status, RecordStatus | None)
    async for portfolios in sc.list_portfolios(page_size=20).pages():
        assert_type(portfolios, ListPortfoliosOutput)
    async for page in sc.list_portfolios().by_page():
        assert_type(page, Page[PortfolioDetail, ListPortfoliosOutput])
    assert_type(await sc.scan_provisioned_products().first(), ProvisionedProductDetail | None)

    started = await sc.provision_product(
        product_id="prod-1", provisioning_artifact_id="pa-1", provisioned_product_name="web"
    )
    assert_type(started, ProvisionProductOutput)
    done = await sc.provision_product(
        product_id="prod-1",
        provisioning_artifact_id="pa-1",
        provisioned_product_name="web",
        wait=True,
    )
    assert_type(done, DescribeRecordOutput)
    assert_type(await sc.wait_for_record("rec-1", timeout=1800), DescribeRecordOutput)
    assert_type(await sc.wait_for_termination(id="pp-1"), None)
    assert_type(await sc.wait_for_product(id="prod-1"), DescribeProductAsAdminOutput)
    fleet = await sc.wait_for_provisioned_products(["pp-1", "pp-2"])
    assert_type(fleet, Mapping[str, ProvisionedProductDetail])
    share = await sc.create_portfolio_share(portfolio_id="port-1", account_id="1", wait=True)
    assert_type(share, DescribePortfolioShareStatusOutput | None)


async def open_and_close() -> None:
    from servicecatalog_sdk.aio import AsyncServiceCatalogClient

    async with AsyncServiceCatalogClient.from_session(region_name="eu-west-1") as sc:
        assert_type(sc, AsyncServiceCatalogClient)
    await sc.aclose()
