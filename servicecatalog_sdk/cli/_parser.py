"""The command line: subcommands, global options, and value parsers.

It builds the parser only; what each subcommand does is in
:mod:`servicecatalog_sdk.cli._commands`.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import Any, Final, NoReturn

from servicecatalog_sdk.cli._context import PROG, UsageError

__all__ = [
    "build_parser",
    "idempotency_token",
    "key_env",
    "key_value",
    "non_negative",
    "parse_duration",
    "redact_argv",
]

_NUMBER: Final = re.compile(r"\d+(?:\.\d+)?")
_PARTS: Final = re.compile(r"(?:\d+(?:\.\d+)?[hms])+")
_PART: Final = re.compile(r"(\d+(?:\.\d+)?)([hms])")
_UNIT: Final = {"h": 3600.0, "m": 60.0, "s": 1.0}


class _Parser(argparse.ArgumentParser):
    # Raise instead of exiting, so main() decides what is printed: argparse
    # would echo a mistyped argument, which can hold a parameter value.
    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


def parse_duration(text: str) -> float:
    """Seconds in ``90``, ``30s``, ``45m``, ``1h`` or ``1h30m``."""
    value = text.strip().lower()
    if _NUMBER.fullmatch(value):
        seconds = float(value)
    elif _PARTS.fullmatch(value):
        seconds = sum(float(n) * _UNIT[u] for n, u in _PART.findall(value))
    else:
        raise argparse.ArgumentTypeError(
            f"invalid duration {text!r}: use seconds or a unit, e.g. 90, 30s, 45m, 1h30m"
        )
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"the duration must be positive, got {text!r}")
    return seconds


def key_value(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` as a pair; the value may be empty or hold ``=``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        # Never quote the argument: it may be a value typed without its key.
        raise argparse.ArgumentTypeError("expected KEY=VALUE")
    return key.strip(), value


#: What the service takes as an idempotency token.
_TOKEN: Final = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,127}")


def idempotency_token(text: str) -> str:
    """A ``--provision-token``: 1-128 letters, digits, ``_`` and ``-``, not starting with one."""
    if not _TOKEN.fullmatch(text):
        raise argparse.ArgumentTypeError(
            "expected 1-128 letters, digits, '_' or '-', starting with a letter or digit"
        )
    return text


def non_negative(text: str) -> int:
    """A whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def key_env(text: str) -> tuple[str, str]:
    """``KEY=ENV_NAME`` as a pair."""
    key, sep, name = text.partition("=")
    if not sep or not key.strip() or not name.strip():
        raise argparse.ArgumentTypeError("expected KEY=ENV_NAME")
    return key.strip(), name.strip()


def _add_globals(parser: argparse.ArgumentParser, *, nested: bool) -> None:
    # The same options are accepted after the subcommand too; there they
    # default to "absent" so they never undo a value given before it.
    def default(value: Any) -> Any:
        return argparse.SUPPRESS if nested else value

    group = parser.add_argument_group("global options")
    group.add_argument(
        "--region", default=default(None), help="AWS region (else the usual AWS config)"
    )
    group.add_argument("--profile", default=default(None), help="named AWS profile")
    group.add_argument(
        "--endpoint-url", default=default(None), help="alternative endpoint (e.g. a local emulator)"
    )
    group.add_argument(
        "--timeout",
        type=parse_duration,
        default=default(None),
        metavar="DURATION",
        help="how long to wait: 90, 30s, 45m, 1h (default 30m)",
    )
    group.add_argument(
        "--json", action="store_true", default=default(False), help="print the result as JSON"
    )
    group.add_argument(
        "--debug", action="store_true", default=default(False), help="debug logs and tracebacks"
    )


def _id_or_name(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--id", help="provisioned product id (pp-...)")
    target.add_argument("--name", help="provisioned product name")


def _id_or_name_of(
    parser: argparse.ArgumentParser, what: str, help: str, *, required: bool = False
) -> None:
    # ProductId / ProductName and the like: the service takes one or the other.
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument(f"--{what}-id", help=f"{help} id")
    group.add_argument(f"--{what}-name", help=f"{help} name")


def _token_option(parser: argparse.ArgumentParser, api_name: str) -> None:
    parser.add_argument(
        "--provision-token",
        type=idempotency_token,
        metavar="TOKEN",
        help=f"idempotency token ({api_name}): a re-run with the same token returns the "
        "same change instead of starting another (default: a new one, printed on stderr)",
    )


def _change_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--params-file",
        metavar="FILE",
        help="provisioning parameters: a JSON object of key -> value (.yaml/.yml: YAML, "
        "needs PyYAML); --param, --secret-param and --param-from-env override its keys",
    )
    parser.add_argument(
        "--param",
        dest="params",
        action="append",
        type=key_value,
        default=[],
        metavar="KEY=VALUE",
        help="provisioning parameter (repeatable; masked in output if the artifact "
        "declares it NoEcho)",
    )
    parser.add_argument(
        "--secret-param",
        dest="secret_params",
        action="append",
        type=key_value,
        default=[],
        metavar="KEY=VALUE",
        help="provisioning parameter whose value is always masked in output (repeatable)",
    )
    parser.add_argument(
        "--param-from-env",
        dest="env_params",
        action="append",
        type=key_env,
        default=[],
        metavar="KEY=ENV_NAME",
        help="provisioning parameter whose value is in the environment variable ENV_NAME, "
        "kept out of the command line (repeatable; masked like --param)",
    )
    parser.add_argument("--wait", action="store_true", help="wait until the change is done")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(
        prog=PROG,
        description="Provision AWS Service Catalog products and wait until the change is done.",
        epilog="exit codes: 0 success, 1 the change failed, 2 usage error, 3 timed out, "
        "4 AWS API error, 5 local AWS configuration problem (credentials, region, profile, "
        "endpoint)",
    )
    _add_globals(parser, nested=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(parent: Any, name: str, help: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = parent.add_parser(name, help=help, description=help)
        _add_globals(sub, nested=True)
        return sub

    wait = commands.add_parser(
        "wait",
        help="wait for a record, a provisioned product, a fleet, a product, an artifact, "
        "a copy, a plan or a portfolio share",
    )
    waits = wait.add_subparsers(dest="wait_target", metavar="TARGET", required=True)
    record = command(waits, "record", "wait until a record SUCCEEDED")
    record.add_argument("record_id", metavar="RECORD_ID")
    product = command(waits, "provisioned-product", "wait until a provisioned product is AVAILABLE")
    _id_or_name(product)
    product.add_argument("--record-id", help="wait until this change is the product's last")
    product.add_argument("--accept-tainted", action="store_true", help="TAINTED counts as done")
    fleet = command(waits, "fleet", "wait until every listed provisioned product is AVAILABLE")
    fleet.add_argument("ids", nargs="+", metavar="PROVISIONED_PRODUCT_ID")
    fleet.add_argument("--accept-tainted", action="store_true", help="TAINTED counts as done")
    fleet.add_argument(
        "--access-level",
        choices=("user", "account"),
        default=None,
        help="whose provisioned products each listing covers: user, the caller's own (the "
        "service's default); account, everyone's in the account",
    )
    command(waits, "product", "wait until a new product is AVAILABLE").add_argument(
        "product_id", metavar="PRODUCT_ID"
    )
    artifact = command(waits, "artifact", "wait until a provisioning artifact is AVAILABLE")
    artifact.add_argument("product_id", metavar="PRODUCT_ID")
    artifact.add_argument("artifact_id", metavar="ARTIFACT_ID")
    command(waits, "copy", "wait until a product copy SUCCEEDED").add_argument(
        "token", metavar="COPY_PRODUCT_TOKEN"
    )
    command(
        waits, "plan", "wait until a provisioned product plan is CREATE_SUCCESS or EXECUTE_SUCCESS"
    ).add_argument("plan_id", metavar="PLAN_ID")
    command(waits, "share", "wait until an organization portfolio share is COMPLETED").add_argument(
        "token", metavar="PORTFOLIO_SHARE_TOKEN"
    )

    provision = command(commands, "provision", "provision a product")
    _id_or_name_of(provision, "product", "product", required=True)
    _id_or_name_of(provision, "artifact", "provisioning artifact", required=True)
    provision.add_argument("--name", required=True, help="name of the new provisioned product")
    _id_or_name_of(provision, "path", "launch path")
    provision.add_argument(
        "--tag", dest="tags", action="append", type=key_value, default=[], metavar="KEY=VALUE"
    )
    _token_option(provision, "ProvisionToken")
    _change_options(provision)

    update = command(commands, "update", "update a provisioned product")
    _id_or_name(update)
    _id_or_name_of(update, "product", "product")
    _id_or_name_of(update, "artifact", "provisioning artifact")
    _id_or_name_of(update, "path", "launch path")
    _token_option(update, "UpdateToken")
    update.add_argument(
        "--keep-param",
        dest="keep_params",
        action="append",
        default=[],
        metavar="KEY",
        help="keep this parameter's current value (repeatable)",
    )
    _change_options(update)

    terminate = command(commands, "terminate", "terminate a provisioned product")
    _id_or_name(terminate)
    _token_option(terminate, "TerminateToken")
    terminate.add_argument("--wait", action="store_true", help="wait until the product is gone")

    copy = command(commands, "copy", "copy a product (CopyProduct)")
    copy.add_argument("--source-product-arn", required=True, help="ARN of the product to copy")
    copy.add_argument("--target-product-id", help="copy into this existing product")
    copy.add_argument("--target-product-name", help="name of the new product")
    copy.add_argument("--wait", action="store_true", help="wait until the copy SUCCEEDED")

    plan = commands.add_parser("plan", help="create or execute a provisioned product plan")
    plans = plan.add_subparsers(dest="plan_action", metavar="ACTION", required=True)
    create = command(
        plans, "create", "create a plan of a provisioning (CreateProvisionedProductPlan)"
    )
    create.add_argument("--name", required=True, help="name of the plan")
    create.add_argument("--product-id", required=True)
    create.add_argument("--artifact-id", required=True, help="provisioning artifact id")
    create.add_argument(
        "--provisioned-product-name", required=True, help="the provisioned product it plans"
    )
    create.add_argument("--path-id", help="launch path id")
    _change_options(create)
    execute = command(plans, "execute", "execute a plan (ExecuteProvisionedProductPlan)")
    execute.add_argument("plan_id", metavar="PLAN_ID")
    execute.add_argument("--wait", action="store_true", help="wait until its record SUCCEEDED")

    records = command(commands, "records", "record history (a table)")
    records.add_argument("--id", help="only the records of this provisioned product")
    records.add_argument("--limit", type=int, default=None, help="at most this many records")

    products = command(commands, "products", "provisioned products (a table)")
    products.add_argument(
        "--access-level",
        choices=("user", "role", "account"),
        default=None,
        help="whose products to list (default: the caller's)",
    )

    command(commands, "demo", "run the local demo (needs the testing extra)")
    emulator = command(
        commands,
        "emulator",
        "serve the local Service Catalog emulator until Ctrl-C (needs the testing extra)",
    )
    emulator.add_argument("--host", default="127.0.0.1", help="address to listen on")
    emulator.add_argument(
        "--port", type=non_negative, default=0, help="port to listen on (0: a free one)"
    )
    emulator.add_argument(
        "--in-progress-polls",
        type=non_negative,
        default=2,
        metavar="N",
        help="observations a change spends IN_PROGRESS (default 2)",
    )
    return parser


def redact_argv(argv: Sequence[str], message: str) -> str:
    """``message`` without the value part of any ``KEY=VALUE`` argument in ``argv``."""
    for arg in argv:
        _, sep, value = arg.partition("=")
        if sep and value:
            message = message.replace(value, "***")
    return message
