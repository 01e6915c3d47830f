"""``call_ratio_own_client`` and ``call_ratio_user_client``: a full call, SDK ÷ boto3.

One 100-item page of ``ScanProvisionedProducts`` and ``SearchProductsAsAdmin``
and one ``DescribeRecord`` with 100 record outputs, each answered by the same
canned HTTP response for three clients measured in one interleaved run:

- ``boto3``: a raw boto3 client (``boto3.Session().client("servicecatalog")``);
- ``own``: ``ServiceCatalogClient.from_session()``, a client the SDK built itself;
- ``user``: ``ServiceCatalogClient(boto3_client)``, a client the user built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from benchmarks._timing import Settings, figure, interleaved, micros, progress, ratio
from benchmarks._wire import Responder, encode, own_client, page_body, raw_client, user_client
from servicecatalog_sdk import ServiceCatalogClient

__all__ = ["OPERATIONS", "OWN_TARGET", "USER_TARGET", "run"]

OPERATIONS: Final = ("ScanProvisionedProducts", "SearchProductsAsAdmin", "DescribeRecord")
OWN_TARGET: Final = 0.85
USER_TARGET: Final = 1.15

RECORD_ID: Final = "rec-bench0000001"


def canned_responder() -> Responder:
    """One 100-item page per operation, without a next-page token."""
    return Responder.fixed({op: encode(page_body(op)) for op in OPERATIONS})


def _sdk_call(operation: str, sc: ServiceCatalogClient) -> Callable[[], object]:
    if operation == "ScanProvisionedProducts":
        return lambda: [page for page in sc.scan_provisioned_products().pages()]
    if operation == "SearchProductsAsAdmin":
        return lambda: [page for page in sc.search_products_as_admin().pages()]
    return lambda: sc.describe_record(id=RECORD_ID)


def _boto3_call(operation: str, client: Any) -> Callable[[], object]:
    if operation == "ScanProvisionedProducts":
        return lambda: client.scan_provisioned_products()
    if operation == "SearchProductsAsAdmin":
        return lambda: client.search_products_as_admin()
    return lambda: client.describe_record(Id=RECORD_ID)


def run(settings: Settings) -> dict[str, Any]:
    """Both call-ratio figures, from one interleaved run per operation."""
    responder = canned_responder()
    boto3_client = raw_client(responder)
    own = own_client(responder)
    user = user_client(responder)
    own_by_op: dict[str, Any] = {}
    user_by_op: dict[str, Any] = {}
    for operation in OPERATIONS:
        progress(f"call ratio: {operation}")
        samples = interleaved(
            {
                "boto3": _boto3_call(operation, boto3_client),
                "own": _sdk_call(operation, own),
                "user": _sdk_call(operation, user),
            },
            rounds=settings.rounds,
            batch=settings.batch,
        )
        own_by_op[operation] = figure(
            ratio(samples, "own", "boto3"),
            "<=",
            OWN_TARGET,
            sdk_us=micros(samples["own"]),
            boto3_us=micros(samples["boto3"]),
        )
        user_by_op[operation] = figure(
            ratio(samples, "user", "boto3"),
            "<=",
            USER_TARGET,
            sdk_us=micros(samples["user"]),
            boto3_us=micros(samples["boto3"]),
        )
    return {
        "call_ratio_own_client": figure(
            max(f["value"] for f in own_by_op.values()),
            "<=",
            OWN_TARGET,
            worst_of=list(OPERATIONS),
            by_operation=own_by_op,
        ),
        "call_ratio_user_client": figure(
            max(f["value"] for f in user_by_op.values()),
            "<=",
            USER_TARGET,
            worst_of=list(OPERATIONS),
            by_operation=user_by_op,
        ),
    }
