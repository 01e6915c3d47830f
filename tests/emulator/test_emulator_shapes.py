"""Every response the emulator serves matches botocore's output shape, key by key."""

from __future__ import annotations

import json
from typing import Any

from botocore.model import Shape

from servicecatalog_sdk.testing import ServiceCatalogEmulator
from servicecatalog_sdk.testing._dispatch import HANDLERS

from .emulator_helpers import (
    BUCKET_TEMPLATE,
    BUCKET_TEMPLATE_V2,
    add_version,
    create_product,
    settle,
)

# The handler modules of the product, version and provisioning lifecycle.
_LIFECYCLE_MODULES = frozenset(
    {
        "_products",
        "_artifacts",
        "_parameters",
        "_copies",
        "_provisioning",
        "_reads",
        "_plans",
        "_lifecycle",
    }
)


def _problems(shape: Shape, value: Any, path: str) -> list[str]:
    """Where ``value`` (raw JSON) disagrees with ``shape``; empty when it matches."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: expected an object"]
        found = [f"{path}.{k}: not in the model" for k in value if k not in shape.members]
        found += [
            f"{path}.{k}: required but missing" for k in shape.required_members if k not in value
        ]
        for key, item in value.items():
            if key in shape.members:
                found += _problems(shape.members[key], item, f"{path}.{key}")
        return found
    if kind == "list":
        if not isinstance(value, list):
            return [f"{path}: expected a list"]
        return [
            p for i, item in enumerate(value) for p in _problems(shape.member, item, f"{path}[{i}]")
        ]
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{path}: expected an object"]
        return [
            p for k, item in value.items() for p in _problems(shape.value, item, f"{path}[{k}]")
        ]
    if kind == "string":
        if not isinstance(value, str):
            return [f"{path}: expected a string"]
        enum = shape.enum
        return [f"{path}: {value!r} not in {enum}"] if enum and value not in enum else []
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: expected a boolean"]
    if kind in ("integer", "long"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected an integer"]
    if kind in ("timestamp", "double", "float"):
        # The JSON protocol sends timestamps as epoch seconds.
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected a number"]
    return [f"{path}: unexpected shape type {kind}"]


def test_problems_finds_unknown_keys_and_bad_types() -> None:
    import botocore.session

    model = botocore.session.get_session().get_service_model("servicecatalog")
    shape = model.operation_model("DescribeRecord").output_shape
    good = {"RecordDetail": {"RecordId": "rec-1", "CreatedTime": 1.5, "Status": "CREATED"}}
    assert _problems(shape, good, "$") == []
    bad = {"RecordDetail": {"RecordId": 1, "CreatedTime": "today", "Status": "DONE", "Extra": 1}}
    assert len(_problems(shape, bad, "$")) == 4


def test_every_served_operation_matches_botocore_shapes(emulator: ServiceCatalogEmulator) -> None:
    sc = emulator.boto3_client()
    seen: dict[str, list[Any]] = {}

    def capture(operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
        if response_dict["status_code"] == 200:
            seen.setdefault(operation_model.name, []).append(
                (operation_model.output_shape, json.loads(response_dict["body"] or b"{}"))
            )

    sc.meta.events.register("before-parse.service-catalog", capture)

    product_id, v1 = create_product(emulator, Tags=[{"Key": "k", "Value": "v"}])
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    view_id = sc.describe_product(Id=product_id)["ProductViewSummary"]["Id"]
    sc.describe_product_as_admin(Id=product_id)
    sc.describe_product_view(Id=view_id)
    sc.describe_provisioning_artifact(
        ProductId=product_id,
        ProvisioningArtifactId=v2,
        Verbose=True,
        IncludeProvisioningArtifactParameters=True,
    )
    sc.list_provisioning_artifacts(ProductId=product_id)
    sc.describe_provisioning_parameters(ProductId=product_id, ProvisioningArtifactId=v1)
    arn = sc.describe_product_as_admin(Id=product_id)["ProductViewDetail"]["ProductARN"]
    copy = sc.copy_product(SourceProductArn=arn, IdempotencyToken="shapes")["CopyProductToken"]
    for _ in range(3):
        status = sc.describe_copy_product_status(CopyProductToken=copy)
    copied = status["TargetProductId"]
    sc.update_product(Id=product_id, Description="words", SupportUrl="https://example.com")
    sc.update_provisioning_artifact(ProductId=product_id, ProvisioningArtifactId=v1, Name="one")
    sc.search_products(Filters={"FullTextSearch": ["bucket"]}, SortBy="Title", PageSize=1)
    sc.search_products_as_admin(SortBy="CreationDate", PageSize=1)

    record = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=v1,
        ProvisionedProductName="shapes",
        ProvisioningParameters=[{"Key": "BucketName", "Value": "shapes-bucket"}],
        Tags=[{"Key": "env", "Value": "test"}],
    )["RecordDetail"]
    pp_id = record["ProvisionedProductId"]
    settle(sc, record["RecordId"])
    sc.describe_record(Id=record["RecordId"], PageSize=1)
    sc.describe_provisioned_product(Id=pp_id)
    sc.scan_provisioned_products()
    sc.search_provisioned_products(Filters={"SearchQuery": ["name:shapes"]})
    plan = sc.create_provisioned_product_plan(
        PlanName="shapes-plan",
        PlanType="CLOUDFORMATION",
        ProductId=product_id,
        ProvisioningArtifactId=v2,
        ProvisionedProductName="shapes",
        ProvisioningParameters=[{"Key": "Size", "Value": "large"}],
        IdempotencyToken="plan",
    )["PlanId"]
    for _ in range(3):
        sc.describe_provisioned_product_plan(PlanId=plan)
    sc.list_provisioned_product_plans(ProvisionProductId=pp_id)
    run = sc.execute_provisioned_product_plan(PlanId=plan, IdempotencyToken="run")
    settle(sc, run["RecordDetail"]["RecordId"])
    sc.describe_provisioned_product_plan(PlanId=plan)
    sc.delete_provisioned_product_plan(PlanId=plan)
    sc.get_provisioned_product_outputs(ProvisionedProductId=pp_id, OutputKeys=["BucketName"])
    owner = sc.update_provisioned_product_properties(
        ProvisionedProductId=pp_id,
        ProvisionedProductProperties={"OWNER": "arn:aws:iam::123456789012:user/shapes"},
        IdempotencyToken="owner",
    )
    settle(sc, owner["RecordId"])
    failed = sc.update_provisioned_product(
        ProvisionedProductId=pp_id,
        ProvisioningArtifactId=v2,
        ProvisioningParameters=[{"Key": "Size", "Value": "huge"}],
    )["RecordDetail"]
    assert settle(sc, failed["RecordId"])["RecordDetail"]["RecordErrors"]  # errors checked too
    sc.search_provisioned_products()  # a TAINTED product with a StatusMessage
    done = sc.terminate_provisioned_product(ProvisionedProductId=pp_id)["RecordDetail"]
    settle(sc, done["RecordId"])
    sc.list_record_history()
    stack_id = emulator.boto3_client("cloudformation").create_stack(
        StackName="legacy",
        TemplateBody=json.dumps(BUCKET_TEMPLATE),
        Parameters=[{"ParameterKey": "BucketName", "ParameterValue": "legacy-bucket"}],
    )["StackId"]
    copied_v1 = sc.list_provisioning_artifacts(ProductId=copied)["ProvisioningArtifactDetails"][0]
    imported = sc.import_as_provisioned_product(
        ProductId=copied,
        ProvisioningArtifactId=copied_v1["Id"],
        ProvisionedProductName="imported",
        PhysicalId=stack_id,
    )["RecordDetail"]
    settle(sc, imported["RecordId"])
    sc.delete_provisioning_artifact(ProductId=product_id, ProvisioningArtifactId=v2)
    for holder in sc.list_portfolios_for_product(ProductId=product_id)["PortfolioDetails"]:
        sc.disassociate_product_from_portfolio(ProductId=product_id, PortfolioId=holder["Id"])
    sc.delete_product(Id=product_id)

    # Every operation of the catalog and provisioning lifecycle answered here; the
    # other groups' operations are checked by their own tests and the every-operation
    # test. ListStackInstancesForProvisionedProduct only ever answers an error here.
    lifecycle = {
        name
        for name, handler in HANDLERS.items()
        if handler.__module__.rsplit(".", 1)[-1] in _LIFECYCLE_MODULES
    }
    assert lifecycle - {"ListStackInstancesForProvisionedProduct"} <= set(seen)
    assert set(seen) <= set(HANDLERS)
    problems = [
        f"{name}: {problem}"
        for name, responses in seen.items()
        for shape, body in responses
        for problem in _problems(shape, body, "$")
    ]
    assert problems == []
