"""``wait product|artifact|copy|plan|share``, ``copy`` and ``plan create|execute``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from servicecatalog_sdk import waiters
from servicecatalog_sdk.cli._secrets import Artifact
from servicecatalog_sdk.models import (
    ProvisionedProductPlanType,
    UpdateProvisioningParameter,
)

if TYPE_CHECKING:
    from servicecatalog_sdk.cli._commands import Context
    from servicecatalog_sdk.client import ServiceCatalogClient

__all__ = ["RESOURCE_WAITS", "cmd_copy", "cmd_plan", "wait_resource"]


def _path(observation: object, *attrs: str) -> Any:
    value: Any = observation
    for attr in attrs:
        value = getattr(value, attr, None)
    return value


def _status_reader(*attrs: str) -> Callable[[object], str]:
    def status_of(observation: object) -> str:
        return str(_path(observation, *attrs) or "unknown")

    return status_of


class ResourceWait(NamedTuple):
    """One ``wait`` target: its label, how to wait, its status, and its result line."""

    label: Callable[[Any], str]
    wait: Callable[..., Any]
    status_of: Callable[[object], str]
    text: Callable[[Any, Any], str]


def _product_text(args: Any, out: Any) -> str:
    summary = _path(out, "product_view_detail", "product_view_summary")
    name = f" ({summary.name})" if summary is not None and summary.name else ""
    return f"product {args.product_id}{name} is {_path(out, 'product_view_detail', 'status')}"


def _plan_text(args: Any, out: Any) -> str:
    plan = out.provisioned_product_plan_details
    name = f" ({plan.plan_name})" if plan is not None and plan.plan_name else ""
    return f"provisioned product plan {args.plan_id}{name} is {_path(plan, 'status')}"


def _share_text(args: Any, out: Any) -> str:
    shared = _path(out, "share_details", "successful_shares") or ()
    return (
        f"portfolio share {args.token} of {out.portfolio_id} is {out.status}"
        f" ({len(shared)} accounts)"
    )


#: ``wait`` target -> how the CLI waits for it.
RESOURCE_WAITS: Final[dict[str, ResourceWait]] = {
    "product": ResourceWait(
        lambda a: f"product {a.product_id}",
        lambda sc, a, **t: waiters.wait_for_product(sc, id=a.product_id, **t),
        _status_reader("product_view_detail", "status"),
        _product_text,
    ),
    "artifact": ResourceWait(
        lambda a: f"provisioning artifact {a.artifact_id}",
        lambda sc, a, **t: waiters.wait_for_provisioning_artifact(
            sc, product_id=a.product_id, provisioning_artifact_id=a.artifact_id, **t
        ),
        _status_reader("status"),
        lambda a, out: f"provisioning artifact {a.artifact_id} of {a.product_id} is {out.status}",
    ),
    "copy": ResourceWait(
        lambda a: f"product copy {a.token}",
        lambda sc, a, **t: waiters.wait_for_copy_product(sc, copy_product_token=a.token, **t),
        _status_reader("copy_product_status"),
        lambda a, out: (
            f"product copy {a.token} {out.copy_product_status}: the copy is {out.target_product_id}"
        ),
    ),
    "plan": ResourceWait(
        lambda a: f"provisioned product plan {a.plan_id}",
        lambda sc, a, **t: waiters.wait_for_provisioned_product_plan(sc, plan_id=a.plan_id, **t),
        _status_reader("provisioned_product_plan_details", "status"),
        _plan_text,
    ),
    "share": ResourceWait(
        lambda a: f"portfolio share {a.token}",
        lambda sc, a, **t: waiters.wait_for_portfolio_share(sc, portfolio_share_token=a.token, **t),
        _status_reader("status"),
        _share_text,
    ),
}


def wait_resource(ctx: Context, target: str, args: Any) -> int:
    """Wait for one resource, with progress; print the final state."""
    how = RESOURCE_WAITS[target]
    client: ServiceCatalogClient = ctx.client
    with ctx.watching(how.label(args), how.status_of) as timing:
        out = how.wait(client, args, **timing)
    ctx.emit(out, how.text(args, out))
    return 0


def cmd_copy(ctx: Context) -> int:
    """``copy``: CopyProduct; with ``--wait``, until the copy ``SUCCEEDED``."""
    args = ctx.args
    started = ctx.client.copy_product(
        source_product_arn=args.source_product_arn,
        target_product_id=args.target_product_id,
        target_product_name=args.target_product_name,
    )
    token = started.copy_product_token
    if not args.wait or not token:
        ctx.emit(started, f"product copy started: token {token}")
        return 0
    args.token = token
    return wait_resource(ctx, "copy", args)


def cmd_plan(ctx: Context) -> int:
    """``plan create`` (CreateProvisionedProductPlan) and ``plan execute`` (its record)."""
    from servicecatalog_sdk.cli._commands import _parameters, describe_record

    args = ctx.args
    if args.plan_action == "execute":
        started = ctx.client.execute_provisioned_product_plan(plan_id=args.plan_id)
        record = started.record_detail
        if not args.wait or record is None or not record.record_id:
            ctx.emit(started, describe_record(record))
            return 0
        out = ctx.wait_record(record.record_id)
        ctx.emit(out, describe_record(out.record_detail))
        return 0
    plain, values = _parameters(args)
    ctx.secrets.protect(
        ctx.client, plain, lambda: Artifact(args.product_id, args.artifact_id, args.path_id)
    )
    created = ctx.client.create_provisioned_product_plan(
        plan_name=args.name,
        plan_type=ProvisionedProductPlanType.CLOUDFORMATION,
        product_id=args.product_id,
        provisioning_artifact_id=args.artifact_id,
        provisioned_product_name=args.provisioned_product_name,
        path_id=args.path_id,
        provisioning_parameters=[
            UpdateProvisioningParameter(key=k, value=v) for k, v in values.items()
        ]
        or None,
    )
    if not args.wait or not created.plan_id:
        ctx.emit(created, f"provisioned product plan {created.plan_id} is being created")
        return 0
    args.plan_id = created.plan_id
    return wait_resource(ctx, "plan", args)
