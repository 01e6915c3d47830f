"""Provision a Service Catalog product, or update it if it already exists, and wait.

A deployment-pipeline step: given a product name, a version (provisioning
artifact) name and the name of the provisioned product, it launches the product
the first time and updates it on every later run, then blocks until the change
is really done and prints the stack outputs. The exit code tells the pipeline
what happened, with the same meaning as the ``servicecatalog-sdk`` CLI::

    0  the change succeeded
    1  the change failed (record FAILED, product ERROR or TAINTED)
    2  usage error
    3  timed out while waiting
    4  AWS API error (not found, access denied, throttled for good, ...)

Credentials, region and endpoint come from the standard AWS environment
(``AWS_PROFILE``, ``AWS_REGION``, ``AWS_ENDPOINT_URL``, ...)::

    python examples/deploy.py --product orders-db --version v3 --name orders-db-prod \\
        --param Size=large --tag team=orders --timeout 1800

``--poll-min``/``--poll-max`` set the waiter's backoff bounds (2 s and 60 s
by default); tests against the local emulator make them short.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence

import botocore.exceptions

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import (
    ParamValidationError,
    ResourceNotFoundError,
    ServiceCatalogSDKError,
    WaiterError,
    WaiterTimeoutError,
)
from servicecatalog_sdk.models import (
    DescribeRecordOutput,
    ProvisionedProductStatus,
    RecordDetail,
)
from servicecatalog_sdk.waiters import DEFAULT_TIMEOUT, MAX_DELAY, MIN_DELAY

EXIT_OK = 0
EXIT_CHANGE_FAILED = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 3
EXIT_API_ERROR = 4

# A product in one of these states is still changing: wait before changing it again.
_BUSY = (ProvisionedProductStatus.UNDER_CHANGE, ProvisionedProductStatus.PLAN_IN_PROGRESS)


def deploy(
    sc: ServiceCatalogClient,
    *,
    product: str,
    version: str,
    name: str,
    parameters: Mapping[str, str] | None = None,
    tags: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT.total_seconds(),
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
) -> DescribeRecordOutput:
    """Launch ``product`` at ``version`` as ``name``, or update ``name``; wait until done.

    Returns the final ``DescribeRecord`` output (its ``record_outputs`` are the
    stack outputs). Raises ``RecordFailedError`` when the change failed,
    ``ProvisionedProductTaintedError`` when the product ends TAINTED,
    ``WaiterTimeoutError`` after ``timeout`` seconds, and the API errors of
    :mod:`servicecatalog_sdk.errors` when AWS refuses a call.
    """
    try:
        current = sc.describe_provisioned_product(name=name).provisioned_product_detail
    except ResourceNotFoundError:
        current = None

    record: RecordDetail | None
    if current is None:
        started = sc.provision_product(
            provisioned_product_name=name,
            product_name=product,
            provisioning_artifact_name=version,
            provisioning_parameters=parameters,
            tags=tags,
        )
        record = started.record_detail
    else:
        if current.status in _BUSY:
            # Another change is still running: let it settle (TAINTED is fine
            # here, our update supersedes it; ERROR raises).
            sc.wait_for_provisioned_product(
                name=name,
                accept_tainted=True,
                timeout=timeout,
                min_delay=min_delay,
                max_delay=max_delay,
            )
        updated = sc.update_provisioned_product(
            provisioned_product_name=name,
            product_name=product,
            provisioning_artifact_name=version,
            provisioning_parameters=parameters,
            tags=tags,
        )
        record = updated.record_detail
    if record is None or record.record_id is None:
        raise ServiceCatalogSDKError("the service returned no record for the change")

    done = sc.wait_for_record(
        record.record_id, timeout=timeout, min_delay=min_delay, max_delay=max_delay
    )
    # The record can succeed a moment before the product shows the change:
    # wait until the product's last record is ours and it is AVAILABLE.
    sc.wait_for_provisioned_product(
        name=name,
        record_id=record.record_id,
        timeout=timeout,
        min_delay=min_delay,
        max_delay=max_delay,
    )
    return done


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError("expected KEY=VALUE")
    return key, value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line of this script."""
    parser = argparse.ArgumentParser(
        description="Provision or update a Service Catalog product and wait until it is done.",
        epilog="exit codes: 0 done, 1 the change failed, 2 usage, 3 timed out, 4 AWS API error",
    )
    parser.add_argument("--product", required=True, help="product name")
    parser.add_argument("--version", required=True, help="provisioning artifact (version) name")
    parser.add_argument("--name", required=True, help="provisioned product name")
    parser.add_argument(
        "--param", action="append", type=_key_value, default=[], metavar="KEY=VALUE"
    )
    parser.add_argument("--tag", action="append", type=_key_value, default=[], metavar="KEY=VALUE")
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT.total_seconds(),
        help="seconds to wait (default 1800)",
    )
    parser.add_argument("--poll-min", type=_seconds, default=MIN_DELAY, help="shortest poll pause")
    parser.add_argument("--poll-max", type=_seconds, default=MAX_DELAY, help="longest poll pause")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the deployment; return the process exit code."""
    args = build_parser().parse_args(argv)  # exits with 2 on a usage error
    try:
        sc = ServiceCatalogClient.from_session()
        done = deploy(
            sc,
            product=args.product,
            version=args.version,
            name=args.name,
            parameters=dict(args.param),
            tags=dict(args.tag) or None,
            timeout=args.timeout,
            min_delay=args.poll_min,
            max_delay=max(args.poll_min, args.poll_max),
        )
    except WaiterTimeoutError as exc:
        print(f"timed out: {exc}", file=sys.stderr)
        return EXIT_TIMEOUT
    except WaiterError as exc:  # RecordFailedError, ProvisionedProduct*Error
        print(f"the change failed: {exc}", file=sys.stderr)
        return EXIT_CHANGE_FAILED
    except (ParamValidationError, botocore.exceptions.NoRegionError) as exc:
        print(f"invalid request: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ServiceCatalogSDKError, botocore.exceptions.BotoCoreError) as exc:
        # BotoCoreError: no credentials, an endpoint that cannot be reached, ...
        print(f"AWS API error: {exc}", file=sys.stderr)
        return EXIT_API_ERROR

    record = done.record_detail
    assert record is not None
    print(f"{args.name}: {record.record_type} {record.status} (record {record.record_id})")
    for output in done.record_outputs:
        print(f"  {output.output_key} = {output.output_value}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
