"""Optional calls into other emulator groups' modules, looked up when first needed.

Portfolios, constraints and TagOptions live in modules that the lifecycle handlers
only read from; looking their helpers up by name keeps those modules free to grow
without import cycles, and lets the lifecycle work before they exist.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from ._backend import EmulatorBackend
from ._model import Product


def hook(module: str, name: str) -> Callable[..., Any] | None:
    """The function ``name`` of ``servicecatalog_sdk.testing.<module>``, if there is one."""
    try:
        found = importlib.import_module(f"{__package__}.{module}")
    except ImportError:
        return None
    function = getattr(found, name, None)
    return function if callable(function) else None


def _field(item: Any, *names: str) -> Any:
    for name in names:
        if isinstance(item, Mapping) and name in item:
            return item[name]
        if hasattr(item, name):
            return getattr(item, name)
    return None


def resolve_path(
    backend: EmulatorBackend, product: Product, path_id: str | None, path_name: str | None
) -> str | None:
    """The launch path id a request names (or the product's only path); None without paths."""
    resolve = hook("_portfolios", "resolve_path")
    if resolve is None:
        return path_id
    found = resolve(backend, product, path_id, path_name)
    if found is None or isinstance(found, str):
        return found
    path: str | None = _field(found, "id", "Id")
    return path


def constraint_summaries(
    backend: EmulatorBackend, path_id: str | None, product_id: str
) -> list[dict[str, Any]]:
    """ConstraintSummaries of a product on a launch path; empty without constraints."""
    summaries = hook("_constraints", "constraint_summaries")
    if summaries is None or path_id is None:
        return []
    return [dict(item) for item in summaries(backend, path_id, product_id)]


def tag_option_summaries(backend: EmulatorBackend, resource_ids: list[str]) -> list[dict[str, Any]]:
    """TagOptionSummary items (one per key, its values) of TagOptions on these resources."""
    options = hook("_tag_options", "tag_options_for")
    if options is None:
        return []
    values: dict[str, list[str]] = {}
    for option in options(backend, resource_ids):
        key, value = _field(option, "key", "Key"), _field(option, "value", "Value")
        if key is not None and value is not None and value not in values.setdefault(key, []):
            values[key].append(value)
    return [{"Key": key, "Values": vals} for key, vals in values.items()]
