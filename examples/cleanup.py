"""Terminate every provisioned product carrying a tag, and wait until they are gone.

For tearing down what a feature branch or a test run launched::

    python examples/cleanup.py --tag-key env --tag-value preview-123 --dry-run
    python examples/cleanup.py --tag-key env --tag-value preview-123

Products are found with ``SearchProvisionedProducts`` (whose results carry the
tags) and matched here, on the exact key and, when given, the exact value.
``--dry-run`` only lists them. Otherwise each one gets a
``TerminateProvisionedProduct`` and the script waits until every one is gone.

Exit codes: 0 every match terminated (or listed, with ``--dry-run``), 1 a
termination failed, 2 usage error, 3 timed out, 4 AWS API error.
Credentials, region and endpoint come from the standard AWS environment.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import botocore.exceptions

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import (
    ServiceCatalogSDKError,
    WaiterError,
    WaiterTimeoutError,
)
from servicecatalog_sdk.models import ProvisionedProductAttribute
from servicecatalog_sdk.waiters import DEFAULT_TIMEOUT, MAX_DELAY, MIN_DELAY

EXIT_OK = 0
EXIT_CHANGE_FAILED = 1
EXIT_TIMEOUT = 3
EXIT_API_ERROR = 4


def find_tagged(
    sc: ServiceCatalogClient, key: str, value: str | None
) -> list[ProvisionedProductAttribute]:
    """Provisioned products with tag ``key`` (equal to ``value`` unless it is None)."""
    return [
        product
        for product in sc.search_provisioned_products()
        if any(t.key == key and (value is None or t.value == value) for t in product.tags)
    ]


def terminate_all(
    sc: ServiceCatalogClient,
    products: Sequence[ProvisionedProductAttribute],
    *,
    timeout: float,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
) -> list[str]:
    """Terminate ``products``, then wait for each; return the ids that failed to go.

    Every termination is requested before the first wait, so they run side by
    side; the wait for each uses its own record id, so a product that was
    TAINTED before the termination does not count as a failure.
    """
    started: dict[str, str] = {}
    for product in products:
        assert product.id is not None
        out = sc.terminate_provisioned_product(provisioned_product_id=product.id)
        if out.record_detail is not None and out.record_detail.record_id is not None:
            started[product.id] = out.record_detail.record_id
        print(f"terminating {product.name} ({product.id})")
    failed: list[str] = []
    for product_id, record_id in started.items():
        try:
            sc.wait_for_termination(
                id=product_id,
                record_id=record_id,
                timeout=timeout,
                min_delay=min_delay,
                max_delay=max_delay,
            )
        except WaiterTimeoutError:
            raise
        except WaiterError as exc:
            print(f"failed: {exc}", file=sys.stderr)
            failed.append(product_id)
        else:
            print(f"terminated {product_id}")
    return failed


def main(argv: Sequence[str] | None = None) -> int:
    """Find and terminate the tagged products; return the process exit code."""
    parser = argparse.ArgumentParser(description="Terminate provisioned products by tag.")
    parser.add_argument("--tag-key", required=True)
    parser.add_argument("--tag-value", help="match this value only (default: any value)")
    parser.add_argument("--dry-run", action="store_true", help="list the matches, change nothing")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT.total_seconds())
    parser.add_argument("--poll-min", type=float, default=MIN_DELAY, help="shortest poll pause")
    parser.add_argument("--poll-max", type=float, default=MAX_DELAY, help="longest poll pause")
    args = parser.parse_args(argv)
    if min(args.timeout, args.poll_min, args.poll_max) <= 0:
        parser.error("--timeout, --poll-min and --poll-max must be positive")  # exits 2

    try:
        sc = ServiceCatalogClient.from_session()
        matches = find_tagged(sc, args.tag_key, args.tag_value)
        if not matches:
            print("no provisioned product matches")
            return EXIT_OK
        if args.dry_run:
            for product in matches:
                print(f"would terminate {product.name} ({product.id}), status {product.status}")
            return EXIT_OK
        failed = terminate_all(
            sc,
            matches,
            timeout=args.timeout,
            min_delay=args.poll_min,
            max_delay=max(args.poll_min, args.poll_max),
        )
    except WaiterTimeoutError as exc:
        print(f"timed out: {exc}", file=sys.stderr)
        return EXIT_TIMEOUT
    except (ServiceCatalogSDKError, botocore.exceptions.BotoCoreError) as exc:
        print(f"AWS API error: {exc}", file=sys.stderr)
        return EXIT_API_ERROR
    return EXIT_CHANGE_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
