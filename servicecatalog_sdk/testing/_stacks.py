"""The moto CloudFormation stacks behind provisioned products.

moto internals used: ``moto.cloudformation.models.cloudformation_backends`` and its
``create_stack``/``update_stack``/``delete_stack``/``get_stack`` methods and the
stack's ``outputs`` property; calling them directly (not over HTTP) works the same
in-process and in server mode, where the server runs in this process. The errors
caught from them are named in :func:`_refusals`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class StackError(Exception):
    """moto CloudFormation refused or failed a stack operation."""


def _refusals() -> tuple[type[Exception], ...]:
    """What moto raises for a stack it cannot create, update or delete.

    Its service errors (``ServiceException``; ``JsonRESTError`` in the services
    not yet moved to it), and what its resource models raise for a template
    they cannot use, which CloudFormation would refuse too: KeyError or
    IndexError (a missing property, a Ref, Condition or map key to nothing, an
    Fn::Select out of range), TypeError or AttributeError (a property of the
    wrong shape), ValueError (a value of the wrong kind). Anything else
    propagates as itself.
    """
    from moto.core.exceptions import JsonRESTError, ServiceException

    return (ServiceException, JsonRESTError, LookupError, TypeError, AttributeError, ValueError)


def _cfn(account_id: str, region: str) -> Any:
    from moto.cloudformation.models import cloudformation_backends

    return cloudformation_backends[account_id][region]


def stack_name(account_id: str, pp_id: str) -> str:
    """The stack name Service Catalog gives a provisioned product's stack."""
    return f"SC-{account_id}-{pp_id}"


def outputs(account_id: str, region: str, stack_id: str) -> list[dict[str, str]]:
    """The stack's Outputs as RecordOutputs."""
    stack = _cfn(account_id, region).get_stack(stack_id)
    result = []
    for output in stack.outputs or []:
        item = {"OutputKey": str(output["OutputKey"]), "OutputValue": str(output["OutputValue"])}
        if output.get("Description") is not None:
            item["Description"] = str(output["Description"])
        result.append(item)
    return result


def create(
    account_id: str, region: str, name: str, template: str, parameters: Mapping[str, str]
) -> str:
    """Create a stack and its resources; return its id. Nothing is left behind on failure."""
    backend = _cfn(account_id, region)
    try:
        stack = backend.create_stack(name=name, template=template, parameters=dict(parameters))
    except _refusals() as exc:
        # moto registers the stack before creating resources: roll back like CloudFormation.
        for stack in list(backend.stacks.values()):
            if stack.name == name:
                _quiet_delete(backend, stack.stack_id)
        raise StackError(str(exc) or type(exc).__name__) from exc
    stack_id: str = stack.stack_id
    return stack_id


def update(
    account_id: str, region: str, stack_id: str, template: str, parameters: Mapping[str, str]
) -> None:
    """Update a stack to a new template and parameters; a failed update is rolled back."""
    backend = _cfn(account_id, region)
    stack = backend.get_stack(stack_id)
    old_template, old_parameters = stack.template, dict(stack.parameters)
    incoming = [{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()]
    try:
        backend.update_stack(
            name=stack_id, template=template, role_arn=None, parameters=incoming, tags=None
        )
    except _refusals() as exc:
        _roll_back(stack, old_template, old_parameters)
        raise StackError(str(exc) or type(exc).__name__) from exc


def _roll_back(stack: Any, template: str, parameters: dict[str, Any]) -> None:
    # moto leaves a failed update half applied; CloudFormation would restore the
    # last good template and parameters, and so does this.
    try:
        stack.update(template, parameters=parameters)
        stack.status = "UPDATE_ROLLBACK_COMPLETE"
    except _refusals():
        # The update's own failure is what gets reported; the stack's status tells
        # of this one, as CloudFormation's does.
        stack.status = "UPDATE_ROLLBACK_FAILED"


def delete(account_id: str, region: str, stack_id: str) -> None:
    """Delete a stack and its resources."""
    backend = _cfn(account_id, region)
    try:
        backend.delete_stack(stack_id)
    except _refusals() as exc:
        raise StackError(str(exc) or type(exc).__name__) from exc


def physical_ids(account_id: str, region: str, stack_id: str) -> list[str]:
    """Physical ids of the stack's resources (what a TARGET service action parameter names)."""
    resources = _cfn(account_id, region).get_stack(stack_id).stack_resources
    return [str(r.physical_resource_id) for r in resources if r.physical_resource_id]


def _quiet_delete(backend: Any, stack_id: str) -> None:
    try:
        backend.delete_stack(stack_id)
    except _refusals():
        # The create's own failure is what gets reported: drop the stack anyway.
        backend.stacks.pop(stack_id, None)


def current(account_id: str, region: str, stack_id: str) -> tuple[str, dict[str, str]]:
    """The stack's template text and the physical id of each resource, by logical id."""
    stack = _cfn(account_id, region).get_stack(stack_id)
    physical = {}
    for resource in stack.stack_resources:
        logical = getattr(resource, "logical_resource_id", None)
        physical_id = getattr(resource, "physical_resource_id", None)
        if logical is not None and physical_id is not None:
            physical[str(logical)] = str(physical_id)
    template: str = stack.template
    return template, physical


def look_up(account_id: str, region: str, physical_id: str) -> tuple[str, str, str, dict[str, str]]:
    """A stack's id, status, template text and parameter values, by stack id (ARN) or name.

    Raises StackError when there is no such stack.
    """
    from moto.cloudformation.exceptions import ValidationError

    backend = _cfn(account_id, region)
    try:
        stack = backend.get_stack(physical_id)
    except ValidationError as exc:  # moto's answer for an unknown stack
        raise StackError(f"Stack {physical_id} does not exist") from exc
    values = {str(k): str(v) for k, v in (stack.parameters or {}).items()}
    return str(stack.stack_id), str(stack.status), str(stack.template), values
