"""Failing stacks on purpose: ERROR after a failed launch, IN_PROGRESS_IN_ERROR then TAINTED after a failed update.

Two reliable ways to fail: a bucket name already taken in moto S3 (moto's
CloudFormation fails the resource), and a value outside a parameter's
AllowedValues (moto's CloudFormation accepts any value, so the emulator checks
the template's constraints itself, as CloudFormation does).
"""

from __future__ import annotations

from typing import Any

import pytest

from servicecatalog_sdk import errors
from servicecatalog_sdk.models import ProvisionedProductStatus, RecordStatus
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import bucket_names, create_product, settle

SECRET = "s3cr3t-value-never-shown"


def _provision(sc: Any, product_id: str, artifact_id: str, bucket: str, **extra: Any) -> Any:
    parameters = [{"Key": "BucketName", "Value": bucket}, *extra.pop("parameters", [])]
    return sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=extra.pop("name", "orders"),
        ProvisioningParameters=parameters,
    )["RecordDetail"]


def _statuses(sc: Any, record_id: str, looks: int) -> list[str]:
    return [sc.describe_record(Id=record_id)["RecordDetail"]["Status"] for _ in range(looks)]


def _stacks(emulator: ServiceCatalogEmulator) -> list[dict[str, Any]]:
    stacks: list[dict[str, Any]] = emulator.boto3_client("cloudformation").describe_stacks()[
        "Stacks"
    ]
    return stacks


def test_launch_whose_stack_fails_ends_failed_and_error(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    emulator.boto3_client("s3").create_bucket(Bucket="taken-bucket")
    product_id, artifact_id = create_product(emulator)

    record = _provision(sc, product_id, artifact_id, "taken-bucket")

    assert _statuses(sc, record["RecordId"], 3) == ["IN_PROGRESS", "IN_PROGRESS", "FAILED"]
    detail = sc.describe_record(Id=record["RecordId"])["RecordDetail"]
    assert [e["Code"] for e in detail["RecordErrors"]] == ["StackFailure"]
    assert "BucketAlreadyExists" in detail["RecordErrors"][0]["Description"]
    pp = sc.describe_provisioned_product(Id=record["ProvisionedProductId"])
    product = pp["ProvisionedProductDetail"]
    assert product["Status"] == "ERROR"
    assert "BucketAlreadyExists" in product["StatusMessage"]
    assert "LastSuccessfulProvisioningRecordId" not in product
    assert _stacks(emulator) == []  # nothing left running


def test_launch_outside_allowed_values_fails_without_a_stack(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id = create_product(emulator)

    record = _provision(
        sc, product_id, artifact_id, "b-1", parameters=[{"Key": "Size", "Value": SECRET}]
    )

    done = settle(sc, record["RecordId"])
    assert done["RecordDetail"]["RecordErrors"] == [
        {"Code": "ValidationError", "Description": "Parameter 'Size' must be one of AllowedValues"}
    ]
    product = sc.describe_provisioned_product(Id=record["ProvisionedProductId"])
    assert product["ProvisionedProductDetail"]["Status"] == "ERROR"
    assert SECRET not in str(done) + str(product)
    assert _stacks(emulator) == []
    assert "b-1" not in bucket_names(emulator)


def test_failed_update_rolls_back_through_in_progress_in_error_to_tainted(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    emulator.boto3_client("s3").create_bucket(Bucket="taken-bucket")
    product_id, artifact_id = create_product(emulator)
    first = _provision(sc, product_id, artifact_id, "good-bucket")
    pp_id = first["ProvisionedProductId"]
    settle(sc, first["RecordId"])

    update = sc.update_provisioned_product(
        ProvisionedProductId=pp_id,
        ProvisioningArtifactId=artifact_id,
        ProvisioningParameters=[{"Key": "BucketName", "Value": "taken-bucket"}],
    )["RecordDetail"]

    seen = []
    for _ in range(4):
        # Each look at the product is a look at its record; the history is none.
        product = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
        record = sc.list_record_history()["RecordDetails"][0]
        seen.append((record["Status"], product["Status"]))
    assert seen == [
        ("IN_PROGRESS", "UNDER_CHANGE"),
        ("IN_PROGRESS", "UNDER_CHANGE"),
        ("IN_PROGRESS_IN_ERROR", "UNDER_CHANGE"),
        ("FAILED", "TAINTED"),
    ]
    assert "BucketAlreadyExists" in record["RecordErrors"][0]["Description"]
    assert product["LastRecordId"] == update["RecordId"]
    assert product["LastSuccessfulProvisioningRecordId"] == first["RecordId"]
    # CloudFormation rolled the stack back to its last good parameters.
    (stack,) = _stacks(emulator)
    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}[
        "BucketName"
    ] == "good-bucket"
    assert "good-bucket" in bucket_names(emulator)


def test_tainted_product_recovers_with_a_good_update(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id = create_product(emulator)
    first = _provision(sc, product_id, artifact_id, "good-bucket")
    pp_id = first["ProvisionedProductId"]
    settle(sc, first["RecordId"])
    bad = sc.update_provisioned_product(
        ProvisionedProductId=pp_id,
        ProvisioningArtifactId=artifact_id,
        ProvisioningParameters=[{"Key": "Size", "Value": "huge"}],
    )["RecordDetail"]
    assert settle(sc, bad["RecordId"])["RecordDetail"]["Status"] == "FAILED"

    good = sc.update_provisioned_product(
        ProvisionedProductId=pp_id,
        ProvisioningArtifactId=artifact_id,
        ProvisioningParameters=[{"Key": "Size", "Value": "large"}],
    )["RecordDetail"]

    assert _statuses(sc, good["RecordId"], 3) == ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]
    product = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
    assert product["Status"] == "AVAILABLE"
    assert "StatusMessage" not in product


def test_zero_polls_still_shows_the_rollback_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with ServiceCatalogEmulator(in_progress_polls=0) as emulator:
        sc = emulator.boto3_client()
        product_id, artifact_id = create_product(emulator)
        first = _provision(sc, product_id, artifact_id, "good-bucket")
        settle(sc, first["RecordId"])
        update = sc.update_provisioned_product(
            ProvisionedProductId=first["ProvisionedProductId"],
            ProvisioningArtifactId=artifact_id,
            ProvisioningParameters=[{"Key": "Size", "Value": "huge"}],
        )["RecordDetail"]

        assert _statuses(sc, update["RecordId"], 2) == ["IN_PROGRESS_IN_ERROR", "FAILED"]


def test_sdk_waiters_report_the_failures(emulator: ServiceCatalogEmulator) -> None:
    emulator.boto3_client("s3").create_bucket(Bucket="taken-bucket")
    sc = emulator.client()
    product_id, artifact_id = create_product(emulator)
    launch = sc.provision_product(
        product_id=product_id,
        provisioning_artifact_id=artifact_id,
        provisioned_product_name="broken",
        provisioning_parameters={"BucketName": "taken-bucket"},
    )
    assert launch.record_detail is not None
    polled: list[RecordStatus | None] = []

    with pytest.raises(errors.RecordFailedError) as failed:
        sc.wait_for_record(
            launch.record_detail.record_id or "",
            on_poll=lambda out: polled.append(
                out.record_detail.status if out.record_detail else None
            ),
        )
    assert [e.code for e in failed.value.errors] == ["StackFailure"]
    with pytest.raises(errors.ProvisionedProductFailedError) as broken:
        sc.wait_for_provisioned_product(name="broken")
    assert broken.value.detail.status is ProvisionedProductStatus.ERROR
    assert polled[-1] is RecordStatus.FAILED
