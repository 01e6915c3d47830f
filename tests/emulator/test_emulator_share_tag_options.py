"""A portfolio share's ShareTagOptions decides whether the other account sees its TagOptions."""

from __future__ import annotations

from typing import Any

import pytest

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product, grant_caller

B = "222222222222"


def _shared(emulator: ServiceCatalogEmulator, sc: Any, *, share_tag_options: bool) -> Any:
    """Share a portfolio holding a product and a TagOption with B; return B's client."""
    product_id, _ = create_product(emulator, grant=False)
    portfolio_id = sc.create_portfolio(DisplayName="Shared", ProviderName="platform")[
        "PortfolioDetail"
    ]["Id"]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    option = sc.create_tag_option(Key="cost-center", Value="cc-7")["TagOptionDetail"]["Id"]
    sc.associate_tag_option_with_resource(ResourceId=portfolio_id, TagOptionId=option)
    sc.create_portfolio_share(
        PortfolioId=portfolio_id, AccountId=B, ShareTagOptions=share_tag_options
    )
    other = emulator.boto3_client(account_id=B)
    other.accept_portfolio_share(PortfolioId=portfolio_id)
    grant_caller(other, portfolio_id, emulator.caller_arn(B))  # B grants its own user
    return other, product_id, portfolio_id


@pytest.mark.parametrize("share_tag_options", [True, False])
def test_the_other_account_sees_and_gets_the_tag_options_only_when_shared(
    emulator: ServiceCatalogEmulator, sc: Any, share_tag_options: bool
) -> None:
    other, product_id, portfolio_id = _shared(emulator, sc, share_tag_options=share_tag_options)
    expected = [("cost-center", "cc-7")] if share_tag_options else []

    described = other.describe_portfolio(Id=portfolio_id)["TagOptions"]
    assert [(o["Key"], o["Value"]) for o in described] == expected
    (path,) = other.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert [(t["Key"], t["Value"]) for t in path["Tags"]] == expected
    artifact_id = other.describe_product(Id=product_id)["ProvisioningArtifacts"][0]["Id"]
    parameters = other.describe_provisioning_parameters(
        ProductId=product_id, ProvisioningArtifactId=artifact_id, PathId=path["Id"]
    )
    assert [(o["Key"], o["Values"][0]) for o in parameters["TagOptions"]] == expected

    record = other.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        PathId=path["Id"],
        ProvisionedProductName="other-orders",
        ProvisioningParameters=[{"Key": "BucketName", "Value": "other-orders-bucket"}],
    )["RecordDetail"]
    # A TagOption key with one value is applied at launch, as AWS does.
    assert [(t["Key"], t["Value"]) for t in record["RecordTags"]] == expected


def test_turning_tag_option_sharing_off_hides_them_again(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    other, product_id, portfolio_id = _shared(emulator, sc, share_tag_options=True)
    sc.update_portfolio_share(PortfolioId=portfolio_id, AccountId=B, ShareTagOptions=False)
    assert other.describe_portfolio(Id=portfolio_id)["TagOptions"] == []
    (path,) = other.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert path["Tags"] == []
