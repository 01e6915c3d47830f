"""Handlers for a portfolio's principals: associate, disassociate, list.

``IAM`` principals are fully qualified user, group or role ARNs; ``IAM_PATTERN``
principals leave the account out and may use ``*`` and ``?`` in the resource id,
as the AssociatePrincipalWithPortfolio reference describes. They decide which
callers see and launch the portfolio's products (``_access``). An account that
imported a portfolio associates principals of its own with it; they live in that
account, not on the sharer's portfolio.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from ._backend import EmulatorBackend
from ._errors import EmulatorError, invalid, not_found
from ._paging import page
from ._visibility import find_portfolio

Params = Mapping[str, Any]

PRINCIPAL_TYPES: Final = ("IAM", "IAM_PATTERN")
MAX_PATTERNS: Final = 10

# IAM names and paths: letters, digits and +=,.@_- ; paths are /-separated.
_IAM_ARN: Final = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:(user|group|role)/[\w+=,.@/-]+")
_PATTERN_ARN: Final = re.compile(r"arn:aws[a-z-]*:iam:::(user|group|role)/[\w+=,.@/*?-]+")


def _principal(params: Params, *, associating: bool) -> tuple[str, str]:
    arn = params.get("PrincipalARN")
    if not isinstance(arn, str) or not arn:
        raise invalid("PrincipalARN is required")
    principal_type = params.get("PrincipalType")
    if principal_type is None and not associating:
        principal_type = "IAM"
    if principal_type not in PRINCIPAL_TYPES:
        raise invalid(f"PrincipalType must be one of {', '.join(PRINCIPAL_TYPES)}")
    form = _IAM_ARN if principal_type == "IAM" else _PATTERN_ARN
    # Only new associations are checked: anything else simply matches none.
    if associating and (len(arn) > 1000 or not form.fullmatch(arn) or arn.endswith("/")):
        expected = (
            "arn:<partition>:iam::<account>:<user|group|role>/<name>"
            if principal_type == "IAM"
            else "arn:<partition>:iam:::<user|group|role>/<name or pattern>"
        )
        raise invalid(f"PrincipalARN {arn} is not valid for {principal_type}; expected {expected}")
    return arn, principal_type


def _principals_here(backend: EmulatorBackend, portfolio_id: str | None) -> list[tuple[str, str]]:
    # The principals this account gave the portfolio: its own one's, or an imported one's.
    portfolio = find_portfolio(backend, portfolio_id)
    if backend.portfolios.get(portfolio.id) is portfolio:
        return portfolio.principals
    return backend.imported_principals.setdefault(portfolio.id, [])


def associate_principal(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """AssociatePrincipalWithPortfolio: grant a principal the portfolio; idempotent."""
    principals = _principals_here(backend, params.get("PortfolioId"))
    principal = _principal(params, associating=True)
    if principal in principals:
        return {}
    patterns = sum(1 for _, kind in principals if kind == "IAM_PATTERN")
    if principal[1] == "IAM_PATTERN" and patterns >= MAX_PATTERNS:
        raise EmulatorError(
            "LimitExceededException",
            f"A portfolio can have at most {MAX_PATTERNS} IAM_PATTERN principals.",
        )
    principals.append(principal)
    return {}


def disassociate_principal(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DisassociatePrincipalFromPortfolio: the type (IAM unless given) must match the association."""
    portfolio_id = params.get("PortfolioId")
    principals = _principals_here(backend, portfolio_id)
    principal = _principal(params, associating=False)
    if principal not in principals:
        raise not_found(
            f"Principal {principal[0]} ({principal[1]}) is not associated with {portfolio_id}."
        )
    principals.remove(principal)
    return {}


def list_principals(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListPrincipalsForPortfolio: the portfolio's principals, in association order, paged."""
    items, token = page(_principals_here(backend, params.get("PortfolioId")), params)
    out: dict[str, Any] = {
        "Principals": [{"PrincipalARN": arn, "PrincipalType": kind} for arn, kind in items]
    }
    if token is not None:
        out["NextPageToken"] = token
    return out
