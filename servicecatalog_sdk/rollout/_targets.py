"""From the file's targets to (account, region) pairs and each one's settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from servicecatalog_sdk.rollout._spec import RolloutSpec

__all__ = ["TargetSettings", "resolve_accounts", "settings_for"]


@attrs.frozen(kw_only=True)
class TargetSettings:
    """What one target should have: the file's values, overrides merged, placeholders filled."""

    account: str
    region: str
    product: str
    version: str
    name: str
    parameters: Mapping[str, str] = attrs.field(repr=False)
    tags: Mapping[str, str]
    path: str | None


def _fill(text: str, account: str, region: str) -> str:
    # Only the two placeholders the file allows; other braces were rejected by the parser.
    return text.replace("{account}", account).replace("{region}", region)


def settings_for(spec: RolloutSpec, account: str, region: str) -> TargetSettings:
    """The settings of one target: overrides in file order (later wins), then placeholders."""
    parameters = dict(spec.parameters)
    tags = dict(spec.tags)
    version = spec.version
    for override in spec.overrides:
        if override.applies_to(account, region):
            parameters.update(override.parameters)
            tags.update(override.tags)
            if override.version is not None:
                version = override.version
    return TargetSettings(
        account=account,
        region=region,
        product=spec.product,
        version=version,
        name=_fill(spec.name, account, region),
        parameters={k: _fill(v, account, region) for k, v in parameters.items()},
        tags={k: _fill(v, account, region) for k, v in tags.items()},
        path=spec.path,
    )


def _pages(call: Any, key: str, **kwargs: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        answer = call(**kwargs, **({"NextToken": token} if token else {}))
        items.extend(answer.get(key, []))
        token = answer.get("NextToken")
        if not token:
            return items


def _accounts_under(organizations: Any, parent: str) -> set[str]:
    found = {
        a["Id"]
        for a in _pages(organizations.list_accounts_for_parent, "Accounts", ParentId=parent)
        if a.get("Status", "ACTIVE") == "ACTIVE"
    }
    for ou in _pages(
        organizations.list_organizational_units_for_parent, "OrganizationalUnits", ParentId=parent
    ):
        found |= _accounts_under(organizations, ou["Id"])
    return found


def resolve_accounts(spec: RolloutSpec, organizations: Any | None) -> list[str]:
    """The accounts the file selects, sorted: its accounts, the accounts under its OUs
    (recursively), and the accounts carrying all of its ``account_tags``, less the excluded.

    ``organizations`` is a boto3 Organizations client in the caller's account;
    it is needed (and read) only when the file names OUs or account tags.
    """
    targets = spec.targets
    accounts = set(targets.accounts)
    if targets.organizational_units or targets.account_tags:
        if organizations is None:
            raise ValueError("an Organizations client is needed for OUs and account tags")
        for ou in targets.organizational_units:
            accounts |= _accounts_under(organizations, ou)
        if targets.account_tags:
            for account in _pages(organizations.list_accounts, "Accounts"):
                if account.get("Status", "ACTIVE") != "ACTIVE":
                    continue
                tags = {
                    t["Key"]: t["Value"]
                    for t in _pages(
                        organizations.list_tags_for_resource, "Tags", ResourceId=account["Id"]
                    )
                }
                if all(tags.get(k) == v for k, v in targets.account_tags.items()):
                    accounts.add(account["Id"])
    return sorted(accounts - set(targets.exclude_accounts))
