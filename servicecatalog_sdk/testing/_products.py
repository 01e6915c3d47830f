"""Handlers for products: create, describe (user, admin, view), update, delete, search."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._artifacts import build_artifact
from ._backend import EmulatorBackend
from ._budgets import budget_details
from ._errors import EmulatorError, invalid, not_found
from ._launch_paths import product_launch_paths
from ._model import Product, new_id
from ._paging import page
from ._portfolios import portfolio_product_ids
from ._tag_options import tag_option_details
from ._views import (
    artifact_detail,
    artifact_for_users,
    artifact_summary,
    parse_tags,
    product_view_detail,
    product_view_summary,
    tag_list,
)
from ._visibility import (
    find_product,
    granted_paths,
    granted_product,
    launch_paths_for,
    product_of_view,
    visible_products,
)

Params = Mapping[str, Any]

PRODUCT_TYPES = ("CLOUD_FORMATION_TEMPLATE", "MARKETPLACE")

_SORT_KEYS: dict[str, Callable[[Product], Any]] = {
    "Title": lambda p: p.name.lower(),
    "VersionCount": lambda p: len(p.artifacts),
    "CreationDate": lambda p: p.created,
}


def create_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """CreateProduct: a product with its first provisioning artifact."""
    token = params.get("IdempotencyToken")
    earlier = backend.seen("CreateProduct", token)
    if earlier is not None:
        product = backend.products[earlier]
    else:
        name, owner = params.get("Name"), params.get("Owner")
        product_type = params.get("ProductType")
        if not name or not owner:
            raise invalid("Name and Owner are required")
        if product_type not in PRODUCT_TYPES:
            raise invalid(f"ProductType must be one of {', '.join(PRODUCT_TYPES)}")
        props = params.get("ProvisioningArtifactParameters")
        if not isinstance(props, dict):
            raise invalid("ProvisioningArtifactParameters is required")
        artifact = build_artifact(backend, product_type, props)
        product_id = new_id("prod")
        product = Product(
            id=product_id,
            view_id=new_id("prodview"),
            arn=f"arn:{backend.partition}:catalog:{backend.region_name}:"
            f"{backend.account_id}:product/{product_id}",
            name=name,
            owner=owner,
            type=product_type,
            description=params.get("Description"),
            distributor=params.get("Distributor"),
            support_description=params.get("SupportDescription"),
            support_email=params.get("SupportEmail"),
            support_url=params.get("SupportUrl"),
            tags=parse_tags(params.get("Tags")),
            artifacts={artifact.id: artifact},
        )
        backend.products[product.id] = product
        backend.remember("CreateProduct", token, product.id)
    first = next(iter(product.artifacts.values()))
    return {
        "ProductViewDetail": product_view_detail(product),
        "ProvisioningArtifactDetail": artifact_detail(first),
        "Tags": tag_list(product.tags),
    }


def describe_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeProduct: the end user's view, active versions only."""
    product = granted_product(backend, params.get("Id"), params.get("Name"))
    return {
        "ProductViewSummary": product_view_summary(product),
        "ProvisioningArtifacts": [
            artifact_for_users(a) for a in product.artifacts.values() if a.active
        ],
        "Budgets": budget_details(backend, product.id),
        "LaunchPaths": product_launch_paths(backend, product.id),
    }


def describe_product_view(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeProductView: a product looked up by its product view id."""
    if not params.get("Id"):
        raise invalid("Id is required")
    product = product_of_view(backend, params["Id"])
    if backend.checks_access and not granted_paths(backend, product.id):
        raise not_found(f"Product view {params['Id']} not found.")
    return {
        "ProductViewSummary": product_view_summary(product),
        "ProvisioningArtifacts": [
            artifact_for_users(a) for a in product.artifacts.values() if a.active
        ],
    }


def describe_product_as_admin(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeProductAsAdmin: the admin's view, with every version."""
    product = find_product(backend, params.get("Id"), params.get("Name"))
    return {
        "ProductViewDetail": product_view_detail(product),
        "ProvisioningArtifactSummaries": [artifact_summary(a) for a in product.artifacts.values()],
        "Tags": tag_list(product.tags),
        "TagOptions": tag_option_details(backend, product.id),
        "Budgets": budget_details(backend, product.id),
    }


def update_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """UpdateProduct: change the product's descriptive fields and tags."""
    if not params.get("Id"):
        raise invalid("Id is required")
    product = find_product(backend, params["Id"])
    for key, attr in (
        ("Name", "name"),
        ("Owner", "owner"),
        ("Description", "description"),
        ("Distributor", "distributor"),
        ("SupportDescription", "support_description"),
        ("SupportEmail", "support_email"),
        ("SupportUrl", "support_url"),
    ):
        if key in params:
            setattr(product, attr, params[key])
    product.tags.update(parse_tags(params.get("AddTags")))
    for key in params.get("RemoveTags") or []:
        product.tags.pop(key, None)
    return {"ProductViewDetail": product_view_detail(product), "Tags": tag_list(product.tags)}


def delete_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DeleteProduct: refused while a provisioned product uses it or a portfolio holds it."""
    product = find_product(backend, params.get("Id") or "")
    if any(pp.product_id == product.id for pp in backend.pps.values()):
        raise EmulatorError("ResourceInUseException", f"Product {product.id} is in use.")
    if launch_paths_for(backend, product.id):
        raise EmulatorError(
            "ResourceInUseException", f"Product {product.id} is associated with a portfolio."
        )
    del backend.products[product.id]
    return {}


def _matches(product: Product, filters: Mapping[str, Any]) -> bool:
    for key, values in filters.items():
        if not values:
            continue
        if key == "FullTextSearch":
            text = " ".join(
                v or ""
                for v in (product.name, product.owner, product.description, product.distributor)
            ).lower()
            if not any(str(v).lower() in text for v in values):
                return False
        elif (
            (key == "Owner" and product.owner not in values)
            or (key == "ProductType" and product.type not in values)
            or (key == "SourceProductId" and product.source_product_id not in values)
        ):
            return False
    return True


def _search(backend: EmulatorBackend, params: Params) -> list[Product]:
    filters = params.get("Filters") or {}
    unknown = set(filters) - {"FullTextSearch", "Owner", "ProductType", "SourceProductId"}
    if unknown:
        raise invalid(f"Unknown filter keys: {', '.join(sorted(unknown))}")
    found = [p for p in visible_products(backend) if _matches(p, filters)]
    sort_by, order = params.get("SortBy"), params.get("SortOrder", "ASCENDING")
    if order not in ("ASCENDING", "DESCENDING"):
        raise invalid("SortOrder must be ASCENDING or DESCENDING")
    if sort_by is not None:
        if sort_by not in _SORT_KEYS:
            raise invalid(f"SortBy must be one of {', '.join(_SORT_KEYS)}")
        found.sort(key=_SORT_KEYS[sort_by], reverse=order == "DESCENDING")
    elif order == "DESCENDING":
        # Without SortBy the emulator keeps creation order, which AWS does not promise.
        found.reverse()
    return found


def search_products(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """SearchProducts: the end user's product views (those a portfolio grants them), paged."""
    found = [p for p in _search(backend, params) if granted_paths(backend, p.id)]
    items, token = page(found, params, max_size=100)
    out: dict[str, Any] = {"ProductViewSummaries": [product_view_summary(p) for p in items]}
    if token is not None:
        out["NextPageToken"] = token
    return out


def search_products_as_admin(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """SearchProductsAsAdmin: product details, filtered, sorted and paged.

    A PortfolioId keeps only the products that portfolio holds.
    """
    found = _search(backend, params)
    if params.get("PortfolioId"):
        held = portfolio_product_ids(backend, params["PortfolioId"])
        found = [p for p in found if p.id in held]
    source = params.get("ProductSource")
    if source not in (None, "ACCOUNT"):
        raise invalid("ProductSource must be ACCOUNT")
    if source == "ACCOUNT":
        # Marketplace products come from AWS Marketplace, not from this account.
        found = [p for p in found if p.type != "MARKETPLACE"]
    items, token = page(found, params)
    out: dict[str, Any] = {"ProductViewDetails": [product_view_detail(p) for p in items]}
    if token is not None:
        out["NextPageToken"] = token
    return out
