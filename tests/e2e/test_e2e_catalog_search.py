"""SearchProducts and SearchProductsAsAdmin through the SDK: filters, sorting, lazy paging."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from servicecatalog_sdk import ResourceNotFoundError, ServiceCatalogClient
from servicecatalog_sdk.models import (
    ProductType,
    ProductViewDetail,
    ProductViewFilterBy,
    ProductViewSortBy,
    ProductViewSummary,
    ProvisioningArtifactProperties,
    ProvisioningArtifactType,
    SearchProductsAsAdminOutput,
    SearchProductsOutput,
    SortOrder,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .e2e_helpers import BUCKET_TEMPLATE_V2, create_bucket_product

#: (name, owner), in creation order: seven products, so a page size of 3 makes 3 pages.
CATALOG = [
    ("gamma", "ops"),
    ("alpha", "dev"),
    ("epsilon", "ops"),
    ("delta", "dev"),
    ("beta", "ops"),
    ("zeta", "dev"),
    ("eta", "ops"),
]


def _name(item: ProductViewDetail | ProductViewSummary) -> str | None:
    summary = item.product_view_summary if isinstance(item, ProductViewDetail) else item
    assert summary is not None
    return summary.name


@pytest.fixture
def catalog(emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient) -> dict[str, str]:
    """Seven CloudFormation products (beta has two versions) and one Marketplace product."""
    ids: dict[str, str] = {}
    for name, owner in CATALOG:
        product = create_bucket_product(
            emulator, sc, name=name, owner=owner, description=f"{name} database"
        )
        ids[name] = product.product_id
    sc.create_provisioning_artifact(
        product_id=ids["beta"],
        parameters=ProvisioningArtifactProperties(
            name="v2", info={"LoadTemplateFromURL": emulator.upload_template(BUCKET_TEMPLATE_V2)}
        ),
    )
    market = sc.create_product(
        name="appliance",
        owner="vendor",
        product_type=ProductType.MARKETPLACE,
        distributor="Acme",
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="ami", type=ProvisioningArtifactType.MARKETPLACE_AMI
        ),
    )
    assert market.product_view_detail is not None
    assert market.product_view_detail.product_view_summary is not None
    assert market.product_view_detail.product_view_summary.type is ProductType.MARKETPLACE
    assert market.provisioning_artifact_detail is not None
    assert market.provisioning_artifact_detail.type is ProvisioningArtifactType.MARKETPLACE_AMI
    assert market.product_view_detail.product_view_summary.product_id is not None
    ids["appliance"] = market.product_view_detail.product_view_summary.product_id
    return ids


def test_search_products_as_admin_pages_lazily_across_three_pages(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient, catalog: dict[str, str]
) -> None:
    cfn_only = {ProductViewFilterBy.PRODUCT_TYPE: ["CLOUD_FORMATION_TEMPLATE"]}
    before = emulator.calls["SearchProductsAsAdmin"]
    results = sc.search_products_as_admin(
        filters=cfn_only, sort_by=ProductViewSortBy.TITLE, page_size=3
    )
    assert emulator.calls["SearchProductsAsAdmin"] == before  # nothing sent yet: lazy

    pages = list(results.pages())
    assert emulator.calls["SearchProductsAsAdmin"] == before + 3
    assert all(isinstance(p, SearchProductsAsAdminOutput) for p in pages)
    assert [[_name(d) for d in p.product_view_details] for p in pages] == [
        ["alpha", "beta", "delta"],
        ["epsilon", "eta", "gamma"],
        ["zeta"],
    ]
    assert [p.next_page_token is not None for p in pages] == [True, True, False]

    # Iterating the same object starts again from the first page and yields typed items.
    items = list(results)
    assert all(isinstance(d, ProductViewDetail) for d in items)
    assert [_name(d) for d in items] == sorted(name for name, _ in CATALOG)
    assert emulator.calls["SearchProductsAsAdmin"] == before + 6

    # The first item costs one request; max_items stops paging early.
    assert _name(results.first() or ProductViewSummary()) == "alpha"
    assert emulator.calls["SearchProductsAsAdmin"] == before + 7
    four = list(
        sc.search_products_as_admin(
            filters=cfn_only, sort_by=ProductViewSortBy.TITLE, page_size=3, max_items=4
        )
    )
    assert [_name(d) for d in four] == ["alpha", "beta", "delta", "epsilon"]
    assert emulator.calls["SearchProductsAsAdmin"] == before + 9


def test_search_products_as_admin_filters_and_sorts(
    sc: ServiceCatalogClient, catalog: dict[str, str]
) -> None:
    def names(
        filters: dict[ProductViewFilterBy, list[str]] | None = None,
        sort_by: ProductViewSortBy | None = None,
        sort_order: SortOrder | None = None,
    ) -> list[str | None]:
        found = sc.search_products_as_admin(
            filters=filters, sort_by=sort_by, sort_order=sort_order, page_size=2
        )
        return [_name(d) for d in found]

    # No sort order given: the SDK asks for creation order, so offsets are stable.
    assert names() == [name for name, _ in CATALOG] + ["appliance"]
    assert names({ProductViewFilterBy.OWNER: ["dev"]}, ProductViewSortBy.TITLE) == [
        "alpha",
        "delta",
        "zeta",
    ]
    assert names(
        {ProductViewFilterBy.OWNER: ["ops"]}, ProductViewSortBy.TITLE, SortOrder.DESCENDING
    ) == ["gamma", "eta", "epsilon", "beta"]
    assert names({ProductViewFilterBy.FULL_TEXT_SEARCH: ["ALPHA"]}) == ["alpha"]
    assert names({ProductViewFilterBy.FULL_TEXT_SEARCH: ["acme"]}) == ["appliance"]
    assert names(
        {ProductViewFilterBy.FULL_TEXT_SEARCH: ["database"], ProductViewFilterBy.OWNER: ["dev"]}
    ) == ["alpha", "delta", "zeta"]
    assert names({ProductViewFilterBy.PRODUCT_TYPE: ["MARKETPLACE"]}) == ["appliance"]
    assert names({ProductViewFilterBy.SOURCE_PRODUCT_ID: [catalog["alpha"]]}) == []
    by_versions = names(sort_by=ProductViewSortBy.VERSION_COUNT, sort_order=SortOrder.DESCENDING)
    assert by_versions[0] == "beta"
    with pytest.raises(ResourceNotFoundError, match="port-0000000000000"):
        list(sc.search_products_as_admin(portfolio_id="port-0000000000000"))


def test_search_products_filters_sorts_and_pages(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient, catalog: dict[str, str]
) -> None:
    pages: Iterator[SearchProductsOutput] = sc.search_products(
        filters={ProductViewFilterBy.OWNER: ["ops"]},
        sort_by=ProductViewSortBy.TITLE,
        sort_order=SortOrder.DESCENDING,
        page_size=1,
    ).pages()
    by_page = [[_name(s) for s in page.product_view_summaries] for page in pages]
    assert by_page == [["gamma"], ["eta"], ["epsilon"], ["beta"]]
    summaries = list(sc.search_products(filters={ProductViewFilterBy.FULL_TEXT_SEARCH: ["eta"]}))
    assert all(isinstance(s, ProductViewSummary) for s in summaries)
    # "eta" is in beta, zeta and eta; creation order by default.
    assert [(s.name, s.product_id) for s in summaries] == [
        ("beta", catalog["beta"]),
        ("zeta", catalog["zeta"]),
        ("eta", catalog["eta"]),
    ]
