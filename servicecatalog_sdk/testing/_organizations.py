"""AWS Organizations access for Service Catalog, and who is in an organization node.

The organization itself is moto's: create it with moto's Organizations API (from
the account that becomes its management account), add accounts and OUs there,
and organization shares reach the accounts under the shared node.

moto internals used (checked on moto 5.2): ``moto.organizations.models.
organizations_backends`` (per account, keyed by partition), its ``master_accounts``
map (member account id -> (management account id, partition)), and a backend's
``org`` (``master_account_id``, ``id``, ``root_id``), ``accounts`` and ``ou``
(items with ``id`` and ``parent_id``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backend import EmulatorBackend
from ._errors import EmulatorError, not_found

Params = Mapping[str, Any]


def _org_backend(account_id: str, partition: str) -> Any:
    from moto.organizations.models import organizations_backends

    return organizations_backends[account_id][partition]


def organization_of(account_id: str, partition: str) -> Any | None:
    """moto's Organizations backend that holds the organization ``account_id`` is in."""
    from moto.organizations.models import organizations_backends

    own = _org_backend(account_id, partition)
    if own.org is not None:
        return own
    membership = organizations_backends.master_accounts.get(account_id)
    if membership is None:
        return None
    management, member_partition = membership
    found = _org_backend(management, member_partition)
    return found if found.org is not None else None


def management_org(backend: EmulatorBackend) -> Any:
    """The organization ``backend``'s account manages, else a modelled error."""
    org = organization_of(backend.account_id, backend.partition)
    if org is None:
        raise not_found(f"Account {backend.account_id} is not in an organization.")
    if org.org.master_account_id != backend.account_id:
        raise EmulatorError(
            "OperationNotSupportedException",
            "Only the management account of the organization can do this.",
        )
    return org


def _ancestors(org: Any, parent_id: str | None) -> set[str]:
    parents = {unit.id: unit.parent_id for unit in org.ou}
    found: set[str] = set()
    while parent_id and parent_id not in found:
        found.add(parent_id)
        parent_id = parents.get(parent_id)
    return found


def node_exists(org: Any, node_type: str, value: str) -> bool:
    """Whether the organization has this node (the organization, an OU, a member account)."""
    if node_type == "ORGANIZATION":
        return bool(value == org.org.id)
    if node_type == "ORGANIZATIONAL_UNIT":
        return any(unit.id == value for unit in org.ou)
    return any(account.id == value for account in org.accounts)


def members(org: Any, node_type: str, value: str) -> list[str]:
    """Ids of the organization's accounts under the node (the management account excluded)."""
    management = org.org.master_account_id
    accounts = [a for a in org.accounts if a.id != management]
    if node_type == "ORGANIZATION":
        return [a.id for a in accounts] if value == org.org.id else []
    if node_type == "ORGANIZATIONAL_UNIT":
        return [a.id for a in accounts if value in _ancestors(org, a.parent_id)]
    return [a.id for a in accounts if a.id == value]


def under_parent(org: Any, parent_id: str) -> set[str]:
    """Ids of the organization's accounts anywhere under the root or OU ``parent_id``."""
    return {a.id for a in org.accounts if parent_id in _ancestors(org, a.parent_id)}


def access_enabled(backend: EmulatorBackend) -> bool:
    """Whether Service Catalog's AWS Organizations access is on (or being turned on)."""
    return backend.organizations_access.enabled


def _change_access(backend: EmulatorBackend, enabled: bool) -> dict[str, Any]:
    management_org(backend)
    access = backend.organizations_access
    if access.enabled != enabled:
        access.enabled = enabled
        # AWS turns the integration on or off in the background.
        access.pending_reads = backend.in_progress_polls
    return {}


def enable_organizations_access(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """EnableAWSOrganizationsAccess: only the management account of a moto organization."""
    return _change_access(backend, True)


def disable_organizations_access(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DisableAWSOrganizationsAccess: only the management account; existing shares stay."""
    return _change_access(backend, False)


def get_organizations_access_status(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """GetAWSOrganizationsAccessStatus: UNDER_CHANGE for ``in_progress_polls`` reads after a change."""
    access = backend.organizations_access
    if access.pending_reads > 0:
        access.pending_reads -= 1
        return {"AccessStatus": "UNDER_CHANGE"}
    return {"AccessStatus": "ENABLED" if access.enabled else "DISABLED"}
