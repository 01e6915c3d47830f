"""Launch paths: listed per portfolio, and chosen by provisioning requests."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product, grant_caller, settle
from .test_emulator_portfolios import check_shapes

_PATH_ID = re.compile(r"^lpv3-[a-z0-9]{13}$")


def _code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = caught.value.response["Error"]["Code"]
    return code


def _portfolio_with(sc: Any, product_id: str, name: str, **extra: Any) -> str:
    portfolio_id: str = sc.create_portfolio(
        DisplayName=name, ProviderName="platform-team", **extra
    )["PortfolioDetail"]["Id"]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    grant_caller(sc, portfolio_id)
    return portfolio_id


def test_one_path_per_portfolio(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    seen = check_shapes(sc)
    product_id, _ = create_product(emulator, grant=False)
    with pytest.raises(ClientError) as ungranted:  # no portfolio grants the caller
        sc.list_launch_paths(ProductId=product_id)
    assert _code(ungranted) == "ResourceNotFoundException"
    first = _portfolio_with(sc, product_id, "Platform", Tags=[{"Key": "team", "Value": "p"}])
    second = _portfolio_with(sc, product_id, "Sandbox")
    sc.create_constraint(
        PortfolioId=first,
        ProductId=product_id,
        Type="LAUNCH",
        Parameters='{"RoleArn": "arn:aws:iam::123456789012:role/Launch"}',
        Description="launch as Launch",
    )
    paths = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert [p["Name"] for p in paths] == ["Platform", "Sandbox"]
    assert all(_PATH_ID.match(p["Id"]) for p in paths)
    assert paths[0]["Id"] != paths[1]["Id"]
    assert paths[0]["ConstraintSummaries"] == [
        {"Type": "LAUNCH", "Description": "launch as Launch"}
    ]
    assert paths[0]["Tags"] == [{"Key": "team", "Value": "p"}]
    assert paths[1]["ConstraintSummaries"] == []
    # The same ids again, and in DescribeProduct.
    again = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert [p["Id"] for p in again] == [p["Id"] for p in paths]
    described = sc.describe_product(Id=product_id)["LaunchPaths"]
    assert described == [{"Id": p["Id"], "Name": p["Name"]} for p in paths]

    paged = sc.list_launch_paths(ProductId=product_id, PageSize=1)
    assert [p["Id"] for p in paged["LaunchPathSummaries"]] == [paths[0]["Id"]]
    assert paged["NextPageToken"]

    # Leaving the portfolio closes the path; joining again opens a new one.
    sc.disassociate_product_from_portfolio(ProductId=product_id, PortfolioId=second)
    left = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert [p["Id"] for p in left] == [paths[0]["Id"]]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=second)
    rejoined = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"][1]["Id"]
    assert rejoined != paths[1]["Id"]
    assert seen["ListLaunchPaths"] == 5  # the refused one is no 200 answer


def test_unknown_product_has_no_paths(sc: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sc.list_launch_paths(ProductId="prod-aaaaaaaaaaaaa")
    assert _code(caught) == "ResourceNotFoundException"


def _provision(sc: Any, product_id: str, artifact_id: str, name: str, **extra: Any) -> Any:
    return sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=name,
        ProvisioningParameters=[{"Key": "BucketName", "Value": f"{name}-bucket"}],
        **extra,
    )["RecordDetail"]


def test_provision_picks_the_only_path(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    seen = check_shapes(sc)
    product_id, v1 = create_product(emulator, grant=False)
    _portfolio_with(sc, product_id, "Platform")
    path_id = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"][0]["Id"]
    by_default = _provision(sc, product_id, v1, "by-default")
    assert by_default["PathId"] == path_id
    by_name = _provision(sc, product_id, v1, "by-name", PathName="Platform")
    assert by_name["PathId"] == path_id
    by_id = _provision(sc, product_id, v1, "by-id", PathId=path_id)
    assert sc.describe_record(Id=by_id["RecordId"])["RecordDetail"]["PathId"] == path_id
    assert seen["ProvisionProduct"] == 3


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ({"PathId": "lpv3-aaaaaaaaaaaaa"}, "ResourceNotFoundException"),
        ({"PathName": "Nowhere"}, "ResourceNotFoundException"),
        ({"PathId": "PATH", "PathName": "Platform"}, "InvalidParametersException"),
    ],
)
def test_provision_refuses_unknown_paths(
    emulator: ServiceCatalogEmulator, sc: Any, path: dict[str, str], code: str
) -> None:
    product_id, v1 = create_product(emulator, grant=False)
    _portfolio_with(sc, product_id, "Platform")
    real = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"][0]["Id"]
    with pytest.raises(ClientError) as caught:
        _provision(
            sc, product_id, v1, "refused", **{k: v.replace("PATH", real) for k, v in path.items()}
        )
    assert _code(caught) == code
    assert sc.scan_provisioned_products()["ProvisionedProducts"] == []


def test_two_paths_need_a_choice_and_updates_keep_it(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator, grant=False)
    _portfolio_with(sc, product_id, "Platform")
    _portfolio_with(sc, product_id, "Sandbox")
    ids = {
        p["Name"]: p["Id"]
        for p in sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    }
    with pytest.raises(ClientError) as caught:
        _provision(sc, product_id, v1, "ambiguous")
    assert _code(caught) == "InvalidParametersException"
    started = _provision(sc, product_id, v1, "sandboxed", PathName="Sandbox")
    assert started["PathId"] == ids["Sandbox"]
    settle(sc, started["RecordId"])
    pp_id = started["ProvisionedProductId"]
    updated = sc.update_provisioned_product(
        ProvisionedProductId=pp_id,
        ProvisioningParameters=[{"Key": "Size", "Value": "large"}],
    )["RecordDetail"]
    assert updated["PathId"] == ids["Sandbox"]  # the path it was launched through
    settle(sc, updated["RecordId"])
    moved = sc.update_provisioned_product(ProvisionedProductId=pp_id, PathId=ids["Platform"])
    assert moved["RecordDetail"]["PathId"] == ids["Platform"]


def test_a_product_in_no_portfolio_cannot_be_launched(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator, grant=False)
    with pytest.raises(ClientError) as caught:
        _provision(sc, product_id, v1, "pathless")
    assert _code(caught) == "ResourceNotFoundException"
    assert sc.scan_provisioned_products()["ProvisionedProducts"] == []


def test_without_access_checks_a_product_in_no_portfolio_launches_without_a_path(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    emulator.enforce_access = False
    product_id, v1 = create_product(emulator, grant=False)
    started = _provision(sc, product_id, v1, "pathless")
    assert "PathId" not in started
    assert settle(sc, started["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    with pytest.raises(ClientError) as caught:
        _provision(sc, product_id, v1, "named", PathName="Platform")
    assert _code(caught) == "ResourceNotFoundException"


@pytest.mark.parametrize(
    ("parameters", "role"),
    [
        ('{"RoleArn": "arn:aws:iam::123456789012:role/SCLaunch"}', "role/SCLaunch"),
        ('{"LocalRoleName": "SCBasicLaunchRole"}', "role/SCBasicLaunchRole"),
    ],
)
def test_launch_constraint_sets_the_launch_role(
    emulator: ServiceCatalogEmulator, sc: Any, parameters: str, role: str
) -> None:
    seen = check_shapes(sc)
    product_id, v1 = create_product(emulator, grant=False)
    portfolio_id = _portfolio_with(sc, product_id, "Platform")
    sc.create_constraint(
        PortfolioId=portfolio_id, ProductId=product_id, Type="LAUNCH", Parameters=parameters
    )
    started = _provision(sc, product_id, v1, "with-role")
    expected = f"arn:aws:iam::123456789012:{role}"
    assert started["LaunchRoleArn"] == expected
    settle(sc, started["RecordId"])
    detail = sc.describe_provisioned_product(Id=started["ProvisionedProductId"])
    assert detail["ProvisionedProductDetail"]["LaunchRoleArn"] == expected
    sc.search_provisioned_products()  # its attributes have no LaunchRoleArn member
    assert seen["SearchProvisionedProducts"] == 1


def test_admin_flow_through_the_server() -> None:
    """The issue's first calls, over HTTP: JSON answers where moto's server gave HTML 500s."""
    with ServiceCatalogEmulator(server=True, in_progress_polls=1) as emulator:
        sc = emulator.boto3_client()
        product_id, v1 = create_product(emulator, grant=False)
        portfolio_id = _portfolio_with(sc, product_id, "Platform")
        sc.associate_principal_with_portfolio(
            PortfolioId=portfolio_id,
            PrincipalARN="arn:aws:iam::123456789012:role/Developers",
            PrincipalType="IAM",
        )
        sc.create_constraint(
            PortfolioId=portfolio_id,
            ProductId=product_id,
            Type="LAUNCH",
            Parameters='{"LocalRoleName": "SCLaunch"}',
        )
        (path,) = sc.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
        assert path["ConstraintSummaries"] == [{"Type": "LAUNCH"}]
        started = _provision(sc, product_id, v1, "served", PathName="Platform")
        done = settle(sc, started["RecordId"])["RecordDetail"]
        assert (done["Status"], done["PathId"]) == ("SUCCEEDED", path["Id"])
        with pytest.raises(ClientError) as caught:
            sc.delete_portfolio(Id=portfolio_id)
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert _code(caught) == "ResourceInUseException"


def test_records_of_a_product_as_it_stands_name_its_path_and_launch_role(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator, grant=False)
    portfolio_id = _portfolio_with(sc, product_id, "Platform")
    sc.create_constraint(
        PortfolioId=portfolio_id,
        ProductId=product_id,
        Type="LAUNCH",
        Parameters='{"LocalRoleName": "SCLaunch"}',
    )
    launched = _provision(sc, product_id, v1, "kept")
    settle(sc, launched["RecordId"])
    ended = sc.terminate_provisioned_product(ProvisionedProductId=launched["ProvisionedProductId"])
    record = ended["RecordDetail"]
    assert record["RecordType"] == "TERMINATE_PROVISIONED_PRODUCT"
    assert (record["PathId"], record["LaunchRoleArn"]) == (
        launched["PathId"],
        "arn:aws:iam::123456789012:role/SCLaunch",
    )
