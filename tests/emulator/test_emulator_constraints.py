"""Constraints: create, describe, update, delete, list, and what they do to launches."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import CALLER, create_product, grant_caller, settle
from .test_emulator_portfolios import check_shapes

_LAUNCH = json.dumps({"RoleArn": "arn:aws:iam::123456789012:role/SCLaunch"})
_STACKSET = json.dumps(
    {
        "Version": "2.0",
        "Properties": {
            "AccountList": ["123456789012"],
            "RegionList": ["us-east-1"],
            "AdminRole": "arn:aws:iam::123456789012:role/Admin",
            "ExecutionRole": "Exec",
        },
    }
)
#: The demo template's Size parameter may only be "small" in this portfolio.
_SMALL_ONLY = json.dumps(
    {
        "Rules": {
            "SmallOnly": {
                "Assertions": [
                    {
                        "Assert": {"Fn::Contains": [["small"], {"Ref": "Size"}]},
                        "AssertDescription": "Only small buckets in this portfolio",
                    }
                ]
            }
        }
    }
)


def _code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = caught.value.response["Error"]["Code"]
    return code


def _setup(emulator: ServiceCatalogEmulator, sc: Any) -> tuple[str, str, str]:
    """A product in a portfolio granted to the caller: (product id, artifact id, portfolio id)."""
    product_id, v1 = create_product(emulator, grant=False)
    portfolio_id: str = sc.create_portfolio(DisplayName="Platform", ProviderName="platform")[
        "PortfolioDetail"
    ]["Id"]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    grant_caller(sc, portfolio_id)
    return product_id, v1, portfolio_id


def _constraint(sc: Any, portfolio_id: str, product_id: str, kind: str, parameters: str) -> str:
    out = sc.create_constraint(
        PortfolioId=portfolio_id, ProductId=product_id, Type=kind, Parameters=parameters
    )
    constraint_id: str = out["ConstraintDetail"]["ConstraintId"]
    return constraint_id


def test_crud(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    seen = check_shapes(sc)
    product_id, _, portfolio_id = _setup(emulator, sc)
    created = sc.create_constraint(
        PortfolioId=portfolio_id,
        ProductId=product_id,
        Type="LAUNCH",
        Parameters=_LAUNCH,
        Description="launch role",
        IdempotencyToken="once",
    )
    constraint_id = created["ConstraintDetail"]["ConstraintId"]
    assert re.match(r"^cons-[a-z0-9]{13}$", constraint_id)
    assert created["Status"] == "AVAILABLE"
    assert created["ConstraintDetail"] == {
        "ConstraintId": constraint_id,
        "Type": "LAUNCH",
        "Description": "launch role",
        "Owner": "123456789012",
        "ProductId": product_id,
        "PortfolioId": portfolio_id,
    }
    again = sc.create_constraint(
        PortfolioId=portfolio_id,
        ProductId=product_id,
        Type="LAUNCH",
        Parameters=_LAUNCH,
        IdempotencyToken="once",
    )
    assert again["ConstraintDetail"]["ConstraintId"] == constraint_id

    described = sc.describe_constraint(Id=constraint_id)
    assert json.loads(described["ConstraintParameters"]) == json.loads(_LAUNCH)
    updated = sc.update_constraint(
        Id=constraint_id, Description="new", Parameters='{"LocalRoleName": "Other"}'
    )
    assert updated["ConstraintDetail"]["Description"] == "new"
    assert json.loads(updated["ConstraintParameters"]) == {"LocalRoleName": "Other"}
    with pytest.raises(ClientError) as caught:
        sc.update_constraint(Id=constraint_id, Parameters='{"NotificationArns": []}')
    assert _code(caught) == "InvalidParametersException"  # checked as the LAUNCH it is

    listed = sc.list_constraints_for_portfolio(PortfolioId=portfolio_id)["ConstraintDetails"]
    assert [c["ConstraintId"] for c in listed] == [constraint_id]
    sc.delete_constraint(Id=constraint_id)
    for call in (sc.describe_constraint, sc.delete_constraint):
        with pytest.raises(ClientError) as caught:
            call(Id=constraint_id)
        assert _code(caught) == "ResourceNotFoundException"
    assert set(seen) >= {
        "CreateConstraint",
        "DescribeConstraint",
        "UpdateConstraint",
        "DeleteConstraint",
        "ListConstraintsForPortfolio",
    }


def test_every_type_is_stored_and_listed(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    seen = check_shapes(sc)
    product_id, _, portfolio_id = _setup(emulator, sc)
    other_id, _ = create_product(emulator, name="other")
    sc.associate_product_with_portfolio(ProductId=other_id, PortfolioId=portfolio_id)
    kinds = {
        "NOTIFICATION": json.dumps(
            {"NotificationArns": ["arn:aws:sns:us-east-1:123456789012:Topic"]}
        ),
        "RESOURCE_UPDATE": json.dumps(
            {"Version": "2.0", "Properties": {"TagUpdateOnProvisionedProduct": "ALLOWED"}}
        ),
        "STACKSET": _STACKSET,
        "TEMPLATE": _SMALL_ONLY,
    }
    ids = [_constraint(sc, portfolio_id, product_id, k, p) for k, p in kinds.items()]
    other = _constraint(sc, portfolio_id, other_id, "LAUNCH", _LAUNCH)
    for constraint_id, (kind, parameters) in zip(ids, kinds.items(), strict=True):
        described = sc.describe_constraint(Id=constraint_id)
        assert described["ConstraintDetail"]["Type"] == kind
        assert described["ConstraintParameters"] == parameters

    page = sc.list_constraints_for_portfolio(
        PortfolioId=portfolio_id, ProductId=product_id, PageSize=3
    )
    assert [c["ConstraintId"] for c in page["ConstraintDetails"]] == ids[:3]
    rest = sc.list_constraints_for_portfolio(
        PortfolioId=portfolio_id, ProductId=product_id, PageToken=page["NextPageToken"]
    )
    assert [c["ConstraintId"] for c in rest["ConstraintDetails"]] == ids[3:]
    everything = sc.list_constraints_for_portfolio(PortfolioId=portfolio_id)
    assert [c["ConstraintId"] for c in everything["ConstraintDetails"]] == [*ids, other]
    summaries = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"][0]
    assert [s["Type"] for s in summaries["ConstraintSummaries"]] == list(kinds)
    assert seen["ListConstraintsForPortfolio"] == 3


@pytest.mark.parametrize(
    ("kind", "parameters", "code"),
    [
        ("LAUNCH", "{}", "InvalidParametersException"),
        (
            "LAUNCH",
            '{"RoleArn": "arn:aws:iam::123456789012:role/A", "LocalRoleName": "A"}',
            "InvalidParametersException",
        ),
        ("LAUNCH", '{"RoleArn": "arn:aws:iam::123456789012:user/A"}', "InvalidParametersException"),
        ("LAUNCH", "not json", "InvalidParametersException"),
        ("LAUNCH", "[]", "InvalidParametersException"),
        ("NOTIFICATION", '{"NotificationArns": ["topic"]}', "InvalidParametersException"),
        ("NOTIFICATION", '{"NotificationArns": []}', "InvalidParametersException"),
        (
            "RESOURCE_UPDATE",
            '{"Version": "2.0", "Properties": {"TagUpdateOnProvisionedProduct": "MAYBE"}}',
            "InvalidParametersException",
        ),
        ("STACKSET", '{"Properties": {"AccountList": "1"}}', "InvalidParametersException"),
        ("TEMPLATE", '{"Rules": {}}', "InvalidParametersException"),
        ("TEMPLATE", '{"Rules": {"R": {"Assertions": [{}]}}}', "InvalidParametersException"),
        ("QUOTA", "{}", "InvalidParametersException"),
    ],
)
def test_parameters_are_validated(
    emulator: ServiceCatalogEmulator, sc: Any, kind: str, parameters: str, code: str
) -> None:
    product_id, _, portfolio_id = _setup(emulator, sc)
    with pytest.raises(ClientError) as caught:
        _constraint(sc, portfolio_id, product_id, kind, parameters)
    assert _code(caught) == code
    assert sc.list_constraints_for_portfolio(PortfolioId=portfolio_id)["ConstraintDetails"] == []


def test_one_launch_constraint_and_no_stackset_beside_it(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, _, portfolio_id = _setup(emulator, sc)
    _constraint(sc, portfolio_id, product_id, "LAUNCH", _LAUNCH)
    with pytest.raises(ClientError) as caught:
        _constraint(sc, portfolio_id, product_id, "LAUNCH", '{"LocalRoleName": "Other"}')
    assert _code(caught) == "DuplicateResourceException"
    with pytest.raises(ClientError) as caught:
        _constraint(sc, portfolio_id, product_id, "STACKSET", _STACKSET)
    assert _code(caught) == "InvalidParametersException"


def test_constraints_need_the_association(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, _, portfolio_id = _setup(emulator, sc)
    loose_id, _ = create_product(emulator, name="loose", grant=False)
    with pytest.raises(ClientError) as caught:
        _constraint(sc, portfolio_id, loose_id, "LAUNCH", _LAUNCH)
    assert _code(caught) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as caught:
        _constraint(sc, "port-aaaaaaaaaaaaa", product_id, "LAUNCH", _LAUNCH)
    assert _code(caught) == "ResourceNotFoundException"
    constraint_id = _constraint(sc, portfolio_id, product_id, "LAUNCH", _LAUNCH)
    # Constraints keep the product in the portfolio, and the portfolio alive.
    with pytest.raises(ClientError) as caught:
        sc.disassociate_product_from_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    assert _code(caught) == "ResourceInUseException"
    sc.delete_constraint(Id=constraint_id)
    sc.disassociate_product_from_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    sc.disassociate_principal_from_portfolio(PortfolioId=portfolio_id, PrincipalARN=CALLER)
    sc.delete_portfolio(Id=portfolio_id)


def _launch(sc: Any, product_id: str, artifact_id: str, name: str, size: str | None) -> Any:
    parameters = [{"Key": "BucketName", "Value": f"{name}-bucket"}]
    if size is not None:
        parameters.append({"Key": "Size", "Value": size})
    return sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=name,
        ProvisioningParameters=parameters,
    )["RecordDetail"]


def test_template_rules_are_checked_at_launch(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1, portfolio_id = _setup(emulator, sc)
    _constraint(sc, portfolio_id, product_id, "TEMPLATE", _SMALL_ONLY)
    with pytest.raises(ClientError) as caught:
        _launch(sc, product_id, v1, "big", "large")
    assert _code(caught) == "InvalidParametersException"
    assert "Only small buckets in this portfolio" in str(caught.value)
    assert "large" not in caught.value.response["Error"]["Message"]  # values stay out
    assert sc.scan_provisioned_products()["ProvisionedProducts"] == []
    # The template's default (small) satisfies the rule.
    started = _launch(sc, product_id, v1, "default", None)
    settle(sc, started["RecordId"])
    with pytest.raises(ClientError) as caught:
        sc.update_provisioned_product(
            ProvisionedProductId=started["ProvisionedProductId"],
            ProvisioningParameters=[{"Key": "Size", "Value": "large"}],
        )
    assert _code(caught) == "InvalidParametersException"


def test_rule_conditions_and_other_functions(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1, portfolio_id = _setup(emulator, sc)
    rules = {
        "Rules": {
            "LargeNeedsName": {
                "RuleCondition": {"Fn::Equals": [{"Ref": "Size"}, "large"]},
                "Assertions": [
                    {
                        "Assert": {
                            "Fn::Not": [{"Fn::Equals": [{"Ref": "BucketName"}, "big-bucket"]}]
                        },
                        "AssertDescription": "Large buckets need another name",
                    }
                ],
            },
            "ReadsTheAccount": {  # Fn::ValueOf needs AWS: the emulator skips the rule
                "Assertions": [{"Assert": {"Fn::ValueOf": ["BucketName", "VpcId"]}}]
            },
        }
    }
    _constraint(sc, portfolio_id, product_id, "TEMPLATE", json.dumps(rules))
    with pytest.raises(ClientError) as caught:
        _launch(sc, product_id, v1, "big", "large")
    assert "Large buckets need another name" in str(caught.value)
    for name, size in (("big", "small"), ("huge", "large")):
        done = settle(sc, _launch(sc, product_id, v1, name, size)["RecordId"])
        assert done["RecordDetail"]["Status"] == "SUCCEEDED"


@pytest.mark.parametrize(("setting", "allowed"), [("ALLOWED", True), ("NOT_ALLOWED", False)])
def test_resource_update_constraint_governs_tag_updates(
    emulator: ServiceCatalogEmulator, sc: Any, setting: str, allowed: bool
) -> None:
    product_id, v1, portfolio_id = _setup(emulator, sc)
    parameters = {"Version": "2.0", "Properties": {"TagUpdateOnProvisionedProduct": setting}}
    _constraint(sc, portfolio_id, product_id, "RESOURCE_UPDATE", json.dumps(parameters))
    started = _launch(sc, product_id, v1, "tagged", None)
    settle(sc, started["RecordId"])
    pp_id = started["ProvisionedProductId"]
    retag = {"ProvisionedProductId": pp_id, "Tags": [{"Key": "team", "Value": "new"}]}
    if allowed:
        done = settle(sc, sc.update_provisioned_product(**retag)["RecordDetail"]["RecordId"])
        assert done["RecordDetail"]["RecordTags"] == retag["Tags"]
        # The new tags reach the provisioned product itself.
        (found,) = sc.search_provisioned_products()["ProvisionedProducts"]
        assert found["Tags"] == retag["Tags"]
        return
    with pytest.raises(ClientError) as caught:
        sc.update_provisioned_product(**retag)
    assert _code(caught) == "InvalidParametersException"
    # An update that leaves the tags alone is fine.
    settle(
        sc, sc.update_provisioned_product(ProvisionedProductId=pp_id)["RecordDetail"]["RecordId"]
    )


@pytest.mark.parametrize("in_portfolio", [False, True])
def test_tag_updates_without_a_resource_update_constraint_are_refused(
    emulator: ServiceCatalogEmulator, sc: Any, in_portfolio: bool
) -> None:
    if in_portfolio:
        product_id, v1, _ = _setup(emulator, sc)
    else:
        product_id, v1 = create_product(emulator)
    started = _launch(sc, product_id, v1, "untagged", None)
    settle(sc, started["RecordId"])
    with pytest.raises(ClientError) as caught:
        sc.update_provisioned_product(
            ProvisionedProductId=started["ProvisionedProductId"],
            Tags=[{"Key": "team", "Value": "new"}],
        )
    assert _code(caught) == "InvalidParametersException"
    assert "RESOURCE_UPDATE" in caught.value.response["Error"]["Message"]
    (found,) = sc.search_provisioned_products()["ProvisionedProducts"]
    assert found.get("Tags", []) == []
