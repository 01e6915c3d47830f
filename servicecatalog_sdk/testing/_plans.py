"""Provisioned product plans: create (a diff of what would change), describe, list, execute, delete.

A plan is worked out when it is created and shows CREATE_IN_PROGRESS for
``in_progress_polls`` looks (DescribeProvisionedProductPlan, or a look at the
product it updates, which shows PLAN_IN_PROGRESS meanwhile). Executing a plan
provisions or updates through the ProvisionProduct/UpdateProvisionedProduct
handlers, so its record walks exactly as theirs do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _stacks
from ._artifacts import find_artifact
from ._backend import EmulatorBackend
from ._errors import EmulatorError, invalid, not_found
from ._lifecycle_model import Plan
from ._model import Artifact, ProvisionedProduct, new_id, now
from ._paging import page
from ._plan_diff import resource_changes
from ._portfolio_model import LaunchPath
from ._provisioning import (
    _PP_NAME,
    _parameters,
    provision_product,
    update_provisioned_product,
)
from ._reads import _check_access_filter
from ._templates import TemplateError, parse_template, resolve_parameters
from ._views import parse_tags, record_detail, tag_list
from ._visibility import granted_product, resolve_path

Params = Mapping[str, Any]

NO_UPDATES = "No updates are to be performed."


def _path_id(path: LaunchPath | None) -> str | None:
    return path.id if path is not None else None


def _required(params: Params, key: str) -> str:
    value = params.get(key)
    if not isinstance(value, str) or not value:
        raise invalid(f"{key} is required")
    return value


def _invalid_state(message: str) -> EmulatorError:
    return EmulatorError("InvalidStateException", message)


def _existing(backend: EmulatorBackend, name: str) -> ProvisionedProduct | None:
    return next((pp for pp in backend.pps.values() if pp.name == name), None)


def _work_out(
    backend: EmulatorBackend, plan: Plan, artifact: Artifact, pp: ProvisionedProduct | None
) -> None:
    """Set the plan's outcome and ResourceChanges from the stack and the proposed template."""
    if artifact.template_body is None:
        plan.outcome, plan.status_message = "CREATE_FAILED", "The version has no template."
        return
    try:
        new_template = parse_template(artifact.template_body)
    except TemplateError as exc:
        plan.outcome, plan.status_message = "CREATE_FAILED", str(exc)
        return
    old_text: str | None = None
    old_template: dict[str, Any] = {}
    physical_ids: dict[str, str] = {}
    old_values: dict[str, str] = {}
    if pp is not None and pp.stack_id is not None:
        old_text, physical_ids = _stacks.current(
            backend.account_id, backend.region_name, pp.stack_id
        )
        old_template, old_values = parse_template(old_text), dict(pp.parameters)
    declared = new_template.get("Parameters") or {}
    proposed = {k: v for k, v in old_values.items() if k in declared}
    proposed.update(_parameters(plan.parameters, old_values))
    new_values, problems = resolve_parameters(new_template, proposed)
    if problems:
        plan.outcome, plan.status_message = "CREATE_FAILED", "; ".join(problems)
        return
    if old_text is not None and old_template == new_template and old_values == new_values:
        plan.outcome, plan.status_message = "CREATE_FAILED", NO_UPDATES
        return
    plan.changes = resource_changes(
        old_template, old_values, new_template, new_values, physical_ids
    )


def create_provisioned_product_plan(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """CreateProvisionedProductPlan: what provisioning or updating would change, without doing it."""
    token = _required(params, "IdempotencyToken")
    earlier = backend.seen("CreateProvisionedProductPlan", token)
    plan = backend.plans.get(earlier) if earlier else None
    if plan is None:
        plan = _new_plan(backend, params)
        backend.remember("CreateProvisionedProductPlan", token, plan.id)
    return {
        "PlanName": plan.name,
        "PlanId": plan.id,
        "ProvisionProductId": plan.pp_id,
        "ProvisionedProductName": plan.pp_name,
        "ProvisioningArtifactId": plan.artifact_id,
    }


def _new_plan(backend: EmulatorBackend, params: Params) -> Plan:
    name = _required(params, "PlanName")
    if params.get("PlanType") != "CLOUDFORMATION":
        raise invalid("PlanType must be CLOUDFORMATION")
    pp_name = _required(params, "ProvisionedProductName")
    if not _PP_NAME.fullmatch(pp_name):
        raise invalid(f"ProvisionedProductName {pp_name!r} is not valid.")
    product = granted_product(backend, _required(params, "ProductId"))
    artifact = find_artifact(product, _required(params, "ProvisioningArtifactId"), None)
    if not artifact.active:
        raise invalid(f"Provisioning artifact {artifact.id} is not active.")
    pp = _existing(backend, pp_name)
    if pp is not None and pp.status in ("UNDER_CHANGE", "PLAN_IN_PROGRESS"):
        raise _invalid_state(f"Provisioned product {pp.id} is {pp.status}.")
    raw = params.get("ProvisioningParameters") or []
    _parameters(raw, {})  # the request's shape, checked now; values are checked in the diff
    plan = Plan(
        id=new_id("plan"),
        name=name,
        pp_name=pp_name,
        product_id=product.id,
        artifact_id=artifact.id,
        pp_id=pp.id if pp is not None else new_id("pp"),
        parameters=[dict(item) for item in raw],
        tags=parse_tags(params.get("Tags")),
        notification_arns=[str(a) for a in params.get("NotificationArns") or []],
        path_id=_path_id(resolve_path(backend, product, params.get("PathId"), None)),
    )
    _work_out(backend, plan, artifact, pp)
    if pp is not None:
        plan.pp_status_before, pp.status = pp.status, "PLAN_IN_PROGRESS"
    else:
        # AWS lists a product planned for launch as PLAN_IN_PROGRESS until the plan runs.
        plan.new_product = True
        backend.pps[plan.pp_id] = _placeholder(backend, plan, _required(params, "IdempotencyToken"))
    backend.plans[plan.id] = plan
    return plan


def _placeholder(backend: EmulatorBackend, plan: Plan, token: str) -> ProvisionedProduct:
    return ProvisionedProduct(
        id=plan.pp_id,
        name=plan.pp_name,
        arn=f"arn:{backend.partition}:servicecatalog:{backend.region_name}:"
        f"{backend.account_id}:stack/{plan.pp_name}/{plan.pp_id}",
        token=token,
        product_id=plan.product_id,
        artifact_id=plan.artifact_id,
        status="PLAN_IN_PROGRESS",
        tags=dict(plan.tags),
        path_id=plan.path_id,
        owner_arn=backend.acting().arn,
        owner_session=backend.acting().session_arn,
    )


def _drop_placeholder(backend: EmulatorBackend, plan: Plan) -> ProvisionedProduct | None:
    """Remove the stand-in a plan for a new product listed; return it."""
    pp = backend.pps.get(plan.pp_id)
    if not plan.new_product or pp is None or pp.last_record_id is not None:
        return None
    return backend.pps.pop(plan.pp_id)


def _plan(backend: EmulatorBackend, params: Params) -> Plan:
    plan_id = _required(params, "PlanId")
    plan = backend.plans.get(plan_id)
    if plan is None:
        raise not_found(f"Plan {plan_id} not found.")
    return plan


def _follow_execution(backend: EmulatorBackend, plan: Plan) -> None:
    """A look at an executing plan is a look at its record (which ends the plan as it ends)."""
    record = backend.records.get(plan.record_id or "")
    if plan.status == "EXECUTE_IN_PROGRESS" and record is not None:
        backend.observe(record)


def plan_details(plan: Plan) -> dict[str, Any]:
    """ProvisionedProductPlanDetails."""
    out: dict[str, Any] = {
        "CreatedTime": plan.created,
        "ProductId": plan.product_id,
        "PlanName": plan.name,
        "PlanId": plan.id,
        "ProvisionProductId": plan.pp_id,
        "ProvisionProductName": plan.pp_name,
        "PlanType": "CLOUDFORMATION",
        "ProvisioningArtifactId": plan.artifact_id,
        "Status": plan.status,
        "UpdatedTime": plan.updated,
        "NotificationArns": list(plan.notification_arns),
        "ProvisioningParameters": [dict(p) for p in plan.parameters],
        "Tags": tag_list(plan.tags),
    }
    if plan.path_id is not None:
        out["PathId"] = plan.path_id
    if plan.status_message is not None and plan.status in ("CREATE_FAILED", "EXECUTE_FAILED"):
        out["StatusMessage"] = plan.status_message
    return out


def describe_provisioned_product_plan(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeProvisionedProductPlan: the plan and, once created, its ResourceChanges, paged."""
    plan = _plan(backend, params)
    backend.observe_plan(plan)
    _follow_execution(backend, plan)
    created = plan.status not in ("CREATE_IN_PROGRESS", "CREATE_FAILED")
    items, token = page(plan.changes if created else [], params)
    out = {"ProvisionedProductPlanDetails": plan_details(plan), "ResourceChanges": list(items)}
    if token is not None:
        out["NextPageToken"] = token
    return out


def list_provisioned_product_plans(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListProvisionedProductPlans: every plan, or those of one provisioned product, paged."""
    _check_access_filter(params)
    plans = list(backend.plans.values())
    pp_id = params.get("ProvisionProductId")
    if pp_id:
        if pp_id not in backend.pps and all(p.pp_id != pp_id for p in plans):
            raise not_found(f"Provisioned product {pp_id} not found.")
        plans = [p for p in plans if p.pp_id == pp_id]
    items, token = page(plans, params)
    out: dict[str, Any] = {
        "ProvisionedProductPlans": [
            {
                "PlanName": p.name,
                "PlanId": p.id,
                "ProvisionProductId": p.pp_id,
                "ProvisionProductName": p.pp_name,
                "PlanType": "CLOUDFORMATION",
                "ProvisioningArtifactId": p.artifact_id,
            }
            for p in items
        ]
    }
    if token is not None:
        out["NextPageToken"] = token
    return out


def execute_provisioned_product_plan(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ExecuteProvisionedProductPlan: provision or update as planned; the record walks as theirs do."""
    token = _required(params, "IdempotencyToken")
    plan = _plan(backend, params)
    earlier = backend.seen("ExecuteProvisionedProductPlan", token)
    if earlier is not None and earlier in backend.records:
        return {"RecordDetail": record_detail(backend.records[earlier])}
    if plan.status != "CREATE_SUCCESS":
        raise _invalid_state(f"Plan {plan.id} is {plan.status}; only a created plan can run.")
    request: dict[str, Any] = {
        "ProductId": plan.product_id,
        "ProvisioningArtifactId": plan.artifact_id,
        "ProvisioningParameters": plan.parameters,
        "Tags": tag_list(plan.tags) or None,
        "PathId": plan.path_id,
        "NotificationArns": plan.notification_arns,
    }
    placeholder = _drop_placeholder(backend, plan)
    if plan.pp_id in backend.pps:
        request.update(ProvisionedProductId=plan.pp_id, UpdateToken=token)
        out = update_provisioned_product(backend, request)
    else:
        request.update(ProvisionedProductName=plan.pp_name, ProvisionToken=token)
        try:
            out = provision_product(backend, request, pp_id=plan.pp_id)
        except EmulatorError:
            if placeholder is not None:
                backend.pps[plan.pp_id] = placeholder
            raise
    plan.record_id = out["RecordDetail"]["RecordId"]
    plan.status, plan.updated = "EXECUTE_IN_PROGRESS", now()
    backend.remember("ExecuteProvisionedProductPlan", token, plan.record_id or "")
    return out


def delete_provisioned_product_plan(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DeleteProvisionedProductPlan; a plan still at work goes only with IgnoreErrors."""
    plan = _plan(backend, params)
    busy = plan.status in ("CREATE_IN_PROGRESS", "EXECUTE_IN_PROGRESS")
    if busy and not params.get("IgnoreErrors"):
        raise invalid(f"Plan {plan.id} is {plan.status}; set IgnoreErrors to delete it anyway.")
    pp = backend.pps.get(plan.pp_id)
    if pp is not None and pp.status == "PLAN_IN_PROGRESS" and plan.pp_status_before:
        pp.status = plan.pp_status_before
    if plan.status != "EXECUTE_IN_PROGRESS":
        _drop_placeholder(backend, plan)
    del backend.plans[plan.id]
    return {}
