"""Several accounts: each sees its own catalog; portfolios shared by account or organization."""

from __future__ import annotations

import json
from typing import Any

import botocore.exceptions
import pytest

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product, grant_caller, settle
from .test_emulator_shapes import _problems

A = "123456789012"  # the emulator's default account
B = "222222222222"


def _code(call: Any, **kwargs: Any) -> str:
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        call(**kwargs)
    code: str = caught.value.response["Error"]["Code"]
    return code


def _catalog(emulator: ServiceCatalogEmulator) -> tuple[str, str, str]:
    """In account A: a portfolio holding a product; returns (portfolio, product, artifact)."""
    sc = emulator.boto3_client()
    portfolio_id: str = sc.create_portfolio(
        DisplayName="shared-portfolio", ProviderName="platform", IdempotencyToken="p-1"
    )["PortfolioDetail"]["Id"]
    product_id, artifact_id = create_product(emulator, grant=False)
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    grant_caller(sc, portfolio_id)
    return portfolio_id, product_id, artifact_id


def _grant_in(emulator: ServiceCatalogEmulator, account_id: str, portfolio_id: str) -> None:
    """What a spoke does after a share reaches it: grant its own identity the portfolio."""
    sc = emulator.boto3_client(account_id=account_id)
    grant_caller(sc, portfolio_id, emulator.caller_arn(account_id))


def _provision(sc: Any, product_id: str, artifact_id: str, name: str, **extra: Any) -> Any:
    return sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=name,
        ProvisioningParameters=[{"Key": "BucketName", "Value": f"{name}-bucket"}],
        **extra,
    )["RecordDetail"]


def _scan_names(sc: Any) -> list[str]:
    return [pp["Name"] for pp in sc.scan_provisioned_products()["ProvisionedProducts"]]


# -- accounts are separate --------------------------------------------------------


def test_each_account_sees_only_its_own_catalog(emulator: ServiceCatalogEmulator) -> None:
    a, b = emulator.boto3_client(), emulator.boto3_client(account_id=B)
    product_a, artifact_a = create_product(emulator, name="a-product")
    emulator.in_progress_polls = 0
    _provision(a, product_a, artifact_a, "in-a")
    b.create_portfolio(DisplayName="b-portfolio", ProviderName="b", IdempotencyToken="b-1")

    assert [
        p["ProductViewSummary"]["Name"] for p in a.search_products_as_admin()["ProductViewDetails"]
    ] == ["a-product"]
    assert b.search_products_as_admin()["ProductViewDetails"] == []
    assert _code(b.describe_product, Id=product_a) == "ResourceNotFoundException"
    assert _scan_names(a) == ["in-a"]
    assert _scan_names(b) == []
    assert [p["DisplayName"] for p in b.list_portfolios()["PortfolioDetails"]] == ["b-portfolio"]
    assert [p["DisplayName"] for p in a.list_portfolios()["PortfolioDetails"]] == [
        "Emulator access"
    ]

    # The typed client acts as the account it is asked for, too.
    typed_b = emulator.client(account_id=B)
    assert [p.display_name for p in typed_b.list_portfolios()] == ["b-portfolio"]
    assert emulator.client() is emulator.client(account_id=A)


def test_account_ids_must_be_twelve_digits(emulator: ServiceCatalogEmulator) -> None:
    with pytest.raises(ValueError, match="12 digits"):
        emulator.boto3_client(account_id="42")
    with pytest.raises(ValueError, match="12 digits"):
        emulator.client(account_id="abcdefghijkl")


def test_accounts_in_server_mode() -> None:
    with ServiceCatalogEmulator(server=True, in_progress_polls=0) as emulator:
        create_product(emulator)
        a, b = emulator.boto3_client(), emulator.boto3_client(account_id=B)
        assert len(a.search_products_as_admin()["ProductViewDetails"]) == 1
        assert b.search_products_as_admin()["ProductViewDetails"] == []


# -- account-to-account shares ----------------------------------------------------


def test_a_shared_portfolio_is_accepted_and_launched_in_the_other_account(
    emulator: ServiceCatalogEmulator,
) -> None:
    emulator.in_progress_polls = 1
    a, b = emulator.boto3_client(), emulator.boto3_client(account_id=B)
    portfolio_id, product_id, artifact_id = _catalog(emulator)

    assert a.create_portfolio_share(PortfolioId=portfolio_id, AccountId=B, ShareTagOptions=True)
    a.create_portfolio_share(PortfolioId=portfolio_id, AccountId=B)  # again: no error
    shares = a.describe_portfolio_shares(PortfolioId=portfolio_id, Type="ACCOUNT")
    assert shares["PortfolioShareDetails"] == [
        {
            "PrincipalId": B,
            "Type": "ACCOUNT",
            "Accepted": False,
            "ShareTagOptions": True,
            "SharePrincipals": False,
        }
    ]
    assert a.list_portfolio_access(PortfolioId=portfolio_id)["AccountIds"] == [B]
    # Offered, not yet accepted: B cannot use it.
    assert b.list_accepted_portfolio_shares()["PortfolioDetails"] == []
    assert _code(b.list_launch_paths, ProductId=product_id) == "ResourceNotFoundException"

    b.accept_portfolio_share(PortfolioId=portfolio_id)
    accepted = b.list_accepted_portfolio_shares(PortfolioShareType="IMPORTED")
    assert [p["Id"] for p in accepted["PortfolioDetails"]] == [portfolio_id]
    assert a.describe_portfolio_shares(PortfolioId=portfolio_id, Type="ACCOUNT")[
        "PortfolioShareDetails"
    ][0]["Accepted"]
    # Imported, but no principal of B's is granted it yet: B's users see nothing.
    assert b.search_products()["ProductViewSummaries"] == []
    assert _code(b.describe_product, Id=product_id) == "ResourceNotFoundException"
    _grant_in(emulator, B, portfolio_id)
    principals = b.list_principals_for_portfolio(PortfolioId=portfolio_id)["Principals"]
    assert [p["PrincipalARN"] for p in principals] == [emulator.caller_arn(B)]
    assert [s["ProductId"] for s in b.search_products()["ProductViewSummaries"]] == [product_id]
    assert b.describe_product(Id=product_id)["ProductViewSummary"]["ProductId"] == product_id
    paths = b.list_launch_paths(ProductId=product_id)["LaunchPathSummaries"]
    assert [p["Name"] for p in paths] == ["shared-portfolio"]
    parameters = b.describe_provisioning_parameters(
        ProductId=product_id, ProvisioningArtifactId=artifact_id, PathId=paths[0]["Id"]
    )["ProvisioningArtifactParameters"]
    assert "BucketName" in {p["ParameterKey"] for p in parameters}

    record = _provision(b, product_id, artifact_id, "launched-in-b", PathName="shared-portfolio")
    assert settle(b, record["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    assert _scan_names(b) == ["launched-in-b"]
    assert _scan_names(a) == []
    found = b.search_provisioned_products()["ProvisionedProducts"]
    assert [(pp["Name"], pp["ProductName"]) for pp in found] == [
        ("launched-in-b", "bucket-product")
    ]
    # The stack is B's: it lives in B's CloudFormation, not A's.
    stacks_b = emulator.boto3_client("cloudformation", account_id=B).describe_stacks()["Stacks"]
    assert len(stacks_b) == 1
    assert emulator.boto3_client("cloudformation").describe_stacks()["Stacks"] == []
    assert _code(a.describe_record, Id=record["RecordId"]) == "ResourceNotFoundException"


def test_deleting_or_rejecting_a_share_takes_the_portfolio_away(
    emulator: ServiceCatalogEmulator,
) -> None:
    a, b = emulator.boto3_client(), emulator.boto3_client(account_id=B)
    portfolio_id, product_id, _ = _catalog(emulator)
    a.create_portfolio_share(PortfolioId=portfolio_id, AccountId=B)
    b.accept_portfolio_share(PortfolioId=portfolio_id)
    _grant_in(emulator, B, portfolio_id)
    assert b.describe_product(Id=product_id)

    a.delete_portfolio_share(PortfolioId=portfolio_id, AccountId=B)
    assert _code(b.describe_product, Id=product_id) == "ResourceNotFoundException"
    assert b.list_accepted_portfolio_shares()["PortfolioDetails"] == []
    assert (
        _code(a.delete_portfolio_share, PortfolioId=portfolio_id, AccountId=B)
        == "ResourceNotFoundException"
    )

    a.create_portfolio_share(PortfolioId=portfolio_id, AccountId=B)
    b.reject_portfolio_share(PortfolioId=portfolio_id)
    assert (
        a.describe_portfolio_shares(PortfolioId=portfolio_id, Type="ACCOUNT")[
            "PortfolioShareDetails"
        ]
        == []
    )
    assert _code(b.accept_portfolio_share, PortfolioId=portfolio_id) == (
        "ResourceNotFoundException"
    )


def test_share_requests_are_validated(emulator: ServiceCatalogEmulator) -> None:
    a, b = emulator.boto3_client(), emulator.boto3_client(account_id=B)
    portfolio_id, _, _ = _catalog(emulator)
    assert _code(a.create_portfolio_share, PortfolioId=portfolio_id) == "InvalidParametersException"
    assert (
        _code(a.create_portfolio_share, PortfolioId=portfolio_id, AccountId=A)
        == "InvalidParametersException"
    )
    assert (
        _code(a.create_portfolio_share, PortfolioId="port-nothing", AccountId=B)
        == "ResourceNotFoundException"
    )
    # Only the owner shares a portfolio: a shared one cannot be shared on.
    a.create_portfolio_share(PortfolioId=portfolio_id, AccountId=B)
    b.accept_portfolio_share(PortfolioId=portfolio_id)
    assert (
        _code(b.create_portfolio_share, PortfolioId=portfolio_id, AccountId="333333333333")
        == "OperationNotSupportedException"
    )
    assert (
        _code(a.update_portfolio_share, PortfolioId=portfolio_id, AccountId=B)
        == "InvalidParametersException"
    )
    updated = a.update_portfolio_share(PortfolioId=portfolio_id, AccountId=B, SharePrincipals=True)
    assert updated["Status"] in ("NOT_STARTED", "COMPLETED")
    assert a.describe_portfolio_shares(PortfolioId=portfolio_id, Type="ACCOUNT")[
        "PortfolioShareDetails"
    ][0]["SharePrincipals"]


# -- organization shares ----------------------------------------------------------


def _organization(emulator: ServiceCatalogEmulator) -> tuple[str, str, str]:
    """A moto organization managed by A with one member account in an OU.

    Returns (organization id, OU id, member account id).
    """
    org = emulator.boto3_client("organizations")
    org_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root = org.list_roots()["Roots"][0]["Id"]
    unit = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]
    member = org.create_account(AccountName="member", Email="member@example.com")[
        "CreateAccountStatus"
    ]["AccountId"]
    org.move_account(AccountId=member, SourceParentId=root, DestinationParentId=unit["Id"])
    return org_id, unit["Id"], member


def test_an_organization_share_reaches_member_accounts_without_accepting(
    emulator: ServiceCatalogEmulator,
) -> None:
    emulator.in_progress_polls = 2
    a = emulator.boto3_client()
    org_id, unit_id, member = _organization(emulator)
    portfolio_id, product_id, artifact_id = _catalog(emulator)
    node = {"Type": "ORGANIZATION", "Value": org_id}

    assert a.get_aws_organizations_access_status()["AccessStatus"] == "DISABLED"
    assert (
        _code(a.create_portfolio_share, PortfolioId=portfolio_id, OrganizationNode=node)
        == "InvalidStateException"
    )
    a.enable_aws_organizations_access()
    statuses = [a.get_aws_organizations_access_status()["AccessStatus"] for _ in range(3)]
    assert statuses == ["UNDER_CHANGE", "UNDER_CHANGE", "ENABLED"]

    token = a.create_portfolio_share(PortfolioId=portfolio_id, OrganizationNode=node)[
        "PortfolioShareToken"
    ]
    walk = [a.describe_portfolio_share_status(PortfolioShareToken=token) for _ in range(3)]
    assert [w["Status"] for w in walk] == ["NOT_STARTED", "IN_PROGRESS", "COMPLETED"]
    assert walk[-1]["PortfolioId"] == portfolio_id
    assert walk[-1]["OrganizationNodeValue"] == org_id
    assert walk[-1]["ShareDetails"] == {"SuccessfulShares": [member], "ShareErrors": []}

    nodes = a.list_organization_portfolio_access(
        PortfolioId=portfolio_id, OrganizationNodeType="ORGANIZATION"
    )["OrganizationNodes"]
    assert nodes == [node]
    details = a.describe_portfolio_shares(PortfolioId=portfolio_id, Type="ORGANIZATION")
    assert details["PortfolioShareDetails"][0]["Accepted"] is True
    assert a.list_portfolio_access(PortfolioId=portfolio_id, OrganizationParentId=unit_id)[
        "AccountIds"
    ] == [member]

    m = emulator.boto3_client(account_id=member)
    shared = m.list_accepted_portfolio_shares(PortfolioShareType="AWS_ORGANIZATIONS")
    assert [p["Id"] for p in shared["PortfolioDetails"]] == [portfolio_id]
    assert m.list_accepted_portfolio_shares()["PortfolioDetails"] == []  # nothing IMPORTED
    _grant_in(emulator, member, portfolio_id)
    emulator.in_progress_polls = 0
    record = _provision(m, product_id, artifact_id, "member-launch")
    assert settle(m, record["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
    assert _scan_names(m) == ["member-launch"]

    # An account outside the organization sees none of it.
    outsider = emulator.boto3_client(account_id=B)
    assert _code(outsider.describe_product, Id=product_id) == "ResourceNotFoundException"

    m.reject_portfolio_share(PortfolioId=portfolio_id, PortfolioShareType="AWS_ORGANIZATIONS")
    assert _code(m.describe_product, Id=product_id) == "ResourceNotFoundException"


def test_an_ou_share_reaches_only_the_accounts_under_it(emulator: ServiceCatalogEmulator) -> None:
    emulator.in_progress_polls = 0
    a = emulator.boto3_client()
    _, unit_id, member = _organization(emulator)
    org = emulator.boto3_client("organizations")
    elsewhere = org.create_account(AccountName="other", Email="other@example.com")[
        "CreateAccountStatus"
    ]["AccountId"]
    portfolio_id, product_id, _ = _catalog(emulator)
    a.enable_aws_organizations_access()
    token = a.create_portfolio_share(
        PortfolioId=portfolio_id, OrganizationNode={"Type": "ORGANIZATIONAL_UNIT", "Value": unit_id}
    )["PortfolioShareToken"]
    done = a.describe_portfolio_share_status(PortfolioShareToken=token)
    assert done["Status"] == "COMPLETED"
    assert done["ShareDetails"]["SuccessfulShares"] == [member]
    _grant_in(emulator, member, portfolio_id)
    assert emulator.boto3_client(account_id=member).describe_product(Id=product_id)
    other = emulator.boto3_client(account_id=elsewhere)
    assert _code(other.describe_product, Id=product_id) == "ResourceNotFoundException"
    assert (
        _code(
            a.create_portfolio_share,
            PortfolioId=portfolio_id,
            OrganizationNode={"Type": "ORGANIZATIONAL_UNIT", "Value": "ou-none-12345678"},
        )
        == "InvalidParametersException"
    )
    a.delete_portfolio_share(
        PortfolioId=portfolio_id, OrganizationNode={"Type": "ORGANIZATIONAL_UNIT", "Value": unit_id}
    )
    member_client = emulator.boto3_client(account_id=member)
    assert _code(member_client.describe_product, Id=product_id) == "ResourceNotFoundException"


def test_organizations_access_needs_the_management_account(
    emulator: ServiceCatalogEmulator,
) -> None:
    a = emulator.boto3_client()
    assert _code(a.enable_aws_organizations_access) == "ResourceNotFoundException"
    _, _, member = _organization(emulator)
    m = emulator.boto3_client(account_id=member)
    assert _code(m.enable_aws_organizations_access) == "OperationNotSupportedException"
    assert _code(m.disable_aws_organizations_access) == "OperationNotSupportedException"
    assert (
        _code(a.describe_portfolio_share_status, PortfolioShareToken="share-nothing")
        == "ResourceNotFoundException"
    )


# -- external engine notifications --------------------------------------------------


def test_engine_notifications_are_refused_as_for_a_token_aws_never_issued(
    emulator: ServiceCatalogEmulator,
) -> None:
    emulator.in_progress_polls = 0
    sc = emulator.boto3_client()
    product_id, artifact_id = create_product(emulator)
    record = _provision(sc, product_id, artifact_id, "cfn-run")
    notify: dict[str, Any] = {
        "WorkflowToken": "dG9rZW4=",
        "Status": "SUCCEEDED",
        "IdempotencyToken": "n-1",
    }
    unknown = sc.notify_provision_product_engine_workflow_result
    assert _code(unknown, RecordId="rec-nothing", **notify) == "ResourceNotFoundException"
    assert _code(unknown, RecordId=record["RecordId"], **notify) == "InvalidParametersException"
    terminate = sc.notify_terminate_provisioned_product_engine_workflow_result
    assert _code(terminate, RecordId=record["RecordId"], **notify) == "InvalidParametersException"
    update = sc.notify_update_provisioned_product_engine_workflow_result
    assert _code(update, RecordId="rec-nothing", **notify) == "ResourceNotFoundException"


# -- wire shapes ------------------------------------------------------------------

_SHARING_OPERATIONS = {
    "CreatePortfolioShare",
    "UpdatePortfolioShare",
    "DeletePortfolioShare",
    "DescribePortfolioShares",
    "DescribePortfolioShareStatus",
    "ListPortfolioAccess",
    "ListOrganizationPortfolioAccess",
    "AcceptPortfolioShare",
    "RejectPortfolioShare",
    "ListAcceptedPortfolioShares",
    "EnableAWSOrganizationsAccess",
    "DisableAWSOrganizationsAccess",
    "GetAWSOrganizationsAccessStatus",
}


def _record_shapes(client: Any, seen: dict[str, list[Any]]) -> None:
    def capture(operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
        if response_dict["status_code"] == 200:
            body = json.loads(response_dict["body"] or b"{}")
            seen.setdefault(operation_model.name, []).append((operation_model.output_shape, body))

    client.meta.events.register("before-parse.service-catalog", capture)


def test_sharing_answers_match_botocore_shapes(emulator: ServiceCatalogEmulator) -> None:
    emulator.in_progress_polls = 1
    seen: dict[str, list[Any]] = {}
    a = emulator.boto3_client()
    org_id, unit_id, member = _organization(emulator)
    b = emulator.boto3_client(account_id=B)
    m = emulator.boto3_client(account_id=member)
    for client in (a, b, m):
        _record_shapes(client, seen)
    portfolio_id, _, _ = _catalog(emulator)
    a.enable_aws_organizations_access()
    a.get_aws_organizations_access_status()
    a.get_aws_organizations_access_status()
    a.create_portfolio_share(PortfolioId=portfolio_id, AccountId=B, SharePrincipals=True)
    b.accept_portfolio_share(PortfolioId=portfolio_id)
    b.list_accepted_portfolio_shares()
    node = {"Type": "ORGANIZATIONAL_UNIT", "Value": unit_id}
    token = a.create_portfolio_share(PortfolioId=portfolio_id, OrganizationNode=node)[
        "PortfolioShareToken"
    ]
    for _ in range(2):
        a.describe_portfolio_share_status(PortfolioShareToken=token)
    a.update_portfolio_share(PortfolioId=portfolio_id, OrganizationNode=node, ShareTagOptions=True)
    for share_type in ("ACCOUNT", "ORGANIZATIONAL_UNIT"):
        a.describe_portfolio_shares(PortfolioId=portfolio_id, Type=share_type)
    a.list_portfolio_access(PortfolioId=portfolio_id, PageSize=1)
    a.list_organization_portfolio_access(
        PortfolioId=portfolio_id, OrganizationNodeType="ORGANIZATIONAL_UNIT"
    )
    m.list_accepted_portfolio_shares(PortfolioShareType="AWS_ORGANIZATIONS")
    m.reject_portfolio_share(PortfolioId=portfolio_id, PortfolioShareType="AWS_ORGANIZATIONS")
    a.delete_portfolio_share(PortfolioId=portfolio_id, OrganizationNode=node)
    a.delete_portfolio_share(PortfolioId=portfolio_id, AccountId=B)
    a.disable_aws_organizations_access()
    assert org_id.startswith("o-")

    assert sorted(_SHARING_OPERATIONS - set(seen)) == []
    problems = [
        f"{name}: {problem}"
        for name, answers in seen.items()
        for shape, body in answers
        for problem in _problems(shape, body, "$")
    ]
    assert problems == []
