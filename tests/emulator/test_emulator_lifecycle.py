"""Provisioning lifecycle: records, statuses, stacks, idempotency, errors."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import (
    BUCKET_TEMPLATE,
    BUCKET_TEMPLATE_V2,
    add_version,
    bucket_names,
    create_product,
    settle,
)


def _provision(sc: Any, product_id: str, artifact_id: str, name: str = "orders", **kw: Any) -> Any:
    params = kw.pop("params", [{"Key": "BucketName", "Value": f"{name}-bucket"}])
    return sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=name,
        ProvisioningParameters=params,
        **kw,
    )["RecordDetail"]


def _stack(emulator: ServiceCatalogEmulator, pp_id: str) -> dict[str, Any]:
    cfn = emulator.boto3_client("cloudformation")
    stack: dict[str, Any] = cfn.describe_stacks(StackName=f"SC-123456789012-{pp_id}")["Stacks"][0]
    return stack


def test_record_moves_created_in_progress_succeeded(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id = create_product(emulator)
    record = _provision(sc, product_id, artifact_id)
    assert record["Status"] == "CREATED"
    assert record["RecordId"].startswith("rec-")
    assert len(record["RecordId"]) == 17
    assert record["ProvisionedProductId"].startswith("pp-")
    assert record["RecordType"] == "PROVISION_PRODUCT"
    statuses = [
        sc.describe_record(Id=record["RecordId"])["RecordDetail"]["Status"] for _ in range(4)
    ]
    assert statuses == ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED", "SUCCEEDED"]


def test_provisioned_product_under_change_then_available(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id = create_product(emulator)
    record = _provision(sc, product_id, artifact_id)
    pp_id = record["ProvisionedProductId"]
    seen = [
        sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]["Status"]
        for _ in range(3)
    ]
    assert seen == ["UNDER_CHANGE", "UNDER_CHANGE", "AVAILABLE"]
    detail = sc.describe_provisioned_product(Name="orders")["ProvisionedProductDetail"]
    assert detail["Id"] == pp_id
    assert detail["LastRecordId"] == record["RecordId"]
    assert detail["LastProvisioningRecordId"] == record["RecordId"]
    assert detail["LastSuccessfulProvisioningRecordId"] == record["RecordId"]
    assert detail["Type"] == "CFN_STACK"


def test_zero_polls_settles_on_first_observation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    with ServiceCatalogEmulator(in_progress_polls=0) as emulator:
        sc = emulator.boto3_client()
        product_id, artifact_id = create_product(emulator)
        record = _provision(sc, product_id, artifact_id)
        assert sc.describe_record(Id=record["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"


def test_stack_outputs_become_record_outputs(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id = create_product(emulator)
    record = _provision(sc, product_id, artifact_id)
    assert sc.describe_record(Id=record["RecordId"])["RecordOutputs"] == []  # not done yet
    done = settle(sc, record["RecordId"])
    outputs = {o["OutputKey"]: o for o in done["RecordOutputs"]}
    assert outputs["BucketName"] == {
        "OutputKey": "BucketName",
        "OutputValue": "orders-bucket",
        "Description": "The bucket",
    }
    assert outputs["BucketArn"]["OutputValue"] == "arn:aws:s3:::orders-bucket"
    assert outputs["Size"]["OutputValue"] == "small"  # the template's default
    stack = _stack(emulator, record["ProvisionedProductId"])
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert "orders-bucket" in bucket_names(emulator)


def test_record_outputs_page(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id = create_product(emulator)
    record_id = _provision(sc, product_id, artifact_id)["RecordId"]
    settle(sc, record_id)
    first = sc.describe_record(Id=record_id, PageSize=2)
    assert len(first["RecordOutputs"]) == 2
    second = sc.describe_record(Id=record_id, PageSize=2, PageToken=first["NextPageToken"])
    assert len(second["RecordOutputs"]) == 1
    assert "NextPageToken" not in second
    keys = {o["OutputKey"] for o in first["RecordOutputs"] + second["RecordOutputs"]}
    assert keys == {"BucketName", "BucketArn", "Size"}


def test_same_provision_token_returns_same_record(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id = create_product(emulator)
    first = _provision(sc, product_id, artifact_id, ProvisionToken="token-1")
    again = _provision(sc, product_id, artifact_id, ProvisionToken="token-1")
    assert again["RecordId"] == first["RecordId"]
    assert again["ProvisionedProductId"] == first["ProvisionedProductId"]
    assert len(sc.scan_provisioned_products()["ProvisionedProducts"]) == 1
    pp = sc.describe_provisioned_product(Id=first["ProvisionedProductId"])
    assert pp["ProvisionedProductDetail"]["IdempotencyToken"] == "token-1"


def test_same_update_and_terminate_tokens_are_idempotent(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id = create_product(emulator)
    pp_id = _provision(sc, product_id, artifact_id)["ProvisionedProductId"]
    settle(
        sc, sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]["LastRecordId"]
    )
    update = {"ProvisionedProductId": pp_id, "UpdateToken": "u-1"}
    first = sc.update_provisioned_product(**update)["RecordDetail"]
    assert sc.update_provisioned_product(**update)["RecordDetail"]["RecordId"] == first["RecordId"]
    settle(sc, first["RecordId"])
    terminate = {"ProvisionedProductId": pp_id, "TerminateToken": "t-1"}
    first = sc.terminate_provisioned_product(**terminate)["RecordDetail"]
    settle(sc, first["RecordId"])
    again = sc.terminate_provisioned_product(**terminate)["RecordDetail"]
    assert again["RecordId"] == first["RecordId"]


def test_duplicate_name_is_rejected(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id = create_product(emulator)
    _provision(sc, product_id, artifact_id)
    with pytest.raises(ClientError) as caught:
        _provision(sc, product_id, artifact_id)
    assert caught.value.response["Error"]["Code"] == "DuplicateResourceException"


def test_update_changes_stack_and_version(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    first = _provision(sc, product_id, v1)
    pp_id = first["ProvisionedProductId"]
    settle(sc, first["RecordId"])
    update = sc.update_provisioned_product(
        ProvisionedProductName="orders",
        ProvisioningArtifactId=v2,
        ProvisioningParameters=[{"Key": "Size", "Value": "large"}],
    )["RecordDetail"]
    assert update["RecordType"] == "UPDATE_PROVISIONED_PRODUCT"
    done = settle(sc, update["RecordId"])
    outputs = {o["OutputKey"]: o["OutputValue"] for o in done["RecordOutputs"]}
    # BucketName was not sent again: the previous value is kept.
    assert outputs == {
        "BucketName": "orders-bucket",
        "BucketArn": "arn:aws:s3:::orders-bucket",
        "Size": "large",
        "Version": "2",
    }
    stack = _stack(emulator, pp_id)
    assert {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}["Size"] == "large"
    assert {o["OutputKey"] for o in stack["Outputs"]} >= {"Version"}
    detail = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
    assert detail["ProvisioningArtifactId"] == v2
    assert detail["Status"] == "AVAILABLE"
    assert detail["LastSuccessfulProvisioningRecordId"] == update["RecordId"]


def test_failed_update_taints_and_keeps_old_stack(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    first = _provision(sc, product_id, v1)
    pp_id = first["ProvisionedProductId"]
    settle(sc, first["RecordId"])
    # "huge" is outside the template's AllowedValues: the update must fail.
    update = sc.update_provisioned_product(
        ProvisionedProductId=pp_id,
        ProvisioningArtifactId=v2,
        ProvisioningParameters=[{"Key": "Size", "Value": "huge"}],
    )["RecordDetail"]
    assert update["RecordErrors"] == []  # not revealed before the record fails
    done = settle(sc, update["RecordId"])
    assert done["RecordDetail"]["Status"] == "FAILED"
    assert done["RecordDetail"]["RecordErrors"][0]["Code"] == "ValidationError"
    assert "AllowedValues" in done["RecordDetail"]["RecordErrors"][0]["Description"]
    assert done["RecordOutputs"] == []
    detail = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
    assert detail["Status"] == "TAINTED"
    assert "AllowedValues" in detail["StatusMessage"]
    assert detail["ProvisioningArtifactId"] == v1
    assert detail["LastRecordId"] == update["RecordId"]
    assert detail["LastSuccessfulProvisioningRecordId"] == first["RecordId"]
    stack = _stack(emulator, pp_id)
    assert {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}["Size"] == "small"
    assert "Version" not in {o["OutputKey"] for o in stack["Outputs"]}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ([], "must have values"),
        ([{"Key": "BucketName", "Value": "b"}, {"Key": "Nope", "Value": "x"}], "do not exist"),
    ],
)
def test_failed_first_launch_is_error(
    emulator: ServiceCatalogEmulator, sc: Any, params: list[dict[str, str]], message: str
) -> None:
    product_id, artifact_id = create_product(emulator)
    record = _provision(sc, product_id, artifact_id, params=params)
    done = settle(sc, record["RecordId"])
    assert done["RecordDetail"]["Status"] == "FAILED"
    assert message in done["RecordDetail"]["RecordErrors"][0]["Description"]
    detail = sc.describe_provisioned_product(Id=record["ProvisionedProductId"])
    assert detail["ProvisionedProductDetail"]["Status"] == "ERROR"
    assert "LastSuccessfulProvisioningRecordId" not in detail["ProvisionedProductDetail"]
    assert emulator.boto3_client("cloudformation").describe_stacks()["Stacks"] == []


def test_bad_template_fails_the_launch(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    url = emulator.upload_template("this: [is not a template", name="broken.yaml")
    with pytest.raises(ClientError) as caught:  # validated at creation by default
        sc.create_product(
            Name="broken",
            Owner="me",
            ProductType="CLOUD_FORMATION_TEMPLATE",
            ProvisioningArtifactParameters={"Info": {"LoadTemplateFromURL": url}},
        )
    assert caught.value.response["Error"]["Code"] == "InvalidParametersException"
    out = sc.create_product(
        Name="broken",
        Owner="me",
        ProductType="CLOUD_FORMATION_TEMPLATE",
        ProvisioningArtifactParameters={
            "Info": {"LoadTemplateFromURL": url},
            "DisableTemplateValidation": True,
        },
    )
    product_id = out["ProductViewDetail"]["ProductViewSummary"]["ProductId"]
    emulator.grant_access(product_id)
    record = _provision(sc, product_id, out["ProvisioningArtifactDetail"]["Id"], params=[])
    done = settle(sc, record["RecordId"])
    assert done["RecordDetail"]["Status"] == "FAILED"
    assert "Template format error" in done["RecordDetail"]["RecordErrors"][0]["Description"]


def test_terminate_deletes_stack_and_bucket(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id = create_product(emulator)
    record = _provision(sc, product_id, artifact_id)
    pp_id = record["ProvisionedProductId"]
    settle(sc, record["RecordId"])
    assert "orders-bucket" in bucket_names(emulator)
    terminate = sc.terminate_provisioned_product(ProvisionedProductName="orders")["RecordDetail"]
    assert terminate["RecordType"] == "TERMINATE_PROVISIONED_PRODUCT"
    # The stack goes when the termination completes, not when it is asked for.
    cfn = emulator.boto3_client("cloudformation")
    assert "orders-bucket" in bucket_names(emulator)
    assert len(cfn.describe_stacks()["Stacks"]) == 1
    assert sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]["Status"] == (
        "UNDER_CHANGE"
    )
    assert settle(sc, terminate["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    assert "orders-bucket" not in bucket_names(emulator)
    assert cfn.describe_stacks()["Stacks"] == []
    with pytest.raises(ClientError) as caught:
        sc.describe_provisioned_product(Id=pp_id)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert sc.scan_provisioned_products()["ProvisionedProducts"] == []
    # The name is free again.
    again = _provision(sc, product_id, artifact_id)
    assert again["ProvisionedProductId"] != pp_id


def test_changes_are_refused_while_under_change(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id = create_product(emulator)
    pp_id = _provision(sc, product_id, artifact_id)["ProvisionedProductId"]
    with pytest.raises(ClientError) as caught:
        sc.update_provisioned_product(ProvisionedProductId=pp_id)
    assert caught.value.response["Error"]["Code"] == "InvalidParametersException"


def test_scan_search_and_history(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id = create_product(emulator)
    records = [_provision(sc, product_id, artifact_id, name=f"pp{i}") for i in range(3)]
    page = sc.scan_provisioned_products(PageSize=2)
    assert [p["Name"] for p in page["ProvisionedProducts"]] == ["pp0", "pp1"]
    rest = sc.scan_provisioned_products(PageSize=2, PageToken=page["NextPageToken"])
    assert [p["Name"] for p in rest["ProvisionedProducts"]] == ["pp2"]
    found = sc.search_provisioned_products(Filters={"SearchQuery": ["name:pp1"]})
    assert [p["Name"] for p in found["ProvisionedProducts"]] == ["pp1"]
    assert found["TotalResultsCount"] == 1
    assert found["ProvisionedProducts"][0]["ProductName"] == "bucket-product"
    assert found["ProvisionedProducts"][0]["ProvisioningArtifactName"] == "v1"
    ordered = sc.search_provisioned_products(SortBy="name", SortOrder="DESCENDING")
    assert [p["Name"] for p in ordered["ProvisionedProducts"]] == ["pp2", "pp1", "pp0"]
    history = sc.list_record_history()["RecordDetails"]
    assert [r["RecordId"] for r in history] == [r["RecordId"] for r in reversed(records)]
    one = sc.list_record_history(
        SearchFilter={"Key": "provisionedproduct", "Value": records[1]["ProvisionedProductId"]}
    )["RecordDetails"]
    assert [r["RecordId"] for r in one] == [records[1]["RecordId"]]


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda sc: sc.describe_record(Id="rec-0000000000000"), "ResourceNotFoundException"),
        (
            lambda sc: sc.describe_provisioned_product(Id="pp-0000000000000"),
            "ResourceNotFoundException",
        ),
        (
            lambda sc: sc.terminate_provisioned_product(ProvisionedProductId="pp-0000000000000"),
            "ResourceNotFoundException",
        ),
        (
            lambda sc: sc.provision_product(
                ProductId="prod-0000000000000",
                ProvisioningArtifactId="pa-0000000000000",
                ProvisionedProductName="x",
            ),
            "ResourceNotFoundException",
        ),
        (lambda sc: sc.describe_provisioned_product(), "InvalidParametersException"),
        (  # AWS documents this error for both an Id and a Name, found or not.
            lambda sc: sc.describe_provisioned_product(Id="pp-0000000000000", Name="x"),
            "InvalidParametersException",
        ),
        (lambda sc: sc.scan_provisioned_products(PageToken="oops"), "InvalidParametersException"),
        (lambda sc: sc.scan_provisioned_products(PageToken=""), "InvalidParametersException"),
        (lambda sc: sc.scan_provisioned_products(PageSize=21), "InvalidParametersException"),
    ],
)
def test_errors_as_aws(sc: Any, call: Any, code: str) -> None:
    with pytest.raises(ClientError) as caught:
        call(sc)
    assert caught.value.response["Error"]["Code"] == code


def test_bad_provisioned_product_name(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id = create_product(emulator)
    with pytest.raises(ClientError) as caught:
        _provision(sc, product_id, artifact_id, name="-not valid")
    assert caught.value.response["Error"]["Code"] == "InvalidParametersException"


def test_template_unchanged_by_later_upload(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    """Service Catalog copies the template when the version is created."""
    product_id, artifact_id = create_product(emulator, BUCKET_TEMPLATE)
    emulator.upload_template("garbage", name="templates/template-1.json")
    record = _provision(sc, product_id, artifact_id)
    assert settle(sc, record["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"


_SECRET_TEMPLATE = {
    "Parameters": {
        "BucketName": {"Type": "String"},
        "Password": {"Type": "String", "NoEcho": "true"},
    },
    "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}},
}


def test_a_noecho_parameter_reads_back_masked_as_on_aws(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    # moto 5.2 alone shows the value (it compares values, not keys, with the NoEcho list).
    product_id, artifact_id = create_product(emulator, _SECRET_TEMPLATE)
    params = [{"Key": "BucketName", "Value": "b1"}, {"Key": "Password", "Value": "hunter2"}]
    record = _provision(sc, product_id, artifact_id, params=params)
    assert settle(sc, record["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    stack = _stack(emulator, record["ProvisionedProductId"])
    shown = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
    assert shown == {"BucketName": "b1", "Password": "****"}


def test_moto_gets_its_own_stack_parameters_back_when_the_emulator_stops() -> None:
    from moto.cloudformation.models import Stack

    own = Stack.__dict__["parameter_list"]
    with ServiceCatalogEmulator():
        assert Stack.__dict__["parameter_list"] is not own
    assert Stack.__dict__["parameter_list"] is own
