"""The seed's product operations through botocore's Stubber: exact request, typed result."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from botocore.stub import ANY, Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.models import (
    BudgetDetail,
    CreateProductOutput,
    DescribeProductAsAdminOutput,
    DescribeProductOutput,
    DescribeProductViewOutput,
    LaunchPath,
    ProductType,
    ProductViewDetail,
    ProductViewFilterBy,
    ProductViewSortBy,
    ProductViewSummary,
    ProvisioningArtifactGuidance,
    ProvisioningArtifactProperties,
    ProvisioningArtifactSummary,
    ProvisioningArtifactType,
    SearchProductsAsAdminOutput,
    SearchProductsOutput,
    SortOrder,
    Status,
    Tag,
    UpdateProductOutput,
)
from tests.client.client_helpers import NAIVE_WHEN, WHEN, SentCalls, assert_plain_wire, assert_uuid

SUMMARY = {
    "Id": "prodview-abc",
    "ProductId": "prod-abc",
    "Name": "orders-db",
    "Owner": "platform",
    "ShortDescription": "Orders database",
    "Type": "MARKETPLACE",
    "HasDefaultPath": False,
}
VIEW_DETAIL = {
    "ProductViewSummary": SUMMARY,
    "Status": "AVAILABLE",
    "ProductARN": "arn:aws:catalog:us-east-1:123456789012:product/prod-abc",
    "CreatedTime": NAIVE_WHEN,
}


def assert_summary(summary: ProductViewSummary | None) -> None:
    assert isinstance(summary, ProductViewSummary)
    assert (summary.id, summary.product_id, summary.name) == (
        "prodview-abc",
        "prod-abc",
        "orders-db",
    )
    assert summary.type is ProductType.MARKETPLACE
    assert summary.has_default_path is False


def assert_view_detail(detail: ProductViewDetail | None) -> None:
    assert isinstance(detail, ProductViewDetail)
    assert_summary(detail.product_view_summary)
    assert detail.status is Status.AVAILABLE
    assert detail.product_arn == VIEW_DETAIL["ProductARN"]
    assert detail.created_time == WHEN
    assert detail.created_time.tzinfo is not None


def test_create_product_sends_wire_names_enum_values_tag_mapping_and_a_generated_token(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    stubber.add_response(
        "create_product",
        {
            "ProductViewDetail": {**VIEW_DETAIL, "Status": "CREATING"},
            "ProvisioningArtifactDetail": {
                "Id": "pa-abc",
                "Name": "v1",
                "Type": "MARKETPLACE_AMI",
                "CreatedTime": NAIVE_WHEN,
                "Active": True,
                "Guidance": "DEFAULT",
            },
            "Tags": [{"Key": "team", "Value": "orders"}],
        },
        {
            "Name": "orders-db",
            "Owner": "platform",
            "ProductType": "MARKETPLACE",
            "Description": "Orders database",
            "SupportEmail": "ops@example.com",
            "Tags": [{"Key": "team", "Value": "orders"}, {"Key": "cost-center", "Value": "42"}],
            "ProvisioningArtifactParameters": {
                "Name": "v1",
                "Description": "first version",
                "Info": {"ProductCodes": "abc123"},
                "Type": "MARKETPLACE_AMI",
                "DisableTemplateValidation": True,
            },
            "IdempotencyToken": ANY,
        },
    )
    out = sc.create_product(
        name="orders-db",
        owner="platform",
        product_type=ProductType.MARKETPLACE,
        description="Orders database",
        support_email="ops@example.com",
        tags={"team": "orders", "cost-center": "42"},
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1",
            description="first version",
            info={"ProductCodes": "abc123"},
            type=ProvisioningArtifactType.MARKETPLACE_AMI,
            disable_template_validation=True,
        ),
    )
    assert isinstance(out, CreateProductOutput)
    assert out.product_view_detail is not None
    assert out.product_view_detail.status is Status.CREATING
    assert_summary(out.product_view_detail.product_view_summary)
    artifact = out.provisioning_artifact_detail
    assert artifact is not None
    assert artifact.type is ProvisioningArtifactType.MARKETPLACE_AMI
    assert artifact.guidance is ProvisioningArtifactGuidance.DEFAULT
    assert artifact.active is True
    assert artifact.created_time == WHEN
    assert out.tags == (Tag(key="team", value="orders"),)
    # The token the SDK made is the one it sent, and the caller can read it back.
    [(operation, params)] = sent
    assert operation == "CreateProduct"
    assert_plain_wire(params)
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == assert_uuid(params["IdempotencyToken"])


def test_create_product_sends_a_caller_given_idempotency_token_unchanged(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "create_product",
        {"ProductViewDetail": VIEW_DETAIL},
        {
            "Name": "orders-db",
            "Owner": "platform",
            "ProductType": "CLOUD_FORMATION_TEMPLATE",
            "IdempotencyToken": "my-token-1",
        },
    )
    out = sc.create_product(
        name="orders-db",
        owner="platform",
        product_type="CLOUD_FORMATION_TEMPLATE",
        idempotency_token="my-token-1",
    )
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == "my-token-1"


def test_describe_product_by_id_returns_typed_artifacts_launch_paths_and_budgets(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "describe_product",
        {
            "ProductViewSummary": SUMMARY,
            "ProvisioningArtifacts": [
                {"Id": "pa-1", "Name": "v1", "CreatedTime": NAIVE_WHEN, "Guidance": "DEPRECATED"},
                {"Id": "pa-2", "Name": "v2", "CreatedTime": NAIVE_WHEN, "Guidance": "DEFAULT"},
            ],
            "Budgets": [{"BudgetName": "orders-budget"}],
            "LaunchPaths": [{"Id": "lpv3-abc", "Name": "Databases"}],
            "ResponseMetadata": {"RequestId": "req-1", "HTTPStatusCode": 200},
        },
        {"Id": "prod-abc"},
    )
    out = sc.describe_product(id="prod-abc")
    assert isinstance(out, DescribeProductOutput)
    assert_summary(out.product_view_summary)
    assert isinstance(out.provisioning_artifacts, tuple)
    assert [a.id for a in out.provisioning_artifacts] == ["pa-1", "pa-2"]
    assert out.provisioning_artifacts[0].guidance is ProvisioningArtifactGuidance.DEPRECATED
    assert out.provisioning_artifacts[0].created_time == WHEN
    assert out.budgets == (BudgetDetail(budget_name="orders-budget"),)
    assert out.launch_paths == (LaunchPath(id="lpv3-abc", name="Databases"),)
    assert out.response_metadata is not None
    assert out.response_metadata.request_id == "req-1"
    assert out.response_metadata.idempotency_token is None


def test_describe_product_as_admin_returns_artifact_summaries_with_their_metadata_map(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "describe_product_as_admin",
        {
            "ProductViewDetail": VIEW_DETAIL,
            "ProvisioningArtifactSummaries": [
                {
                    "Id": "pa-1",
                    "Name": "v1",
                    "Description": "first version",
                    "CreatedTime": NAIVE_WHEN,
                    "ProvisioningArtifactMetadata": {
                        "ProductCodes": "abc123",
                        "SourceProvisioningArtifactId": "pa-src",
                    },
                },
                {"Id": "pa-2", "Name": "v2"},
            ],
            "Tags": [{"Key": "team", "Value": "orders"}],
            "TagOptions": [{"Key": "env", "Value": "prod", "Active": True, "Id": "tag-1"}],
        },
        {"Name": "orders-db", "SourcePortfolioId": "port-abc"},
    )
    out = sc.describe_product_as_admin(name="orders-db", source_portfolio_id="port-abc")
    assert isinstance(out, DescribeProductAsAdminOutput)
    assert_view_detail(out.product_view_detail)
    assert isinstance(out.provisioning_artifact_summaries, tuple)
    first, second = out.provisioning_artifact_summaries
    assert isinstance(first, ProvisioningArtifactSummary)
    assert (first.id, first.name, first.description) == ("pa-1", "v1", "first version")
    assert first.created_time == WHEN
    metadata = first.provisioning_artifact_metadata
    assert isinstance(metadata, Mapping)
    assert dict(metadata) == {"ProductCodes": "abc123", "SourceProvisioningArtifactId": "pa-src"}
    with pytest.raises(TypeError):
        metadata["ProductCodes"] = "changed"  # type: ignore[index]
    # Absent map: empty, never None.
    assert dict(second.provisioning_artifact_metadata) == {}
    assert out.tags == (Tag(key="team", value="orders"),)
    assert out.tag_options[0].active is True
    assert out.budgets == ()


def test_describe_product_view_returns_the_summary_and_artifacts(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "describe_product_view",
        {
            "ProductViewSummary": SUMMARY,
            "ProvisioningArtifacts": [{"Id": "pa-1", "Name": "v1", "CreatedTime": NAIVE_WHEN}],
        },
        {"Id": "prodview-abc"},
    )
    out = sc.describe_product_view(id="prodview-abc")
    assert isinstance(out, DescribeProductViewOutput)
    assert_summary(out.product_view_summary)
    assert [(a.id, a.created_time) for a in out.provisioning_artifacts] == [("pa-1", WHEN)]


def test_search_products_sends_filter_values_and_default_sort_and_follows_pages(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    request = {
        "Filters": {"FullTextSearch": ["orders"], "Owner": ["platform"]},
        "PageSize": 1,
        "SortBy": "CreationDate",
    }
    stubber.add_response(
        "search_products",
        {
            "ProductViewSummaries": [SUMMARY],
            "ProductViewAggregations": {"Owner": [{"Value": "platform", "ApproximateCount": 2}]},
            "NextPageToken": "1",
        },
        request,
    )
    stubber.add_response(
        "search_products",
        {"ProductViewSummaries": [{**SUMMARY, "Id": "prodview-def", "Name": "orders-cache"}]},
        {**request, "PageToken": "1"},
    )
    pages = sc.search_products(
        filters={
            ProductViewFilterBy.FULL_TEXT_SEARCH: ["orders"],
            ProductViewFilterBy.OWNER: ["platform"],
        },
        page_size=1,
    ).pages()
    first = next(pages)
    assert isinstance(first, SearchProductsOutput)
    assert_summary(first.product_view_summaries[0])
    [aggregation] = first.product_view_aggregations["Owner"]
    assert (aggregation.value, aggregation.approximate_count) == ("platform", 2)
    second = next(pages)
    assert [s.name for s in second.product_view_summaries] == ["orders-cache"]
    assert next(pages, None) is None
    for _, params in sent:
        assert_plain_wire(params)


def test_search_products_keeps_the_callers_sort_order(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "search_products",
        {"ProductViewSummaries": [SUMMARY]},
        {"SortBy": "Title", "SortOrder": "DESCENDING", "AcceptLanguage": "jp"},
    )
    items = list(
        sc.search_products(
            sort_by=ProductViewSortBy.TITLE, sort_order=SortOrder.DESCENDING, accept_language="jp"
        )
    )
    assert [i.id for i in items] == ["prodview-abc"]


def test_search_products_as_admin_sends_the_source_product_id_filter(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    stubber.add_response(
        "search_products_as_admin",
        {"ProductViewDetails": [VIEW_DETAIL]},
        {
            "PortfolioId": "port-abc",
            "Filters": {"SourceProductId": ["prod-src123"]},
            "ProductSource": "ACCOUNT",
            "SortBy": "CreationDate",
        },
    )
    found = sc.search_products_as_admin(
        portfolio_id="port-abc",
        filters={ProductViewFilterBy.SOURCE_PRODUCT_ID: ["prod-src123"]},
        product_source="ACCOUNT",
    )
    [page] = list(found.pages())
    assert isinstance(page, SearchProductsAsAdminOutput)
    assert isinstance(page.product_view_details, tuple)
    assert_view_detail(page.product_view_details[0])
    [(_, params)] = sent
    assert_plain_wire(params)


def test_update_product_sends_add_tags_from_a_mapping_and_remove_tags(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "update_product",
        {"ProductViewDetail": VIEW_DETAIL, "Tags": [{"Key": "team", "Value": "payments"}]},
        {
            "Id": "prod-abc",
            "Name": "orders-db",
            "SupportUrl": "https://example.com/support",
            "AddTags": [{"Key": "team", "Value": "payments"}],
            "RemoveTags": ["cost-center"],
        },
    )
    out = sc.update_product(
        id="prod-abc",
        name="orders-db",
        support_url="https://example.com/support",
        add_tags={"team": "payments"},
        remove_tags=["cost-center"],
    )
    assert isinstance(out, UpdateProductOutput)
    assert_view_detail(out.product_view_detail)
    assert out.tags == (Tag(key="team", value="payments"),)
