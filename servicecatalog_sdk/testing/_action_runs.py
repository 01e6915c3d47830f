"""Running self-service actions against provisioned products.

Nothing runs: the execution is a record of type EXECUTE_PROVISIONED_PRODUCT_SERVICE_ACTION
that walks CREATED -> IN_PROGRESS -> SUCCEEDED through the backend's record
lifecycle, with the provisioned product UNDER_CHANGE until it settles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _stacks
from ._backend import EXECUTE_ACTION, EmulatorBackend
from ._errors import EmulatorError, invalid
from ._library_model import ServiceAction
from ._model import ProvisionedProduct, record_of
from ._service_actions import find_action, live_links
from ._views import record_detail

Params = Mapping[str, Any]

# Statuses in which another change is still being made to the provisioned product.
_BUSY = ("UNDER_CHANGE", "PLAN_IN_PROGRESS")


def _targets(backend: EmulatorBackend, pp: ProvisionedProduct) -> list[str]:
    """What a TARGET parameter defaults to: the physical ids of the product's resources."""
    if pp.stack_id is None:
        return []
    return _stacks.physical_ids(backend.account_id, backend.region_name, pp.stack_id)


def execution_parameters(
    backend: EmulatorBackend, pp: ProvisionedProduct, action: ServiceAction
) -> list[dict[str, Any]]:
    """ExecutionParameter items: the action's declared parameters and their defaults."""
    targets = _targets(backend, pp)
    return [
        {"Name": name, "Type": kind, "DefaultValues": targets if kind == "TARGET" else []}
        for name, kind in action.parameters
    ]


def describe_execution_parameters(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeServiceActionExecutionParameters."""
    pp = backend.pp(params.get("ProvisionedProductId"))
    action = find_action(backend, params.get("ServiceActionId"))
    return {"ServiceActionParameters": execution_parameters(backend, pp, action)}


def _check_parameters(action: ServiceAction, raw: Any) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise invalid("Parameters must map parameter names to lists of values.")
    declared = {name for name, _ in action.parameters}
    for name, values in raw.items():
        if name not in declared:
            raise invalid(f"Service action {action.id} has no parameter {name}.")
        if not isinstance(values, list) or any(not isinstance(v, str) for v in values):
            raise invalid(f"Parameter {name} must be a list of strings.")


def execute_service_action(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ExecuteProvisionedProductServiceAction: a record that walks like a provisioning one.

    The action must be associated with the provisioned product's version, and the
    product must not be in the middle of another change. A repeated ExecuteToken
    returns the first request's record.
    """
    token = params.get("ExecuteToken")
    if not isinstance(token, str) or not token:
        raise invalid("ExecuteToken is required")
    earlier = backend.seen(EXECUTE_ACTION, token)
    if earlier is not None:
        return {"RecordDetail": record_detail(backend.records[earlier])}
    pp = backend.pp(params.get("ProvisionedProductId"))
    action = find_action(backend, params.get("ServiceActionId"))
    if (action.id, pp.product_id, pp.artifact_id) not in live_links(backend):
        raise invalid(
            f"Service action {action.id} is not associated with provisioning artifact "
            f"{pp.artifact_id} of product {pp.product_id}."
        )
    if pp.status in _BUSY:
        raise EmulatorError(
            "InvalidStateException",
            f"Provisioned product {pp.id} is {pp.status}; wait for its last record.",
        )
    _check_parameters(action, params.get("Parameters"))
    record = record_of(pp, EXECUTE_ACTION)
    backend.start(pp, record)
    backend.remember(EXECUTE_ACTION, token, record.id)
    return {"RecordDetail": record_detail(record)}
