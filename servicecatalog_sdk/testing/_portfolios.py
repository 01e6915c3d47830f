"""Handlers for portfolios: create, describe, update, delete, list, and their products.

Principals live in ``_principals``, launch paths in ``_launch_paths`` and
constraints in ``_constraints``; all of them hang off the ``Portfolio``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backend import EmulatorBackend
from ._budgets import budgets_for
from ._errors import EmulatorError, invalid, not_found
from ._model import new_id
from ._paging import page
from ._portfolio_model import Portfolio
from ._tag_options import tag_options_for
from ._views import parse_tags, tag_list
from ._visibility import find_portfolio, find_product, own_portfolio, visible_portfolios

Params = Mapping[str, Any]

# Field limits from the service model (PortfolioDisplayName, ProviderName, ...).
_LIMITS = {"DisplayName": 100, "ProviderName": 50, "Description": 2000}
_MAX_TAGS = 20


def portfolio_detail(portfolio: Portfolio) -> dict[str, Any]:
    """PortfolioDetail."""
    out: dict[str, Any] = {
        "Id": portfolio.id,
        "ARN": portfolio.arn,
        "DisplayName": portfolio.display_name,
        "CreatedTime": portfolio.created,
        "ProviderName": portfolio.provider_name,
    }
    if portfolio.description is not None:
        out["Description"] = portfolio.description
    return out


def _check_text(params: Params, key: str, *, required: bool) -> str | None:
    value = params.get(key)
    if value is None:
        if required:
            raise invalid(f"{key} is required")
        return None
    if not isinstance(value, str) or len(value) > _LIMITS[key] or (required and not value):
        raise invalid(f"{key} must be a string of at most {_LIMITS[key]} characters")
    return value


def _check_tag_count(tags: Mapping[str, str]) -> None:
    if len(tags) > _MAX_TAGS:
        raise EmulatorError(
            "LimitExceededException", f"A portfolio can have at most {_MAX_TAGS} tags."
        )


def create_portfolio(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """CreatePortfolio: a new, empty portfolio; a repeated IdempotencyToken returns it again."""
    token = params.get("IdempotencyToken")
    earlier = backend.seen("CreatePortfolio", token)
    if earlier is not None and earlier in backend.portfolios:
        portfolio = backend.portfolios[earlier]
    else:
        display_name = _check_text(params, "DisplayName", required=True) or ""
        provider_name = _check_text(params, "ProviderName", required=True) or ""
        tags = parse_tags(params.get("Tags"))
        _check_tag_count(tags)
        portfolio_id = new_id("port")
        portfolio = Portfolio(
            id=portfolio_id,
            arn=f"arn:{backend.partition}:catalog:{backend.region_name}:"
            f"{backend.account_id}:portfolio/{portfolio_id}",
            display_name=display_name,
            provider_name=provider_name,
            owner=backend.account_id,
            description=_check_text(params, "Description", required=False),
            tags=tags,
        )
        backend.portfolios[portfolio.id] = portfolio
        backend.remember("CreatePortfolio", token, portfolio.id)
    return {"PortfolioDetail": portfolio_detail(portfolio), "Tags": tag_list(portfolio.tags)}


def tag_option_details(backend: EmulatorBackend, resource_ids: list[str]) -> list[dict[str, Any]]:
    """TagOptionDetail items of the TagOptions associated with these resources, if any."""
    return [
        {"Key": o.key, "Value": o.value, "Active": o.active, "Id": o.id, "Owner": o.owner}
        for o in tag_options_for(backend, resource_ids)
    ]


def _budgets(backend: EmulatorBackend, resource_id: str) -> list[dict[str, Any]]:
    return [{"BudgetName": name} for name in budgets_for(backend, resource_id)]


def describe_portfolio(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribePortfolio: the portfolio, its tags, TagOptions and budgets."""
    portfolio = find_portfolio(backend, params.get("Id"))
    return {
        "PortfolioDetail": portfolio_detail(portfolio),
        "Tags": tag_list(portfolio.tags),
        "TagOptions": tag_option_details(backend, [portfolio.id]),
        "Budgets": _budgets(backend, portfolio.id),
    }


def update_portfolio(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """UpdatePortfolio: change names and description, add and remove tags."""
    portfolio = own_portfolio(backend, params.get("Id"))
    display_name = _check_text(params, "DisplayName", required=False)
    provider_name = _check_text(params, "ProviderName", required=False)
    description = _check_text(params, "Description", required=False)
    added = parse_tags(params.get("AddTags"))
    removed = params.get("RemoveTags") or []
    tags = {k: v for k, v in portfolio.tags.items() if k not in removed}
    tags.update(added)
    _check_tag_count(tags)
    if display_name:
        portfolio.display_name = display_name
    if provider_name:
        portfolio.provider_name = provider_name
    if description is not None:
        portfolio.description = description
    portfolio.tags = tags
    return {"PortfolioDetail": portfolio_detail(portfolio), "Tags": tag_list(portfolio.tags)}


def delete_portfolio(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DeletePortfolio: refused while products, principals, constraints or shares remain."""
    portfolio_id = params.get("Id")
    imported = portfolio_id not in backend.portfolios and any(
        p.id == portfolio_id for p in visible_portfolios(backend)
    )
    if imported:
        raise invalid(f"Portfolio {portfolio_id} was shared with this account; reject it.")
    portfolio = own_portfolio(backend, portfolio_id)
    for what, held in (
        ("products", portfolio.products),
        ("principals", portfolio.principals),
        ("constraints", portfolio.constraints),
        # AWS also refuses while the portfolio is shared with accounts or organization nodes.
        ("shares", [s for s in backend.portfolio_shares if s.portfolio_id == portfolio.id]),
    ):
        if held:
            raise EmulatorError(
                "ResourceInUseException",
                f"Portfolio {portfolio.id} still has associated {what}.",
            )
    del backend.portfolios[portfolio.id]
    return {}


def _portfolio_page(portfolios: list[Portfolio], params: Params) -> dict[str, Any]:
    items, token = page(portfolios, params, max_size=100)
    out: dict[str, Any] = {"PortfolioDetails": [portfolio_detail(p) for p in items]}
    if token is not None:
        out["NextPageToken"] = token
    return out


def list_portfolios(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListPortfolios: this account's portfolios, in creation order, paged."""
    return _portfolio_page(list(backend.portfolios.values()), params)


def list_portfolios_for_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListPortfoliosForProduct: the portfolios that hold the product."""
    product = find_product(backend, params.get("ProductId") or "")
    holding = [p for p in visible_portfolios(backend) if product.id in p.products]
    return _portfolio_page(holding, params)


def portfolio_product_ids(backend: EmulatorBackend, portfolio_id: str) -> set[str]:
    """Ids of the products a portfolio holds (SearchProductsAsAdmin's PortfolioId filter)."""
    return set(find_portfolio(backend, portfolio_id).products)


def associate_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """AssociateProductWithPortfolio: the product joins the portfolio; a new launch path opens.

    Associating again changes nothing. ``SourcePortfolioId`` (an imported portfolio
    that holds the product) is checked when given.
    """
    product = find_product(backend, params.get("ProductId") or "")
    portfolio = own_portfolio(backend, params.get("PortfolioId"))
    source_id = params.get("SourcePortfolioId")
    if source_id:
        source = find_portfolio(backend, source_id)
        if product.id not in source.products:
            raise not_found(f"Product {product.id} is not in portfolio {source.id}.")
    portfolio.products.setdefault(product.id, new_id("lpv3"))
    return {}


def disassociate_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DisassociateProductFromPortfolio: refused while constraints on the pair remain."""
    product_id = params.get("ProductId") or ""
    portfolio = own_portfolio(backend, params.get("PortfolioId"))
    if product_id not in portfolio.products:
        raise not_found(f"Product {product_id} is not associated with portfolio {portfolio.id}.")
    if any(c.product_id == product_id for c in portfolio.constraints.values()):
        raise EmulatorError(
            "ResourceInUseException",
            f"Product {product_id} has constraints in portfolio {portfolio.id}; delete them first.",
        )
    del portfolio.products[product_id]
    return {}
