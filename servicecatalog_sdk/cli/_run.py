"""Running one command line: build the context, run the command, map errors to exit codes."""

from __future__ import annotations

import logging
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

import attrs
import botocore.exceptions

from servicecatalog_sdk.cli._commands import COMMANDS
from servicecatalog_sdk.cli._config import (
    CONFIG_ERRORS,
    ConfigurationError,
    check_endpoint_url,
    config_problem,
    explain,
)
from servicecatalog_sdk.cli._context import PROG, Context, UsageError
from servicecatalog_sdk.cli._output import Console, to_json
from servicecatalog_sdk.cli._params import ParamsFileError
from servicecatalog_sdk.cli._parser import build_parser, redact_argv
from servicecatalog_sdk.cli._progress import format_elapsed
from servicecatalog_sdk.errors import (
    CopyProductFailedError,
    ParamValidationError,
    PortfolioShareFailedError,
    ProductFailedError,
    ProvisionedProductFailedError,
    ProvisionedProductPlanFailedError,
    ProvisionedProductTaintedError,
    ProvisioningArtifactFailedError,
    RecordFailedError,
    ServiceCatalogError,
    ServiceCatalogSDKError,
    TransportError,
    UnknownValueWarning,
    WaiterError,
    WaiterTimeoutError,
)
from servicecatalog_sdk.waiters import DEFAULT_TIMEOUT, ProvisionedProductsFailedError

if TYPE_CHECKING:
    from servicecatalog_sdk.client import ServiceCatalogClient

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_CHANGE_FAILED",
    "EXIT_CONFIG_ERROR",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "ClientFactory",
    "ClientOptions",
    "default_client_factory",
    "run",
]

#: Success: the change is done (or the command read what it was asked to).
EXIT_OK: Final = 0
#: The change failed: a record FAILED, a product settled ERROR or TAINTED.
EXIT_CHANGE_FAILED: Final = 1
#: The command line is wrong (one line on stderr says why).
EXIT_USAGE: Final = 2
#: The wait reached its --timeout before the change settled.
EXIT_TIMEOUT: Final = 3
#: AWS said no (not found, access denied, throttled for good, ...) or could not be reached.
EXIT_API_ERROR: Final = 4
#: The local AWS configuration cannot work: no credentials, no region, an unknown
#: profile, a malformed endpoint URL. Nothing was sent.
EXIT_CONFIG_ERROR: Final = 5
#: A bug in this tool (the message asks for --debug).
EXIT_INTERNAL: Final = 70
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED: Final = 130

# Failures of the resource waiters: each carries the final output as ``last``.
_RESOURCE_FAILURES: Final = (
    CopyProductFailedError,
    PortfolioShareFailedError,
    ProductFailedError,
    ProvisionedProductPlanFailedError,
    ProvisioningArtifactFailedError,
)


@attrs.frozen(kw_only=True)
class ClientOptions:
    """Where the client connects: from ``--region``, ``--profile``, ``--endpoint-url``."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None


#: Builds the client a command uses (tests pass one backed by botocore's Stubber).
ClientFactory = Callable[[ClientOptions], "ServiceCatalogClient"]


def default_client_factory(options: ClientOptions) -> ServiceCatalogClient:
    """A real client; boto3 reads the standard AWS environment variables and files.

    A configuration that cannot work raises one of botocore's configuration
    errors or :class:`ConfigurationError` (both exit 5).
    """
    import boto3

    from servicecatalog_sdk.client import ServiceCatalogClient

    check_endpoint_url(options.endpoint_url)
    session = boto3.Session(profile_name=options.profile)
    try:
        return ServiceCatalogClient.from_session(
            session, region_name=options.region, endpoint_url=options.endpoint_url
        )
    except ValueError as exc:
        if isinstance(exc, CONFIG_ERRORS):  # InvalidRegionError is a ValueError too
            raise
        # botocore checks the endpoint (--endpoint-url, AWS_ENDPOINT_URL or the
        # config file's) while building the client, with a plain ValueError.
        raise ConfigurationError(f"invalid endpoint: {exc}") from exc


def _failure_object(exc: BaseException) -> object | None:
    # What --json prints for a failed wait: the final state, for jq.
    if isinstance(exc, RecordFailedError):
        return exc.record
    if isinstance(exc, ProvisionedProductFailedError | ProvisionedProductTaintedError):
        return exc.detail
    if isinstance(exc, ProvisionedProductsFailedError):
        return {"failures": exc.failures, "results": exc.results}
    if isinstance(exc, (WaiterTimeoutError, *_RESOURCE_FAILURES)):
        return exc.last
    return None


def _resumable(ctx: Context, exc: BaseException, code: int) -> str | None:
    """The token to re-run with, when re-running with it picks up where this run stopped.

    That is when the change was taken and this run stopped short of its end
    (a timeout, a failed poll, Ctrl-C), or when its own call got no answer,
    so it may or may not have been made. A change that failed is over: the
    same token would only return the same failed record.
    """
    change = ctx.change
    if change is None:
        return None
    if change.accepted:
        return change.token if code != EXIT_CHANGE_FAILED else None
    if isinstance(exc, TransportError | KeyboardInterrupt):
        return change.token
    return None


def exit_code_for(exc: BaseException) -> int:
    """The exit code that tells a script what went wrong."""
    if isinstance(exc, WaiterTimeoutError):
        return EXIT_TIMEOUT
    if isinstance(exc, WaiterError):
        return EXIT_CHANGE_FAILED
    if config_problem(exc) is not None:
        return EXIT_CONFIG_ERROR
    if isinstance(exc, (ParamValidationError, UsageError, ParamsFileError)):
        return EXIT_USAGE
    if isinstance(exc, ServiceCatalogSDKError | botocore.exceptions.BotoCoreError):
        return EXIT_API_ERROR
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return EXIT_INTERNAL


def _one_line(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, WaiterTimeoutError):
        return f"timed out (--timeout {format_elapsed(timeout)} for the whole command): {exc}"
    if isinstance(exc, WaiterError):
        return f"the change failed: {exc}"
    problem = config_problem(exc)
    if problem is not None:
        return f"AWS configuration: {explain(problem)}"
    if isinstance(exc, ServiceCatalogError):
        request = f" (request id {exc.request_id})" if exc.request_id else ""
        return f"AWS API error: {exc}{request}"
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if exit_code_for(exc) == EXIT_INTERNAL:
        return f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)"
    return str(exc) or type(exc).__name__


class _ConsoleHandler(logging.Handler):
    """SDK log records as ``warning: ...`` lines on the console (masked like the rest)."""

    def __init__(self, console: Console, level: int) -> None:
        super().__init__(level)
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.console.err(f"{record.levelname.lower()}: {record.getMessage()}")
        except RecursionError:  # as logging.StreamHandler.emit: never hidden
            raise
        except Exception:
            # Broad on purpose, as logging's own handlers: a log line never breaks
            # the command, and handleError reports the failure on stderr instead.
            self.handleError(record)


@contextmanager
def _logging(console: Console, debug: bool) -> Iterator[None]:
    """The SDK's log on the console, for this run only; the caller's setup comes back after.

    main() may be called as a function (tests, other programs): the logger's
    level, handlers, ``propagate`` and ``disabled``, and the warning filters,
    are restored on return, whatever happened.
    """
    sdk = logging.getLogger("servicecatalog_sdk")
    handler = _ConsoleHandler(console, logging.DEBUG if debug else logging.WARNING)
    saved_handlers = list(sdk.handlers)
    saved = (sdk.level, sdk.propagate, sdk.disabled)
    for other in saved_handlers:
        sdk.removeHandler(other)
    sdk.addHandler(handler)
    # botocore's debug log would print request bodies, parameter values included:
    # only the SDK's own loggers get louder.
    sdk.setLevel(logging.DEBUG if debug else logging.WARNING)
    sdk.propagate = False
    sdk.disabled = False
    try:
        with warnings.catch_warnings():
            # The waiter logs the same news; one line is enough.
            warnings.simplefilter("ignore", UnknownValueWarning)
            yield
    finally:
        sdk.removeHandler(handler)
        for other in saved_handlers:
            sdk.addHandler(other)
        sdk.setLevel(saved[0])
        sdk.propagate, sdk.disabled = saved[1], saved[2]


def run(
    argv: Sequence[str] | None,
    *,
    client_factory: ClientFactory | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> int:
    """Parse ``argv``, run the command, and return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["rollout"]:
        # The rollout has its own parser (and the rollout extra); imported only here.
        from servicecatalog_sdk.rollout._cli import main as rollout_main

        return rollout_main(argv[1:])
    console = Console(sys.stdout, sys.stderr)
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        # One line, as a deployment log wants it; --help has the full usage.
        message = redact_argv(argv, str(exc))
        console.err(f"{PROG}: error: {message} (see '{exc.prog} --help')")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    # --param values are judged by the command (NoEcho); these are secret by the user's word.
    console.add_secrets(value for _, value in getattr(args, "secret_params", []))

    options = ClientOptions(
        region=args.region, profile=args.profile, endpoint_url=args.endpoint_url
    )
    factory = client_factory or default_client_factory
    ctx = Context(
        args=args,
        console=console,
        client_factory=lambda: factory(options),
        # Bound now, not at import: a patched time module is honoured.
        clock=clock or time.monotonic,
        sleep=sleep or time.sleep,
        timeout=args.timeout if args.timeout is not None else DEFAULT_TIMEOUT.total_seconds(),
        client_timing=clock is None and sleep is None,
    )
    with _logging(console, args.debug):
        try:
            return COMMANDS[args.command](ctx)
        except (Exception, KeyboardInterrupt) as exc:
            # Broad on purpose, the command's last resort: every failure is reported
            # (one line, the traceback with --debug) and exits non-zero, a bug as internal.
            if args.debug:
                console.err("".join(traceback.format_exception(exc)).rstrip())
            code = exit_code_for(exc)
            token = _resumable(ctx, exc, code)
            failure = _failure_object(exc)
            if args.json and (failure is not None or token is not None):
                extra = {"provision_token": token} if token is not None else None
                console.out(to_json({} if failure is None else failure, extra=extra))
            line = _one_line(exc, ctx.timeout)
            if token is not None:
                line += f"; re-run with --provision-token {token} to resume it"
            console.err(f"{PROG}: error: {line}")
            return code
