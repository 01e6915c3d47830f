"""Launch paths: one per portfolio that holds a product, and how requests pick one.

A path's id (``lpv3-...``, as AWS hands them out) is made when the product joins
the portfolio and stays the same until it leaves; its name is the portfolio's
display name. A product in no portfolio has no launch path; the emulator still
provisions it without one (so tests that skip the admin's side keep working), but
a ``PathId`` or ``PathName`` that names no path of the product is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backend import EmulatorBackend
from ._constraints import (
    check_template_rules,
    constraint_summaries,
    launch_role_arn,
    tag_updates_allowed,
)
from ._errors import invalid
from ._model import Artifact, Product, ProvisionedProduct
from ._paging import page
from ._portfolio_model import LaunchPath
from ._portfolios import tag_option_details
from ._views import parse_tags, tag_list
from ._visibility import granted_paths, granted_product, resolve_path

Params = Mapping[str, Any]


def _path_tags(backend: EmulatorBackend, path: LaunchPath) -> list[dict[str, str]]:
    tags = tag_list(path.portfolio.tags)
    for option in tag_option_details(backend, [path.portfolio.id, path.product_id]):
        pair = {"Key": str(option.get("Key")), "Value": str(option.get("Value"))}
        if option.get("Active", True) and pair not in tags:
            tags.append(pair)
    return tags


def list_launch_paths(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListLaunchPaths: the product's paths with their constraints and tags, paged."""
    product = granted_product(backend, params.get("ProductId") or "")
    items, token = page(granted_paths(backend, product.id), params)
    out: dict[str, Any] = {
        "LaunchPathSummaries": [
            {
                "Id": path.id,
                "ConstraintSummaries": constraint_summaries(backend, path.portfolio.id, product.id),
                "Tags": _path_tags(backend, path),
                "Name": path.name,
            }
            for path in items
        ]
    }
    if token is not None:
        out["NextPageToken"] = token
    return out


def product_launch_paths(backend: EmulatorBackend, product_id: str) -> list[dict[str, str]]:
    """DescribeProduct's LaunchPaths: id and name of each path."""
    return [{"Id": p.id, "Name": p.name} for p in granted_paths(backend, product_id)]


def _retags(pp: ProvisionedProduct, params: Params) -> bool:
    return params.get("Tags") is not None and parse_tags(params["Tags"]) != pp.tags


def prepare_launch(
    backend: EmulatorBackend,
    product: Product,
    artifact: Artifact,
    params: Params,
    given: Mapping[str, str],
    pp: ProvisionedProduct | None = None,
) -> tuple[str | None, str | None]:
    """The path id and launch role of a provision (``pp`` None) or an update of ``pp``.

    Picks the path (``PathId``/``PathName``, else the one ``pp`` used, else the
    only one) and applies its constraints: TEMPLATE rules on the parameter values,
    RESOURCE_UPDATE on changed tags, LAUNCH for the role.
    """
    current = pp.path_id if pp is not None else None
    path = resolve_path(backend, product, params.get("PathId"), params.get("PathName"), current)
    values = {**(pp.parameters if pp is not None else {}), **given}
    check_template_rules(path, artifact, values)
    if pp is not None and _retags(pp, params) and not tag_updates_allowed(path):
        raise invalid(
            "Tag updates need a RESOURCE_UPDATE constraint with "
            "TagUpdateOnProvisionedProduct ALLOWED on the launch path."
        )
    role = launch_role_arn(backend, path)
    if role is None and pp is not None:
        role = pp.launch_role_arn
    return (path.id if path is not None else None), role
