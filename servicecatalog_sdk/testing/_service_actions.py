"""Self-service actions: the actions themselves and their associations with product versions.

An action is stored, never run: the emulator has no Systems Manager automation
behind it. Executing one (``_action_runs``) gives a record that walks like any other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ._artifacts import find_artifact
from ._backend import EmulatorBackend
from ._errors import EmulatorError, invalid, not_found
from ._library_model import Link, ServiceAction
from ._model import new_id
from ._paging import page
from ._views import artifact_for_users, product_view_summary
from ._visibility import find_product

Params = Mapping[str, Any]
#: (service action id, product id, provisioning artifact id)
DEFINITION_TYPES = ("SSM_AUTOMATION",)
PARAMETER_TYPES = ("TARGET", "TEXT_VALUE")
_DEFINITION_KEYS = ("Name", "Version", "AssumeRole", "Parameters")
_NAME = re.compile(r"[a-zA-Z0-9_\-.]{1,256}")
_BATCH_MAX = 50


def find_action(backend: EmulatorBackend, action_id: Any) -> ServiceAction:
    """The service action with this id, or ResourceNotFoundException."""
    found = backend.service_actions.get(action_id) if isinstance(action_id, str) else None
    if found is None:
        raise not_found(f"Service action {action_id} not found.")
    return found


def live_links(backend: EmulatorBackend) -> list[Link]:
    """Associations whose product version still exists; the others are dropped."""
    kept = [
        link
        for link in backend.service_action_links
        if link[1] in backend.products and link[2] in backend.products[link[1]].artifacts
    ]
    backend.service_action_links[:] = kept
    return kept


def _name(value: Any) -> str:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise invalid("Name must be 1 to 256 letters, digits, '_', '-' or '.'.")
    return value


def _description(value: Any) -> str | None:
    if value is not None and (not isinstance(value, str) or len(value) > 1024):
        raise invalid("Description must be at most 1024 characters long.")
    return value


def _parse_parameters(text: str) -> list[tuple[str, str]]:
    try:
        raw = json.loads(text)
    except ValueError:
        raise invalid("Definition Parameters must be a JSON list.") from None
    if not isinstance(raw, list):
        raise invalid("Definition Parameters must be a JSON list.")
    parsed = []
    for item in raw:
        name = item.get("Name") if isinstance(item, dict) else None
        kind = item.get("Type") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name or kind not in PARAMETER_TYPES:
            raise invalid(
                "Each Definition parameter needs a Name and a Type of "
                + " or ".join(PARAMETER_TYPES)
                + "."
            )
        parsed.append((name, str(kind)))
    return parsed


def _definition(value: Any) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """A checked Definition and its parsed parameters."""
    if not isinstance(value, dict) or not value:
        raise invalid("Definition is required.")
    unknown = set(value) - set(_DEFINITION_KEYS)
    if unknown:
        raise invalid(f"Definition keys must be among {', '.join(_DEFINITION_KEYS)}.")
    for key, item in value.items():
        if not isinstance(item, str) or not 1 <= len(item) <= 1024:
            raise invalid(f"Definition {key} must be 1 to 1024 characters long.")
    missing = [key for key in ("Name", "Version") if key not in value]
    if missing:
        raise invalid(f"Definition needs {' and '.join(missing)}.")
    parameters = _parse_parameters(value["Parameters"]) if "Parameters" in value else []
    return dict(value), parameters


def _page_out(items: list[Any], params: Params, key: str) -> dict[str, Any]:
    chosen, token = page(items, params)
    out: dict[str, Any] = {key: list(chosen)}
    if token is not None:
        out["NextPageToken"] = token
    return out


# -- the actions --------------------------------------------------------------


def create_service_action(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """CreateServiceAction: an SSM_AUTOMATION action; a repeated IdempotencyToken returns it."""
    token = params.get("IdempotencyToken")
    earlier = backend.seen("CreateServiceAction", token)
    if earlier is not None and earlier in backend.service_actions:
        return {"ServiceActionDetail": backend.service_actions[earlier].detail()}
    name = _name(params.get("Name"))
    if params.get("DefinitionType") not in DEFINITION_TYPES:
        raise invalid(f"DefinitionType must be one of {', '.join(DEFINITION_TYPES)}.")
    definition, parameters = _definition(params.get("Definition"))
    action = ServiceAction(
        id=new_id("act"),
        name=name,
        definition_type=str(params["DefinitionType"]),
        definition=definition,
        description=_description(params.get("Description")),
        parameters=parameters,
    )
    backend.service_actions[action.id] = action
    backend.remember("CreateServiceAction", token, action.id)
    return {"ServiceActionDetail": action.detail()}


def describe_service_action(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeServiceAction."""
    return {"ServiceActionDetail": find_action(backend, params.get("Id")).detail()}


def update_service_action(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """UpdateServiceAction: a new name, description and/or definition (replaced whole)."""
    action = find_action(backend, params.get("Id"))
    name = _name(params["Name"]) if "Name" in params else action.name
    description = _description(params.get("Description", action.description))
    definition, parameters = (
        _definition(params["Definition"])
        if "Definition" in params
        else (action.definition, action.parameters)
    )
    action.name, action.description = name, description
    action.definition, action.parameters = definition, parameters
    return {"ServiceActionDetail": action.detail()}


def delete_service_action(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DeleteServiceAction: refused while the action is associated with a product version."""
    action = find_action(backend, params.get("Id"))
    if any(link[0] == action.id for link in live_links(backend)):
        raise EmulatorError(
            "ResourceInUseException",
            f"Service action {action.id} is associated with provisioning artifacts.",
        )
    del backend.service_actions[action.id]
    return {}


def list_service_actions(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListServiceActions: every action, in creation order, paged."""
    summaries = [a.summary() for a in backend.service_actions.values()]
    return _page_out(summaries, params, "ServiceActionSummaries")


# -- associations ---------------------------------------------------------------


def _link(backend: EmulatorBackend, item: Mapping[str, Any]) -> Link:
    """The association an item names, each part checked to exist."""
    product = find_product(backend, item.get("ProductId") or "")
    artifact = find_artifact(product, item.get("ProvisioningArtifactId"), None)
    action = find_action(backend, item.get("ServiceActionId"))
    return (action.id, product.id, artifact.id)


def _associate(backend: EmulatorBackend, item: Mapping[str, Any]) -> None:
    link = _link(backend, item)
    if link in live_links(backend):
        raise EmulatorError(
            "DuplicateResourceException",
            f"Service action {link[0]} is already associated with {link[1]}/{link[2]}.",
        )
    backend.service_action_links.append(link)


def _disassociate(backend: EmulatorBackend, item: Mapping[str, Any]) -> None:
    link = _link(backend, item)
    if link not in live_links(backend):
        raise not_found(f"Service action {link[0]} is not associated with {link[1]}/{link[2]}.")
    backend.service_action_links.remove(link)


def associate_service_action(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """AssociateServiceActionWithProvisioningArtifact; a repeated IdempotencyToken is a no-op."""
    token = params.get("IdempotencyToken")
    if backend.seen("AssociateServiceAction", token) is None:
        _associate(backend, params)
        backend.remember("AssociateServiceAction", token, str(params.get("ServiceActionId")))
    return {}


def disassociate_service_action(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DisassociateServiceActionFromProvisioningArtifact; a repeated token is a no-op."""
    token = params.get("IdempotencyToken")
    if backend.seen("DisassociateServiceAction", token) is None:
        _disassociate(backend, params)
        backend.remember("DisassociateServiceAction", token, str(params.get("ServiceActionId")))
    return {}


# The batch operations report each failure with one of the modelled error codes.
_BATCH_CODES = {
    "ResourceNotFoundException": "RESOURCE_NOT_FOUND",
    "DuplicateResourceException": "DUPLICATE_RESOURCE",
    "InvalidParametersException": "INVALID_PARAMETER",
    "LimitExceededException": "LIMIT_EXCEEDED",
}


def _batch(backend: EmulatorBackend, params: Params, apply: Any) -> dict[str, Any]:
    items = params.get("ServiceActionAssociations")
    if not isinstance(items, list) or not 1 <= len(items) <= _BATCH_MAX:
        raise invalid(f"ServiceActionAssociations must hold 1 to {_BATCH_MAX} associations.")
    failed = []
    for item in items:
        if not isinstance(item, dict):
            raise invalid("Each service action association must be an object.")
        try:
            apply(backend, item)
        except EmulatorError as error:
            entry = {
                key: item[key]
                for key in ("ServiceActionId", "ProductId", "ProvisioningArtifactId")
                if isinstance(item.get(key), str)
            }
            entry["ErrorCode"] = _BATCH_CODES.get(error.code, "INTERNAL_FAILURE")
            entry["ErrorMessage"] = error.message
            failed.append(entry)
    return {"FailedServiceActionAssociations": failed}


def batch_associate_service_actions(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """BatchAssociateServiceActionWithProvisioningArtifact: each pair on its own."""
    return _batch(backend, params, _associate)


def batch_disassociate_service_actions(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """BatchDisassociateServiceActionFromProvisioningArtifact: each pair on its own."""
    return _batch(backend, params, _disassociate)


def list_service_actions_for_artifact(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListServiceActionsForProvisioningArtifact: the actions on one product version."""
    product = find_product(backend, params.get("ProductId") or "")
    artifact = find_artifact(product, params.get("ProvisioningArtifactId"), None)
    summaries = [
        backend.service_actions[action_id].summary()
        for action_id, product_id, artifact_id in live_links(backend)
        if (product_id, artifact_id) == (product.id, artifact.id)
    ]
    return _page_out(summaries, params, "ServiceActionSummaries")


def list_artifacts_for_service_action(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListProvisioningArtifactsForServiceAction: the product versions an action is on."""
    action = find_action(backend, params.get("ServiceActionId"))
    views = []
    for action_id, product_id, artifact_id in live_links(backend):
        if action_id == action.id:
            product = backend.products[product_id]
            views.append(
                {
                    "ProductViewSummary": product_view_summary(product),
                    "ProvisioningArtifact": artifact_for_users(product.artifacts[artifact_id]),
                }
            )
    return _page_out(views, params, "ProvisioningArtifactViews")
