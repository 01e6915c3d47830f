"""Print every provisioned product as a table, grouped by status.

Reads ``ScanProvisionedProducts`` page by page (the SDK follows the page
tokens) and prints one row per provisioned product, the ones that need
attention (ERROR, TAINTED, then anything still changing) first, then a count
per status::

    python examples/report.py                    # the caller's own products
    python examples/report.py --access-level account

Exit code 0, or 4 when AWS refuses the listing; ``--fail-on-problems`` makes
it 1 when any product is in ERROR or TAINTED, for a nightly check.
Credentials, region and endpoint come from the standard AWS environment.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

import botocore.exceptions

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import ServiceCatalogSDKError
from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    ProvisionedProductDetail,
    ProvisionedProductStatus,
)

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_API_ERROR = 4

# Listing order: what needs a human first. Statuses this SDK does not know yet
# (they arrive as pseudo-members with ``is_known`` False) come before AVAILABLE.
_ORDER = {
    ProvisionedProductStatus.ERROR: 0,
    ProvisionedProductStatus.TAINTED: 1,
    ProvisionedProductStatus.UNDER_CHANGE: 2,
    ProvisionedProductStatus.PLAN_IN_PROGRESS: 3,
    ProvisionedProductStatus.AVAILABLE: 5,
}
_PROBLEMS = (ProvisionedProductStatus.ERROR, ProvisionedProductStatus.TAINTED)
_LEVELS = {
    "user": AccessLevelFilterKey.USER,
    "role": AccessLevelFilterKey.ROLE,
    "account": AccessLevelFilterKey.ACCOUNT,
}


def _rank(product: ProvisionedProductDetail) -> tuple[int, str]:
    return _ORDER.get(product.status, 4) if product.status else 4, product.name or ""


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def format_report(products: Iterable[ProvisionedProductDetail]) -> str:
    """The table and the per-status counts, as text."""
    ordered = sorted(products, key=_rank)
    header = ("STATUS", "NAME", "ID", "LAST RECORD", "CREATED (UTC)", "MESSAGE")
    rows = [header] + [
        tuple(
            _cell(v)
            for v in (p.status, p.name, p.id, p.last_record_id, p.created_time, p.status_message)
        )
        for p in ordered
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    counts = Counter(str(p.status or "NO_STATUS") for p in ordered)
    summary = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
    lines.append("")
    lines.append(f"{len(ordered)} provisioned products" + (f": {summary}" if summary else ""))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the report; return the process exit code."""
    parser = argparse.ArgumentParser(description="Provisioned products by status.")
    parser.add_argument(
        "--access-level",
        choices=sorted(_LEVELS),
        help="whose products: the caller's (default), its role's, or the account's",
    )
    parser.add_argument(
        "--fail-on-problems",
        action="store_true",
        help="exit 1 when a product is in ERROR or TAINTED",
    )
    args = parser.parse_args(argv)
    access = (
        AccessLevelFilter(key=_LEVELS[args.access_level], value="self")
        if args.access_level
        else None
    )
    try:
        sc = ServiceCatalogClient.from_session()
        products = list(sc.scan_provisioned_products(access_level_filter=access))
    except (ServiceCatalogSDKError, botocore.exceptions.BotoCoreError) as exc:
        print(f"AWS API error: {exc}", file=sys.stderr)
        return EXIT_API_ERROR
    print(format_report(products))
    if args.fail_on_problems and any(p.status in _PROBLEMS for p in products):
        return EXIT_PROBLEMS
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
