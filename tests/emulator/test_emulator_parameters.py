"""DescribeProvisioningParameters and DescribeProvisioningArtifact read the version's template."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import BUCKET_TEMPLATE, create_product
from .test_emulator_shapes import _problems

_MODEL = botocore.session.get_session().get_service_model("servicecatalog")

#: Every kind of parameter constraint, a NoEcho secret, rules and described outputs.
DB_TEMPLATE: dict[str, Any] = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Rules": {"SmallOnly": {"Assertions": [{"Assert": {"Fn::Equals": ["a", "a"]}}]}},
    "Parameters": {
        "DbPassword": {
            "Type": "String",
            "NoEcho": True,
            "MinLength": 8,
            "MaxLength": 41,
            "AllowedPattern": "[a-zA-Z0-9]*",
            "ConstraintDescription": "letters and digits only",
            "Description": "Master password",
        },
        "Storage": {"Type": "Number", "Default": "20", "MinValue": 5, "MaxValue": 100},
        "Size": {"Type": "String", "Default": "small", "AllowedValues": ["small", "large"]},
    },
    "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}},
    "Outputs": {
        "QueueUrl": {"Value": {"Ref": "Queue"}, "Description": "Where to send"},
        "QueueArn": {"Value": {"Fn::GetAtt": ["Queue", "Arn"]}},
    },
}


def _assert_shape(operation: str, body: dict[str, Any]) -> None:
    body = {k: v for k, v in body.items() if k != "ResponseMetadata"}
    shape = _MODEL.operation_model(operation).output_shape
    # boto3 has parsed timestamps into datetimes; the checker wants wire numbers.
    wire = json.loads(json.dumps(body, default=lambda v: v.timestamp()))
    assert _problems(shape, wire, "$") == []


def test_parameters_describe_every_constraint_and_no_echo(
    sc: Any, emulator: ServiceCatalogEmulator
) -> None:
    product_id, artifact_id = create_product(emulator, DB_TEMPLATE, name="db")

    out = sc.describe_provisioning_parameters(
        ProductId=product_id, ProvisioningArtifactId=artifact_id
    )

    _assert_shape("DescribeProvisioningParameters", out)
    by_key = {p["ParameterKey"]: p for p in out["ProvisioningArtifactParameters"]}
    assert list(by_key) == ["DbPassword", "Storage", "Size"]
    password = by_key["DbPassword"]
    assert password["IsNoEcho"] is True
    assert password["ParameterType"] == "String"
    assert password["Description"] == "Master password"
    assert "DefaultValue" not in password
    assert password["ParameterConstraints"] == {
        "AllowedPattern": "[a-zA-Z0-9]*",
        "ConstraintDescription": "letters and digits only",
        "MaxLength": "41",
        "MinLength": "8",
    }
    storage = by_key["Storage"]
    assert storage["IsNoEcho"] is False
    assert storage["ParameterType"] == "Number"
    assert storage["DefaultValue"] == "20"
    assert storage["ParameterConstraints"] == {"MaxValue": "100", "MinValue": "5"}
    assert by_key["Size"]["ParameterConstraints"] == {"AllowedValues": ["small", "large"]}
    outputs = [{"Key": "QueueUrl", "Description": "Where to send"}, {"Key": "QueueArn"}]
    assert out["ProvisioningArtifactOutputs"] == outputs
    assert out["ProvisioningArtifactOutputKeys"] == outputs
    instructions = {i["Type"]: i["Value"] for i in out["UsageInstructions"]}
    assert instructions["version"] == "2010-09-09"
    assert json.loads(instructions["rules"]) == DB_TEMPLATE["Rules"]
    assert out["ConstraintSummaries"] == []
    assert out["TagOptions"] == []


def test_parameters_by_product_and_version_name(sc: Any, emulator: ServiceCatalogEmulator) -> None:
    create_product(emulator, name="buckets")

    out = sc.describe_provisioning_parameters(ProductName="buckets", ProvisioningArtifactName="v1")

    keys = [p["ParameterKey"] for p in out["ProvisioningArtifactParameters"]]
    assert keys == list(BUCKET_TEMPLATE["Parameters"])
    instructions = {i["Type"]: i["Value"] for i in out["UsageInstructions"]}
    assert json.loads(instructions["rules"]) == {}


def test_parameters_through_the_sdk_client(emulator: ServiceCatalogEmulator) -> None:
    product_id, artifact_id = create_product(emulator, DB_TEMPLATE, name="db")

    out = emulator.client().describe_provisioning_parameters(
        product_id=product_id, provisioning_artifact_id=artifact_id
    )

    secrets = [p.parameter_key for p in out.provisioning_artifact_parameters if p.is_no_echo]
    assert secrets == ["DbPassword"]


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        (
            {"ProductId": "prod-missing", "ProvisioningArtifactId": "pa-x"},
            "ResourceNotFoundException",
        ),
        ({"ProvisioningArtifactId": "pa-x"}, "InvalidParametersException"),
        (
            {"ProductName": "buckets", "ProvisioningArtifactId": "pa-missing"},
            "ResourceNotFoundException",
        ),
        ({"ProductName": "buckets"}, "InvalidParametersException"),
        (
            {
                "ProductName": "buckets",
                "ProvisioningArtifactName": "v1",
                "PathId": "a",
                "PathName": "b",
            },
            "InvalidParametersException",
        ),
    ],
)
def test_parameters_errors(
    sc: Any, emulator: ServiceCatalogEmulator, arguments: dict[str, str], code: str
) -> None:
    create_product(emulator, name="buckets")

    with pytest.raises(ClientError) as caught:
        sc.describe_provisioning_parameters(**arguments)

    assert caught.value.response["Error"]["Code"] == code
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_verbose_artifact_carries_the_template_and_its_parameters(
    sc: Any, emulator: ServiceCatalogEmulator
) -> None:
    product_id, artifact_id = create_product(emulator, DB_TEMPLATE, name="db")

    plain = sc.describe_provisioning_artifact(
        ProductId=product_id, ProvisioningArtifactId=artifact_id
    )
    verbose = sc.describe_provisioning_artifact(
        ProductName="db",
        ProvisioningArtifactName="v1",
        Verbose=True,
        IncludeProvisioningArtifactParameters=True,
    )

    assert "TemplateBody" not in plain["Info"]
    assert "ProvisioningArtifactParameters" not in plain
    assert json.loads(verbose["Info"]["TemplateBody"]) == DB_TEMPLATE
    assert verbose["Info"]["TemplateUrl"] == plain["Info"]["TemplateUrl"]
    described = sc.describe_provisioning_parameters(
        ProductId=product_id, ProvisioningArtifactId=artifact_id
    )
    assert verbose["ProvisioningArtifactParameters"] == described["ProvisioningArtifactParameters"]
    _assert_shape("DescribeProvisioningArtifact", verbose)


def test_parameters_on_a_launch_path_carry_its_constraints(
    sc: Any, emulator: ServiceCatalogEmulator
) -> None:
    product_id, artifact_id = create_product(emulator, name="fleet", grant=False)
    portfolio_id = sc.create_portfolio(DisplayName="regional", ProviderName="platform")[
        "PortfolioDetail"
    ]["Id"]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    emulator.grant_access(product_id, portfolio_id=portfolio_id)
    stack_set = {
        "Version": "2.0",
        "Properties": {
            "AccountList": ["111111111111", "222222222222"],
            "RegionList": ["eu-west-1"],
            "AdminRole": "arn:aws:iam::123456789012:role/admin",
            "ExecutionRole": "execution",
        },
    }
    sc.create_constraint(
        PortfolioId=portfolio_id,
        ProductId=product_id,
        Type="STACKSET",
        Parameters=json.dumps(stack_set),
        Description="two accounts",
    )

    out = sc.describe_provisioning_parameters(
        ProductId=product_id, ProvisioningArtifactId=artifact_id, PathName="regional"
    )

    _assert_shape("DescribeProvisioningParameters", out)
    assert out["ConstraintSummaries"] == [{"Type": "STACKSET", "Description": "two accounts"}]
    assert out["ProvisioningArtifactPreferences"] == {
        "StackSetAccounts": ["111111111111", "222222222222"],
        "StackSetRegions": ["eu-west-1"],
    }
    with pytest.raises(ClientError) as caught:
        sc.describe_provisioning_parameters(
            ProductId=product_id, ProvisioningArtifactId=artifact_id, PathName="elsewhere"
        )
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
