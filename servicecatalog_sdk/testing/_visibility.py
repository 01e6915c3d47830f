"""What an account, and the caller in it, can see: shares, portfolios, products, launch paths.

One place answers "may this request see that?": the portfolios other accounts
shared with this one (accepted account shares, organization shares not
rejected), the products they bring, the launch paths of a product, and which of
them a portfolio's principals grant the caller (``_access``). Handlers ask
here; this module imports no handler.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._access import grants
from ._backend import EmulatorBackend, region_backends
from ._errors import invalid, not_found
from ._model import Product
from ._organizations import members, organization_of
from ._portfolio_model import LaunchPath, Portfolio
from ._share_model import ACCOUNT, PortfolioShare

IMPORTED = "IMPORTED"


def _covers(owner: EmulatorBackend, share: PortfolioShare, account_id: str) -> bool:
    if share.type == ACCOUNT:
        return share.principal == account_id
    org = organization_of(owner.account_id, owner.partition)
    node_type = share.node_type
    return (
        org is not None
        and node_type is not None
        and account_id in members(org, node_type, share.principal)
    )


def offers(backend: EmulatorBackend) -> Iterator[tuple[EmulatorBackend, PortfolioShare]]:
    """Every live share of another account's portfolio that reaches ``backend``'s account."""
    for owner in region_backends(backend.region_name):
        if owner.account_id == backend.account_id:
            continue
        for share in owner.portfolio_shares:
            if share.portfolio_id in owner.portfolios and _covers(owner, share, backend.account_id):
                yield owner, share


def usable(backend: EmulatorBackend, share: PortfolioShare) -> bool:
    """Whether ``backend``'s account may use what ``share`` offers it (accepted, not rejected)."""
    accepted = backend.accepted_shares.get(share.portfolio_id)
    if share.type == ACCOUNT:
        return accepted is not None and accepted.share_type == IMPORTED and not accepted.rejected
    # Organization shares need no accepting; a rejection hides them.
    return accepted is None or not accepted.rejected


def shared_portfolios(backend: EmulatorBackend) -> list[tuple[EmulatorBackend, Portfolio]]:
    """(sharing account's backend, portfolio) for each portfolio shared with and usable here."""
    found: dict[str, tuple[EmulatorBackend, Portfolio]] = {}
    for owner, share in offers(backend):
        if share.portfolio_id not in found and usable(backend, share):
            found[share.portfolio_id] = (owner, owner.portfolios[share.portfolio_id])
    return list(found.values())


def accepted_portfolios(backend: EmulatorBackend) -> list[Portfolio]:
    """The other accounts' portfolios this account can use (accepted or shared by its org)."""
    return [portfolio for _, portfolio in shared_portfolios(backend)]


def shared_products(backend: EmulatorBackend) -> dict[str, Product]:
    """Products of the portfolios shared with this account, by id."""
    found: dict[str, Product] = {}
    for owner, portfolio in shared_portfolios(backend):
        for product_id in portfolio.products:
            product = owner.products.get(product_id)
            if product is not None:
                found.setdefault(product_id, product)
    return found


def shares_principals(backend: EmulatorBackend, portfolio_id: str) -> bool:
    """Whether a share that reaches this account carries the portfolio's principals."""
    return any(
        share.portfolio_id == portfolio_id and share.share_principals and usable(backend, share)
        for _, share in offers(backend)
    )


def visible_products(backend: EmulatorBackend) -> list[Product]:
    """This account's products, then those of portfolios other accounts shared with it."""
    shared = shared_products(backend)
    return [
        *backend.products.values(),
        *(p for i, p in shared.items() if i not in backend.products),
    ]


def find_product(
    backend: EmulatorBackend, product_id: str | None = None, name: str | None = None
) -> Product:
    """The product with this id, else with this name (own or shared with this account)."""
    if product_id:
        found = backend.products.get(product_id)
        if found is None:
            found = next((p for p in visible_products(backend) if p.id == product_id), None)
        if found is None:
            raise not_found(f"Product {product_id} not found.")
        return found
    if name:
        for product in visible_products(backend):
            if product.name == name:
                return product
        raise not_found(f"Product {name} not found.")
    raise invalid("Either the product Id or the product Name must be specified.")


def product_of_view(backend: EmulatorBackend, view_id: str) -> Product:
    """The product whose product view has this id (own or shared with this account)."""
    for product in visible_products(backend):
        if product.view_id == view_id:
            return product
    raise not_found(f"Product view {view_id} not found.")


def visible_portfolios(backend: EmulatorBackend) -> list[Portfolio]:
    """The portfolios this account can use: its own, then those shared with it."""
    return [*backend.portfolios.values(), *accepted_portfolios(backend)]


def find_portfolio(backend: EmulatorBackend, portfolio_id: str | None) -> Portfolio:
    """A portfolio this account can see, or ResourceNotFoundException."""
    if not portfolio_id:
        raise invalid("PortfolioId is required")
    for portfolio in visible_portfolios(backend):
        if portfolio.id == portfolio_id:
            return portfolio
    raise not_found(f"Portfolio {portfolio_id} not found.")


def own_portfolio(backend: EmulatorBackend, portfolio_id: str | None) -> Portfolio:
    """A portfolio this account owns (only the owner changes it)."""
    if not portfolio_id:
        raise invalid("PortfolioId is required")
    found = backend.portfolios.get(portfolio_id)
    if found is None:
        raise not_found(f"Portfolio {portfolio_id} not found.")
    return found


def launch_paths_for(backend: EmulatorBackend, product_id: str) -> list[LaunchPath]:
    """The product's launch paths: one per visible portfolio that holds it."""
    return [
        LaunchPath(id=portfolio.products[product_id], portfolio=portfolio, product_id=product_id)
        for portfolio in visible_portfolios(backend)
        if product_id in portfolio.products
    ]


def principals_of(backend: EmulatorBackend, portfolio: Portfolio) -> list[tuple[str, str]]:
    """The (ARN, type) principals a portfolio has in ``backend``'s account.

    Its own portfolio: the principals associated with it. One it imported: those
    this account associated with it, and the sharer's ``IAM_PATTERN`` principals
    when the share carries principals (``SharePrincipals``).
    """
    if backend.portfolios.get(portfolio.id) is portfolio:
        return list(portfolio.principals)
    found = list(backend.imported_principals.get(portfolio.id, []))
    if shares_principals(backend, portfolio.id):
        found += [p for p in portfolio.principals if p[1] == "IAM_PATTERN" and p not in found]
    return found


def granted_paths(backend: EmulatorBackend, product_id: str) -> list[LaunchPath]:
    """The product's launch paths the caller may use: all of them unless access is checked."""
    paths = launch_paths_for(backend, product_id)
    caller = backend.caller
    if not backend.checks_access or caller is None:
        return paths
    return [path for path in paths if grants(principals_of(backend, path.portfolio), caller)]


def granted_product(
    backend: EmulatorBackend, product_id: str | None = None, name: str | None = None
) -> Product:
    """A product as an end user looks it up: only through a portfolio that grants them.

    Otherwise ResourceNotFoundException, as AWS answers a caller whose role is
    associated with no portfolio holding the product.
    """
    product = find_product(backend, product_id, name)
    if backend.checks_access and not granted_paths(backend, product.id):
        raise not_found(f"Product {product_id or name} not found.")
    return product


def resolve_path(
    backend: EmulatorBackend,
    product: Product,
    path_id: str | None,
    path_name: str | None,
    current: str | None = None,
) -> LaunchPath | None:
    """The launch path a request names, else ``current`` if still open, else the only one.

    None when the product has no path and none was named. More than one path and
    none named is an InvalidParametersException, as is naming by both id and name.
    """
    if path_id and path_name:
        raise invalid("Specify either PathId or PathName, not both.")
    paths = granted_paths(backend, product.id)
    if path_id:
        for path in paths:
            if path.id == path_id:
                return path
        raise not_found(f"Launch path {path_id} not found for product {product.id}.")
    if path_name:
        named = [path for path in paths if path.name == path_name]
        if len(named) > 1:
            raise invalid(f"More than one launch path of {product.id} is named {path_name}.")
        if not named:
            raise not_found(f"Launch path {path_name} not found for product {product.id}.")
        return named[0]
    # An update keeps the path it was launched through, granted to this caller or not.
    for path in launch_paths_for(backend, product.id):
        if path.id == current:
            return path
    if len(paths) > 1:
        raise invalid(
            f"Product {product.id} has {len(paths)} launch paths; specify PathId or PathName."
        )
    return paths[0] if paths else None
