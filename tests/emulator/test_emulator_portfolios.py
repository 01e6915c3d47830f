"""Portfolios, their products and principals, through plain boto3."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product
from .test_emulator_shapes import _problems

_PORTFOLIO_ID = re.compile(r"^port-[a-z0-9]{13}$")


def _code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = caught.value.response["Error"]["Code"]
    return code


def _portfolio(sc: Any, name: str = "Platform", **extra: Any) -> str:
    out = sc.create_portfolio(DisplayName=name, ProviderName="platform-team", **extra)
    portfolio_id: str = out["PortfolioDetail"]["Id"]
    return portfolio_id


def check_shapes(sc: Any) -> dict[str, int]:
    """Check every 200 answer of ``sc`` against botocore's output shape; count them by operation."""
    counts: dict[str, int] = {}

    def capture(operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
        if response_dict["status_code"] == 200:
            body = json.loads(response_dict["body"] or b"{}")
            problems = _problems(operation_model.output_shape, body, "$")
            assert problems == [], f"{operation_model.name}: {problems}"
            counts[operation_model.name] = counts.get(operation_model.name, 0) + 1

    sc.meta.events.register("before-parse.service-catalog", capture)
    return counts


def test_create_describe_update_delete(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    seen = check_shapes(sc)
    created = sc.create_portfolio(
        DisplayName="Platform",
        ProviderName="platform-team",
        Description="Shared building blocks",
        Tags=[{"Key": "team", "Value": "platform"}],
    )
    detail = created["PortfolioDetail"]
    assert _PORTFOLIO_ID.match(detail["Id"])
    assert detail["ARN"] == f"arn:aws:catalog:us-east-1:123456789012:portfolio/{detail['Id']}"
    assert created["Tags"] == [{"Key": "team", "Value": "platform"}]

    described = sc.describe_portfolio(Id=detail["Id"])
    assert described["PortfolioDetail"]["DisplayName"] == "Platform"
    assert described["PortfolioDetail"]["Description"] == "Shared building blocks"
    assert described["TagOptions"] == []
    assert described["Budgets"] == []

    updated = sc.update_portfolio(
        Id=detail["Id"],
        DisplayName="Platform v2",
        AddTags=[{"Key": "cost-center", "Value": "42"}],
        RemoveTags=["team"],
    )
    assert updated["PortfolioDetail"]["DisplayName"] == "Platform v2"
    assert updated["PortfolioDetail"]["ProviderName"] == "platform-team"
    assert updated["Tags"] == [{"Key": "cost-center", "Value": "42"}]

    sc.delete_portfolio(Id=detail["Id"])
    with pytest.raises(ClientError) as caught:
        sc.describe_portfolio(Id=detail["Id"])
    assert _code(caught) == "ResourceNotFoundException"
    assert set(seen) == {
        "CreatePortfolio",
        "DescribePortfolio",
        "UpdatePortfolio",
        "DeletePortfolio",
    }


def test_create_portfolio_is_idempotent_and_validated(sc: Any) -> None:
    first = _portfolio(sc, IdempotencyToken="same-token")
    assert _portfolio(sc, IdempotencyToken="same-token") == first
    assert len(sc.list_portfolios()["PortfolioDetails"]) == 1
    for bad in ({"DisplayName": "x" * 101}, {"ProviderName": "p" * 51}):
        with pytest.raises(ClientError) as caught:
            sc.create_portfolio(**{"DisplayName": "ok", "ProviderName": "ok", **bad})
        assert _code(caught) == "InvalidParametersException"
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(21)]
    with pytest.raises(ClientError) as caught:
        sc.update_portfolio(Id=first, AddTags=too_many)
    assert _code(caught) == "LimitExceededException"


def test_list_portfolios_pages(sc: Any) -> None:
    seen = check_shapes(sc)
    ids = [_portfolio(sc, f"P{i}") for i in range(3)]
    first = sc.list_portfolios(PageSize=2)
    assert [p["Id"] for p in first["PortfolioDetails"]] == ids[:2]
    rest = sc.list_portfolios(PageSize=2, PageToken=first["NextPageToken"])
    assert [p["Id"] for p in rest["PortfolioDetails"]] == ids[2:]
    assert "NextPageToken" not in rest
    assert seen["ListPortfolios"] == 2


def test_product_associations(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    seen = check_shapes(sc)
    product_id, _ = create_product(emulator, grant=False)
    other_id, _ = create_product(emulator, name="other-product", grant=False)
    first, second = _portfolio(sc, "First"), _portfolio(sc, "Second")
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=first)
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=first)  # no-op
    sc.associate_product_with_portfolio(
        ProductId=product_id, PortfolioId=second, SourcePortfolioId=first
    )
    listed = sc.list_portfolios_for_product(ProductId=product_id)["PortfolioDetails"]
    assert [p["Id"] for p in listed] == [first, second]
    admin = sc.search_products_as_admin(PortfolioId=first)["ProductViewDetails"]
    assert [p["ProductViewSummary"]["ProductId"] for p in admin] == [product_id]
    assert len(sc.search_products_as_admin()["ProductViewDetails"]) == 2
    assert sc.describe_product_as_admin(Id=product_id)["ProductViewDetail"]["Status"] == "AVAILABLE"

    with pytest.raises(ClientError) as caught:
        sc.associate_product_with_portfolio(
            ProductId=other_id, PortfolioId=second, SourcePortfolioId=first
        )
    assert _code(caught) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as caught:
        sc.delete_product(Id=product_id)
    assert _code(caught) == "ResourceInUseException"
    with pytest.raises(ClientError) as caught:
        sc.delete_portfolio(Id=first)
    assert _code(caught) == "ResourceInUseException"

    sc.disassociate_product_from_portfolio(ProductId=product_id, PortfolioId=first)
    listed = sc.list_portfolios_for_product(ProductId=product_id)["PortfolioDetails"]
    assert [p["Id"] for p in listed] == [second]
    assert sc.search_products_as_admin(PortfolioId=first)["ProductViewDetails"] == []
    with pytest.raises(ClientError) as caught:
        sc.disassociate_product_from_portfolio(ProductId=product_id, PortfolioId=first)
    assert _code(caught) == "ResourceNotFoundException"
    sc.delete_portfolio(Id=first)
    assert seen["AssociateProductWithPortfolio"] == 3


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("associate_product_with_portfolio", {"ProductId": "prod-nope", "PortfolioId": "P"}),
        ("associate_product_with_portfolio", {"ProductId": "P", "PortfolioId": "port-nope"}),
        ("list_portfolios_for_product", {"ProductId": "prod-nope"}),
        ("search_products_as_admin", {"PortfolioId": "port-nope"}),
        ("describe_portfolio", {"Id": "port-nope"}),
        ("update_portfolio", {"Id": "port-nope"}),
        ("delete_portfolio", {"Id": "port-nope"}),
        ("list_principals_for_portfolio", {"PortfolioId": "port-nope"}),
    ],
)
def test_unknown_ids_are_not_found(
    emulator: ServiceCatalogEmulator, sc: Any, operation: str, params: dict[str, str]
) -> None:
    product_id, _ = create_product(emulator)
    portfolio_id = _portfolio(sc)
    filled = {
        k: {"P": product_id if k == "ProductId" else portfolio_id}.get(v, v)
        for k, v in params.items()
    }
    with pytest.raises(ClientError) as caught:
        getattr(sc, operation)(**filled)
    assert _code(caught) == "ResourceNotFoundException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_principals(sc: Any) -> None:
    seen = check_shapes(sc)
    portfolio_id = _portfolio(sc)
    role = "arn:aws:iam::123456789012:role/path/Deployer"
    pattern = "arn:aws:iam:::role/*/Deploy_?"
    sc.associate_principal_with_portfolio(
        PortfolioId=portfolio_id, PrincipalARN=role, PrincipalType="IAM"
    )
    sc.associate_principal_with_portfolio(
        PortfolioId=portfolio_id, PrincipalARN=pattern, PrincipalType="IAM_PATTERN"
    )
    sc.associate_principal_with_portfolio(  # again: no second entry
        PortfolioId=portfolio_id, PrincipalARN=role, PrincipalType="IAM"
    )
    listed = sc.list_principals_for_portfolio(PortfolioId=portfolio_id)["Principals"]
    assert listed == [
        {"PrincipalARN": role, "PrincipalType": "IAM"},
        {"PrincipalARN": pattern, "PrincipalType": "IAM_PATTERN"},
    ]
    with pytest.raises(ClientError) as caught:
        sc.delete_portfolio(Id=portfolio_id)
    assert _code(caught) == "ResourceInUseException"
    # The type must match the association's; IAM is assumed when it is left out.
    with pytest.raises(ClientError) as caught:
        sc.disassociate_principal_from_portfolio(PortfolioId=portfolio_id, PrincipalARN=pattern)
    assert _code(caught) == "ResourceNotFoundException"
    sc.disassociate_principal_from_portfolio(PortfolioId=portfolio_id, PrincipalARN=role)
    sc.disassociate_principal_from_portfolio(
        PortfolioId=portfolio_id, PrincipalARN=pattern, PrincipalType="IAM_PATTERN"
    )
    assert sc.list_principals_for_portfolio(PortfolioId=portfolio_id)["Principals"] == []
    sc.delete_portfolio(Id=portfolio_id)
    assert seen["ListPrincipalsForPortfolio"] == 2


@pytest.mark.parametrize(
    ("arn", "kind"),
    [
        ("arn:aws:iam:::role/Deployer", "IAM"),  # IAM needs the account
        ("arn:aws:iam::123456789012:role/Deploy*", "IAM"),  # no wildcards for IAM
        ("arn:aws:iam::123456789012:policy/Deployer", "IAM"),  # not a principal
        ("arn:aws:s3:::bucket/key", "IAM"),
        ("Deployer", "IAM"),
        ("arn:aws:iam::123456789012:role/Deployer", "IAM_PATTERN"),  # patterns omit the account
        ("arn:aws:iam:::*/Deployer", "IAM_PATTERN"),  # wildcard in the resource type
        ("arn:aws:iam:::role/", "IAM_PATTERN"),
    ],
)
def test_principal_arns_are_validated(sc: Any, arn: str, kind: str) -> None:
    portfolio_id = _portfolio(sc)
    with pytest.raises(ClientError) as caught:
        sc.associate_principal_with_portfolio(
            PortfolioId=portfolio_id, PrincipalARN=arn, PrincipalType=kind
        )
    assert _code(caught) == "InvalidParametersException"


def test_at_most_ten_patterns(sc: Any) -> None:
    portfolio_id = _portfolio(sc)
    for i in range(10):
        sc.associate_principal_with_portfolio(
            PortfolioId=portfolio_id,
            PrincipalARN=f"arn:aws:iam:::role/team{i}/*",
            PrincipalType="IAM_PATTERN",
        )
    with pytest.raises(ClientError) as caught:
        sc.associate_principal_with_portfolio(
            PortfolioId=portfolio_id,
            PrincipalARN="arn:aws:iam:::role/eleventh/*",
            PrincipalType="IAM_PATTERN",
        )
    assert _code(caught) == "LimitExceededException"
    # Fully qualified principals do not count against the limit.
    sc.associate_principal_with_portfolio(
        PortfolioId=portfolio_id,
        PrincipalARN="arn:aws:iam::123456789012:user/alice",
        PrincipalType="IAM",
    )


def test_a_shared_portfolio_cannot_be_deleted_until_the_share_is(sc: Any) -> None:
    portfolio_id = _portfolio(sc)
    sc.create_portfolio_share(PortfolioId=portfolio_id, AccountId="222222222222")
    with pytest.raises(ClientError) as caught:
        sc.delete_portfolio(Id=portfolio_id)
    assert _code(caught) == "ResourceInUseException"
    assert "shares" in caught.value.response["Error"]["Message"]
    sc.delete_portfolio_share(PortfolioId=portfolio_id, AccountId="222222222222")
    sc.delete_portfolio(Id=portfolio_id)
    assert sc.list_portfolios()["PortfolioDetails"] == []
