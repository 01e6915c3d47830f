"""What every command shares: the context it runs with, and the usage error.

Commands (:mod:`servicecatalog_sdk.cli._commands`) and the parser import this
module; it imports neither, so the CLI's modules form no circle.
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from servicecatalog_sdk import waiters
from servicecatalog_sdk.cli._output import Console, to_json
from servicecatalog_sdk.cli._progress import Progress, format_elapsed
from servicecatalog_sdk.cli._secrets import SecretParameters
from servicecatalog_sdk.errors import WaiterTimeoutError

if TYPE_CHECKING:
    from servicecatalog_sdk.client import ServiceCatalogClient
    from servicecatalog_sdk.models import (
        AccessLevelFilter,
        DescribeProvisionedProductOutput,
        DescribeRecordOutput,
        ProvisionedProductDetail,
    )

__all__ = ["PROG", "Change", "Context", "UsageError"]

#: The command's name, in messages.
PROG: Final = "servicecatalog-sdk"

_T = TypeVar("_T")


class UsageError(Exception):
    """The command line is wrong; ``prog`` names the (sub)command whose parser said so."""

    def __init__(self, message: str, prog: str) -> None:
        self.prog = prog
        super().__init__(message)


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


def _fleet_status(observation: object) -> str:
    from servicecatalog_sdk._waiting._fleet import summarize

    return summarize(observation) if isinstance(observation, Mapping) else "none"
