"""The seed's provisioning artifact operations through botocore's Stubber."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from botocore.stub import ANY, Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.models import (
    CreateProvisioningArtifactOutput,
    DescribeProvisioningArtifactOutput,
    ListProvisioningArtifactsOutput,
    ProvisioningArtifactDetail,
    ProvisioningArtifactGuidance,
    ProvisioningArtifactProperties,
    ProvisioningArtifactType,
    Status,
    UpdateProvisioningArtifactOutput,
)
from tests.client.client_helpers import NAIVE_WHEN, WHEN, SentCalls, assert_plain_wire, assert_uuid

TEMPLATE = json.dumps({"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}})
TEMPLATE_URL = "https://s3.amazonaws.com/templates/orders-db.json"


def artifact_wire(artifact_id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "Id": artifact_id,
        "Name": name,
        "Description": f"{name} of orders-db",
        "Type": "CLOUD_FORMATION_TEMPLATE",
        "CreatedTime": NAIVE_WHEN,
        "Active": True,
        "Guidance": "DEFAULT",
        **extra,
    }


def assert_artifact(detail: ProvisioningArtifactDetail | None, artifact_id: str) -> None:
    assert isinstance(detail, ProvisioningArtifactDetail)
    assert detail.id == artifact_id
    assert detail.type is ProvisioningArtifactType.CLOUD_FORMATION_TEMPLATE
    assert detail.created_time == WHEN
    assert detail.created_time.tzinfo is not None


def test_create_provisioning_artifact_sends_properties_in_wire_form_and_a_generated_token(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    stubber.add_response(
        "create_provisioning_artifact",
        {
            "ProvisioningArtifactDetail": artifact_wire("pa-2", "v2"),
            "Info": {"TemplateUrl": TEMPLATE_URL},
            "Status": "CREATING",
        },
        {
            "ProductId": "prod-abc",
            "Parameters": {
                "Name": "v2",
                "Description": "second version",
                "Info": {"LoadTemplateFromURL": TEMPLATE_URL},
                "Type": "MARKETPLACE_CAR",
            },
            "IdempotencyToken": ANY,
        },
    )
    out = sc.create_provisioning_artifact(
        product_id="prod-abc",
        parameters=ProvisioningArtifactProperties(
            name="v2",
            description="second version",
            info={"LoadTemplateFromURL": TEMPLATE_URL},
            type=ProvisioningArtifactType.MARKETPLACE_CAR,
        ),
    )
    assert isinstance(out, CreateProvisioningArtifactOutput)
    assert_artifact(out.provisioning_artifact_detail, "pa-2")
    assert out.status is Status.CREATING
    assert dict(out.info) == {"TemplateUrl": TEMPLATE_URL}
    [(_, params)] = sent
    assert_plain_wire(params)
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == assert_uuid(params["IdempotencyToken"])


def test_describe_provisioning_artifact_verbose_sends_verbose_and_returns_the_template_in_info(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "describe_provisioning_artifact",
        {
            "ProvisioningArtifactDetail": artifact_wire("pa-1", "v1"),
            "Info": {"TemplateUrl": TEMPLATE_URL, "CloudFormationTemplate": TEMPLATE},
            "Status": "AVAILABLE",
            "ProvisioningArtifactParameters": [
                {
                    "ParameterKey": "Size",
                    "DefaultValue": "small",
                    "ParameterType": "String",
                    "IsNoEcho": False,
                    "ParameterConstraints": {"AllowedValues": ["small", "large"]},
                }
            ],
        },
        {
            "ProductId": "prod-abc",
            "ProvisioningArtifactId": "pa-1",
            "Verbose": True,
            "IncludeProvisioningArtifactParameters": True,
        },
    )
    out = sc.describe_provisioning_artifact(
        product_id="prod-abc",
        provisioning_artifact_id="pa-1",
        verbose=True,
        include_provisioning_artifact_parameters=True,
    )
    assert isinstance(out, DescribeProvisioningArtifactOutput)
    assert_artifact(out.provisioning_artifact_detail, "pa-1")
    assert out.status is Status.AVAILABLE
    assert isinstance(out.info, Mapping)
    assert json.loads(out.info["CloudFormationTemplate"]) == json.loads(TEMPLATE)
    assert out.info["TemplateUrl"] == TEMPLATE_URL
    [parameter] = out.provisioning_artifact_parameters
    assert (parameter.parameter_key, parameter.default_value) == ("Size", "small")
    assert parameter.parameter_constraints is not None
    assert parameter.parameter_constraints.allowed_values == ("small", "large")


def test_describe_provisioning_artifact_by_names_without_verbose_sends_no_verbose(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "describe_provisioning_artifact",
        {
            "ProvisioningArtifactDetail": artifact_wire("pa-1", "v1"),
            "Info": {"TemplateUrl": TEMPLATE_URL},
        },
        {"ProductName": "orders-db", "ProvisioningArtifactName": "v1"},
    )
    out = sc.describe_provisioning_artifact(
        product_name="orders-db", provisioning_artifact_name="v1"
    )
    assert "CloudFormationTemplate" not in out.info
    assert out.provisioning_artifact_parameters == ()


def test_list_provisioning_artifacts_yields_the_typed_details_of_its_one_page(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "list_provisioning_artifacts",
        {
            "ProvisioningArtifactDetails": [
                artifact_wire("pa-1", "v1", Guidance="DEPRECATED", Active=False),
                artifact_wire("pa-2", "v2"),
            ]
        },
        {"ProductId": "prod-abc"},
    )
    listing = sc.list_provisioning_artifacts(product_id="prod-abc")
    [page] = list(listing.pages())
    assert isinstance(page, ListProvisioningArtifactsOutput)
    assert isinstance(page.provisioning_artifact_details, tuple)
    first, second = page.provisioning_artifact_details
    assert_artifact(first, "pa-1")
    assert first.guidance is ProvisioningArtifactGuidance.DEPRECATED
    assert first.active is False
    assert_artifact(second, "pa-2")


def test_list_provisioning_artifacts_iterates_items(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "list_provisioning_artifacts",
        {"ProvisioningArtifactDetails": [artifact_wire("pa-1", "v1")]},
        {"ProductId": "prod-abc", "AcceptLanguage": "zh"},
    )
    items = list(sc.list_provisioning_artifacts(product_id="prod-abc", accept_language="zh"))
    assert [a.id for a in items] == ["pa-1"]


def test_update_provisioning_artifact_sends_guidance_value_and_active_flag(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    stubber.add_response(
        "update_provisioning_artifact",
        {
            "ProvisioningArtifactDetail": artifact_wire("pa-1", "v1-old", Guidance="DEPRECATED"),
            "Info": {"TemplateUrl": TEMPLATE_URL},
            "Status": "AVAILABLE",
        },
        {
            "ProductId": "prod-abc",
            "ProvisioningArtifactId": "pa-1",
            "Name": "v1-old",
            "Active": False,
            "Guidance": "DEPRECATED",
        },
    )
    out = sc.update_provisioning_artifact(
        product_id="prod-abc",
        provisioning_artifact_id="pa-1",
        name="v1-old",
        active=False,
        guidance=ProvisioningArtifactGuidance.DEPRECATED,
    )
    assert isinstance(out, UpdateProvisioningArtifactOutput)
    assert out.provisioning_artifact_detail is not None
    assert out.provisioning_artifact_detail.guidance is ProvisioningArtifactGuidance.DEPRECATED
    assert out.status is Status.AVAILABLE
    [(_, params)] = sent
    assert_plain_wire(params)
    # UpdateProvisioningArtifact takes no idempotency token: none is made up.
    assert "IdempotencyToken" not in params
    # (A Stubber answer has no ResponseMetadata unless the test gives one.)
    assert out.response_metadata is None or out.response_metadata.idempotency_token is None
