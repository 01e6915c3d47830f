"""The operations plain moto implements, through ServiceCatalogClient (no emulator)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import moto
import pytest

from servicecatalog_sdk import ServiceCatalogClient, errors
from servicecatalog_sdk.models import (
    CreatePortfolioOutput,
    CreateProductOutput,
    DescribePortfolioOutput,
    DescribeProductOutput,
    PortfolioDetail,
    ProductType,
    ProvisioningArtifactProperties,
    ProvisioningArtifactType,
    Status,
    Tag,
)
from tests.client.client_helpers import assert_uuid


@pytest.fixture
def sc(monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceCatalogClient]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with moto.mock_aws():
        yield ServiceCatalogClient(
            boto3.client("servicecatalog", region_name="us-east-1"), strict=True
        )


def create_product(sc: ServiceCatalogClient, **extra: Any) -> CreateProductOutput:
    # ``**extra`` could hold ``wait=True``, so mypy cannot pick an overload: say which.
    out: CreateProductOutput = sc.create_product(
        name="orders-db",
        owner="platform",
        product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
        description="Orders database",
        tags={"team": "orders"},
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1",
            info={"LoadTemplateFromURL": "https://s3.amazonaws.com/templates/orders-db.json"},
            type=ProvisioningArtifactType.CLOUD_FORMATION_TEMPLATE,
        ),
        **extra,
    )
    return out


def test_create_then_describe_product_round_trips_through_moto(sc: ServiceCatalogClient) -> None:
    created = create_product(sc)
    assert isinstance(created, CreateProductOutput)
    detail = created.product_view_detail
    assert detail is not None
    assert detail.status is Status.AVAILABLE
    assert detail.created_time is not None
    assert detail.created_time.tzinfo is not None
    summary = detail.product_view_summary
    assert summary is not None
    assert summary.product_id is not None
    assert summary.type is ProductType.CLOUD_FORMATION_TEMPLATE
    assert created.tags == (Tag(key="team", value="orders"),)
    assert created.response_metadata is not None
    assert created.response_metadata.http_status_code == 200
    assert_uuid(created.response_metadata.idempotency_token)

    described = sc.describe_product(id=summary.product_id)
    assert isinstance(described, DescribeProductOutput)
    assert described.product_view_summary == summary
    assert isinstance(described.provisioning_artifacts, tuple)


def test_repeating_create_product_with_the_token_read_back_creates_nothing_new(
    sc: ServiceCatalogClient,
) -> None:
    # A deployment script that lost the first response repeats the call with the
    # token it can read from the result (moto honours IdempotencyToken).
    first = create_product(sc)
    assert first.response_metadata is not None
    token = first.response_metadata.idempotency_token
    assert token is not None
    again = create_product(sc, idempotency_token=token)
    assert again.product_view_detail == first.product_view_detail
    other = create_product(sc)
    assert other.product_view_detail != first.product_view_detail


def test_describe_product_of_an_unknown_id_raises_resource_not_found(
    sc: ServiceCatalogClient,
) -> None:
    with pytest.raises(errors.ResourceNotFoundError) as caught:
        sc.describe_product(id="prod-doesnotexist")
    assert caught.value.operation == "DescribeProduct"
    assert caught.value.http_status == 400
    assert caught.value.request_id


def test_create_describe_and_list_portfolios_through_moto(sc: ServiceCatalogClient) -> None:
    created = sc.create_portfolio(
        display_name="Databases",
        provider_name="platform",
        description="Managed databases",
        tags={"team": "orders"},
    )
    assert isinstance(created, CreatePortfolioOutput)
    portfolio = created.portfolio_detail
    assert isinstance(portfolio, PortfolioDetail)
    assert portfolio.id is not None
    assert (portfolio.display_name, portfolio.provider_name) == ("Databases", "platform")
    assert created.response_metadata is not None
    assert_uuid(created.response_metadata.idempotency_token)

    described = sc.describe_portfolio(id=portfolio.id)
    assert isinstance(described, DescribePortfolioOutput)
    assert described.portfolio_detail == portfolio
    assert described.tags == (Tag(key="team", value="orders"),)

    sc.create_portfolio(display_name="Queues", provider_name="platform")
    listed = list(sc.list_portfolios())
    assert all(isinstance(p, PortfolioDetail) for p in listed)
    assert sorted(p.display_name or "" for p in listed) == ["Databases", "Queues"]
