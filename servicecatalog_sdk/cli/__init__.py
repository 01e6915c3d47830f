"""``servicecatalog-sdk``: provision Service Catalog products from deployment scripts.

Every command that changes something can ``--wait`` until the change is really
done, and the exit code tells the truth: 0 success, 1 the change failed
(FAILED, ERROR, TAINTED), 2 usage error, 3 timed out, 4 AWS API error, 5 local
AWS configuration problem (no credentials, no region, unknown profile, bad endpoint).
Changes take ``--provision-token``, so a script can re-run one without starting it twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from servicecatalog_sdk.cli._run import (
    EXIT_API_ERROR,
    EXIT_CHANGE_FAILED,
    EXIT_CONFIG_ERROR,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    ClientFactory,
    ClientOptions,
    run,
)

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_CHANGE_FAILED",
    "EXIT_CONFIG_ERROR",
    "EXIT_OK",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "ClientFactory",
    "ClientOptions",
    "main",
]


def main(
    argv: Sequence[str] | None = None,
    *,
    client_factory: ClientFactory | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    ``client_factory`` builds the client from the connection options (default:
    a boto3 session with ``--profile``, ``--region`` and ``--endpoint-url``);
    ``clock`` and ``sleep`` replace ``time.monotonic`` and ``time.sleep``. Tests
    use all three; the console script calls ``main()`` bare. While it runs, the
    ``servicecatalog_sdk`` logger writes to stderr and the CLI sets its warning
    filters; on return both are as the caller had them.
    """
    return run(argv, client_factory=client_factory, clock=clock, sleep=sleep)
