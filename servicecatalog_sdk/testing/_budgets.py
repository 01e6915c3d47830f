"""Budgets associated with portfolios and products.

The emulator keeps the association only: AWS Budgets itself is not consulted, so
any budget name is accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _resource_ids
from ._backend import EmulatorBackend
from ._errors import duplicate, invalid, not_found
from ._paging import page

Params = Mapping[str, Any]

_NAME_MAX = 100


def budgets_for(backend: EmulatorBackend, resource_id: str) -> list[str]:
    """Names of the budgets associated with a resource, in association order."""
    if _resource_ids.find(backend, resource_id) is None:
        # The resource was deleted: its associations go with it.
        backend.budgets.pop(resource_id, None)
        return []
    return list(backend.budgets.get(resource_id, []))


def budget_details(backend: EmulatorBackend, resource_id: str) -> list[dict[str, str]]:
    """BudgetDetail items, for the Describe* responses."""
    return [{"BudgetName": name} for name in budgets_for(backend, resource_id)]


def _name(params: Params) -> str:
    name = params.get("BudgetName")
    if not isinstance(name, str) or not 1 <= len(name) <= _NAME_MAX:
        raise invalid(f"BudgetName must be between 1 and {_NAME_MAX} characters long.")
    return name


def associate_budget(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """AssociateBudgetWithResource: the same budget twice on one resource is a duplicate."""
    name = _name(params)
    resource = _resource_ids.require(backend, params.get("ResourceId"))
    names = backend.budgets.setdefault(resource.id, [])
    if name in names:
        raise duplicate(f"Budget {name} is already associated with {resource.id}.")
    names.append(name)
    return {}


def disassociate_budget(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DisassociateBudgetFromResource: every failure is ResourceNotFound, the one it models."""
    name = params.get("BudgetName")
    resource = _resource_ids.require(backend, params.get("ResourceId"), check_form=False)
    names = backend.budgets.get(resource.id, [])
    if name not in names:
        raise not_found(f"Budget {name} is not associated with {resource.id}.")
    names.remove(name)
    return {}


def list_budgets_for_resource(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListBudgetsForResource, paged."""
    resource = _resource_ids.require(backend, params.get("ResourceId"))
    items, token = page(budget_details(backend, resource.id), params)
    out: dict[str, Any] = {"Budgets": list(items)}
    if token is not None:
        out["NextPageToken"] = token
    return out
