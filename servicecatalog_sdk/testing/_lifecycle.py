"""The rest of the lifecycle: outputs, ownership and launch role, importing stacks, stack instances."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import _stacks
from ._artifacts import find_artifact
from ._backend import IMPORT, PROPERTIES, EmulatorBackend
from ._errors import EmulatorError, duplicate, invalid, not_found
from ._model import ProvisionedProduct, Record, new_id, record_of
from ._paging import page
from ._provisioning import _PP_NAME
from ._templates import TemplateError, parse_template
from ._views import record_detail
from ._visibility import find_product

Params = Mapping[str, Any]

# An IAM principal, as OWNER takes it, and an IAM role, as LAUNCH_ROLE does.
_PRINCIPAL = re.compile(r"arn:[a-z-]+:iam::\d{12}:(root|(user|role)/[\w+=,.@/-]+)")
_ROLE = re.compile(r"arn:[a-z-]+:iam::\d{12}:role/[\w+=,.@/-]+")
# Stack statuses from which Service Catalog can adopt a stack.
_IMPORTABLE = (
    "CREATE_COMPLETE",
    "UPDATE_COMPLETE",
    "UPDATE_ROLLBACK_COMPLETE",
    "IMPORT_COMPLETE",
    "IMPORT_ROLLBACK_COMPLETE",
)


def _required(params: Params, key: str) -> str:
    value = params.get(key)
    if not isinstance(value, str) or not value:
        raise invalid(f"{key} is required")
    return value


def _invalid_state(message: str) -> EmulatorError:
    return EmulatorError("InvalidStateException", message)


def get_provisioned_product_outputs(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """GetProvisionedProductOutputs: the stack's current outputs, optionally some keys, paged."""
    pp_id, name = params.get("ProvisionedProductId"), params.get("ProvisionedProductName")
    if pp_id and name:
        raise invalid("Provide the provisioned product Id or Name, not both.")
    pp = backend.pp(pp_id, name)
    outputs: list[dict[str, str]] = []
    if pp.stack_id is not None:
        outputs = _stacks.outputs(backend.account_id, backend.region_name, pp.stack_id)
    keys = params.get("OutputKeys")
    if keys is not None:
        if not isinstance(keys, list):
            raise invalid("OutputKeys must be a list")
        outputs = [o for o in outputs if o["OutputKey"] in keys]
    items, token = page(outputs, params)
    out: dict[str, Any] = {"Outputs": list(items)}
    if token is not None:
        out["NextPageToken"] = token
    return out


def _properties(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        raise invalid("ProvisionedProductProperties is required")
    for key, value in raw.items():
        if key == "OWNER" and not _PRINCIPAL.fullmatch(str(value)):
            raise invalid("OWNER must be the ARN of an IAM user, role or the account root.")
        if key == "LAUNCH_ROLE" and not _ROLE.fullmatch(str(value)):
            raise invalid("LAUNCH_ROLE must be the ARN of an IAM role.")
        if key not in ("OWNER", "LAUNCH_ROLE"):
            raise invalid(f"Unknown provisioned product property {key}")
    return {str(k): str(v) for k, v in raw.items()}


def update_provisioned_product_properties(
    backend: EmulatorBackend, params: Params
) -> dict[str, Any]:
    """UpdateProvisionedProductProperties: a new owner and/or launch role, through a record."""
    token = _required(params, "IdempotencyToken")
    earlier = backend.seen(PROPERTIES, token)
    if earlier is not None:
        record = backend.records[earlier]
        return {
            "ProvisionedProductId": record.pp_id,
            "ProvisionedProductProperties": record.properties,
            "RecordId": record.id,
            "Status": record.status,
        }
    pp = backend.pp(_required(params, "ProvisionedProductId"))
    properties = _properties(params.get("ProvisionedProductProperties"))
    if pp.status in ("UNDER_CHANGE", "PLAN_IN_PROGRESS"):
        raise _invalid_state(f"Provisioned product {pp.id} is {pp.status}.")
    if "OWNER" in properties:
        pp.owner_arn = pp.owner_session = properties["OWNER"]
    if "LAUNCH_ROLE" in properties:
        pp.launch_role_arn = properties["LAUNCH_ROLE"]
    record = record_of(pp, PROPERTIES)
    record.properties = properties
    backend.start(pp, record)
    backend.remember(PROPERTIES, token, record.id)
    return {
        "ProvisionedProductId": pp.id,
        "ProvisionedProductProperties": properties,
        "RecordId": record.id,
        "Status": record.status,
    }


def import_as_provisioned_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ImportAsProvisionedProduct: adopt a CloudFormation stack whose template is the version's."""
    token = _required(params, "IdempotencyToken")
    earlier = backend.seen(IMPORT, token)
    if earlier is not None:
        return {"RecordDetail": record_detail(backend.records[earlier])}
    product = find_product(backend, _required(params, "ProductId"))
    artifact = find_artifact(product, _required(params, "ProvisioningArtifactId"), None)
    name = _required(params, "ProvisionedProductName")
    if not _PP_NAME.fullmatch(name):
        raise invalid(f"ProvisionedProductName {name!r} is not valid.")
    physical_id = _required(params, "PhysicalId")
    try:
        stack_id, status, template, values = _stacks.look_up(
            backend.account_id, backend.region_name, physical_id
        )
    except _stacks.StackError as exc:
        raise not_found(str(exc)) from exc
    if status not in _IMPORTABLE:
        raise _invalid_state(f"Stack {physical_id} is {status}; it cannot be imported.")
    if any(pp.stack_id == stack_id for pp in backend.pps.values()):
        raise duplicate(f"Stack {physical_id} is already a provisioned product.")
    if any(pp.name == name for pp in backend.pps.values()):
        raise duplicate(f"A provisioned product named {name} already exists.")
    _check_same_template(template, artifact.template_body, artifact.id)
    pp = _adopt(backend, name, token, product.id, artifact.id, stack_id, values)
    record = Record(
        id=new_id("rec"),
        type=IMPORT,
        pp_id=pp.id,
        pp_name=name,
        product_id=product.id,
        artifact_id=artifact.id,
        outcome="SUCCEEDED",
        outputs=_stacks.outputs(backend.account_id, backend.region_name, stack_id),
    )
    backend.start(pp, record)
    backend.remember(IMPORT, token, record.id)
    return {"RecordDetail": record_detail(record)}


def _check_same_template(
    stack_template: str, version_template: str | None, artifact_id: str
) -> None:
    try:
        same = version_template is not None and parse_template(stack_template) == parse_template(
            version_template
        )
    except TemplateError:
        same = False
    if not same:
        raise invalid(f"The stack's template does not match provisioning artifact {artifact_id}.")


def _adopt(
    backend: EmulatorBackend,
    name: str,
    token: str,
    product_id: str,
    artifact_id: str,
    stack_id: str,
    values: dict[str, str],
) -> ProvisionedProduct:
    pp_id = new_id("pp")
    pp = ProvisionedProduct(
        id=pp_id,
        name=name,
        arn=f"arn:{backend.partition}:servicecatalog:{backend.region_name}:"
        f"{backend.account_id}:stack/{name}/{pp_id}",
        token=token,
        product_id=product_id,
        artifact_id=artifact_id,
        stack_id=stack_id,
        parameters=values,
    )
    backend.pps[pp.id] = pp
    return pp


def list_stack_instances_for_provisioned_product(
    backend: EmulatorBackend, params: Params
) -> dict[str, Any]:
    """ListStackInstancesForProvisionedProduct: only a CFN_STACKSET product has stack instances.

    The emulator launches every product as a CFN_STACK, which AWS answers with
    InvalidParametersException.
    """
    pp = backend.pp(_required(params, "ProvisionedProductId"))
    raise invalid(f"Provisioned product {pp.id} is of type CFN_STACK, not CFN_STACKSET.")
