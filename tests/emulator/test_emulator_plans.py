"""Provisioned product plans: ResourceChanges from a template diff, execution, listing, deletion."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.models import ChangeAction, ProvisionedProductPlanStatus
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import BUCKET_TEMPLATE, add_version, create_product, settle
from .test_emulator_aws_cli import _aws
from .test_emulator_shapes import _problems

_MODEL = botocore.session.get_session().get_service_model("servicecatalog")

#: Version 2: the bucket gains tags, a queue is added.
TEMPLATE_V2: dict[str, Any] = {
    **BUCKET_TEMPLATE,
    "Resources": {
        "Bucket": {
            "Type": "AWS::S3::Bucket",
            "Properties": {
                "BucketName": {"Ref": "BucketName"},
                "Tags": [{"Key": "tier", "Value": "gold"}],
            },
        },
        "Queue": {"Type": "AWS::SQS::Queue"},
    },
}

#: Version 3: only the queue; the bucket is removed.
TEMPLATE_V3: dict[str, Any] = {
    "Parameters": {"BucketName": {"Type": "String"}},
    "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}},
}


def _body(out: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in out.items() if k != "ResponseMetadata"}


def _assert_shape(operation: str, out: dict[str, Any]) -> None:
    wire = json.loads(json.dumps(_body(out), default=lambda v: v.timestamp()))
    assert _problems(_MODEL.operation_model(operation).output_shape, wire, "$") == []


def _plan(sc: Any, product_id: str, artifact_id: str, **extra: Any) -> dict[str, Any]:
    arguments = {
        "PlanName": "plan-1",
        "PlanType": "CLOUDFORMATION",
        "ProductId": product_id,
        "ProvisioningArtifactId": artifact_id,
        "ProvisionedProductName": "orders",
        "IdempotencyToken": extra.pop("token", "plan-token-1"),
        **extra,
    }
    out: dict[str, Any] = sc.create_provisioned_product_plan(**arguments)
    _assert_shape("CreateProvisionedProductPlan", out)
    return out


def _describe(sc: Any, plan_id: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = sc.describe_provisioned_product_plan(PlanId=plan_id, **extra)
    _assert_shape("DescribeProvisionedProductPlan", out)
    return out


def _status_walk(sc: Any, plan_id: str, looks: int = 3) -> list[str]:
    return [_describe(sc, plan_id)["ProvisionedProductPlanDetails"]["Status"] for _ in range(looks)]


def _launched(emulator: ServiceCatalogEmulator, sc: Any) -> tuple[str, str, str]:
    """A product with versions v1 (bucket), v2 (tags + queue) and a provisioned v1."""
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, TEMPLATE_V2, "v2")
    record = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=v1,
        ProvisionedProductName="orders",
        ProvisioningParameters=[{"Key": "BucketName", "Value": "orders-bucket"}],
    )["RecordDetail"]
    settle(sc, record["RecordId"])
    return product_id, v2, record["ProvisionedProductId"]


def _code(call: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    code: str = caught.value.response["Error"]["Code"]
    return code


def test_plan_for_a_new_product_adds_everything_and_executes(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator)

    created = _plan(
        sc,
        product_id,
        v1,
        ProvisioningParameters=[{"Key": "BucketName", "Value": "planned-bucket"}],
        Tags=[{"Key": "env", "Value": "dev"}],
    )

    pp_id = created["ProvisionProductId"]
    assert pp_id.startswith("pp-")
    assert created["ProvisionedProductName"] == "orders"
    assert _status_walk(sc, created["PlanId"]) == [
        "CREATE_IN_PROGRESS",
        "CREATE_IN_PROGRESS",
        "CREATE_SUCCESS",
    ]
    described = _describe(sc, created["PlanId"])
    assert described["ResourceChanges"] == [
        {
            "Action": "ADD",
            "LogicalResourceId": "Bucket",
            "ResourceType": "AWS::S3::Bucket",
            "Scope": [],
            "Details": [],
        }
    ]
    details = described["ProvisionedProductPlanDetails"]
    assert details["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert details["ProvisioningParameters"] == [{"Key": "BucketName", "Value": "planned-bucket"}]
    # Nothing launched yet: AWS lists the planned product as PLAN_IN_PROGRESS, without a stack.
    (planned,) = sc.scan_provisioned_products()["ProvisionedProducts"]
    assert (planned["Id"], planned["Name"], planned["Status"]) == (
        pp_id,
        "orders",
        "PLAN_IN_PROGRESS",
    )
    assert "LastRecordId" not in planned
    assert emulator.boto3_client("cloudformation").describe_stacks()["Stacks"] == []

    record = sc.execute_provisioned_product_plan(
        PlanId=created["PlanId"], IdempotencyToken="run-1"
    )["RecordDetail"]

    assert record["RecordType"] == "PROVISION_PRODUCT"
    assert record["ProvisionedProductId"] == pp_id
    assert _describe(sc, created["PlanId"])["ProvisionedProductPlanDetails"]["Status"] == (
        "EXECUTE_IN_PROGRESS"
    )
    assert settle(sc, record["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    assert _describe(sc, created["PlanId"])["ProvisionedProductPlanDetails"]["Status"] == (
        "EXECUTE_SUCCESS"
    )
    detail = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
    assert (detail["Name"], detail["Status"]) == ("orders", "AVAILABLE")
    again = sc.execute_provisioned_product_plan(PlanId=created["PlanId"], IdempotencyToken="run-1")
    assert again["RecordDetail"]["RecordId"] == record["RecordId"]


def test_update_plan_diffs_the_stack_and_holds_the_product_in_plan_in_progress(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v2, pp_id = _launched(emulator, sc)

    created = _plan(
        sc,
        product_id,
        v2,
        ProvisioningParameters=[{"Key": "BucketName", "Value": "renamed-bucket"}],
    )

    assert created["ProvisionProductId"] == pp_id
    assert (
        _code(
            lambda: sc.update_provisioned_product(
                ProvisionedProductId=pp_id, ProvisioningArtifactId=v2
            )
        )
        == "InvalidParametersException"
    )  # wait for AVAILABLE, as AWS says
    looks = [
        sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]["Status"]
        for _ in range(3)
    ]
    assert looks == ["PLAN_IN_PROGRESS", "PLAN_IN_PROGRESS", "AVAILABLE"]
    changes = {
        c["LogicalResourceId"]: c for c in _describe(sc, created["PlanId"])["ResourceChanges"]
    }
    assert changes["Queue"]["Action"] == "ADD"
    bucket = changes["Bucket"]
    assert bucket["Action"] == "MODIFY"
    assert bucket["Replacement"] == "TRUE"  # a new BucketName replaces the bucket
    assert bucket["PhysicalResourceId"] == "orders-bucket"
    assert bucket["Scope"] == ["PROPERTIES", "TAGS"]
    assert bucket["Details"] == [
        {
            "Target": {
                "Attribute": "PROPERTIES",
                "Name": "BucketName",
                "RequiresRecreation": "ALWAYS",
            },
            "Evaluation": "DYNAMIC",
            "CausingEntity": "BucketName",
        },
        {
            "Target": {"Attribute": "TAGS", "Name": "Tags", "RequiresRecreation": "NEVER"},
            "Evaluation": "STATIC",
        },
    ]

    record = sc.execute_provisioned_product_plan(PlanId=created["PlanId"], IdempotencyToken="go")[
        "RecordDetail"
    ]

    assert record["RecordType"] == "UPDATE_PROVISIONED_PRODUCT"
    settle(sc, record["RecordId"])
    detail = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
    assert (detail["Status"], detail["ProvisioningArtifactId"]) == ("AVAILABLE", v2)


def test_removed_resources_and_paged_changes(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, _, _ = _launched(emulator, sc)
    v3 = add_version(emulator, product_id, TEMPLATE_V3, "v3")
    plan_id = _plan(sc, product_id, v3)["PlanId"]
    _status_walk(sc, plan_id)

    first = _describe(sc, plan_id, PageSize=1)
    second = _describe(sc, plan_id, PageSize=1, PageToken=first["NextPageToken"])

    assert "NextPageToken" not in second
    changes = first["ResourceChanges"] + second["ResourceChanges"]
    assert [(c["Action"], c["LogicalResourceId"]) for c in changes] == [
        ("ADD", "Queue"),
        ("REMOVE", "Bucket"),
    ]
    assert changes[1]["PhysicalResourceId"] == "orders-bucket"


def test_plan_without_changes_fails_and_cannot_run(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, _, pp_id = _launched(emulator, sc)
    v1 = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"][
        "ProvisioningArtifactId"
    ]
    plan_id = _plan(sc, product_id, v1)["PlanId"]

    assert _status_walk(sc, plan_id)[-1] == "CREATE_FAILED"
    out = _describe(sc, plan_id)
    assert (
        out["ProvisionedProductPlanDetails"]["StatusMessage"] == "No updates are to be performed."
    )
    assert out["ResourceChanges"] == []
    assert (
        _code(lambda: sc.execute_provisioned_product_plan(PlanId=plan_id, IdempotencyToken="x"))
        == "InvalidStateException"
    )
    assert sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]["Status"] == (
        "AVAILABLE"
    )


def test_plan_with_invalid_parameters_fails_with_the_reason(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator)
    plan_id = _plan(sc, product_id, v1)["PlanId"]  # BucketName has no default

    assert _status_walk(sc, plan_id)[-1] == "CREATE_FAILED"
    message = _describe(sc, plan_id)["ProvisionedProductPlanDetails"]["StatusMessage"]
    assert "BucketName" in message


def test_executed_plan_that_fails_ends_execute_failed_and_tainted(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    emulator.boto3_client("s3").create_bucket(Bucket="taken-bucket")
    product_id, v2, pp_id = _launched(emulator, sc)
    plan_id = _plan(
        sc, product_id, v2, ProvisioningParameters=[{"Key": "BucketName", "Value": "taken-bucket"}]
    )["PlanId"]
    _status_walk(sc, plan_id)

    record_id = sc.execute_provisioned_product_plan(PlanId=plan_id, IdempotencyToken="go")[
        "RecordDetail"
    ]["RecordId"]

    statuses = [sc.describe_record(Id=record_id)["RecordDetail"]["Status"] for _ in range(4)]
    assert statuses == ["IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS_IN_ERROR", "FAILED"]
    details = _describe(sc, plan_id)["ProvisionedProductPlanDetails"]
    assert details["Status"] == "EXECUTE_FAILED"
    assert "BucketAlreadyExists" in details["StatusMessage"]
    assert sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]["Status"] == (
        "TAINTED"
    )


def test_list_plans_all_or_for_one_product(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v2, pp_id = _launched(emulator, sc)
    update = _plan(sc, product_id, v2, PlanName="update")
    _status_walk(sc, update["PlanId"])
    fresh = _plan(sc, product_id, v2, PlanName="fresh", ProvisionedProductName="other", token="t2")

    everything = sc.list_provisioned_product_plans(
        AccessLevelFilter={"Key": "Account", "Value": "self"}
    )
    _assert_shape("ListProvisionedProductPlans", everything)
    assert [p["PlanName"] for p in everything["ProvisionedProductPlans"]] == ["update", "fresh"]
    mine = sc.list_provisioned_product_plans(ProvisionProductId=pp_id)["ProvisionedProductPlans"]
    assert mine == [
        {
            "PlanName": "update",
            "PlanId": update["PlanId"],
            "ProvisionProductId": pp_id,
            "ProvisionProductName": "orders",
            "PlanType": "CLOUDFORMATION",
            "ProvisioningArtifactId": v2,
        }
    ]
    planned = sc.list_provisioned_product_plans(ProvisionProductId=fresh["ProvisionProductId"])
    assert [p["PlanId"] for p in planned["ProvisionedProductPlans"]] == [fresh["PlanId"]]
    paged = sc.list_provisioned_product_plans(PageSize=1)
    assert len(paged["ProvisionedProductPlans"]) == 1
    assert paged["NextPageToken"]
    assert _code(lambda: sc.list_provisioned_product_plans(ProvisionProductId="pp-nope")) == (
        "ResourceNotFoundException"
    )
    assert (
        _code(
            lambda: sc.list_provisioned_product_plans(
                AccessLevelFilter={"Key": "Org", "Value": "x"}
            )
        )
        == "InvalidParametersException"
    )


def test_delete_plan_needs_ignore_errors_while_it_works(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v2, pp_id = _launched(emulator, sc)
    plan_id = _plan(sc, product_id, v2)["PlanId"]

    assert _code(lambda: sc.delete_provisioned_product_plan(PlanId=plan_id)) == (
        "InvalidParametersException"
    )
    sc.delete_provisioned_product_plan(PlanId=plan_id, IgnoreErrors=True)

    assert sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]["Status"] == (
        "AVAILABLE"
    )
    assert _code(lambda: sc.describe_provisioned_product_plan(PlanId=plan_id)) == (
        "ResourceNotFoundException"
    )
    assert _code(lambda: sc.delete_provisioned_product_plan(PlanId=plan_id)) == (
        "ResourceNotFoundException"
    )
    done = _plan(sc, product_id, v2, token="t3")["PlanId"]
    _status_walk(sc, done)
    sc.delete_provisioned_product_plan(PlanId=done)
    assert sc.list_provisioned_product_plans()["ProvisionedProductPlans"] == []


def test_create_plan_errors(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v2, pp_id = _launched(emulator, sc)

    assert _code(lambda: _plan(sc, product_id, v2, PlanType="TERRAFORM")) == (
        "InvalidParametersException"
    )
    assert _code(lambda: _plan(sc, "prod-nope", v2)) == "ResourceNotFoundException"
    assert _code(lambda: _plan(sc, product_id, "pa-nope")) == "ResourceNotFoundException"
    assert _code(lambda: _plan(sc, product_id, v2, PathId="lpv3-nope")) == (
        "ResourceNotFoundException"
    )
    sc.update_provisioned_product(ProvisionedProductId=pp_id, ProvisioningArtifactId=v2)
    assert _code(lambda: _plan(sc, product_id, v2)) == "InvalidStateException"  # UNDER_CHANGE


def test_same_token_is_the_same_plan(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v2, _ = _launched(emulator, sc)

    first = _plan(sc, product_id, v2)
    again = _plan(sc, product_id, v2)

    assert _body(again) == _body(first)
    assert len(sc.list_provisioned_product_plans()["ProvisionedProductPlans"]) == 1


def test_plans_through_the_strict_sdk_client(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v2, _ = _launched(emulator, sc)
    plan_id = _plan(sc, product_id, v2)["PlanId"]
    client = emulator.client()

    for _ in range(3):
        out = client.describe_provisioned_product_plan(plan_id=plan_id)

    assert out.provisioned_product_plan_details is not None
    assert (
        out.provisioned_product_plan_details.status is ProvisionedProductPlanStatus.CREATE_SUCCESS
    )
    assert {c.action for c in out.resource_changes} == {ChangeAction.ADD, ChangeAction.MODIFY}


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceCatalogEmulator]:
    """A server-mode emulator whose changes settle on the first look."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with ServiceCatalogEmulator(server=True, in_progress_polls=0) as emulator:
        yield emulator


def test_the_whole_flow_with_a_plan_through_plain_boto3_on_the_server(
    served: ServiceCatalogEmulator,
) -> None:
    sc = served.boto3_client()
    product_id, v1 = create_product(served, grant=False)
    v2 = add_version(served, product_id, TEMPLATE_V2, "v2")
    portfolio = sc.create_portfolio(DisplayName="platform", ProviderName="platform-team")
    portfolio_id = portfolio["PortfolioDetail"]["Id"]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    sc.associate_principal_with_portfolio(
        PortfolioId=portfolio_id,
        PrincipalARN=served.caller_arn(),  # who plain boto3 on the fake keys acts as
        PrincipalType="IAM",
    )
    (path,) = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    launch = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=v1,
        PathName="platform",
        ProvisionedProductName="orders",
        ProvisioningParameters=[{"Key": "BucketName", "Value": "orders-bucket"}],
    )["RecordDetail"]
    assert settle(sc, launch["RecordId"])["RecordDetail"]["PathId"] == path["Id"]
    pp_id = launch["ProvisionedProductId"]
    update = sc.update_provisioned_product(
        ProvisionedProductId=pp_id,
        ProvisioningArtifactId=v1,
        ProvisioningParameters=[{"Key": "Size", "Value": "large"}],
    )["RecordDetail"]
    assert settle(sc, update["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"

    plan_id = _plan(sc, product_id, v2, PathId=path["Id"])["PlanId"]
    described = _describe(sc, plan_id)
    assert described["ProvisionedProductPlanDetails"]["Status"] == "CREATE_SUCCESS"
    assert described["ProvisionedProductPlanDetails"]["PathId"] == path["Id"]
    assert {c["LogicalResourceId"]: c["Action"] for c in described["ResourceChanges"]} == {
        "Bucket": "MODIFY",
        "Queue": "ADD",
    }
    run = sc.execute_provisioned_product_plan(PlanId=plan_id, IdempotencyToken="run")
    assert settle(sc, run["RecordDetail"]["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    assert _describe(sc, plan_id)["ProvisionedProductPlanDetails"]["Status"] == "EXECUTE_SUCCESS"
    detail = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
    assert detail["ProvisioningArtifactId"] == v2
    end = sc.terminate_provisioned_product(ProvisionedProductId=pp_id)["RecordDetail"]
    assert settle(sc, end["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    assert sc.scan_provisioned_products()["ProvisionedProducts"] == []


def test_update_plan_and_execute_through_the_aws_cli(served: ServiceCatalogEmulator) -> None:
    sc = served.boto3_client()
    product_id, v2, pp_id = _launched(served, sc)

    update = _aws(
        served,
        "update-provisioned-product",
        "--provisioned-product-id",
        pp_id,
        "--provisioning-parameters",
        "Key=Size,Value=large",
        "--update-token",
        "cli-update",
    )["RecordDetail"]
    assert settle(sc, update["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    plan = _aws(
        served,
        "create-provisioned-product-plan",
        "--plan-name",
        "cli-plan",
        "--plan-type",
        "CLOUDFORMATION",
        "--product-id",
        product_id,
        "--provisioned-product-name",
        "orders",
        "--provisioning-artifact-id",
        v2,
        "--idempotency-token",
        "cli-plan",
    )
    described = _aws(served, "describe-provisioned-product-plan", "--plan-id", plan["PlanId"])
    assert described["ProvisionedProductPlanDetails"]["Status"] == "CREATE_SUCCESS"
    run = _aws(
        served,
        "execute-provisioned-product-plan",
        "--plan-id",
        plan["PlanId"],
        "--idempotency-token",
        "cli-run",
    )["RecordDetail"]

    assert run["ProvisionedProductId"] == pp_id
    assert settle(sc, run["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"


def test_deleting_a_plan_for_a_new_product_drops_the_planned_product(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator)
    plan_id = _plan(
        sc, product_id, v1, ProvisioningParameters=[{"Key": "BucketName", "Value": "b-1"}]
    )["PlanId"]
    _status_walk(sc, plan_id)
    assert _code(lambda: _plan(sc, product_id, v1, token="again")) == "InvalidStateException"
    assert (
        _code(
            lambda: sc.provision_product(
                ProductId=product_id, ProvisioningArtifactId=v1, ProvisionedProductName="orders"
            )
        )
        == "DuplicateResourceException"
    )  # the name is the planned product's

    sc.delete_provisioned_product_plan(PlanId=plan_id)

    assert sc.scan_provisioned_products()["ProvisionedProducts"] == []


@pytest.mark.parametrize("fails", [False, True])
def test_an_executed_plan_ends_with_its_record_whatever_read_saw_the_record_end(
    emulator: ServiceCatalogEmulator, sc: Any, fails: bool
) -> None:
    product_id, v2, _ = _launched(emulator, sc)
    plan_id = _plan(sc, product_id, v2)["PlanId"]
    _status_walk(sc, plan_id)
    if fails:
        emulator.fail_next_change("orders", "Stack rolled back")
    record_id = sc.execute_provisioned_product_plan(PlanId=plan_id, IdempotencyToken="go")[
        "RecordDetail"
    ]["RecordId"]
    # Only DescribeRecord reads see the change end; the plan is not read meanwhile.
    settle(sc, record_id)
    listed = sc.list_provisioned_product_plans()["ProvisionedProductPlans"]
    assert [p["PlanId"] for p in listed] == [plan_id]
    details = _describe(sc, plan_id)["ProvisionedProductPlanDetails"]
    if fails:
        assert (details["Status"], details["StatusMessage"]) == (
            "EXECUTE_FAILED",
            "Stack rolled back",
        )
    else:
        assert details["Status"] == "EXECUTE_SUCCESS"
        assert "StatusMessage" not in details


def test_an_executed_plan_deletes_once_its_record_ended_without_reading_the_plan(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v2, _ = _launched(emulator, sc)
    plan_id = _plan(sc, product_id, v2)["PlanId"]
    _status_walk(sc, plan_id)
    record_id = sc.execute_provisioned_product_plan(PlanId=plan_id, IdempotencyToken="go")[
        "RecordDetail"
    ]["RecordId"]
    settle(sc, record_id)
    sc.delete_provisioned_product_plan(PlanId=plan_id)  # no IgnoreErrors needed
    assert sc.list_provisioned_product_plans()["ProvisionedProductPlans"] == []
