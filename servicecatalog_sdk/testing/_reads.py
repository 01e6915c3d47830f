"""Handlers that read records and provisioned products.

DescribeRecord, DescribeProvisionedProduct, ScanProvisionedProducts and
SearchProvisionedProducts count as observations of the records they show, which is
what moves a record from CREATED through IN_PROGRESS to its result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._backend import EmulatorBackend
from ._errors import invalid, not_found
from ._model import ProvisionedProduct
from ._paging import page
from ._search_query import matches
from ._views import pp_attributes, pp_detail, record_detail
from ._visibility import visible_products

Params = Mapping[str, Any]

_QUERY_FIELDS: dict[str, Callable[[ProvisionedProduct], str | None]] = {
    "name": lambda pp: pp.name,
    "id": lambda pp: pp.id,
    "arn": lambda pp: pp.arn,
    "status": lambda pp: pp.status,
    "productid": lambda pp: pp.product_id,
    "provisioningartifactid": lambda pp: pp.artifact_id,
    "lastrecordid": lambda pp: pp.last_record_id,
    "type": lambda pp: "CFN_STACK",
}


def _with_token(out: dict[str, Any], token: str | None) -> dict[str, Any]:
    if token is not None:
        out["NextPageToken"] = token
    return out


def _observe_all(backend: EmulatorBackend) -> list[ProvisionedProduct]:
    for pp in list(backend.pps.values()):
        backend.observe_pp(pp)
    # Observing can settle a termination, which removes the product.
    return list(backend.pps.values())


def _check_access_filter(params: Params) -> str:
    """The request's AccessLevelFilter level: ``User`` (AWS's default), ``Role`` or ``Account``."""
    access = params.get("AccessLevelFilter") or {}
    level = access.get("Key") or "User"
    if level not in ("Account", "Role", "User"):
        raise invalid("AccessLevelFilter Key must be Account, Role or User")
    if access.get("Value") not in (None, "self"):
        raise invalid("The only AccessLevelFilter Value is self")
    return str(level)


def _seen_at(backend: EmulatorBackend, params: Params) -> list[ProvisionedProduct]:
    # Every live provisioned product (each one observed), then those the caller's
    # access level shows.
    level = _check_access_filter(params)
    return [
        pp for pp in _observe_all(backend) if backend.owns(pp.owner_arn, pp.owner_session, level)
    ]


def describe_record(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeRecord: the record and, once it succeeded, its outputs, paged."""
    record = backend.record(params.get("Id") or "")
    backend.observe(record)
    outputs = record.outputs if record.status == "SUCCEEDED" else []
    items, token = page(outputs, params)
    return _with_token({"RecordDetail": record_detail(record), "RecordOutputs": list(items)}, token)


def describe_provisioned_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeProvisionedProduct, by Id or by Name (not both, as AWS documents)."""
    if params.get("Id") and params.get("Name"):
        raise invalid("Specify the provisioned product's Id or its Name, not both.")
    pp = backend.pp(params.get("Id"), params.get("Name"))
    if pp.stale_reads_left > 0 and pp.stale_view is not None:
        # A stale read shows the product before the change; it is no look at the change.
        pp.stale_reads_left -= 1
        return {"ProvisionedProductDetail": pp.stale_view, "CloudWatchDashboards": []}
    backend.observe_pp(pp)
    if pp.id not in backend.pps:
        raise not_found(f"Provisioned product {pp.id} not found.")
    return {"ProvisionedProductDetail": pp_detail(pp), "CloudWatchDashboards": []}


def scan_provisioned_products(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ScanProvisionedProducts: every live provisioned product, in launch order, paged."""
    items, token = page(_seen_at(backend, params), params)
    return _with_token({"ProvisionedProducts": [pp_detail(pp) for pp in items]}, token)


def search_provisioned_products(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """SearchProvisionedProducts: SearchQuery filters (``field:value`` or free text), sorted."""
    filters = params.get("Filters") or {}
    if set(filters) - {"SearchQuery"}:
        raise invalid("The only filter key is SearchQuery")
    queries = [str(q) for q in filters.get("SearchQuery") or []]
    # A product shared from another account names the provisioned products made from it.
    products = {p.id: p for p in visible_products(backend)}
    found = [
        pp
        for pp in _seen_at(backend, params)
        if all(
            matches(pp_attributes(pp, products.get(pp.product_id), backend.account_id), q)
            for q in queries
        )
    ]
    sort_by, order = params.get("SortBy"), params.get("SortOrder", "ASCENDING")
    if order not in ("ASCENDING", "DESCENDING"):
        raise invalid("SortOrder must be ASCENDING or DESCENDING")
    if sort_by is not None:
        getter = _QUERY_FIELDS.get(str(sort_by).lower())
        if getter is None or sort_by not in ("arn", "id", "name", "lastRecordId"):
            raise invalid("SortBy must be one of arn, id, name, lastRecordId")
        found.sort(key=lambda pp: getter(pp) or "", reverse=order == "DESCENDING")
    elif backend.unstable_order is not None:
        # AWS promises no order without SortBy: offset paging can skip or repeat items.
        backend.unstable_order.shuffle(found)
    items, token = page(found, params, max_size=100)
    return _with_token(
        {
            "ProvisionedProducts": [
                pp_attributes(pp, products.get(pp.product_id), backend.account_id) for pp in items
            ],
            "TotalResultsCount": len(found),
        },
        token,
    )


def list_record_history(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListRecordHistory: records newest first, optionally for one product or provisioned product.

    Listing is not an observation: the history shows statuses as they stand.
    """
    level = _check_access_filter(params)
    records = [
        r
        for r in reversed(backend.records.values())
        if backend.owns(r.user_arn, r.user_session, level)
    ]
    search = params.get("SearchFilter") or {}
    key, value = search.get("Key"), search.get("Value")
    if key is not None:
        if key == "product":
            records = [r for r in records if r.product_id == value]
        elif key == "provisionedproduct":
            records = [r for r in records if r.pp_id == value]
        else:
            raise invalid("SearchFilter Key must be product or provisionedproduct")
    items, token = page(records, params)
    return _with_token({"RecordDetails": [record_detail(r) for r in items]}, token)
