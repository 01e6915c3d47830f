"""A platform team's provisioning script, in plain boto3, against the emulator's server.

No SDK in the loop: the script talks HTTP to a server-mode emulator as any
program pointed at it would (``endpoint_url`` and fake keys), and reaches a second
account the way the testing docs tell users to, with credentials from the
emulator's STS. Each step is checked against what the AWS API reference says the
answer holds: fields, status order, errors and the order AWS requires for
tearing down.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

ADMIN, OTHER = "123456789012", "222222222222"
DEVELOPERS = f"arn:aws:iam::{ADMIN}:role/Developers"
# Granted by pattern: any account's role named like this.
TESTERS = "arn:aws:iam:::role/qa-*"
LAUNCH_ROLE = f"arn:aws:iam::{ADMIN}:role/SCLaunchRole"

V1: dict[str, Any] = {
    "Parameters": {
        "Env": {"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "dev"},
        "ApiKey": {"Type": "String", "NoEcho": True, "Description": "A secret"},
    },
    "Resources": {
        "Topic": {
            "Type": "AWS::SNS::Topic",
            "Properties": {"TopicName": {"Fn::Sub": "orders-${Env}"}},
        }
    },
    "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}, "Description": "The topic"}},
}
V2: dict[str, Any] = {
    **V1,
    "Resources": {**V1["Resources"], "Queue": {"Type": "AWS::SQS::Queue"}},
    "Outputs": {**V1["Outputs"], "QueueArn": {"Value": {"Fn::GetAtt": ["Queue", "Arn"]}}},
}


@pytest.fixture
def endpoint() -> Iterator[str]:
    """The endpoint of a server-mode emulator whose changes settle on the second look."""
    with ServiceCatalogEmulator(server=True, in_progress_polls=1) as emulator:
        assert emulator.endpoint_url is not None
        yield emulator.endpoint_url


def _client(endpoint: str, service: str, **credentials: str) -> Any:
    keys = credentials or {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(proxies={}, retries={"total_max_attempts": 1}),
        **keys,
    )


def _assumed(endpoint: str, role_arn: str, session: str, service: str = "servicecatalog") -> Any:
    """A client acting as ``role_arn``, with credentials from the emulator's STS."""
    credentials = _client(endpoint, "sts").assume_role(RoleArn=role_arn, RoleSessionName=session)[
        "Credentials"
    ]
    return _client(
        endpoint,
        service,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def _code(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    code: str = caught.value.response["Error"]["Code"]
    return code


def _walk(sc: Any, record_id: str) -> tuple[list[str], dict[str, Any]]:
    """DescribeRecord until the record is final: the statuses seen and the last answer."""
    seen: list[str] = []
    for _ in range(10):
        out: dict[str, Any] = sc.describe_record(Id=record_id)
        seen.append(out["RecordDetail"]["Status"])
        if seen[-1] in ("SUCCEEDED", "FAILED"):
            return seen, out
    raise AssertionError(f"{record_id} did not settle: {seen}")


def _outputs(items: list[dict[str, Any]]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in items}


def _build_catalog(endpoint: str) -> tuple[Any, str, str, str, str]:
    """Portfolio, product from S3, principal, LAUNCH constraint, TagOption; return the ids."""
    s3, sc = _client(endpoint, "s3"), _client(endpoint, "servicecatalog")
    s3.create_bucket(Bucket="platform-templates")
    for key, body in (("orders/v1.json", V1), ("orders/v2.json", V2)):
        s3.put_object(Bucket="platform-templates", Key=key, Body=json.dumps(body))
    base = "https://platform-templates.s3.amazonaws.com/orders"
    portfolio = sc.create_portfolio(
        DisplayName="Platform", ProviderName="platform-team", IdempotencyToken="portfolio-1"
    )["PortfolioDetail"]
    again = sc.create_portfolio(
        DisplayName="Platform", ProviderName="platform-team", IdempotencyToken="portfolio-1"
    )["PortfolioDetail"]
    assert again["Id"] == portfolio["Id"]  # same token, same portfolio
    created = sc.create_product(
        Name="orders-topic",
        Owner="platform-team",
        ProductType="CLOUD_FORMATION_TEMPLATE",
        ProvisioningArtifactParameters={
            "Name": "v1",
            "Info": {"LoadTemplateFromURL": f"{base}/v1.json"},
            "Type": "CLOUD_FORMATION_TEMPLATE",
        },
        IdempotencyToken="product-1",
    )
    product_id = created["ProductViewDetail"]["ProductViewSummary"]["ProductId"]
    v1 = created["ProvisioningArtifactDetail"]["Id"]
    v2 = sc.create_provisioning_artifact(
        ProductId=product_id,
        Parameters={"Name": "v2", "Info": {"LoadTemplateFromURL": f"{base}/v2.json"}},
        IdempotencyToken="artifact-2",
    )["ProvisioningArtifactDetail"]["Id"]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=portfolio["Id"])
    sc.associate_principal_with_portfolio(
        PortfolioId=portfolio["Id"], PrincipalARN=DEVELOPERS, PrincipalType="IAM"
    )
    sc.associate_principal_with_portfolio(
        PortfolioId=portfolio["Id"], PrincipalARN=TESTERS, PrincipalType="IAM_PATTERN"
    )
    sc.create_constraint(
        PortfolioId=portfolio["Id"],
        ProductId=product_id,
        Type="LAUNCH",
        Parameters=json.dumps({"RoleArn": LAUNCH_ROLE}),
        IdempotencyToken="launch-constraint",
    )
    option = sc.create_tag_option(Key="cost-center", Value="cc-42")["TagOptionDetail"]["Id"]
    sc.associate_tag_option_with_resource(ResourceId=portfolio["Id"], TagOptionId=option)
    return sc, portfolio["Id"], product_id, v1, v2


def test_only_granted_roles_see_and_launch_the_product(endpoint: str) -> None:
    """The most common Service Catalog question, answered as AWS does."""
    _, _, product_id, v1, _ = _build_catalog(endpoint)
    outsider = _assumed(endpoint, f"arn:aws:iam::{ADMIN}:role/Outsiders", "nobody")
    assert outsider.search_products()["ProductViewSummaries"] == []
    assert _code(outsider.describe_product, Id=product_id) == "ResourceNotFoundException"
    assert (
        _code(
            outsider.provision_product,
            ProductId=product_id,
            ProvisioningArtifactId=v1,
            ProvisionedProductName="not-mine",
            ProvisioningParameters=[{"Key": "ApiKey", "Value": "x"}],
        )
        == "ResourceNotFoundException"
    )
    # The admin's own (unassumed) identity is granted nothing either.
    admin = _client(endpoint, "servicecatalog")
    assert admin.search_products()["ProductViewSummaries"] == []
    # Granted by its exact ARN, and by an IAM_PATTERN principal.
    for role, session in ((DEVELOPERS, "dev"), (f"arn:aws:iam::{ADMIN}:role/qa-nightly", "qa")):
        user = _assumed(endpoint, role, session)
        (found,) = user.search_products()["ProductViewSummaries"]
        assert found["ProductId"] == product_id
        record = user.provision_product(
            ProductId=product_id,
            ProvisioningArtifactId=v1,
            ProvisionedProductName=f"orders-{session}",
            ProvisioningParameters=[{"Key": "ApiKey", "Value": "x"}],
        )["RecordDetail"]
        assert _walk(user, record["RecordId"])[0] == ["IN_PROGRESS", "SUCCEEDED"]
        # AccessLevelFilter: User (the default) is this session's own, Account all.
        assert [p["Name"] for p in user.scan_provisioned_products()["ProvisionedProducts"]] == [
            f"orders-{session}"
        ]
    everything = admin.scan_provisioned_products(
        AccessLevelFilter={"Key": "Account", "Value": "self"}
    )
    assert sorted(p["Name"] for p in everything["ProvisionedProducts"]) == [
        "orders-dev",
        "orders-qa",
    ]
    assert admin.scan_provisioned_products()["ProvisionedProducts"] == []


def test_a_platform_team_script_in_plain_boto3_runs_start_to_finish(endpoint: str) -> None:
    admin, portfolio_id, product_id, v1, v2 = _build_catalog(endpoint)
    # The developers launch, as the role the portfolio grants.
    sc = _assumed(endpoint, DEVELOPERS, "developer")

    (path,) = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert path["Name"] == "Platform"
    assert path["ConstraintSummaries"] == [{"Type": "LAUNCH"}]
    assert {"Key": "cost-center", "Value": "cc-42"} in path["Tags"]

    # Launch through the path's name; the same ProvisionToken is the same launch.
    launch = {
        "ProductId": product_id,
        "ProvisioningArtifactId": v1,
        "PathName": "Platform",
        "ProvisionedProductName": "orders",
        "ProvisioningParameters": [
            {"Key": "Env", "Value": "dev"},
            {"Key": "ApiKey", "Value": "s3cr3t-value"},
        ],
        "ProvisionToken": "launch-orders",
    }
    record = sc.provision_product(**launch)["RecordDetail"]
    assert sc.provision_product(**launch)["RecordDetail"]["RecordId"] == record["RecordId"]
    assert (record["Status"], record["RecordType"]) == ("CREATED", "PROVISION_PRODUCT")
    assert (record["PathId"], record["LaunchRoleArn"]) == (path["Id"], LAUNCH_ROLE)
    assert {"Key": "cost-center", "Value": "cc-42"} in record["RecordTags"]
    seen, done = _walk(sc, record["RecordId"])
    assert seen == ["IN_PROGRESS", "SUCCEEDED"]
    pp_id = record["ProvisionedProductId"]
    outputs = sc.get_provisioned_product_outputs(ProvisionedProductId=pp_id)["Outputs"]
    assert _outputs(outputs) == _outputs(done["RecordOutputs"])
    assert _outputs(outputs)["TopicArn"].endswith(":orders-dev")
    detail = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
    assert (detail["Status"], detail["LastRecordId"]) == ("AVAILABLE", record["RecordId"])

    # Update to v2, keeping the parameters: the new output appears.
    update = sc.update_provisioned_product(
        ProvisionedProductName="orders",
        ProvisioningArtifactId=v2,
        PathId=path["Id"],
        ProvisioningParameters=[
            {"Key": "Env", "UsePreviousValue": True},
            {"Key": "ApiKey", "UsePreviousValue": True},
        ],
    )["RecordDetail"]
    assert update["RecordType"] == "UPDATE_PROVISIONED_PRODUCT"
    seen, done = _walk(sc, update["RecordId"])
    assert seen == ["IN_PROGRESS", "SUCCEEDED"]
    assert set(_outputs(done["RecordOutputs"])) == {"TopicArn", "QueueArn"}

    # A plan that moves to prod: the topic's Sub'd name changes, so it is replaced.
    plan = sc.create_provisioned_product_plan(
        PlanName="to-prod",
        PlanType="CLOUDFORMATION",
        ProductId=product_id,
        ProvisioningArtifactId=v2,
        PathId=path["Id"],
        ProvisionedProductName="orders",
        ProvisioningParameters=[{"Key": "Env", "Value": "prod"}],
        IdempotencyToken="plan-prod",
    )
    assert plan["ProvisionProductId"] == pp_id
    looks = [sc.describe_provisioned_product_plan(PlanId=plan["PlanId"]) for _ in range(2)]
    assert [x["ProvisionedProductPlanDetails"]["Status"] for x in looks] == [
        "CREATE_IN_PROGRESS",
        "CREATE_SUCCESS",
    ]
    (change,) = looks[-1]["ResourceChanges"]
    assert (change["LogicalResourceId"], change["Action"], change["Replacement"]) == (
        "Topic",
        "MODIFY",
        "TRUE",
    )
    run = sc.execute_provisioned_product_plan(PlanId=plan["PlanId"], IdempotencyToken="run")
    seen, _ = _walk(sc, run["RecordDetail"]["RecordId"])
    assert seen == ["IN_PROGRESS", "SUCCEEDED"]
    executed = sc.describe_provisioned_product_plan(PlanId=plan["PlanId"])
    assert executed["ProvisionedProductPlanDetails"]["Status"] == "EXECUTE_SUCCESS"

    _share_and_launch_in_another_account(endpoint, admin, portfolio_id, product_id, v2)

    # Tear down in the order AWS requires: nothing goes while something holds it.
    end = sc.terminate_provisioned_product(ProvisionedProductId=pp_id, TerminateToken="end")
    seen, _ = _walk(sc, end["RecordDetail"]["RecordId"])
    assert seen == ["IN_PROGRESS", "SUCCEEDED"]
    assert _code(sc.describe_provisioned_product, Id=pp_id) == "ResourceNotFoundException"
    sc = admin
    assert _code(sc.delete_product, Id=product_id) == "ResourceInUseException"
    assert _code(sc.delete_portfolio, Id=portfolio_id) == "ResourceInUseException"
    (constraint,) = sc.list_constraints_for_portfolio(PortfolioId=portfolio_id)["ConstraintDetails"]
    sc.delete_constraint(Id=constraint["ConstraintId"])
    sc.disassociate_principal_from_portfolio(PortfolioId=portfolio_id, PrincipalARN=DEVELOPERS)
    sc.disassociate_principal_from_portfolio(
        PortfolioId=portfolio_id, PrincipalARN=TESTERS, PrincipalType="IAM_PATTERN"
    )
    sc.disassociate_product_from_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    sc.delete_product(Id=product_id)
    sc.delete_portfolio(Id=portfolio_id)
    assert sc.list_portfolios()["PortfolioDetails"] == []
    assert sc.search_products_as_admin()["ProductViewDetails"] == []


def _share_and_launch_in_another_account(
    endpoint: str, sc: Any, portfolio_id: str, product_id: str, artifact_id: str
) -> None:
    """Share with OTHER, accept and launch there with STS credentials; each sees its own."""
    sc.create_portfolio_share(PortfolioId=portfolio_id, AccountId=OTHER)
    assert sc.list_portfolio_access(PortfolioId=portfolio_id)["AccountIds"] == [OTHER]
    deployer = f"arn:aws:iam::{OTHER}:role/deployer"
    other = _assumed(endpoint, deployer, "platform-test")
    assert other.search_products()["ProductViewSummaries"] == []  # not accepted yet
    other.accept_portfolio_share(PortfolioId=portfolio_id)
    (accepted,) = other.list_accepted_portfolio_shares()["PortfolioDetails"]
    assert accepted["Id"] == portfolio_id
    # Imported, not yet granted here: the spoke grants its own role, as every spoke does.
    assert other.search_products()["ProductViewSummaries"] == []
    other.associate_principal_with_portfolio(
        PortfolioId=portfolio_id, PrincipalARN=deployer, PrincipalType="IAM"
    )
    assert [p["ProductId"] for p in other.search_products()["ProductViewSummaries"]] == [product_id]
    (share,) = sc.describe_portfolio_shares(PortfolioId=portfolio_id, Type="ACCOUNT")[
        "PortfolioShareDetails"
    ]
    assert (share["PrincipalId"], share["Accepted"]) == (OTHER, True)
    record = other.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        PathName="Platform",
        ProvisionedProductName="other-orders",
        ProvisioningParameters=[{"Key": "ApiKey", "Value": "other-secret"}],
    )["RecordDetail"]
    seen, done = _walk(other, record["RecordId"])
    assert seen == ["IN_PROGRESS", "SUCCEEDED"]
    assert f":{OTHER}:" in _outputs(done["RecordOutputs"])["TopicArn"]
    assert [p["Name"] for p in other.scan_provisioned_products()["ProvisionedProducts"]] == [
        "other-orders"
    ]
    everything = {"AccessLevelFilter": {"Key": "Account", "Value": "self"}}
    assert [
        p["Name"] for p in sc.scan_provisioned_products(**everything)["ProvisionedProducts"]
    ] == ["orders"]
    assert _code(sc.describe_record, Id=record["RecordId"]) == "ResourceNotFoundException"
    end = other.terminate_provisioned_product(ProvisionedProductName="other-orders")
    assert _walk(other, end["RecordDetail"]["RecordId"])[0] == ["IN_PROGRESS", "SUCCEEDED"]
    sc.delete_portfolio_share(PortfolioId=portfolio_id, AccountId=OTHER)
    assert other.list_accepted_portfolio_shares()["PortfolioDetails"] == []
