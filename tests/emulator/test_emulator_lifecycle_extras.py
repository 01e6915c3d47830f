"""Outputs, properties, imported stacks, search and history filters, stack instances."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
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
from .test_emulator_shapes import _problems

_MODEL = botocore.session.get_session().get_service_model("servicecatalog")
OWNER = "arn:aws:iam::123456789012:user/alice"
ROLE = "arn:aws:iam::123456789012:role/launcher"


def _assert_shape(operation: str, out: dict[str, Any]) -> None:
    body = {k: v for k, v in out.items() if k != "ResponseMetadata"}
    wire = json.loads(json.dumps(body, default=lambda v: v.timestamp()))
    assert _problems(_MODEL.operation_model(operation).output_shape, wire, "$") == []


def _code(call: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    code: str = caught.value.response["Error"]["Code"]
    return code


def _launch(sc: Any, product_id: str, artifact_id: str, name: str, **extra: Any) -> str:
    record = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=name,
        ProvisioningParameters=[{"Key": "BucketName", "Value": f"{name}-bucket"}],
        **extra,
    )["RecordDetail"]
    settle(sc, record["RecordId"])
    pp_id: str = record["ProvisionedProductId"]
    return pp_id


def test_outputs_by_id_or_name_filtered_and_paged(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    pp_id = _launch(sc, product_id, v1, "orders")

    by_id = sc.get_provisioned_product_outputs(ProvisionedProductId=pp_id)
    by_name = sc.get_provisioned_product_outputs(ProvisionedProductName="orders")

    _assert_shape("GetProvisionedProductOutputs", by_id)
    outputs = {o["OutputKey"]: o for o in by_id["Outputs"]}
    assert by_name["Outputs"] == by_id["Outputs"]
    assert outputs["BucketName"] == {
        "OutputKey": "BucketName",
        "OutputValue": "orders-bucket",
        "Description": "The bucket",
    }
    assert set(outputs) == {"BucketName", "BucketArn", "Size"}
    some = sc.get_provisioned_product_outputs(
        ProvisionedProductId=pp_id, OutputKeys=["Size", "Missing"]
    )
    assert some["Outputs"] == [{"OutputKey": "Size", "OutputValue": "small"}]
    first = sc.get_provisioned_product_outputs(ProvisionedProductId=pp_id, PageSize=2)
    rest = sc.get_provisioned_product_outputs(
        ProvisionedProductId=pp_id, PageSize=2, PageToken=first["NextPageToken"]
    )
    assert len(first["Outputs"]) == 2
    assert len(rest["Outputs"]) == 1
    assert "NextPageToken" not in rest
    # The current stack's outputs: after an update, version 2's.
    update = sc.update_provisioned_product(ProvisionedProductId=pp_id, ProvisioningArtifactId=v2)
    settle(sc, update["RecordDetail"]["RecordId"])
    keys = [
        o["OutputKey"]
        for o in sc.get_provisioned_product_outputs(ProvisionedProductId=pp_id)["Outputs"]
    ]
    assert "Version" in keys


def test_outputs_errors(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1 = create_product(emulator)
    pp_id = _launch(sc, product_id, v1, "orders")

    assert (
        _code(
            lambda: sc.get_provisioned_product_outputs(
                ProvisionedProductId=pp_id, ProvisionedProductName="orders"
            )
        )
        == "InvalidParametersException"
    )
    assert _code(lambda: sc.get_provisioned_product_outputs(ProvisionedProductId="pp-nope")) == (
        "ResourceNotFoundException"
    )
    assert _code(lambda: sc.get_provisioned_product_outputs()) == "InvalidParametersException"


def test_properties_change_owner_and_launch_role_through_a_record(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator)
    pp_id = _launch(sc, product_id, v1, "orders")
    before = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]

    out = sc.update_provisioned_product_properties(
        ProvisionedProductId=pp_id,
        ProvisionedProductProperties={"OWNER": OWNER, "LAUNCH_ROLE": ROLE},
        IdempotencyToken="props-1",
    )

    _assert_shape("UpdateProvisionedProductProperties", out)
    assert out["ProvisionedProductId"] == pp_id
    assert out["ProvisionedProductProperties"] == {"OWNER": OWNER, "LAUNCH_ROLE": ROLE}
    assert out["Status"] == "CREATED"
    statuses = [sc.describe_record(Id=out["RecordId"])["RecordDetail"] for _ in range(3)]
    assert [r["Status"] for r in statuses] == ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]
    assert statuses[-1]["RecordType"] == "UPDATE_PROVISIONED_PRODUCT_PROPERTIES"
    detail = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
    assert detail["Status"] == "AVAILABLE"
    assert detail["LaunchRoleArn"] == ROLE
    assert detail["LastRecordId"] == out["RecordId"]
    # Not a provisioning request: the provisioning record ids stay the launch's.
    assert detail["LastProvisioningRecordId"] == before["LastProvisioningRecordId"]
    assert (
        detail["LastSuccessfulProvisioningRecordId"] == before["LastSuccessfulProvisioningRecordId"]
    )
    # Alice owns it now: the caller sees it at Account level only.
    query = {"SearchQuery": [f"userArn:{OWNER}"]}
    assert sc.search_provisioned_products(Filters=query)["ProvisionedProducts"] == []
    found = sc.search_provisioned_products(
        Filters=query, AccessLevelFilter={"Key": "Account", "Value": "self"}
    )
    assert [p["UserArn"] for p in found["ProvisionedProducts"]] == [OWNER]
    again = sc.update_provisioned_product_properties(
        ProvisionedProductId=pp_id,
        ProvisionedProductProperties={"OWNER": OWNER},
        IdempotencyToken="props-1",
    )
    assert again["RecordId"] == out["RecordId"]


def test_properties_errors(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1 = create_product(emulator)
    pp_id = _launch(sc, product_id, v1, "orders")

    def update(properties: dict[str, str], pp: str = pp_id) -> Any:
        return sc.update_provisioned_product_properties(
            ProvisionedProductId=pp, ProvisionedProductProperties=properties
        )

    assert _code(lambda: update({"OWNER": "alice"})) == "InvalidParametersException"
    assert _code(lambda: update({"LAUNCH_ROLE": OWNER})) == "InvalidParametersException"
    assert _code(lambda: update({"COLOUR": "blue"})) == "InvalidParametersException"
    assert _code(lambda: update({"OWNER": OWNER}, "pp-nope")) == "ResourceNotFoundException"
    sc.update_provisioned_product(ProvisionedProductId=pp_id, ProvisioningArtifactId=v1)
    assert _code(lambda: update({"OWNER": OWNER})) == "InvalidStateException"  # UNDER_CHANGE


def _stack(
    emulator: ServiceCatalogEmulator, name: str, template: dict[str, Any], bucket: str
) -> str:
    cfn = emulator.boto3_client("cloudformation")
    stack_id: str = cfn.create_stack(
        StackName=name,
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": "BucketName", "ParameterValue": bucket}],
    )["StackId"]
    return stack_id


def test_import_adopts_a_stack_that_then_lives_as_a_product(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    stack_id = _stack(emulator, "legacy", BUCKET_TEMPLATE, "legacy-bucket")

    record = sc.import_as_provisioned_product(
        ProductId=product_id,
        ProvisioningArtifactId=v1,
        ProvisionedProductName="adopted",
        PhysicalId=stack_id,
        IdempotencyToken="import-1",
    )["RecordDetail"]

    assert record["RecordType"] == "IMPORT_PROVISIONED_PRODUCT"
    _assert_shape("ImportAsProvisionedProduct", {"RecordDetail": record})
    done = settle(sc, record["RecordId"])
    assert done["RecordDetail"]["Status"] == "SUCCEEDED"
    pp_id = record["ProvisionedProductId"]
    (found,) = sc.search_provisioned_products(Filters={"SearchQuery": ["name:adopted"]})[
        "ProvisionedProducts"
    ]
    assert (found["Status"], found["PhysicalId"]) == ("AVAILABLE", stack_id)
    outputs = sc.get_provisioned_product_outputs(ProvisionedProductId=pp_id)["Outputs"]
    assert {
        "OutputKey": "BucketName",
        "OutputValue": "legacy-bucket",
        "Description": "The bucket",
    } in outputs
    again = sc.import_as_provisioned_product(
        ProductId=product_id,
        ProvisioningArtifactId=v1,
        ProvisionedProductName="adopted",
        PhysicalId=stack_id,
        IdempotencyToken="import-1",
    )
    assert again["RecordDetail"]["RecordId"] == record["RecordId"]
    # Managed from now on: updated with the stack's own parameter values, then terminated.
    update = sc.update_provisioned_product(ProvisionedProductId=pp_id, ProvisioningArtifactId=v2)
    assert settle(sc, update["RecordDetail"]["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    assert "legacy-bucket" in bucket_names(emulator)
    end = sc.terminate_provisioned_product(ProvisionedProductId=pp_id)
    settle(sc, end["RecordDetail"]["RecordId"])
    assert "legacy-bucket" not in bucket_names(emulator)


def test_import_errors(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1 = create_product(emulator)
    launched = _launch(sc, product_id, v1, "orders")
    launched_stack = sc.search_provisioned_products(Filters={"SearchQuery": [f"id:{launched}"]})[
        "ProvisionedProducts"
    ][0]["PhysicalId"]
    other = _stack(emulator, "other", BUCKET_TEMPLATE_V2, "other-bucket")
    same = _stack(emulator, "same", BUCKET_TEMPLATE, "same-bucket")

    def adopt(physical_id: str, name: str = "adopted", artifact_id: str = v1) -> Any:
        return sc.import_as_provisioned_product(
            ProductId=product_id,
            ProvisioningArtifactId=artifact_id,
            ProvisionedProductName=name,
            PhysicalId=physical_id,
        )

    assert _code(lambda: adopt("arn:aws:cloudformation:us-east-1:123456789012:stack/x/y")) == (
        "ResourceNotFoundException"
    )
    assert _code(lambda: adopt(other)) == "InvalidParametersException"  # another template
    assert _code(lambda: adopt(launched_stack)) == "DuplicateResourceException"
    assert _code(lambda: adopt(same, name="orders")) == "DuplicateResourceException"
    assert _code(lambda: adopt(same, artifact_id="pa-nope")) == "ResourceNotFoundException"


def test_search_query_fields_and_sorting(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1 = create_product(emulator, name="buckets")
    a = _launch(sc, product_id, v1, "alpha", Tags=[{"Key": "env", "Value": "prod"}])
    b = _launch(sc, product_id, v1, "beta", Tags=[{"Key": "env", "Value": "dev"}])
    failed = sc.update_provisioned_product(
        ProvisionedProductId=b,
        ProvisioningArtifactId=v1,
        ProvisioningParameters=[{"Key": "Size", "Value": "huge"}],
    )
    settle(sc, failed["RecordDetail"]["RecordId"])

    def names(*queries: str, **extra: Any) -> list[str]:
        out = sc.search_provisioned_products(Filters={"SearchQuery": list(queries)}, **extra)
        _assert_shape("SearchProvisionedProducts", out)
        assert out["TotalResultsCount"] == len(out["ProvisionedProducts"])
        return [p["Name"] for p in out["ProvisionedProducts"]]

    alpha = sc.search_provisioned_products(Filters={"SearchQuery": ["name:alpha"]})[
        "ProvisionedProducts"
    ][0]
    assert names("name:ALPHA") == ["alpha"]
    assert names(f"id:{b}") == ["beta"]
    assert names(f"arn:{alpha['Arn']}") == ["alpha"]
    assert names(f"physicalId:{alpha['PhysicalId']}") == ["alpha"]
    assert names("type:CFN_STACK", SortBy="name") == ["alpha", "beta"]
    assert names("status:TAINTED") == ["beta"]
    assert names("productName:buckets", "provisioningArtifactName:v1", SortBy="name") == [
        "alpha",
        "beta",
    ]
    assert names("tags:env=prod") == ["alpha"]
    assert names("tags:env", SortBy="name", SortOrder="DESCENDING") == ["beta", "alpha"]
    assert names(
        f"lastSuccessfulProvisioningRecordId:{alpha['LastSuccessfulProvisioningRecordId']}"
    ) == ["alpha"]
    assert names(f"createdTime:{alpha['CreatedTime'].date().isoformat()}", SortBy="id") == sorted(
        ["alpha", "beta"], key=lambda n: a if n == "alpha" else b
    )
    assert names("alp") == ["alpha"]  # free text
    assert names("name:alpha", "status:TAINTED") == []  # every term must hold
    assert _code(lambda: sc.search_provisioned_products(SortBy="status")) == (
        "InvalidParametersException"
    )
    assert _code(lambda: sc.search_provisioned_products(Filters={"Name": ["alpha"]})) == (
        "InvalidParametersException"
    )


def test_record_history_filters(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    first, v1 = create_product(emulator, name="one")
    second, w1 = create_product(emulator, name="two")
    a = _launch(sc, first, v1, "alpha")
    b = _launch(sc, second, w1, "beta")
    end = sc.terminate_provisioned_product(ProvisionedProductId=a)
    settle(sc, end["RecordDetail"]["RecordId"])

    def history(key: str, value: str) -> list[tuple[str, str]]:
        out = sc.list_record_history(SearchFilter={"Key": key, "Value": value})
        _assert_shape("ListRecordHistory", out)
        return [(r["ProvisionedProductName"], r["RecordType"]) for r in out["RecordDetails"]]

    # Newest first; a terminated product's records stay in the history.
    assert history("provisionedproduct", a) == [
        ("alpha", "TERMINATE_PROVISIONED_PRODUCT"),
        ("alpha", "PROVISION_PRODUCT"),
    ]
    assert history("product", second) == [("beta", "PROVISION_PRODUCT")]
    assert history("provisionedproduct", b) == [("beta", "PROVISION_PRODUCT")]
    assert history("product", "prod-nope") == []
    assert (
        _code(lambda: sc.list_record_history(SearchFilter={"Key": "status", "Value": "FAILED"}))
        == "InvalidParametersException"
    )


def test_stack_instances_only_for_stack_sets(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1 = create_product(emulator)
    pp_id = _launch(sc, product_id, v1, "orders")

    assert (
        _code(lambda: sc.list_stack_instances_for_provisioned_product(ProvisionedProductId=pp_id))
        == "InvalidParametersException"
    )
    assert (
        _code(
            lambda: sc.list_stack_instances_for_provisioned_product(ProvisionedProductId="pp-nope")
        )
        == "ResourceNotFoundException"
    )
