"""Handlers that change provisioned products: provision, update, terminate.

The work (a moto CloudFormation stack created, updated or deleted) is attached to
the change's record and runs when the change is due to end (after the configured
number of observations, or seconds): until then the stack, its outputs and the
product are as they were, as on AWS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import _stacks
from ._artifacts import find_artifact
from ._backend import PROVISION, TERMINATE, UPDATE, EmulatorBackend
from ._errors import duplicate, invalid, not_found
from ._launch_paths import prepare_launch
from ._model import Artifact, ProvisionedProduct, Record, new_id, record_of
from ._tag_options import provision_tags
from ._templates import TemplateError, parse_template, resolve_parameters
from ._views import parse_tags, pp_detail, record_detail
from ._visibility import find_product, granted_product

Params = Mapping[str, Any]

_PP_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}")


def _token(params: Params, key: str) -> str:
    token = params.get(key)
    if not isinstance(token, str) or not token:
        raise invalid(f"{key} is required")
    return token


def _parameters(raw: Any, previous: Mapping[str, str]) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise invalid("ProvisioningParameters must be a list")
    given: dict[str, str] = {}
    for item in raw:
        key = item.get("Key") if isinstance(item, dict) else None
        if not key:
            raise invalid("Every provisioning parameter needs a Key")
        if item.get("UsePreviousValue"):
            if key in previous:
                given[key] = previous[key]
        elif "Value" in item:
            given[key] = str(item["Value"])
        else:
            raise invalid(f"Provisioning parameter {key} needs a Value or UsePreviousValue")
    return given


def _check_usable(artifact: Artifact, *, new_launch: bool) -> None:
    if not artifact.active:
        raise invalid(f"Provisioning artifact {artifact.id} is not active.")
    if new_launch and artifact.guidance == "DEPRECATED":
        raise invalid(f"Provisioning artifact {artifact.id} is deprecated.")


def _apply(
    backend: EmulatorBackend,
    pp: ProvisionedProduct,
    record: Record,
    artifact: Artifact,
    given: Mapping[str, str],
) -> None:
    """Create or update the stack for ``artifact``; record errors or outputs on ``record``."""
    if artifact.template_url is None:
        # A Marketplace version with no template: nothing to run, nothing to output.
        if given:
            record.errors.append(("ValidationError", "This version takes no parameters"))
        return
    if artifact.template_body is None:
        record.errors.append(("ValidationError", f"Unable to read {artifact.template_url}"))
        return
    try:
        template = parse_template(artifact.template_body)
    except TemplateError as exc:
        record.errors.append(("ValidationError", str(exc)))
        return
    declared = template.get("Parameters") or {}
    # Values not given again keep the ones the stack already has, as the console does.
    merged = {k: v for k, v in pp.parameters.items() if k in declared}
    merged.update(given)
    values, problems = resolve_parameters(template, merged)
    if problems:
        record.errors.extend(("ValidationError", problem) for problem in problems)
        return
    account, region = backend.account_id, backend.region_name
    try:
        if pp.stack_id is None:
            name = _stacks.stack_name(account, pp.id)
            pp.stack_id = _stacks.create(account, region, name, artifact.template_body, values)
        else:
            _stacks.update(account, region, pp.stack_id, artifact.template_body, values)
        record.outputs = _stacks.outputs(account, region, pp.stack_id)
    except _stacks.StackError as exc:
        record.errors.append(("StackFailure", str(exc)))
        return
    pp.parameters = values


def _open_stale_window(backend: EmulatorBackend, pp: ProvisionedProduct) -> None:
    # Right after a change AWS can still describe the product as it was; the
    # emulator does so for the next ``stale_reads`` DescribeProvisionedProduct calls.
    if backend.stale_reads > 0:
        pp.stale_view = pp_detail(pp)
        pp.stale_reads_left = backend.stale_reads


def _finish(backend: EmulatorBackend, pp: ProvisionedProduct, record: Record) -> dict[str, Any]:
    record.outcome = "FAILED" if record.errors else "SUCCEEDED"
    backend.start(pp, record)
    return {"RecordDetail": record_detail(record)}


def provision_product(
    backend: EmulatorBackend, params: Params, *, pp_id: str | None = None
) -> dict[str, Any]:
    """ProvisionProduct: launch a product version as a new provisioned product.

    ``pp_id`` is the id a plan reserved for the product it will create.
    """
    token = _token(params, "ProvisionToken")
    earlier = backend.seen(PROVISION, token)
    if earlier is not None:
        return {"RecordDetail": record_detail(backend.records[earlier])}
    name = params.get("ProvisionedProductName") or ""
    if not _PP_NAME.fullmatch(name):
        raise invalid(f"ProvisionedProductName {name!r} is not valid.")
    product = granted_product(backend, params.get("ProductId"), params.get("ProductName"))
    artifact = find_artifact(
        product, params.get("ProvisioningArtifactId"), params.get("ProvisioningArtifactName")
    )
    _check_usable(artifact, new_launch=True)
    if any(pp.name == name for pp in backend.pps.values()):
        raise duplicate(f"A provisioned product named {name} already exists.")
    given = _parameters(params.get("ProvisioningParameters"), {})
    path_id, role = prepare_launch(backend, product, artifact, params, given)
    tags = provision_tags(backend, product.id, path_id, params.get("Tags"))  # TagOptions applied
    pp_id = pp_id or new_id("pp")
    pp = ProvisionedProduct(
        id=pp_id,
        name=name,
        arn=f"arn:{backend.partition}:servicecatalog:{backend.region_name}:"
        f"{backend.account_id}:stack/{name}/{pp_id}",
        token=token,
        product_id=product.id,
        artifact_id=artifact.id,
        tags=tags,
        path_id=path_id,
        launch_role_arn=role,
    )
    record = Record(
        id=new_id("rec"),
        type=PROVISION,
        pp_id=pp.id,
        pp_name=name,
        product_id=product.id,
        artifact_id=artifact.id,
        outcome="SUCCEEDED",
        tags=tags,
        path_id=path_id,
        launch_role_arn=role,
    )
    if not backend.planned_failure(record):
        record.work = lambda done: _apply(backend, pp, done, artifact, given)
    backend.pps[pp.id] = pp
    backend.remember(PROVISION, token, record.id)
    return _finish(backend, pp, record)


def _changeable(backend: EmulatorBackend, params: Params) -> ProvisionedProduct:
    pp = backend.pp(params.get("ProvisionedProductId"), params.get("ProvisionedProductName"))
    if pp.status == "UNDER_CHANGE":
        raise invalid(f"Provisioned product {pp.id} is under change; wait for its last record.")
    if pp.status == "PLAN_IN_PROGRESS":
        # AWS: wait for AVAILABLE (a plan being created, or a launch still only planned).
        raise invalid(f"Provisioned product {pp.id} has a plan in progress.")
    return pp


def update_provisioned_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """UpdateProvisionedProduct: move to another version and/or other parameters.

    A failed update leaves the stack as it was and the product TAINTED.
    """
    token = _token(params, "UpdateToken")
    earlier = backend.seen(UPDATE, token)
    if earlier is not None:
        return {"RecordDetail": record_detail(backend.records[earlier])}
    pp = _changeable(backend, params)
    product_id, product_name = params.get("ProductId"), params.get("ProductName")
    product = find_product(
        backend, product_id or (None if product_name else pp.product_id), product_name
    )
    artifact_id = params.get("ProvisioningArtifactId")
    artifact_name = params.get("ProvisioningArtifactName")
    if not artifact_id and not artifact_name and product.id == pp.product_id:
        artifact_id = pp.artifact_id
    artifact = find_artifact(product, artifact_id, artifact_name)
    if (product.id, artifact.id) != (pp.product_id, pp.artifact_id):
        # Moving to another product or version is a launch: the caller needs a grant.
        granted_product(backend, product.id)
    _check_usable(artifact, new_launch=False)
    given = _parameters(params.get("ProvisioningParameters"), pp.parameters)
    path_id, role = prepare_launch(backend, product, artifact, params, given, pp)
    record = Record(
        id=new_id("rec"),
        type=UPDATE,
        pp_id=pp.id,
        pp_name=pp.name,
        product_id=product.id,
        artifact_id=artifact.id,
        outcome="SUCCEEDED",
        tags=parse_tags(params.get("Tags")) or dict(pp.tags),
        path_id=path_id,
        launch_role_arn=role,
    )
    _open_stale_window(backend, pp)
    pp.path_id, pp.launch_role_arn = path_id, role
    if not backend.planned_failure(record):
        record.work = lambda done: _apply(backend, pp, done, artifact, given)
    backend.remember(UPDATE, token, record.id)
    return _finish(backend, pp, record)


def _delete_stack(
    backend: EmulatorBackend, pp: ProvisionedProduct, record: Record, ignore_errors: bool
) -> None:
    if pp.stack_id is None:
        return
    try:
        _stacks.delete(backend.account_id, backend.region_name, pp.stack_id)
    except _stacks.StackError as exc:
        if not ignore_errors:
            record.errors.append(("StackFailure", str(exc)))


def terminate_provisioned_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """TerminateProvisionedProduct: delete the stack (and its resources) and the product."""
    token = _token(params, "TerminateToken")
    earlier = backend.seen(TERMINATE, token)
    if earlier is not None:
        return {"RecordDetail": record_detail(backend.records[earlier])}
    if not params.get("ProvisionedProductId") and not params.get("ProvisionedProductName"):
        # The only error AWS models for TerminateProvisionedProduct.
        raise not_found("Specify ProvisionedProductId or ProvisionedProductName.")
    pp = _changeable(backend, params)
    record = record_of(pp, TERMINATE)
    _open_stale_window(backend, pp)
    # A planned failure leaves the stack, as a deletion CloudFormation could not finish.
    if not backend.planned_failure(record) and not params.get("RetainPhysicalResources"):
        ignore_errors = bool(params.get("IgnoreErrors"))
        record.work = lambda done: _delete_stack(backend, pp, done, ignore_errors)
    backend.remember(TERMINATE, token, record.id)
    return _finish(backend, pp, record)
