"""TagOptions on the emulator: the library, associations, and the tags launches get."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk import errors
from servicecatalog_sdk.models import ListTagOptionsFilters
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .catalog_extras_helpers import ShapeRecorder, error_code, product_in_portfolio
from .emulator_helpers import create_product, settle


def _option(sc: Any, key: str, value: str) -> str:
    option_id: str = sc.create_tag_option(Key=key, Value=value)["TagOptionDetail"]["Id"]
    return option_id


def _launch(sc: Any, product_id: str, artifact_id: str, name: str, **kw: Any) -> dict[str, Any]:
    record: dict[str, Any] = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=name,
        ProvisioningParameters=[{"Key": "BucketName", "Value": f"{name}-bucket"}],
        **kw,
    )["RecordDetail"]
    return record


def _tags(items: list[dict[str, str]]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in items}


def test_library_crud_and_shapes(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    shapes = ShapeRecorder(sc)
    created = sc.create_tag_option(Key="CostCenter", Value="1234")["TagOptionDetail"]
    assert created["Id"].startswith("tag-")
    assert len(created["Id"]) == 17
    assert created == {
        "Key": "CostCenter",
        "Value": "1234",
        "Active": True,
        "Id": created["Id"],
        "Owner": "123456789012",
    }
    assert sc.describe_tag_option(Id=created["Id"])["TagOptionDetail"] == created
    updated = sc.update_tag_option(Id=created["Id"], Value="5678", Active=False)
    assert updated["TagOptionDetail"]["Value"] == "5678"
    assert updated["TagOptionDetail"]["Active"] is False
    assert sc.list_tag_options()["TagOptionDetails"] == [updated["TagOptionDetail"]]
    sc.delete_tag_option(Id=created["Id"])
    assert sc.list_tag_options()["TagOptionDetails"] == []
    with pytest.raises(ClientError) as exc:
        sc.describe_tag_option(Id=created["Id"])
    assert error_code(exc) == "ResourceNotFoundException"
    assert shapes.problems() == []


def test_duplicates_are_refused(sc: Any) -> None:
    _option(sc, "Team", "a")
    b = _option(sc, "Team", "b")
    with pytest.raises(ClientError) as exc:
        sc.create_tag_option(Key="Team", Value="a")
    assert error_code(exc) == "DuplicateResourceException"
    with pytest.raises(ClientError) as exc:
        sc.update_tag_option(Id=b, Value="a")
    assert error_code(exc) == "DuplicateResourceException"
    assert sc.update_tag_option(Id=b, Value="b")["TagOptionDetail"]["Value"] == "b"


def test_key_with_forbidden_characters_is_invalid(sc: Any) -> None:
    with pytest.raises(ClientError) as exc:
        sc.create_tag_option(Key="cost#center", Value="1")
    assert error_code(exc) == "InvalidParametersException"
    # Letters of any script, spaces and the allowed punctuation are fine.
    assert sc.create_tag_option(Key="Kostenstelle Süd", Value="a.b:c/d=e+f-g@h_1")


def test_list_filters_and_page_token(sc: Any) -> None:
    ids = [_option(sc, "Env", v) for v in ("dev", "test", "prod")]
    _option(sc, "Team", "dev")
    sc.update_tag_option(Id=ids[2], Active=False)

    def listed(**filters: Any) -> list[str]:
        return [o["Id"] for o in sc.list_tag_options(Filters=filters)["TagOptionDetails"]]

    assert listed(Key="Env") == ids
    assert listed(Key="Env", Active=True) == ids[:2]
    assert listed(Active=False) == [ids[2]]
    assert listed(Value="dev", Key="Env") == [ids[0]]

    first = sc.list_tag_options(PageSize=3)
    assert len(first["TagOptionDetails"]) == 3
    assert "NextPageToken" not in first  # this operation's next token is PageToken
    rest = sc.list_tag_options(PageSize=3, PageToken=first["PageToken"])
    assert len(rest["TagOptionDetails"]) == 1
    assert "PageToken" not in rest


def test_sdk_client_pages_through_tag_options(emulator: ServiceCatalogEmulator) -> None:
    client = emulator.client()
    for value in ("a", "b", "c", "d", "e"):
        client.create_tag_option(key="Tier", value=value)
    listed = list(client.list_tag_options(filters=ListTagOptionsFilters(key="Tier"), page_size=2))
    assert [o.value for o in listed] == ["a", "b", "c", "d", "e"]
    with pytest.raises(errors.DuplicateResourceError):
        client.create_tag_option(key="Tier", value="a")


def test_associate_with_products_and_portfolios(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    shapes = ShapeRecorder(sc)
    product_id, _, portfolio_id = product_in_portfolio(emulator)
    other_id, _ = create_product(emulator, name="other")
    option = _option(sc, "Env", "dev")
    for resource in (product_id, portfolio_id, other_id):
        sc.associate_tag_option_with_resource(ResourceId=resource, TagOptionId=option)

    def resources(**kw: Any) -> list[str]:
        out = sc.list_resources_for_tag_option(TagOptionId=option, **kw)
        return [r["Id"] for r in out["ResourceDetails"]]

    assert resources() == [product_id, portfolio_id, other_id]
    assert resources(ResourceType="Product") == [product_id, other_id]
    assert resources(ResourceType="Portfolio") == [portfolio_id]
    page = sc.list_resources_for_tag_option(TagOptionId=option, PageSize=2)
    assert len(page["ResourceDetails"]) == 2
    last = sc.list_resources_for_tag_option(TagOptionId=option, PageToken=page["PageToken"])
    assert [r["Id"] for r in last["ResourceDetails"]] == [other_id]
    detail = sc.list_resources_for_tag_option(TagOptionId=option)["ResourceDetails"][1]
    assert detail["Name"] == "bucket-product-portfolio"
    assert detail["ARN"].endswith(f":portfolio/{portfolio_id}")

    # Describing the product shows its TagOptions, inactive ones included.
    sc.update_tag_option(Id=option, Active=False)
    described = sc.describe_product_as_admin(Id=product_id)["TagOptions"]
    assert [(o["Id"], o["Active"]) for o in described] == [(option, False)]

    sc.disassociate_tag_option_from_resource(ResourceId=other_id, TagOptionId=option)
    assert resources() == [product_id, portfolio_id]
    assert shapes.problems() == []


def test_association_errors(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, _ = create_product(emulator)
    option = _option(sc, "Env", "dev")

    def code(call: Any, **kw: Any) -> str:
        with pytest.raises(ClientError) as exc:
            call(**kw)
        return error_code(exc)

    associate = sc.associate_tag_option_with_resource
    assert code(associate, ResourceId=product_id, TagOptionId="tag-missing00000") == (
        "ResourceNotFoundException"
    )
    assert code(associate, ResourceId="prod-missing00000", TagOptionId=option) == (
        "ResourceNotFoundException"
    )
    assert code(associate, ResourceId="port-missing00000", TagOptionId=option) == (
        "ResourceNotFoundException"
    )
    assert code(associate, ResourceId="not-a-resource", TagOptionId=option) == (
        "InvalidParametersException"
    )
    sc.associate_tag_option_with_resource(ResourceId=product_id, TagOptionId=option)
    assert code(associate, ResourceId=product_id, TagOptionId=option) == (
        "DuplicateResourceException"
    )
    assert code(sc.delete_tag_option, Id=option) == "ResourceInUseException"
    inactive = _option(sc, "Env", "old")
    sc.update_tag_option(Id=inactive, Active=False)
    assert code(associate, ResourceId=product_id, TagOptionId=inactive) == "InvalidStateException"
    assert code(
        sc.disassociate_tag_option_from_resource, ResourceId=product_id, TagOptionId=inactive
    ) == ("ResourceNotFoundException")
    assert code(sc.list_resources_for_tag_option, TagOptionId=option, ResourceType="Stack") == (
        "InvalidParametersException"
    )
    # Disassociating models no InvalidParametersException: a bad id is not found.
    assert code(
        sc.disassociate_tag_option_from_resource, ResourceId="not-a-resource", TagOptionId=option
    ) == ("ResourceNotFoundException")
    sc.disassociate_tag_option_from_resource(ResourceId=product_id, TagOptionId=option)
    sc.delete_tag_option(Id=option)


def test_deleted_product_releases_its_tag_options(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, _ = create_product(emulator, grant=False)
    option = _option(sc, "Env", "dev")
    sc.associate_tag_option_with_resource(ResourceId=product_id, TagOptionId=option)
    sc.delete_product(Id=product_id)
    assert sc.list_resources_for_tag_option(TagOptionId=option)["ResourceDetails"] == []
    sc.delete_tag_option(Id=option)


def test_single_valued_tag_option_lands_on_the_provisioned_product(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id = create_product(emulator)
    sc.associate_tag_option_with_resource(
        ResourceId=product_id, TagOptionId=_option(sc, "CostCenter", "1234")
    )
    record = _launch(sc, product_id, artifact_id, "tagged", Tags=[{"Key": "owner", "Value": "me"}])
    assert _tags(record["RecordTags"]) == {"owner": "me", "CostCenter": "1234"}
    settle(sc, record["RecordId"])
    assert _tags(sc.describe_record(Id=record["RecordId"])["RecordDetail"]["RecordTags"]) == {
        "owner": "me",
        "CostCenter": "1234",
    }
    found = sc.search_provisioned_products(Filters={"SearchQuery": ["name:tagged"]})
    assert _tags(found["ProvisionedProducts"][0]["Tags"]) == {"owner": "me", "CostCenter": "1234"}


def test_tag_values_must_be_allowed(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id = create_product(emulator)
    for value in ("dev", "prod"):
        sc.associate_tag_option_with_resource(
            ResourceId=product_id, TagOptionId=_option(sc, "Env", value)
        )
    with pytest.raises(ClientError) as exc:
        _launch(sc, product_id, artifact_id, "wrong", Tags=[{"Key": "Env", "Value": "qa"}])
    assert error_code(exc) == "InvalidParametersException"
    with pytest.raises(ClientError) as exc:  # two values: the launch must pick one
        _launch(sc, product_id, artifact_id, "unpicked")
    assert error_code(exc) == "InvalidParametersException"
    assert sc.scan_provisioned_products()["ProvisionedProducts"] == []
    record = _launch(sc, product_id, artifact_id, "picked", Tags=[{"Key": "Env", "Value": "prod"}])
    assert _tags(record["RecordTags"]) == {"Env": "prod"}


def test_inactive_tag_options_are_not_applied(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, artifact_id = create_product(emulator)
    option = _option(sc, "Env", "dev")
    sc.associate_tag_option_with_resource(ResourceId=product_id, TagOptionId=option)
    sc.update_tag_option(Id=option, Active=False)
    record = _launch(sc, product_id, artifact_id, "plain", Tags=[{"Key": "Env", "Value": "any"}])
    assert _tags(record["RecordTags"]) == {"Env": "any"}


def test_portfolio_and_product_values_intersect_on_the_launch_path(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id, portfolio_id = product_in_portfolio(emulator)
    group = {value: _option(sc, "Group", value) for value in ("a", "b", "c")}
    for resource, values in ((portfolio_id, "ab"), (product_id, "bc")):
        for value in values:
            sc.associate_tag_option_with_resource(ResourceId=resource, TagOptionId=group[value])
    sc.associate_tag_option_with_resource(
        ResourceId=portfolio_id, TagOptionId=_option(sc, "Dept", "finance")
    )
    path_id = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"][0]["Id"]
    with pytest.raises(ClientError) as exc:  # "a" is allowed by the portfolio only
        _launch(
            sc,
            product_id,
            artifact_id,
            "one",
            PathId=path_id,
            Tags=[{"Key": "Group", "Value": "a"}],
        )
    assert error_code(exc) == "InvalidParametersException"
    # "b" is the one value both allow, so it is applied without being asked for.
    record = _launch(sc, product_id, artifact_id, "two", PathId=path_id)
    assert _tags(record["RecordTags"]) == {"Group": "b", "Dept": "finance"}


def test_launch_paths_and_parameters_offer_the_tag_options(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id, portfolio_id = product_in_portfolio(emulator)
    sc.associate_tag_option_with_resource(
        ResourceId=portfolio_id, TagOptionId=_option(sc, "Dept", "finance")
    )
    sc.associate_tag_option_with_resource(
        ResourceId=product_id, TagOptionId=_option(sc, "Env", "dev")
    )
    hidden = _option(sc, "Env", "old")
    sc.associate_tag_option_with_resource(ResourceId=product_id, TagOptionId=hidden)
    sc.update_tag_option(Id=hidden, Active=False)  # inactive: offered nowhere
    path = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"][0]
    assert {"Key": "Dept", "Value": "finance"} in path["Tags"]
    assert {"Key": "Env", "Value": "dev"} in path["Tags"]
    assert {"Key": "Env", "Value": "old"} not in path["Tags"]
    offered = sc.describe_provisioning_parameters(
        ProductId=product_id, ProvisioningArtifactId=artifact_id, PathId=path["Id"]
    )["TagOptions"]
    assert sorted((o["Key"], o["Values"]) for o in offered) == [
        ("Dept", ["finance"]),
        ("Env", ["dev"]),
    ]
