"""What each subcommand does, given a client; each returns the process exit code."""

from __future__ import annotations

import argparse
import importlib
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from servicecatalog_sdk import waiters
from servicecatalog_sdk.cli._emulator import cmd_emulator
from servicecatalog_sdk.cli._output import Console, format_table, to_json
from servicecatalog_sdk.cli._params import collect
from servicecatalog_sdk.cli._progress import Progress, format_elapsed
from servicecatalog_sdk.cli._resources import RESOURCE_WAITS, cmd_copy, cmd_plan, wait_resource
from servicecatalog_sdk.cli._secrets import Artifact, SecretParameters, current_artifact
from servicecatalog_sdk.errors import ParamValidationError, ResponseParseError, WaiterTimeoutError
from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    ListRecordHistorySearchFilter,
    UpdateProvisioningParameter,
)

if TYPE_CHECKING:
    from servicecatalog_sdk.client import ServiceCatalogClient
    from servicecatalog_sdk.models import (
        DescribeProvisionedProductOutput,
        DescribeRecordOutput,
        ProvisionedProductDetail,
        RecordDetail,
    )

__all__ = ["COMMANDS", "Change", "Context"]

_T = TypeVar("_T")

_ACCESS_LEVELS: Final = {
    "user": AccessLevelFilterKey.USER,
    "role": AccessLevelFilterKey.ROLE,
    "account": AccessLevelFilterKey.ACCOUNT,
}


@attrs.define
class Change:
    """A change this run sends: which, its idempotency token, whether the service took it."""

    #: ``provision``, ``update`` or ``terminate``.
    command: str
    token: str
    #: The service answered the call (its record exists); until then the outcome is unknown.
    accepted: bool = False


@attrs.define
class Context:
    """What a command runs with: its arguments, a client, the console, and time.

    ``timeout`` is one budget for the whole command: it starts when the context
    is made, and a command that waits twice gives its second wait what is left.
    """

    args: argparse.Namespace
    console: Console
    client_factory: Callable[[], ServiceCatalogClient]
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    timeout: float
    _client: ServiceCatalogClient | None = None
    #: Whether the waits run on the client's ``waiter_clock`` / ``waiter_sleep``
    #: when it has them (main() was given no clock and sleep of its own).
    client_timing: bool = False
    #: The change this run sent, once it sends one.
    change: Change | None = None
    deadline: float = attrs.field(init=False)
    secrets: SecretParameters = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.deadline = self.clock() + self.timeout
        self.secrets = SecretParameters(self.console)

    @property
    def client(self) -> ServiceCatalogClient:
        """The client, built on first use (so usage errors never need AWS config)."""
        if self._client is None:
            self._client = self.client_factory()
        return self._client

    def emit(self, value: object, text: str) -> None:
        """The result: JSON with ``--json`` (with the change's token), else the human text."""
        if not self.args.json:
            self.console.out(text)
            return
        token = {"provision_token": self.change.token} if self.change is not None else {}
        self.console.out(to_json(value, extra=token))

    def start_change(self, command: str, send: Callable[[str], _T]) -> _T:
        """Send a change with ``--provision-token`` (or a new token); say on stderr which.

        The token goes to stderr as soon as the service took the change, so a
        log keeps it even if this run is killed while it waits.
        """
        token = self.args.provision_token or str(uuid.uuid4())
        self.change = Change(command, token)
        started = send(token)
        self.change.accepted = True
        record = getattr(started, "record_detail", None)
        what = f"record {record.record_id} ({record.status})" if record is not None else "accepted"
        self.console.err(f"{command}: {what}; --provision-token {token}")
        return started

    @contextmanager
    def watching(self, what: str, status_of: Callable[[object], str]) -> Iterator[dict[str, Any]]:
        """The timing keywords of one wait, with its progress display shown meanwhile."""
        left = self.deadline - self.clock()
        if left <= 0:
            raise WaiterTimeoutError(
                f"{what}: the {format_elapsed(self.timeout)} of --timeout were used up "
                "before this wait could start",
                last=None,
                status=None,
            )
        clock, sleep = self.clock, self.sleep
        if self.client_timing:
            # The budget left is counted on the command's clock; the wait itself
            # runs on the client's, as the SDK's own waits would.
            clock = self.client.waiter_clock or clock
            sleep = self.client.waiter_sleep or sleep
        progress = Progress(self.console, what, status_of=status_of, clock=clock, sleep=sleep)
        try:
            yield {
                "timeout": left,
                "on_poll": progress.on_poll,
                "clock": clock,
                "sleep": progress.sleep,
            }
        finally:
            progress.finish()

    # -- the waits, with progress ---------------------------------------------------

    def wait_record(self, record_id: str) -> DescribeRecordOutput:
        """Wait for a record, showing progress."""
        with self.watching(f"record {record_id}", _record_status) as timing:
            return waiters.wait_for_record(self.client, record_id, **timing)

    def wait_product(
        self, *, id: str | None, name: str | None, record_id: str | None, accept_tainted: bool
    ) -> DescribeProvisionedProductOutput:
        """Wait for a provisioned product, showing progress."""
        with self.watching(_product_label(id, name), _product_status) as timing:
            return waiters.wait_for_provisioned_product(
                self.client,
                id=id,
                name=name,
                record_id=record_id,
                accept_tainted=accept_tainted,
                **timing,
            )

    def wait_fleet(
        self,
        ids: Sequence[str],
        *,
        accept_tainted: bool,
        access_level_filter: AccessLevelFilter | None = None,
    ) -> Mapping[str, ProvisionedProductDetail]:
        """Wait for several provisioned products at once, showing progress."""
        with self.watching(f"{len(ids)} provisioned products", _fleet_status) as timing:
            return waiters.wait_for_provisioned_products(
                self.client,
                ids,
                accept_tainted=accept_tainted,
                access_level_filter=access_level_filter,
                **timing,
            )

    def wait_gone(self, *, id: str | None, name: str | None, record_id: str | None) -> None:
        """Wait until a provisioned product is terminated, showing progress."""
        with self.watching(_product_label(id, name), _product_status) as timing:
            waiters.wait_for_termination(
                self.client, id=id, name=name, record_id=record_id, **timing
            )


# -- status text ------------------------------------------------------------------


def _record_status(observation: object) -> str:
    detail = getattr(observation, "record_detail", None)
    return str(getattr(detail, "status", None) or "unknown")


def _product_status(observation: object) -> str:
    if observation is None:
        return "TERMINATED"
    detail = getattr(observation, "provisioned_product_detail", None)
    return str(getattr(detail, "status", None) or "unknown")


def _product_label(id: str | None, name: str | None) -> str:
    return f"provisioned product {id}" if id else f"provisioned product {name!r}"


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


def _fleet_status(observation: object) -> str:
    from servicecatalog_sdk._waiting._fleet import summarize

    return summarize(observation) if isinstance(observation, Mapping) else "none"


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
