"""Launch paths: listed per portfolio, and chosen by provisioning requests."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product
from .test_emulator_portfolios import check_shapes

_PATH_ID = re.compile(r"^lpv3-[a-z0-9]{13}$")


def _code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = caught.value.response["Error"]["Code"]
    return code


def _portfolio_with(sc: Any, product_id: str, name: str, **extra: Any) -> str:
    portfolio_id: str = sc.create_portfolio(
        DisplayName=name, ProviderName="platform-team", **extra
    )["PortfolioDetail"]["Id"]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    return portfolio_id


def test_one_path_per_portfolio(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    seen = check_shapes(sc)
    product_id, _ = create_product(emulator)
    assert sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"] == []
    first = _portfolio_with(sc, product_id, "Platform", Tags=[{"Key": "team", "Value": "p"}])
    second = _portfolio_with(sc, product_id, "Sandbox")
    sc.create_constraint(
        PortfolioId=first,
        ProductId=product_id,
        Type="LAUNCH",
        Parameters='{"RoleArn": "arn:aws:iam::123456789012:role/Launch"}',
        Description="launch as Launch",
    )
    paths = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert [p["Name"] for p in paths] == ["Platform", "Sandbox"]
    assert all(_PATH_ID.match(p["Id"]) for p in paths)
    assert paths[0]["Id"] != paths[1]["Id"]
    assert paths[0]["ConstraintSummaries"] == [
        {"Type": "LAUNCH", "Description": "launch as Launch"}
    ]
    assert paths[0]["Tags"] == [{"Key": "team", "Value": "p"}]
    assert paths[1]["ConstraintSummaries"] == []
    # The same ids again, and in DescribeProduct.
    again = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert [p["Id"] for p in again] == [p["Id"] for p in paths]
    described = sc.describe_product(Id=product_id)["LaunchPaths"]
    assert described == [{"Id": p["Id"], "Name": p["Name"]} for p in paths]

    paged = sc.list_launch_paths(ProductId=product_id, PageSize=1)
    assert [p["Id"] for p in paged["LaunchPathSummaries"]] == [paths[0]["Id"]]
    assert paged["NextPageToken"]

    # Leaving the portfolio closes the path; joining again opens a new one.
    sc.disassociate_product_from_portfolio(ProductId=product_id, PortfolioId=second)
    left = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert [p["Id"] for p in left] == [paths[0]["Id"]]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=second)
    rejoined = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"][1]["Id"]
    assert rejoined != paths[1]["Id"]
    assert seen["ListLaunchPaths"] == 6


def test_unknown_product_has_no_paths(sc: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sc.list_launch_paths(ProductId="prod-aaaaaaaaaaaaa")
    assert _code(caught) == "ResourceNotFoundException"
