"""The external engine notifications (Terraform products): Notify*EngineWorkflowResult.

With AWS, a TERRAFORM_OPEN_SOURCE, TERRAFORM_CLOUD or EXTERNAL product's
provisioning is handed to an engine the customer runs, together with a workflow
token, and the engine reports back through these operations. The emulator runs
every product's template itself and hands out no workflow tokens, so these
answer as AWS does for a token it did not issue: ResourceNotFoundException for
an unknown record, InvalidParametersException for a known one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backend import PROVISION, TERMINATE, UPDATE, EmulatorBackend
from ._errors import invalid

Params = Mapping[str, Any]


def _refuse(backend: EmulatorBackend, params: Params, record_type: str) -> dict[str, Any]:
    for key in ("WorkflowToken", "RecordId", "IdempotencyToken"):
        if not params.get(key):
            raise invalid(f"{key} is required.")
    if params.get("Status") not in ("SUCCEEDED", "FAILED"):
        raise invalid("Status must be SUCCEEDED or FAILED.")
    record = backend.record(str(params["RecordId"]))
    if record.type != record_type:
        raise invalid(f"Record {record.id} is not a {record_type} record.")
    # Every record the emulator makes is run by the emulator itself: none waits
    # for an engine, so no workflow token can match.
    raise invalid(f"The workflow token is not valid for record {record.id}.")


def notify_provision(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """NotifyProvisionProductEngineWorkflowResult: refused; no record awaits an engine."""
    return _refuse(backend, params, PROVISION)


def notify_update(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """NotifyUpdateProvisionedProductEngineWorkflowResult: refused; no record awaits an engine."""
    return _refuse(backend, params, UPDATE)


def notify_terminate(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """NotifyTerminateProvisionedProductEngineWorkflowResult: refused; no record awaits an engine."""
    return _refuse(backend, params, TERMINATE)
