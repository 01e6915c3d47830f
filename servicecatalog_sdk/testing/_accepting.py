"""Accepting, rejecting and listing portfolios that other accounts shared with this one.

The type says how the portfolio came: ``IMPORTED`` for an account share (which
must be accepted before it can be used), ``AWS_ORGANIZATIONS`` for an
organization share (usable at once, unless rejected), ``AWS_SERVICECATALOG``
for AWS's own reference portfolios, of which the emulator has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backend import EmulatorBackend
from ._errors import invalid, not_found
from ._paging import page
from ._portfolio_model import Portfolio
from ._portfolios import portfolio_detail
from ._share_model import ACCOUNT, AcceptedShare, PortfolioShare
from ._shares import AWS_SERVICECATALOG, SHARE_TYPES
from ._visibility import IMPORTED, offers, usable

Params = Mapping[str, Any]


def _share_type(params: Params) -> str:
    share_type = params.get("PortfolioShareType") or IMPORTED
    if share_type not in SHARE_TYPES:
        raise invalid(
            "PortfolioShareType must be IMPORTED, AWS_SERVICECATALOG or AWS_ORGANIZATIONS."
        )
    return str(share_type)


def _offer(
    backend: EmulatorBackend, portfolio_id: str, share_type: str
) -> tuple[EmulatorBackend, PortfolioShare]:
    if share_type == AWS_SERVICECATALOG:
        raise not_found(f"No AWS Service Catalog portfolio {portfolio_id} is shared here.")
    for owner, share in offers(backend):
        by_account = share.type == ACCOUNT
        if share.portfolio_id == portfolio_id and by_account == (share_type == IMPORTED):
            return owner, share
    raise not_found(f"Portfolio {portfolio_id} is not shared with this account.")


def accept_portfolio_share(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """AcceptPortfolioShare: import a portfolio shared with this account."""
    portfolio_id = params.get("PortfolioId")
    if not portfolio_id:
        raise invalid("PortfolioId is required.")
    if portfolio_id in backend.portfolios:
        raise invalid(f"Portfolio {portfolio_id} belongs to this account.")
    share_type = _share_type(params)
    owner, _ = _offer(backend, portfolio_id, share_type)
    backend.accepted_shares[portfolio_id] = AcceptedShare(
        portfolio_id=portfolio_id, owner_account=owner.account_id, share_type=share_type
    )
    return {}


def reject_portfolio_share(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """RejectPortfolioShare: decline (or give back) a portfolio shared with this account."""
    portfolio_id = str(params.get("PortfolioId") or "")
    share_type = _share_type(params)
    owner, share = _offer(backend, portfolio_id, share_type)
    if share.type == ACCOUNT:
        # The offer is gone: the sharer would have to share again.
        owner.portfolio_shares.remove(share)
        backend.accepted_shares.pop(portfolio_id, None)
    else:
        backend.accepted_shares[portfolio_id] = AcceptedShare(
            portfolio_id=portfolio_id,
            owner_account=owner.account_id,
            share_type=share_type,
            rejected=True,
        )
    return {}


def list_accepted_portfolio_shares(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListAcceptedPortfolioShares: imported portfolios, or those shared by the organization."""
    share_type = _share_type(params)
    found: dict[str, Portfolio] = {}
    if share_type != AWS_SERVICECATALOG:
        for owner, share in offers(backend):
            if (share.type == ACCOUNT) == (share_type == IMPORTED) and usable(backend, share):
                found.setdefault(share.portfolio_id, owner.portfolios[share.portfolio_id])
    items, token = page(list(found.values()), params, max_size=100)
    out: dict[str, Any] = {"PortfolioDetails": [portfolio_detail(p) for p in items]}
    if token is not None:
        out["NextPageToken"] = token
    return out
