"""Products and provisioning artifacts: create, describe, update, list, search."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import BUCKET_TEMPLATE, BUCKET_TEMPLATE_V2, add_version, create_product

_ID = re.compile(r"^(prod|prodview|pa)-[a-z0-9]{13}$")


def _code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = caught.value.response["Error"]["Code"]
    return code


def test_create_product_returns_aws_shaped_ids(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    url = emulator.upload_template(BUCKET_TEMPLATE)
    out = sc.create_product(
        Name="bucket",
        Owner="platform",
        Description="A bucket",
        Distributor="Acme",
        SupportEmail="help@example.com",
        ProductType="CLOUD_FORMATION_TEMPLATE",
        Tags=[{"Key": "team", "Value": "platform"}],
        ProvisioningArtifactParameters={
            "Name": "v1",
            "Description": "first",
            "Info": {"LoadTemplateFromURL": url},
        },
    )
    summary = out["ProductViewDetail"]["ProductViewSummary"]
    assert _ID.match(summary["ProductId"])
    assert summary["ProductId"].startswith("prod-")
    assert _ID.match(summary["Id"])
    assert summary["Id"].startswith("prodview-")
    assert summary["ShortDescription"] == "A bucket"
    assert summary["Type"] == "CLOUD_FORMATION_TEMPLATE"
    assert out["ProductViewDetail"]["ProductARN"].endswith(f":product/{summary['ProductId']}")
    artifact = out["ProvisioningArtifactDetail"]
    assert _ID.match(artifact["Id"])
    assert artifact["Id"].startswith("pa-")
    assert artifact["Type"] == "CLOUD_FORMATION_TEMPLATE"
    assert artifact["Active"] is True
    assert out["Tags"] == [{"Key": "team", "Value": "platform"}]


def test_create_product_idempotency_token(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    first = create_product(emulator, IdempotencyToken="same")
    again = create_product(emulator, IdempotencyToken="same")
    assert first == again
    assert len(sc.search_products_as_admin()["ProductViewDetails"]) == 1


def test_describe_product_views(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    sc.update_provisioning_artifact(ProductId=product_id, ProvisioningArtifactId=v2, Active=False)
    user = sc.describe_product(Id=product_id)
    assert [a["Id"] for a in user["ProvisioningArtifacts"]] == [v1]  # inactive hidden
    assert (
        sc.describe_product(Name="bucket-product")["ProductViewSummary"]["ProductId"] == product_id
    )
    admin = sc.describe_product_as_admin(Id=product_id)
    assert [a["Id"] for a in admin["ProvisioningArtifactSummaries"]] == [v1, v2]
    assert admin["ProductViewDetail"]["Status"] == "AVAILABLE"
    view_id = admin["ProductViewDetail"]["ProductViewSummary"]["Id"]
    view = sc.describe_product_view(Id=view_id)
    assert view["ProductViewSummary"]["ProductId"] == product_id


def test_update_product(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, _ = create_product(emulator, Tags=[{"Key": "a", "Value": "1"}])
    out = sc.update_product(
        Id=product_id,
        Name="renamed",
        Description="new words",
        AddTags=[{"Key": "b", "Value": "2"}],
        RemoveTags=["a"],
    )
    assert out["ProductViewDetail"]["ProductViewSummary"]["Name"] == "renamed"
    assert out["Tags"] == [{"Key": "b", "Value": "2"}]
    assert sc.describe_product_as_admin(Id=product_id)["Tags"] == [{"Key": "b", "Value": "2"}]


def test_provisioning_artifacts(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    listed = sc.list_provisioning_artifacts(ProductId=product_id)["ProvisioningArtifactDetails"]
    assert [a["Name"] for a in listed] == ["v1", "v2"]
    plain = sc.describe_provisioning_artifact(ProductId=product_id, ProvisioningArtifactId=v2)
    assert "TemplateBody" not in plain["Info"]
    assert plain["Info"]["TemplateUrl"].endswith(".json")
    verbose = sc.describe_provisioning_artifact(
        ProductId=product_id,
        ProvisioningArtifactName="v2",
        Verbose=True,
        IncludeProvisioningArtifactParameters=True,
    )
    assert json.loads(verbose["Info"]["TemplateBody"]) == BUCKET_TEMPLATE_V2
    params = {p["ParameterKey"]: p for p in verbose["ProvisioningArtifactParameters"]}
    assert params["Size"]["DefaultValue"] == "small"
    assert params["Size"]["ParameterConstraints"]["AllowedValues"] == ["small", "large"]
    assert "DefaultValue" not in params["BucketName"]
    updated = sc.update_provisioning_artifact(
        ProductId=product_id, ProvisioningArtifactId=v1, Name="v1.0", Guidance="DEPRECATED"
    )["ProvisioningArtifactDetail"]
    assert (updated["Name"], updated["Guidance"]) == ("v1.0", "DEPRECATED")
    with pytest.raises(ClientError) as caught:  # a deprecated version cannot be launched
        sc.provision_product(
            ProductId=product_id, ProvisioningArtifactId=v1, ProvisionedProductName="x"
        )
    assert _code(caught) == "InvalidParametersException"


def test_marketplace_products(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    out = sc.create_product(
        Name="appliance",
        Owner="vendor",
        ProductType="MARKETPLACE",
        ProvisioningArtifactParameters={"Name": "ami", "Type": "MARKETPLACE_AMI"},
    )
    product_id = out["ProductViewDetail"]["ProductViewSummary"]["ProductId"]
    assert out["ProvisioningArtifactDetail"]["Type"] == "MARKETPLACE_AMI"
    car = sc.create_provisioning_artifact(
        ProductId=product_id, Parameters={"Name": "car", "Type": "MARKETPLACE_CAR"}
    )
    assert car["ProvisioningArtifactDetail"]["Type"] == "MARKETPLACE_CAR"
    with pytest.raises(ClientError) as caught:
        sc.create_provisioning_artifact(
            ProductId=product_id, Parameters={"Type": "CLOUD_FORMATION_TEMPLATE"}
        )
    assert _code(caught) == "InvalidParametersException"
    emulator.grant_access(product_id)
    record = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=out["ProvisioningArtifactDetail"]["Id"],
        ProvisionedProductName="appliance-1",
    )["RecordDetail"]
    final = [sc.describe_record(Id=record["RecordId"])["RecordDetail"]["Status"] for _ in range(3)]
    assert final[-1] == "SUCCEEDED"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"ProductType": "CLOUD_FORMATION_TEMPLATE"}, "InvalidParametersException"),
        (
            {
                "ProductType": "CLOUD_FORMATION_TEMPLATE",
                "ProvisioningArtifactParameters": {"Info": {}},
            },
            "InvalidParametersException",
        ),
        (
            {
                "ProductType": "CLOUD_FORMATION_TEMPLATE",
                "ProvisioningArtifactParameters": {
                    "Info": {"LoadTemplateFromURL": "https://nobucket.s3.amazonaws.com/t.json"}
                },
            },
            "InvalidParametersException",
        ),
        ({"ProductType": "TERRAFORM_CLOUD"}, "InvalidParametersException"),
    ],
)
def test_create_product_rejects_bad_input(sc: Any, kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(ClientError) as caught:
        sc.create_product(Name="x", Owner="y", **kwargs)
    assert _code(caught) == code


@pytest.mark.parametrize(
    "call",
    [
        lambda sc: sc.describe_product(Id="prod-0000000000000"),
        lambda sc: sc.describe_product(Name="nothing"),
        lambda sc: sc.describe_product_as_admin(Id="prod-0000000000000"),
        lambda sc: sc.describe_product_view(Id="prodview-0000000000000"),
        lambda sc: sc.update_product(Id="prod-0000000000000"),
        lambda sc: sc.list_provisioning_artifacts(ProductId="prod-0000000000000"),
        lambda sc: sc.describe_provisioning_artifact(
            ProductId="prod-0000000000000", ProvisioningArtifactId="pa-0000000000000"
        ),
    ],
)
def test_unknown_ids_are_not_found(sc: Any, call: Any) -> None:
    with pytest.raises(ClientError) as caught:
        call(sc)
    assert _code(caught) == "ResourceNotFoundException"


def test_unknown_artifact_is_not_found(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, _ = create_product(emulator)
    with pytest.raises(ClientError) as caught:
        sc.describe_provisioning_artifact(
            ProductId=product_id, ProvisioningArtifactId="pa-0000000000000"
        )
    assert _code(caught) == "ResourceNotFoundException"


def _catalog(emulator: ServiceCatalogEmulator) -> list[str]:
    ids = []
    for name, owner in [("gamma", "ops"), ("alpha", "dev"), ("delta", "dev"), ("beta", "ops")]:
        product_id, _ = create_product(emulator, name=name, owner=owner, Description=f"{name} db")
        ids.append(product_id)
    add_version(emulator, ids[3], BUCKET_TEMPLATE_V2, "v2")  # beta has two versions
    return ids


def test_search_products_filters_and_sorts(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    _catalog(emulator)

    def names(**kwargs: Any) -> list[str]:
        out = sc.search_products(**kwargs)["ProductViewSummaries"]
        return [p["Name"] for p in out]

    assert names() == ["gamma", "alpha", "delta", "beta"]  # creation order
    assert names(SortBy="Title") == ["alpha", "beta", "delta", "gamma"]
    assert names(SortBy="Title", SortOrder="DESCENDING") == ["gamma", "delta", "beta", "alpha"]
    assert names(SortBy="VersionCount", SortOrder="DESCENDING")[0] == "beta"
    assert names(SortBy="CreationDate") == ["gamma", "alpha", "delta", "beta"]
    assert names(Filters={"Owner": ["dev"]}, SortBy="Title") == ["alpha", "delta"]
    assert names(Filters={"FullTextSearch": ["ALPHA"]}) == ["alpha"]
    assert names(Filters={"FullTextSearch": ["db"], "Owner": ["ops"]}) == ["gamma", "beta"]
    assert names(Filters={"ProductType": ["MARKETPLACE"]}) == []
    assert names(Filters={"SourceProductId": ["prod-0000000000000"]}) == []
    with pytest.raises(ClientError) as caught:
        sc.search_products(Filters={"Color": ["red"]})
    assert _code(caught) == "InvalidParametersException"


@pytest.mark.parametrize("operation", ["search_products", "search_products_as_admin"])
def test_search_products_pages_by_offset(
    emulator: ServiceCatalogEmulator, sc: Any, operation: str
) -> None:
    _catalog(emulator)
    call = getattr(sc, operation)
    key = "ProductViewSummaries" if operation == "search_products" else "ProductViewDetails"
    seen: list[str] = []
    kwargs: dict[str, Any] = {"SortBy": "Title", "PageSize": 3}
    pages = 0
    while True:
        out = call(**kwargs)
        pages += 1
        for item in out[key]:
            seen.append(item["Name"] if "Name" in item else item["ProductViewSummary"]["Name"])
        if "NextPageToken" not in out:
            break
        kwargs["PageToken"] = out["NextPageToken"]
    assert pages == 2
    assert seen == ["alpha", "beta", "delta", "gamma"]


def test_search_products_as_admin_filters(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    _catalog(emulator)
    out = sc.search_products_as_admin(Filters={"Owner": ["ops"]}, SortBy="Title")
    assert [d["ProductViewSummary"]["Name"] for d in out["ProductViewDetails"]] == [
        "beta",
        "gamma",
    ]
    with pytest.raises(ClientError) as caught:  # portfolio filters: test_emulator_portfolios
        sc.search_products_as_admin(PortfolioId="port-0000000000000")
    assert _code(caught) == "ResourceNotFoundException"


def test_delete_product(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, _ = create_product(emulator, grant=False)
    sc.delete_product(Id=product_id)
    with pytest.raises(ClientError) as caught:
        sc.describe_product(Id=product_id)
    assert _code(caught) == "ResourceNotFoundException"


def test_moto_keeps_operations_the_emulator_does_not_serve(sc: Any) -> None:
    created = sc.create_portfolio(DisplayName="main", ProviderName="me", IdempotencyToken="p")
    portfolios = sc.list_portfolios()["PortfolioDetails"]
    assert [p["Id"] for p in portfolios] == [created["PortfolioDetail"]["Id"]]
