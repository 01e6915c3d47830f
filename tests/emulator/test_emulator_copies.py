"""CopyProduct and DescribeCopyProductStatus; Marketplace products seeded into the catalog."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.models import ProvisioningArtifactType
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import BUCKET_TEMPLATE_V2, add_version, create_product, settle
from .test_emulator_shapes import _problems

_MODEL = botocore.session.get_session().get_service_model("servicecatalog")


def _assert_shape(operation: str, body: dict[str, Any]) -> None:
    body = {k: v for k, v in body.items() if k != "ResponseMetadata"}
    wire = json.loads(json.dumps(body, default=lambda v: v.timestamp()))
    assert _problems(_MODEL.operation_model(operation).output_shape, wire, "$") == []


def _arn(sc: Any, product_id: str) -> str:
    arn: str = sc.describe_product_as_admin(Id=product_id)["ProductViewDetail"]["ProductARN"]
    return arn


def _statuses(sc: Any, token: str, looks: int) -> list[dict[str, Any]]:
    out = []
    for _ in range(looks):
        status = sc.describe_copy_product_status(CopyProductToken=token)
        _assert_shape("DescribeCopyProductStatus", status)
        out.append({k: v for k, v in status.items() if k != "ResponseMetadata"})
    return out


def _source(emulator: ServiceCatalogEmulator) -> tuple[str, str, str]:
    product_id, v1 = create_product(emulator, Tags=[{"Key": "team", "Value": "data"}])
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    return product_id, v1, v2


def _error_code(call: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    code: str = caught.value.response["Error"]["Code"]
    return code


def test_copy_to_a_new_product_walks_then_is_found_by_its_source(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    source, v1, v2 = _source(emulator)

    token = sc.copy_product(
        SourceProductArn=_arn(sc, source),
        TargetProductName="bucket-copy",
        IdempotencyToken="copy-1",
    )["CopyProductToken"]

    first, second, third = _statuses(sc, token, 3)
    assert first == second == {"CopyProductStatus": "IN_PROGRESS"}
    assert third["CopyProductStatus"] == "SUCCEEDED"
    target = third["TargetProductId"]
    assert target != source
    found = sc.search_products_as_admin(Filters={"SourceProductId": [source]})
    assert [d["ProductViewSummary"]["ProductId"] for d in found["ProductViewDetails"]] == [target]
    described = sc.describe_product_as_admin(Id=target)
    assert described["ProductViewDetail"]["ProductViewSummary"]["Name"] == "bucket-copy"
    assert described["Tags"] == []  # no CopyTags
    copies = described["ProvisioningArtifactSummaries"]
    assert [a["Name"] for a in copies] == ["v1", "v2"]
    assert {a["Id"] for a in copies}.isdisjoint({v1, v2})
    original = sc.describe_provisioning_artifact(
        ProductId=source, ProvisioningArtifactId=v2, Verbose=True
    )
    copied = sc.describe_provisioning_artifact(
        ProductId=target, ProvisioningArtifactName="v2", Verbose=True
    )
    assert copied["Info"]["TemplateBody"] == original["Info"]["TemplateBody"]
    # The source is unchanged and no copy of anything else.
    assert (
        sc.search_products_as_admin(Filters={"SourceProductId": [target]})["ProductViewDetails"]
        == []
    )
    assert len(sc.describe_product_as_admin(Id=source)["ProvisioningArtifactSummaries"]) == 2


def test_copied_product_can_be_launched(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    source, _, _ = _source(emulator)
    token = sc.copy_product(SourceProductArn=_arn(sc, source), IdempotencyToken="t")[
        "CopyProductToken"
    ]
    target = _statuses(sc, token, 3)[-1]["TargetProductId"]
    assert (
        sc.describe_product_as_admin(Id=target)["ProductViewDetail"]["ProductViewSummary"]["Name"]
        == "bucket-product"
    )  # the source's name by default

    emulator.grant_access(target)  # a copy is in no portfolio yet
    record = sc.provision_product(
        ProductId=target,
        ProvisioningArtifactName="v2",
        ProvisionedProductName="from-copy",
        ProvisioningParameters=[{"Key": "BucketName", "Value": "copy-bucket"}],
    )["RecordDetail"]

    assert settle(sc, record["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"


def test_copy_selected_versions_with_tags_into_an_existing_product(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    source, _, v2 = _source(emulator)
    target, target_v1 = create_product(emulator, name="landing")

    token = sc.copy_product(
        SourceProductArn=_arn(sc, source),
        TargetProductId=target,
        SourceProvisioningArtifactIdentifiers=[{"Id": v2}],
        CopyOptions=["CopyTags"],
        IdempotencyToken="copy-2",
    )["CopyProductToken"]

    assert _statuses(sc, token, 3)[-1] == {
        "CopyProductStatus": "SUCCEEDED",
        "TargetProductId": target,
    }
    summaries = sc.describe_product_as_admin(Id=target)["ProvisioningArtifactSummaries"]
    assert [a["Name"] for a in summaries] == ["v1", "v2"]
    assert summaries[0]["Id"] == target_v1
    found = sc.search_products_as_admin(Filters={"SourceProductId": [source]})["ProductViewDetails"]
    assert [d["ProductViewSummary"]["ProductId"] for d in found] == [target]


def test_copy_tags_only_when_asked(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    source, _, _ = _source(emulator)
    token = sc.copy_product(
        SourceProductArn=_arn(sc, source), CopyOptions=["CopyTags"], IdempotencyToken="tags"
    )["CopyProductToken"]
    target = _statuses(sc, token, 3)[-1]["TargetProductId"]

    assert sc.describe_product_as_admin(Id=target)["Tags"] == [{"Key": "team", "Value": "data"}]


def test_same_idempotency_token_is_the_same_copy(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    source, _, _ = _source(emulator)
    arn = _arn(sc, source)

    first = sc.copy_product(SourceProductArn=arn, IdempotencyToken="once")["CopyProductToken"]
    again = sc.copy_product(SourceProductArn=arn, IdempotencyToken="once")["CopyProductToken"]

    assert again == first
    assert (
        len(
            sc.search_products_as_admin(Filters={"SourceProductId": [source]})["ProductViewDetails"]
        )
        == 1
    )


def test_copy_fails_when_nothing_can_be_copied(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    marketplace = emulator.add_marketplace_product("vendor-appliance")
    source, _, _ = _source(emulator)

    no_template = sc.copy_product(SourceProductArn=_arn(sc, marketplace), IdempotencyToken="mp")[
        "CopyProductToken"
    ]
    unknown = sc.copy_product(
        SourceProductArn=_arn(sc, source),
        SourceProvisioningArtifactIdentifiers=[{"Id": "pa-doesnotexist1"}],
        IdempotencyToken="unknown",
    )["CopyProductToken"]

    for token, why in ((no_template, "can be copied"), (unknown, "pa-doesnotexist1")):
        *waiting, last = _statuses(sc, token, 3)
        assert waiting == [{"CopyProductStatus": "IN_PROGRESS"}] * 2
        assert last["CopyProductStatus"] == "FAILED"
        assert why in last["StatusDetail"]
        assert "TargetProductId" not in last
    assert (
        sc.search_products_as_admin(Filters={"SourceProductId": [source]})["ProductViewDetails"]
        == []
    )


def test_copy_errors(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    source, _, _ = _source(emulator)
    arn = _arn(sc, source)
    missing_arn = arn.rsplit("/", 1)[0] + "/prod-doesnotexist1"

    assert _error_code(
        lambda: sc.copy_product(SourceProductArn=missing_arn, IdempotencyToken="a")
    ) == ("ResourceNotFoundException")
    assert (
        _error_code(
            lambda: sc.copy_product(
                SourceProductArn=arn, TargetProductId="prod-nope", IdempotencyToken="b"
            )
        )
        == "ResourceNotFoundException"
    )
    assert (
        _error_code(
            lambda: sc.copy_product(
                SourceProductArn=arn, CopyOptions=["CopyAll"], IdempotencyToken="c"
            )
        )
        == "InvalidParametersException"
    )
    assert _error_code(
        lambda: sc.describe_copy_product_status(CopyProductToken="copyproduct-nope")
    ) == ("ResourceNotFoundException")
    marketplace = emulator.add_marketplace_product("vendor-appliance")
    assert (
        _error_code(
            lambda: sc.copy_product(
                SourceProductArn=arn, TargetProductId=marketplace, IdempotencyToken="d"
            )
        )
        == "InvalidParametersException"
    )


def test_marketplace_product_is_searchable_but_not_from_this_account(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    own, _ = create_product(emulator, name="own-product")

    marketplace = emulator.add_marketplace_product("vendor-appliance", owner="Vendor Inc")
    emulator.grant_access(marketplace)

    def ids(**arguments: Any) -> set[str]:
        found = sc.search_products_as_admin(**arguments)["ProductViewDetails"]
        return {d["ProductViewSummary"]["ProductId"] for d in found}

    assert ids() == {own, marketplace}
    assert ids(ProductSource="ACCOUNT") == {own}
    assert ids(Filters={"ProductType": ["MARKETPLACE"]}) == {marketplace}
    views = sc.search_products(Filters={"FullTextSearch": ["vendor"]})["ProductViewSummaries"]
    assert [(v["ProductId"], v["Type"], v["Owner"]) for v in views] == [
        (marketplace, "MARKETPLACE", "Vendor Inc")
    ]
    versions = sc.list_provisioning_artifacts(ProductId=marketplace)["ProvisioningArtifactDetails"]
    assert [(v["Name"], v["Type"]) for v in versions] == [
        ("v1", "MARKETPLACE_AMI"),
        ("v2", "MARKETPLACE_CAR"),
    ]
    parameters = sc.describe_provisioning_parameters(
        ProductId=marketplace, ProvisioningArtifactName="v1"
    )
    assert parameters["ProvisioningArtifactParameters"] == []
    assert _error_code(lambda: sc.search_products_as_admin(ProductSource="MARKETPLACE")) == (
        "InvalidParametersException"
    )


def test_marketplace_types_through_the_sdk_client(emulator: ServiceCatalogEmulator) -> None:
    marketplace = emulator.add_marketplace_product("ami-only", artifact_types=("MARKETPLACE_AMI",))

    out = emulator.client().describe_provisioning_artifact(
        product_id=marketplace, provisioning_artifact_name="v1"
    )

    assert out.provisioning_artifact_detail is not None
    assert out.provisioning_artifact_detail.type is ProvisioningArtifactType.MARKETPLACE_AMI
    with pytest.raises(ValueError, match="artifact_types"):
        emulator.add_marketplace_product("bad", artifact_types=("CLOUD_FORMATION_TEMPLATE",))


def test_copy_a_product_shared_from_another_account(emulator: ServiceCatalogEmulator) -> None:
    hub, spoke = emulator.boto3_client(), emulator.boto3_client(account_id="222222222222")
    source, _, _ = _source(emulator)
    portfolio_id = hub.create_portfolio(DisplayName="shared", ProviderName="hub")[
        "PortfolioDetail"
    ]["Id"]
    hub.associate_product_with_portfolio(ProductId=source, PortfolioId=portfolio_id)
    arn = _arn(hub, source)
    assert _error_code(lambda: spoke.copy_product(SourceProductArn=arn, IdempotencyToken="a")) == (
        "ResourceNotFoundException"  # not shared yet
    )
    hub.create_portfolio_share(PortfolioId=portfolio_id, AccountId="222222222222")
    spoke.accept_portfolio_share(PortfolioId=portfolio_id)

    token = spoke.copy_product(SourceProductArn=arn, IdempotencyToken="b")["CopyProductToken"]

    target = _statuses(spoke, token, 3)[-1]["TargetProductId"]
    copy = spoke.describe_product_as_admin(Id=target)["ProductViewDetail"]
    assert ":222222222222:" in copy["ProductARN"]  # the copy belongs to the copying account
    found = spoke.search_products_as_admin(Filters={"SourceProductId": [source]})
    assert [d["ProductViewSummary"]["ProductId"] for d in found["ProductViewDetails"]] == [target]
    assert (
        hub.search_products_as_admin(Filters={"SourceProductId": [source]})["ProductViewDetails"]
        == []
    )
