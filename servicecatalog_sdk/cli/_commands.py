"""What each subcommand does, given its context; each returns the process exit code."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from servicecatalog_sdk import waiters
from servicecatalog_sdk.cli._context import PROG, Context, UsageError
from servicecatalog_sdk.cli._output import format_table
from servicecatalog_sdk.cli._params import collect
from servicecatalog_sdk.cli._secrets import Artifact, current_artifact
from servicecatalog_sdk.errors import ParamValidationError, ResponseParseError
from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    ListRecordHistorySearchFilter,
    ProvisionedProductPlanType,
    UpdateProvisioningParameter,
)

if TYPE_CHECKING:
    from servicecatalog_sdk.client import ServiceCatalogClient
    from servicecatalog_sdk.models import DescribeRecordOutput, RecordDetail

__all__ = ["COMMANDS"]

_ACCESS_LEVELS: Final = {
    "user": AccessLevelFilterKey.USER,
    "role": AccessLevelFilterKey.ROLE,
    "account": AccessLevelFilterKey.ACCOUNT,
}


def describe_record(detail: RecordDetail | None) -> str:
    """One line about a record."""
    if detail is None:
        return "no record returned"
    what = detail.record_type or "change"
    target = detail.provisioned_product_name or detail.provisioned_product_id or "?"
    return f"record {detail.record_id}: {what} of {target} is {detail.status}"


def _record_text(out: DescribeRecordOutput) -> str:
    lines = [describe_record(out.record_detail)]
    lines += [f"  {o.output_key} = {o.output_value}" for o in out.record_outputs]
    return "\n".join(lines)


def _pairs(name: str, pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    result: dict[str, str] = {}
    for key, value in pairs:
        if key in result:
            raise ParamValidationError(f"{name} {key} is given twice")
        result[key] = value
    return result


def _parameters(
    args: argparse.Namespace, keep: Sequence[str] = ()
) -> tuple[dict[str, str], dict[str, str]]:
    """The values NoEcho decides on, and every value; from every source, each key once.

    ``keep`` (``--keep-param``) drops those keys of the ``--params-file``.
    """
    merged = collect(
        params_file=args.params_file,
        params=args.params,
        secret_params=args.secret_params,
        from_env=args.env_params,
        keep=keep,
    )
    return merged.judged, merged.values


def _access_level(level: str | None) -> AccessLevelFilter | None:
    return AccessLevelFilter(key=_ACCESS_LEVELS[level], value="self") if level else None


# -- commands ------------------------------------------------------------------------


def cmd_wait(ctx: Context) -> int:
    """``wait record``, ``wait provisioned-product``, ``wait fleet``, and the resource waits."""
    args = ctx.args
    if args.wait_target in RESOURCE_WAITS:
        return wait_resource(ctx, args.wait_target, args)
    if args.wait_target == "record":
        out = ctx.wait_record(args.record_id)
        ctx.emit(out, _record_text(out))
        return 0
    if args.wait_target == "fleet":
        results = ctx.wait_fleet(
            args.ids,
            accept_tainted=args.accept_tainted,
            access_level_filter=_access_level(args.access_level),
        )
        rows = [(pid, d.name, d.status, d.last_record_id) for pid, d in results.items()]
        ctx.emit(
            list(results.values()),
            format_table(("ID", "NAME", "STATUS", "LAST RECORD"), rows),
        )
        return 0
    product = ctx.wait_product(
        id=args.id, name=args.name, record_id=args.record_id, accept_tainted=args.accept_tainted
    )
    detail = product.provisioned_product_detail
    text = (
        f"provisioned product {detail.name} ({detail.id}) is {detail.status}, "
        f"last record {detail.last_record_id}"
        if detail is not None
        else "no detail returned"
    )
    ctx.emit(product, text)
    return 0


def _finish_change(ctx: Context, record: RecordDetail | None, started: object) -> int:
    if not ctx.args.wait:
        ctx.emit(started, describe_record(record))
        return 0
    if record is None or not record.record_id:
        raise ResponseParseError(
            shape="RecordDetail", path="$.RecordDetail.RecordId", reason="no record to wait for"
        )
    out = ctx.wait_record(record.record_id)
    ctx.emit(out, _record_text(out))
    return 0


def cmd_provision(ctx: Context) -> int:
    """``provision``: ProvisionProduct, then optionally wait for its record."""
    args = ctx.args
    plain, values = _parameters(args)
    tags = _pairs("--tag", args.tags)
    launch = Artifact(
        args.product_id,
        args.artifact_id,
        args.path_id,
        product_name=args.product_name,
        artifact_name=args.artifact_name,
        path_name=args.path_name,
    )
    ctx.secrets.protect(ctx.client, plain, lambda: launch)
    started = ctx.start_change(
        "provision",
        lambda token: ctx.client.provision_product(
            provisioned_product_name=args.name,
            provision_token=token,
            product_id=args.product_id,
            product_name=args.product_name,
            provisioning_artifact_id=args.artifact_id,
            provisioning_artifact_name=args.artifact_name,
            path_id=args.path_id,
            path_name=args.path_name,
            provisioning_parameters=values or None,
            tags=tags or None,
        ),
    )
    return _finish_change(ctx, started.record_detail, started)


def cmd_update(ctx: Context) -> int:
    """``update``: UpdateProvisionedProduct, then optionally wait for its record."""
    args = ctx.args
    plain, values = _parameters(args, keep=args.keep_params)
    kept = [k for k in args.keep_params if k not in values]
    ctx.secrets.protect(
        ctx.client,
        plain,
        # Without --artifact-id the update keeps the product's current version.
        lambda: current_artifact(
            ctx.client,
            id=args.id,
            name=args.name,
            launch=Artifact(
                args.product_id,
                args.artifact_id,
                args.path_id,
                product_name=args.product_name,
                artifact_name=args.artifact_name,
                path_name=args.path_name,
            ),
        ),
    )
    parameters = [UpdateProvisioningParameter(key=k, value=v) for k, v in values.items()]
    parameters += [UpdateProvisioningParameter(key=k, use_previous_value=True) for k in kept]
    started = ctx.start_change(
        "update",
        lambda token: ctx.client.update_provisioned_product(
            update_token=token,
            provisioned_product_id=args.id,
            provisioned_product_name=args.name,
            product_id=args.product_id,
            product_name=args.product_name,
            provisioning_artifact_id=args.artifact_id,
            provisioning_artifact_name=args.artifact_name,
            path_id=args.path_id,
            path_name=args.path_name,
            provisioning_parameters=parameters or None,
        ),
    )
    return _finish_change(ctx, started.record_detail, started)


def cmd_terminate(ctx: Context) -> int:
    """``terminate``: TerminateProvisionedProduct; with ``--wait``, until the product is gone."""
    args = ctx.args
    started = ctx.start_change(
        "terminate",
        lambda token: ctx.client.terminate_provisioned_product(
            terminate_token=token,
            provisioned_product_id=args.id,
            provisioned_product_name=args.name,
        ),
    )
    record = started.record_detail
    if not args.wait or record is None or not record.record_id:
        return _finish_change(ctx, record, started)
    out = ctx.wait_record(record.record_id)
    # The record can succeed a moment before the product disappears from reads.
    ctx.wait_gone(id=args.id, name=args.name, record_id=record.record_id)
    ctx.emit(out, _record_text(out))
    return 0


def cmd_records(ctx: Context) -> int:
    """``records``: record history as a table."""
    args = ctx.args
    search = (
        ListRecordHistorySearchFilter(key="provisionedproduct", value=args.id) if args.id else None
    )
    records = list(ctx.client.list_record_history(search_filter=search, max_items=args.limit))
    rows = [
        (
            r.record_id,
            r.record_type,
            r.status,
            r.provisioned_product_name or r.provisioned_product_id,
            r.updated_time or r.created_time,
        )
        for r in records
    ]
    ctx.emit(records, format_table(("RECORD", "TYPE", "STATUS", "PRODUCT", "UPDATED"), rows))
    return 0


def cmd_products(ctx: Context) -> int:
    """``products``: provisioned products as a table."""
    access = _access_level(ctx.args.access_level)
    products = list(ctx.client.scan_provisioned_products(access_level_filter=access))
    rows = [(p.id, p.name, p.status, p.last_record_id, p.created_time) for p in products]
    ctx.emit(products, format_table(("ID", "NAME", "STATUS", "LAST RECORD", "CREATED"), rows))
    return 0


def cmd_demo(ctx: Context) -> int:
    """``demo``: the local demo, loaded only when asked for."""
    demo: Any = importlib.import_module("servicecatalog_sdk.demo")
    return int(demo.main())


# -- products, artifacts, copies, plans and shares -----------------------------------


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


def cmd_emulator(ctx: Context) -> int:
    """``emulator``: print the endpoint, serve until SIGINT or SIGTERM, exit 0."""
    # Loaded only when asked for: the server needs the optional testing extra (moto).
    try:
        serve: Any = importlib.import_module("servicecatalog_sdk.testing._serve")
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith(("moto", "werkzeug", "flask")):
            raise
        raise UsageError(
            "the emulator needs the testing extra: pip install 'servicecatalog-sdk[testing]'",
            f"{PROG} emulator",
        ) from None
    args = ctx.args
    region = args.region or "us-east-1"
    code: int = serve.serve(
        host=args.host,
        port=args.port,
        in_progress_polls=args.in_progress_polls,
        region_name=region,
        out=sys.stdout,
    )
    return code


#: Subcommand name -> what runs it.
COMMANDS: Final[dict[str, Callable[[Context], int]]] = {
    "wait": cmd_wait,
    "provision": cmd_provision,
    "update": cmd_update,
    "terminate": cmd_terminate,
    "copy": cmd_copy,
    "plan": cmd_plan,
    "records": cmd_records,
    "products": cmd_products,
    "demo": cmd_demo,
    "emulator": cmd_emulator,
}
