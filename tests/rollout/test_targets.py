"""OU and account-tag targeting against moto's Organizations, through the emulator."""

from __future__ import annotations

from typing import Any

from servicecatalog_sdk.rollout import parse_spec
from servicecatalog_sdk.rollout._targets import resolve_accounts
from servicecatalog_sdk.testing import ServiceCatalogEmulator


def _spec(**targets: Any) -> Any:
    return parse_spec(
        {
            "product": "p",
            "version": "v1",
            "name": "n-{account}",
            "targets": {"regions": ["us-east-1"], **targets},
        }
    )


def test_ous_are_recursive_tags_must_all_match_and_exclusions_win(
    servicecatalog_emulator: ServiceCatalogEmulator,
) -> None:
    org = servicecatalog_emulator.boto3_client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]

    def ou(parent: str, name: str) -> str:
        return str(
            org.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"]
        )

    def account(name: str, parent: str, **tags: str) -> str:
        status = org.create_account(AccountName=name, Email=f"{name}@example.com")
        account_id = str(status["CreateAccountStatus"]["AccountId"])
        org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=parent)
        if tags:
            org.tag_resource(
                ResourceId=account_id, Tags=[{"Key": k, "Value": v} for k, v in tags.items()]
            )
        return account_id

    workloads = ou(root, "workloads")
    prod = ou(workloads, "prod")  # nested: selected through its parent
    deep = ou(prod, "deep")
    sandbox = ou(root, "sandbox")
    w1 = account("w1", workloads, env="prod", team="a")
    p1 = account("p1", prod, env="prod", team="b")
    d1 = account("d1", deep, env="dev")
    s1 = account("s1", sandbox, env="prod", team="a")
    s2 = account("s2", sandbox, env="prod")

    def resolved(**targets: Any) -> list[str]:
        return resolve_accounts(_spec(**targets), org)

    assert resolved(organizational_units=[workloads]) == sorted([w1, p1, d1])
    assert resolved(organizational_units=[prod]) == sorted([p1, d1])
    assert resolved(organizational_units=[sandbox]) == sorted([s1, s2])
    # Every tag must match: s2 has env=prod but no team.
    assert resolved(account_tags={"env": "prod", "team": "a"}) == sorted([w1, s1])
    assert resolved(account_tags={"env": "dev"}) == [d1]
    # The union of the selectors, less the excluded accounts.
    assert resolved(
        accounts=["999999999999"],
        organizational_units=[prod],
        account_tags={"team": "a"},
        exclude_accounts=[d1, s1],
    ) == sorted(["999999999999", p1, w1])
