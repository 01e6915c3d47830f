"""Sharing portfolios with other accounts, and which shared portfolios an account sees.

An account share must be accepted (AcceptPortfolioShare, type IMPORTED) before
the other account sees the portfolio; an organization share reaches every
account under its node without that, as AWS documents, unless the account
rejects it. What an account sees of a shared portfolio is the sharer's portfolio
itself, so products and constraints stay in sync; what it provisions from it is
its own. Share operations complete in the background: their token walks
NOT_STARTED -> IN_PROGRESS -> COMPLETED, one step per DescribePortfolioShareStatus.
With ``ShareTagOptions`` the receiving account sees the portfolio's TagOptions
(on its launch paths, in DescribePortfolio, and applied at launch); without it,
none. ``SharePrincipals`` is kept and described.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._backend import EmulatorBackend, backend_for
from ._errors import EmulatorError, invalid, not_found
from ._model import new_id
from ._organizations import access_enabled, management_org, members, node_exists, organization_of
from ._organizations import under_parent as accounts_under
from ._paging import page
from ._portfolio_model import Portfolio
from ._share_model import (
    ACCOUNT,
    NODE_SHARE_TYPES,
    PortfolioShare,
    ShareOperation,
)
from ._visibility import accepted_portfolios, usable

if TYPE_CHECKING:
    pass

Params = Mapping[str, Any]

IMPORTED = "IMPORTED"
AWS_ORGANIZATIONS = "AWS_ORGANIZATIONS"
AWS_SERVICECATALOG = "AWS_SERVICECATALOG"
#: How an account came by a portfolio shared with it (PortfolioShareType).
SHARE_TYPES = (IMPORTED, AWS_SERVICECATALOG, AWS_ORGANIZATIONS)


# -- who sees what ---------------------------------------------------------------


# -- the sharing account's side ----------------------------------------------------


def _own_portfolio(backend: EmulatorBackend, params: Params) -> Portfolio:
    portfolio_id = params.get("PortfolioId")
    if not portfolio_id:
        raise invalid("PortfolioId is required.")
    found = backend.portfolios.get(portfolio_id)
    if found is not None:
        return found
    if any(p.id == portfolio_id for p in accepted_portfolios(backend)):
        raise EmulatorError(
            "OperationNotSupportedException", "A shared portfolio cannot be shared again."
        )
    raise not_found(f"Portfolio {portfolio_id} not found.")


def _recipient(backend: EmulatorBackend, params: Params) -> tuple[str, str]:
    """(share type, principal) named by AccountId or OrganizationNode, validated."""
    account_id, node = params.get("AccountId"), params.get("OrganizationNode")
    if bool(account_id) == bool(node):
        raise invalid("Specify exactly one of AccountId and OrganizationNode.")
    if account_id:
        if not (isinstance(account_id, str) and len(account_id) == 12 and account_id.isdigit()):
            raise invalid(f"AccountId {account_id} is not a 12-digit account id.")
        if account_id == backend.account_id:
            raise invalid("A portfolio cannot be shared with the account that owns it.")
        return ACCOUNT, account_id
    if not isinstance(node, Mapping):
        raise invalid("OrganizationNode must be an object.")
    node_type, value = node.get("Type"), node.get("Value")
    if node_type not in NODE_SHARE_TYPES or not value:
        raise invalid("OrganizationNode needs a Type and a Value.")
    return NODE_SHARE_TYPES[node_type], str(value)


def _org_for_node_share(backend: EmulatorBackend, share_type: str, value: str) -> Any:
    org = management_org(backend)
    if not access_enabled(backend):
        raise EmulatorError(
            "InvalidStateException",
            "AWS Organizations access must be enabled (EnableAWSOrganizationsAccess) first.",
        )
    node_type = next(k for k, v in NODE_SHARE_TYPES.items() if v == share_type)
    if not node_exists(org, node_type, value):
        raise invalid(f"Organization node {value} is not in the organization.")
    return org


def _find_share(
    backend: EmulatorBackend, portfolio_id: str, share_type: str, principal: str
) -> PortfolioShare | None:
    for share in backend.portfolio_shares:
        if (share.portfolio_id, share.type, share.principal) == (
            portfolio_id,
            share_type,
            principal,
        ):
            return share
    return None


def _operation(backend: EmulatorBackend, share: PortfolioShare) -> ShareOperation:
    if share.type == ACCOUNT:
        accounts = [share.principal]
    else:
        org = organization_of(backend.account_id, backend.partition)
        node_type = share.node_type or ""
        accounts = members(org, node_type, share.principal) if org is not None else []
    operation = ShareOperation(
        token=new_id("share"),
        portfolio_id=share.portfolio_id,
        node_value=share.principal,
        accounts=accounts,
    )
    backend.share_operations[operation.token] = operation
    return operation


def _status(backend: EmulatorBackend, operation: ShareOperation, *, observe: bool) -> str:
    # NOT_STARTED at the first look, IN_PROGRESS until in_progress_polls looks, then done.
    if observe:
        operation.observations += 1
    seen, polls = max(operation.observations, 1), backend.in_progress_polls
    if polls == 0 or seen > polls:
        return "COMPLETED"
    return "NOT_STARTED" if seen == 1 else "IN_PROGRESS"


def create_portfolio_share(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """CreatePortfolioShare: with an account, or an organization node (then a token)."""
    portfolio = _own_portfolio(backend, params)
    share_type, principal = _recipient(backend, params)
    if share_type != ACCOUNT:
        _org_for_node_share(backend, share_type, principal)
    share = _find_share(backend, portfolio.id, share_type, principal)
    if share is None:  # sharing again is no error and changes nothing, as in AWS
        share = PortfolioShare(
            portfolio_id=portfolio.id,
            type=share_type,
            principal=principal,
            share_tag_options=bool(params.get("ShareTagOptions")),
            share_principals=bool(params.get("SharePrincipals")),
        )
        backend.portfolio_shares.append(share)
    if share_type == ACCOUNT:
        return {}
    return {"PortfolioShareToken": _operation(backend, share).token}


def _existing_share(backend: EmulatorBackend, params: Params) -> PortfolioShare:
    portfolio = _own_portfolio(backend, params)
    share_type, principal = _recipient(backend, params)
    share = _find_share(backend, portfolio.id, share_type, principal)
    if share is None:
        raise not_found(f"Portfolio {portfolio.id} is not shared with {principal}.")
    return share


def update_portfolio_share(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """UpdatePortfolioShare: switch TagOption and principal sharing; a token tracks it."""
    share = _existing_share(backend, params)
    if params.get("ShareTagOptions") is None and params.get("SharePrincipals") is None:
        raise invalid("Specify ShareTagOptions or SharePrincipals.")
    if params.get("ShareTagOptions") is not None:
        share.share_tag_options = bool(params["ShareTagOptions"])
    if params.get("SharePrincipals") is not None:
        share.share_principals = bool(params["SharePrincipals"])
    operation = _operation(backend, share)
    return {
        "PortfolioShareToken": operation.token,
        "Status": _status(backend, operation, observe=False),
    }


def delete_portfolio_share(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DeletePortfolioShare: the recipients lose the portfolio (a token for node shares)."""
    share = _existing_share(backend, params)
    backend.portfolio_shares.remove(share)
    if share.type == ACCOUNT:
        return {}
    return {"PortfolioShareToken": _operation(backend, share).token}


def describe_portfolio_shares(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribePortfolioShares: the portfolio's shares of one type, with acceptance."""
    portfolio = _own_portfolio(backend, params)
    share_type = params.get("Type")
    if share_type not in (ACCOUNT, *NODE_SHARE_TYPES.values()):
        raise invalid(
            "Type must be ACCOUNT, ORGANIZATION, ORGANIZATIONAL_UNIT or ORGANIZATION_MEMBER_ACCOUNT."
        )
    shares = [
        s
        for s in backend.portfolio_shares
        if s.portfolio_id == portfolio.id and s.type == share_type
    ]
    items, token = page(shares, params, max_size=100)
    details = []
    for share in items:
        # Organization shares count as accepted: their recipients need not import them.
        accepted = share.type != ACCOUNT or usable(
            backend_for(share.principal, backend.region_name), share
        )
        details.append(
            {
                "PrincipalId": share.principal,
                "Type": share.type,
                "Accepted": accepted,
                "ShareTagOptions": share.share_tag_options,
                "SharePrincipals": share.share_principals,
            }
        )
    out: dict[str, Any] = {"PortfolioShareDetails": details}
    if token is not None:
        out["NextPageToken"] = token
    return out


def describe_portfolio_share_status(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribePortfolioShareStatus: each look moves the operation one step on."""
    token = params.get("PortfolioShareToken")
    operation = backend.share_operations.get(token or "")
    if operation is None:
        raise not_found(f"Portfolio share token {token} not found.")
    status = _status(backend, operation, observe=True)
    out: dict[str, Any] = {
        "PortfolioShareToken": operation.token,
        "PortfolioId": operation.portfolio_id,
        "OrganizationNodeValue": operation.node_value,
        "Status": status,
    }
    if status == "COMPLETED":
        out["ShareDetails"] = {"SuccessfulShares": list(operation.accounts), "ShareErrors": []}
    return out


def list_portfolio_access(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListPortfolioAccess: accounts the portfolio is shared with (under a parent, if given)."""
    portfolio = _own_portfolio(backend, params)
    accounts: list[str] = []
    for share in backend.portfolio_shares:
        if share.portfolio_id != portfolio.id:
            continue
        if share.type == ACCOUNT:
            reached = [share.principal]
        else:
            org = organization_of(backend.account_id, backend.partition)
            reached = members(org, share.node_type or "", share.principal) if org else []
        accounts.extend(a for a in reached if a not in accounts)
    parent = params.get("OrganizationParentId")
    if parent:
        org = organization_of(backend.account_id, backend.partition)
        if org is None:
            raise invalid("OrganizationParentId needs an organization.")
        inside = accounts_under(org, parent)
        accounts = [a for a in accounts if a in inside]
    items, token = page(accounts, params, max_size=100)
    out: dict[str, Any] = {"AccountIds": list(items)}
    if token is not None:
        out["NextPageToken"] = token
    return out


def list_organization_portfolio_access(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListOrganizationPortfolioAccess: the organization nodes of one type sharing it."""
    management_org(backend)
    if not access_enabled(backend):
        raise EmulatorError(
            "OperationNotSupportedException", "AWS Organizations access is not enabled."
        )
    portfolio = _own_portfolio(backend, params)
    node_type = params.get("OrganizationNodeType")
    if node_type not in NODE_SHARE_TYPES:
        raise invalid("OrganizationNodeType must be ORGANIZATION, ORGANIZATIONAL_UNIT or ACCOUNT.")
    nodes = [
        {"Type": node_type, "Value": s.principal}
        for s in backend.portfolio_shares
        if s.portfolio_id == portfolio.id and s.type == NODE_SHARE_TYPES[node_type]
    ]
    items, token = page(nodes, params)
    out: dict[str, Any] = {"OrganizationNodes": list(items)}
    if token is not None:
        out["NextPageToken"] = token
    return out
