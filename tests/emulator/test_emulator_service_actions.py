"""Self-service actions on the emulator: the actions, their associations, executions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.models import RecordStatus, ServiceActionDefinitionKey
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .catalog_extras_helpers import ShapeRecorder, error_code, product_in_portfolio
from .emulator_helpers import create_product, settle

RESTART: dict[str, str] = {
    "Name": "AWS-RestartEC2Instance",
    "Version": "1",
    "AssumeRole": "LAUNCH_ROLE",
    "Parameters": json.dumps(
        [{"Name": "InstanceId", "Type": "TARGET"}, {"Name": "Reason", "Type": "TEXT_VALUE"}]
    ),
}


def _action(sc: Any, name: str = "restart", token: str | None = None, **kw: Any) -> str:
    out = sc.create_service_action(
        Name=name,
        DefinitionType="SSM_AUTOMATION",
        Definition=kw.pop("Definition", RESTART),
        IdempotencyToken=token or f"token-{name}",
        **kw,
    )
    action_id: str = out["ServiceActionDetail"]["ServiceActionSummary"]["Id"]
    return action_id


def _code(call: Any, **kw: Any) -> str:
    with pytest.raises(ClientError) as exc:
        call(**kw)
    return error_code(exc)


def _launched(emulator: ServiceCatalogEmulator, sc: Any) -> tuple[str, str, str, str]:
    """A provisioned product, settled: (product id, artifact id, pp id, its record id)."""
    product_id, artifact_id = create_product(emulator)
    record = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName="web",
        ProvisioningParameters=[{"Key": "BucketName", "Value": "web-bucket"}],
        Tags=[{"Key": "team", "Value": "web"}],
    )["RecordDetail"]
    settle(sc, record["RecordId"])
    return product_id, artifact_id, record["ProvisionedProductId"], record["RecordId"]


def test_action_crud_and_shapes(sc: Any) -> None:
    shapes = ShapeRecorder(sc)
    action_id = _action(sc, Description="Restart the instance")
    assert action_id.startswith("act-")
    assert len(action_id) == 17
    assert _action(sc, token="token-restart") == action_id  # same token, same action
    detail = sc.describe_service_action(Id=action_id)["ServiceActionDetail"]
    assert detail == {
        "ServiceActionSummary": {
            "Id": action_id,
            "Name": "restart",
            "Description": "Restart the instance",
            "DefinitionType": "SSM_AUTOMATION",
        },
        "Definition": RESTART,
    }
    new_definition = {"Name": "AWS-StopEC2Instance", "Version": "2"}
    updated = sc.update_service_action(Id=action_id, Name="stop", Definition=new_definition)
    assert updated["ServiceActionDetail"]["Definition"] == new_definition
    assert updated["ServiceActionDetail"]["ServiceActionSummary"]["Name"] == "stop"
    assert updated["ServiceActionDetail"]["ServiceActionSummary"]["Description"] == (
        "Restart the instance"
    )
    second = _action(sc, name="second")
    first_page = sc.list_service_actions(PageSize=1)
    assert [a["Id"] for a in first_page["ServiceActionSummaries"]] == [action_id]
    rest = sc.list_service_actions(PageToken=first_page["NextPageToken"])
    assert [a["Id"] for a in rest["ServiceActionSummaries"]] == [second]
    sc.delete_service_action(Id=action_id)
    assert _code(sc.describe_service_action, Id=action_id) == "ResourceNotFoundException"
    assert shapes.problems() == []


@pytest.mark.parametrize(
    ("definition", "definition_type"),
    [
        ({"Name": "AWS-RestartEC2Instance"}, "SSM_AUTOMATION"),  # no Version
        ({**RESTART, "Parameters": "not json"}, "SSM_AUTOMATION"),
        ({**RESTART, "Parameters": '[{"Name": "X", "Type": "LIST"}]'}, "SSM_AUTOMATION"),
        ({**RESTART, "Parameters": '{"Name": "X"}'}, "SSM_AUTOMATION"),
        (RESTART, "LAMBDA"),
    ],
)
def test_invalid_definitions(sc: Any, definition: dict[str, str], definition_type: str) -> None:
    assert (
        _code(
            sc.create_service_action,
            Name="bad",
            DefinitionType=definition_type,
            Definition=definition,
            IdempotencyToken="t1",
        )
        == "InvalidParametersException"
    )
    assert sc.list_service_actions()["ServiceActionSummaries"] == []


def test_invalid_name(sc: Any) -> None:
    assert (
        _code(
            sc.create_service_action,
            **{
                "Name": "no spaces allowed",
                "DefinitionType": "SSM_AUTOMATION",
                "Definition": RESTART,
                "IdempotencyToken": "t1",
            },
        )
        == "InvalidParametersException"
    )


def test_associations(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    shapes = ShapeRecorder(sc)
    product_id, artifact_id = create_product(emulator)
    action_id = _action(sc)
    link = {"ProductId": product_id, "ProvisioningArtifactId": artifact_id}
    sc.associate_service_action_with_provisioning_artifact(ServiceActionId=action_id, **link)
    listed = sc.list_service_actions_for_provisioning_artifact(**link)
    assert [a["Id"] for a in listed["ServiceActionSummaries"]] == [action_id]
    views = sc.list_provisioning_artifacts_for_service_action(ServiceActionId=action_id)
    view = views["ProvisioningArtifactViews"][0]
    assert view["ProductViewSummary"]["ProductId"] == product_id
    assert view["ProvisioningArtifact"]["Id"] == artifact_id

    associate = sc.associate_service_action_with_provisioning_artifact
    assert _code(associate, ServiceActionId=action_id, **link) == "DuplicateResourceException"
    assert _code(sc.delete_service_action, Id=action_id) == "ResourceInUseException"
    assert (
        _code(associate, ServiceActionId="act-missing00000", **link) == "ResourceNotFoundException"
    )
    missing_version = {**link, "ProvisioningArtifactId": "pa-missing000000"}
    assert (
        _code(associate, ServiceActionId=action_id, **missing_version)
        == "ResourceNotFoundException"
    )
    assert (
        _code(sc.list_service_actions_for_provisioning_artifact, **missing_version)
        == "ResourceNotFoundException"
    )

    disassociate = sc.disassociate_service_action_from_provisioning_artifact
    disassociate(ServiceActionId=action_id, IdempotencyToken="d1", **link)
    disassociate(ServiceActionId=action_id, IdempotencyToken="d1", **link)  # a repeat: no-op
    assert _code(disassociate, ServiceActionId=action_id, **link) == "ResourceNotFoundException"
    assert sc.list_service_actions_for_provisioning_artifact(**link)["ServiceActionSummaries"] == []
    sc.delete_service_action(Id=action_id)
    assert shapes.problems() == []


def test_batch_reports_each_failure(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    shapes = ShapeRecorder(sc)
    product_id, artifact_id = create_product(emulator)
    first, second = _action(sc, name="first"), _action(sc, name="second")
    ok = {"ProductId": product_id, "ProvisioningArtifactId": artifact_id}
    sc.associate_service_action_with_provisioning_artifact(ServiceActionId=first, **ok)
    out = sc.batch_associate_service_action_with_provisioning_artifact(
        ServiceActionAssociations=[
            {"ServiceActionId": first, **ok},
            {"ServiceActionId": second, **ok},
            {"ServiceActionId": "act-missing00000", **ok},
            {
                "ServiceActionId": second,
                "ProductId": "prod-missing0000",
                "ProvisioningArtifactId": "pa-x",
            },
        ]
    )
    failed = out["FailedServiceActionAssociations"]
    assert [(f["ServiceActionId"], f["ErrorCode"]) for f in failed] == [
        (first, "DUPLICATE_RESOURCE"),
        ("act-missing00000", "RESOURCE_NOT_FOUND"),
        (second, "RESOURCE_NOT_FOUND"),
    ]
    assert all(f["ErrorMessage"] for f in failed)
    listed = sc.list_service_actions_for_provisioning_artifact(**ok)["ServiceActionSummaries"]
    assert [a["Id"] for a in listed] == [first, second]

    out = sc.batch_disassociate_service_action_from_provisioning_artifact(
        ServiceActionAssociations=[{"ServiceActionId": a, **ok} for a in (first, second, second)]
    )
    assert [f["ErrorCode"] for f in out["FailedServiceActionAssociations"]] == [
        "RESOURCE_NOT_FOUND"
    ]
    assert sc.list_service_actions_for_provisioning_artifact(**ok)["ServiceActionSummaries"] == []
    assert shapes.problems() == []


def test_execution_parameters(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    _, _, pp_id, _ = _launched(emulator, sc)
    action_id = _action(sc)
    out = sc.describe_service_action_execution_parameters(
        ProvisionedProductId=pp_id, ServiceActionId=action_id
    )
    assert out["ServiceActionParameters"] == [
        # TARGET defaults to the provisioned product's resources: here, its bucket.
        {"Name": "InstanceId", "Type": "TARGET", "DefaultValues": ["web-bucket"]},
        {"Name": "Reason", "Type": "TEXT_VALUE", "DefaultValues": []},
    ]
    assert (
        _code(
            sc.describe_service_action_execution_parameters,
            ProvisionedProductId="pp-missing000000",
            ServiceActionId=action_id,
        )
        == "ResourceNotFoundException"
    )


def test_execute_gives_a_record_that_walks(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    shapes = ShapeRecorder(sc)
    product_id, artifact_id, pp_id, provision_record = _launched(emulator, sc)
    action_id = _action(sc)
    execute = sc.execute_provisioned_product_service_action
    # Not associated with the product's version yet.
    assert (
        _code(execute, ProvisionedProductId=pp_id, ServiceActionId=action_id, ExecuteToken="e0")
        == "InvalidParametersException"
    )
    sc.associate_service_action_with_provisioning_artifact(
        ServiceActionId=action_id, ProductId=product_id, ProvisioningArtifactId=artifact_id
    )
    assert (
        _code(
            execute,
            ProvisionedProductId=pp_id,
            ServiceActionId=action_id,
            ExecuteToken="e0",
            Parameters={"Unknown": ["x"]},
        )
        == "InvalidParametersException"
    )
    record = execute(
        ProvisionedProductId=pp_id,
        ServiceActionId=action_id,
        ExecuteToken="e1",
        Parameters={"Reason": ["patching"]},
    )["RecordDetail"]
    assert record["RecordType"] == "EXECUTE_PROVISIONED_PRODUCT_SERVICE_ACTION"
    assert record["Status"] == "CREATED"
    assert (record["ProductId"], record["ProvisioningArtifactId"]) == (product_id, artifact_id)
    assert record["RecordTags"] == [{"Key": "team", "Value": "web"}]
    # The path the product was launched through (the portfolio that grants it).
    launched = sc.describe_record(Id=provision_record)["RecordDetail"]
    assert record["PathId"] == launched["PathId"]
    again = execute(ProvisionedProductId=pp_id, ServiceActionId=action_id, ExecuteToken="e1")
    assert again["RecordDetail"]["RecordId"] == record["RecordId"]
    # A second execution while the first is under way is refused.
    assert (
        _code(execute, ProvisionedProductId=pp_id, ServiceActionId=action_id, ExecuteToken="e2")
        == "InvalidStateException"
    )

    pp_statuses = [
        sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]["Status"]
        for _ in range(3)
    ]
    assert pp_statuses == ["UNDER_CHANGE", "UNDER_CHANGE", "AVAILABLE"]
    assert sc.describe_record(Id=record["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    detail = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"]
    assert detail["LastRecordId"] == record["RecordId"]
    # Only provisioning requests count as the last (successful) provisioning record.
    assert detail["LastProvisioningRecordId"] == provision_record
    assert detail["LastSuccessfulProvisioningRecordId"] == provision_record
    history = sc.list_record_history(SearchFilter={"Key": "provisionedproduct", "Value": pp_id})
    assert [r["RecordId"] for r in history["RecordDetails"]] == [
        record["RecordId"],
        provision_record,
    ]
    assert shapes.problems() == []


def test_execute_through_the_sdk_client(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id, pp_id, _ = _launched(emulator, sc)
    client = emulator.client()
    created = client.create_service_action(
        name="restart",
        definition_type="SSM_AUTOMATION",
        definition={
            ServiceActionDefinitionKey.NAME: "AWS-RestartEC2Instance",
            ServiceActionDefinitionKey.VERSION: "1",
        },
        idempotency_token="sdk-token",
    )
    assert created.service_action_detail is not None
    summary = created.service_action_detail.service_action_summary
    assert summary is not None
    assert summary.id is not None
    client.associate_service_action_with_provisioning_artifact(
        product_id=product_id, provisioning_artifact_id=artifact_id, service_action_id=summary.id
    )
    out = client.execute_provisioned_product_service_action(
        provisioned_product_id=pp_id, service_action_id=summary.id
    )
    assert out.record_detail is not None
    assert out.record_detail.record_id is not None
    done = client.wait_for_record(out.record_detail.record_id)
    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED


def test_execute_record_keeps_the_launch_path(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id, _ = product_in_portfolio(emulator)
    path_id = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"][0]["Id"]
    launched = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName="pathed",
        PathId=path_id,
        ProvisioningParameters=[{"Key": "BucketName", "Value": "pathed-bucket"}],
    )["RecordDetail"]
    settle(sc, launched["RecordId"])
    action_id = _action(sc)
    sc.associate_service_action_with_provisioning_artifact(
        ServiceActionId=action_id, ProductId=product_id, ProvisioningArtifactId=artifact_id
    )
    record = sc.execute_provisioned_product_service_action(
        ProvisionedProductId=launched["ProvisionedProductId"],
        ServiceActionId=action_id,
        ExecuteToken="path-run",
    )["RecordDetail"]
    assert record["PathId"] == path_id
