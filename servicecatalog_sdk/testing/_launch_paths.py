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
from ._constraints import constraint_summaries
from ._paging import page
from ._portfolio_model import LaunchPath
from ._portfolios import launch_paths_for, tag_option_details
from ._views import tag_list

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
    product = backend.product(params.get("ProductId") or "")
    items, token = page(launch_paths_for(backend, product.id), params)
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
    return [{"Id": p.id, "Name": p.name} for p in launch_paths_for(backend, product_id)]
