"""``servicecatalog-sdk emulator``: the local emulator's server, in the foreground.

The server itself lives in :mod:`servicecatalog_sdk.testing._serve`, which needs
the optional ``testing`` extra (moto); this module only parses and hands over.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicecatalog_sdk.cli._commands import Context

__all__ = ["add_emulator_command", "cmd_emulator"]


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def add_emulator_command(
    commands: Any, command: Callable[[Any, str, str], argparse.ArgumentParser]
) -> None:
    """Add the ``emulator`` subcommand to ``commands`` (built with ``command``)."""
    parser = command(
        commands,
        "emulator",
        "serve the local Service Catalog emulator until Ctrl-C (needs the testing extra)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument(
        "--port", type=_non_negative, default=0, help="port to listen on (0: a free one)"
    )
    parser.add_argument(
        "--in-progress-polls",
        type=_non_negative,
        default=2,
        metavar="N",
        help="observations a change spends IN_PROGRESS (default 2)",
    )


def cmd_emulator(ctx: Context) -> int:
    """``emulator``: print the endpoint, serve until SIGINT or SIGTERM, exit 0."""
    # Imported here: the parser module imports this one to add the subcommand.
    from servicecatalog_sdk.cli._parser import PROG, UsageError

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
