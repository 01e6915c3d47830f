"""Portfolios and products named by a bare ``ResourceId``, as TagOptions and budgets take them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ._backend import EmulatorBackend
from ._errors import invalid, not_found

PORTFOLIO = "Portfolio"
PRODUCT = "Product"


@dataclass(frozen=True)
class Resource:
    """A portfolio or product as ListResourcesForTagOption describes it."""

    type: str
    id: str
    arn: str
    name: str
    description: str | None
    created: datetime

    def detail(self) -> dict[str, Any]:
        """ResourceDetail."""
        out: dict[str, Any] = {
            "Id": self.id,
            "ARN": self.arn,
            "Name": self.name,
            "CreatedTime": self.created,
        }
        if self.description is not None:
            out["Description"] = self.description
        return out


def find(backend: EmulatorBackend, resource_id: Any) -> Resource | None:
    """The account's own portfolio or product with this id, None when there is none."""
    if not isinstance(resource_id, str):
        return None
    product = backend.products.get(resource_id)
    if product is not None:
        return Resource(
            PRODUCT, product.id, product.arn, product.name, product.description, product.created
        )
    portfolio = backend.portfolios.get(resource_id)
    if portfolio is not None:
        return Resource(
            PORTFOLIO,
            portfolio.id,
            portfolio.arn,
            portfolio.display_name,
            portfolio.description,
            portfolio.created,
        )
    return None


def require(backend: EmulatorBackend, resource_id: Any, *, check_form: bool = True) -> Resource:
    """The portfolio or product with this id.

    With ``check_form``, an id that cannot name either (not ``port-...`` or
    ``prod-...``) is invalid; otherwise, as for a well-formed id that names nothing
    in this account, it is not found (the Disassociate* operations model only that).
    """
    found = find(backend, resource_id)
    if found is not None:
        return found
    well_formed = isinstance(resource_id, str) and resource_id.startswith(("port-", "prod-"))
    if check_form and not well_formed:
        raise invalid(f"ResourceId {resource_id!r} is not a portfolio or product id.")
    raise not_found(f"Resource {resource_id} not found.")
