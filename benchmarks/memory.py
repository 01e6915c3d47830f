"""``lazy_memory_ratio``: peak memory of lazy iteration, and bytes kept per item.

- ``value``: peak traced memory (``tracemalloc``) while iterating
  ``pages`` x 100 ``ProvisionedProductDetail`` lazily
  (``for pp in sc.scan_provisioned_products()``) ÷ the peak while materialising
  them all (``list(sc.scan_provisioned_products())``), both on a client the SDK
  built itself, answered page by page by canned responses.
- ``per_object``: bytes retained per ``ProvisionedProductDetail`` read through
  that client ÷ bytes retained per item dict read through a raw boto3 client
  (``tracemalloc`` snapshot diff over every item of every page, values included:
  strings, datetimes, enum members). ``shell_per_object`` compares the
  containers alone: a model built from an already-parsed dict ÷ a shallow copy
  of that dict.
"""

from __future__ import annotations

import gc
import statistics
import tracemalloc
from collections.abc import Callable, Mapping
from typing import Any, Final

from botocore.awsrequest import AWSPreparedRequest

from benchmarks._timing import Settings, figure, progress
from benchmarks._wire import (
    PAGE_ITEMS,
    Responder,
    encode,
    own_client,
    page_body,
    raw_client,
    request_json,
)
from servicecatalog_sdk._converter import converter
from servicecatalog_sdk.models import ProvisionedProductDetail

__all__ = ["LAZY_TARGET", "PER_OBJECT_TARGET", "run"]

LAZY_TARGET: Final = 0.05
PER_OBJECT_TARGET: Final = 0.85


def paging_responder(pages: int) -> Responder:
    """``ScanProvisionedProducts`` answered with ``pages`` pages chained by tokens."""
    bodies = [
        encode(page_body("ScanProvisionedProducts", page=n, next_token=str(n + 1)))
        if n + 1 < pages
        else encode(page_body("ScanProvisionedProducts", page=n))
        for n in range(pages)
    ]

    def body_for(_operation: str, request: AWSPreparedRequest) -> bytes:
        return bodies[int(request_json(request).get("PageToken") or 0)]

    return Responder(body_for)


def _traced_peak(fn: Callable[[], object]) -> int:
    """Peak traced bytes above the starting point while ``fn`` runs (its result included)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = fn()
        peak = tracemalloc.get_traced_memory()[1] - base
        del result
    finally:
        tracemalloc.stop()
    return peak


def _retained(make: Callable[[], list[Any]]) -> tuple[int, int, list[tuple[str, int]]]:
    """Bytes still held by what ``make`` returns, its length, and the top allocating lines."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        kept = make()
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    diff = after.compare_to(before, "lineno")
    total = sum(stat.size_diff for stat in diff)
    top = [(str(stat.traceback), stat.size_diff) for stat in diff[:5]]
    return total, len(kept), top


def _per_object(sc: Any, boto3_client: Any, pages: int) -> dict[str, Any]:
    def models() -> list[Any]:
        return list(sc.scan_provisioned_products())

    def dicts() -> list[Any]:
        kept: list[Any] = []
        token: str | None = None
        for _ in range(pages):
            page = boto3_client.scan_provisioned_products(**({"PageToken": token} if token else {}))
            kept.extend(page["ProvisionedProducts"])
            token = page.get("NextPageToken")
        return kept

    model_bytes, model_count, model_top = _retained(models)
    dict_bytes, dict_count, dict_top = _retained(dicts)
    assert model_count == dict_count == pages * PAGE_ITEMS, (model_count, dict_count)
    per_model = model_bytes / model_count
    per_dict = dict_bytes / dict_count

    # The containers alone, from the same parsed values.
    parsed = dicts()
    structure = converter().structure
    shell_model, _, _ = _retained(lambda: [structure(d, ProvisionedProductDetail) for d in parsed])
    shell_dict, _, _ = _retained(lambda: [dict(d) for d in parsed])
    return {
        "value": per_model / per_dict,
        "model_bytes": round(per_model, 1),
        "dict_bytes": round(per_dict, 1),
        "shell_per_object": round(shell_model / shell_dict, 3),
        "shell_model_bytes": round(shell_model / len(parsed), 1),
        "shell_dict_bytes": round(shell_dict / len(parsed), 1),
        "model_top_lines": model_top[:3],
        "dict_top_lines": dict_top[:3],
    }


def run(settings: Settings) -> dict[str, Any]:
    """The memory figures: lazy ÷ materialised peak, and retained bytes per item."""
    pages = settings.pages
    responder = paging_responder(pages)
    sc = own_client(responder)
    boto3_client = raw_client(responder)

    def lazy() -> int:
        count = 0
        for _ in sc.scan_provisioned_products():
            count += 1
        return count

    def materialised() -> list[ProvisionedProductDetail]:
        return list(sc.scan_provisioned_products())

    progress(f"memory: lazy vs materialised, {pages} pages x {PAGE_ITEMS} items")
    assert lazy() == len(materialised()) == pages * PAGE_ITEMS  # warm-up, and a check
    repeats = 1 if settings.quick else 3
    lazy_peaks: list[int] = []
    eager_peaks: list[int] = []
    for _ in range(repeats):
        lazy_peaks.append(_traced_peak(lazy))
        eager_peaks.append(_traced_peak(materialised))
    lazy_peak = statistics.median(lazy_peaks)
    eager_peak = statistics.median(eager_peaks)

    progress("memory: retained bytes per item")
    per_object = _per_object(sc, boto3_client, pages)
    per_value = per_object.pop("value")
    details: Mapping[str, Any] = {
        "pages": pages,
        "items_per_page": PAGE_ITEMS,
        "lazy_peak_kib": round(lazy_peak / 1024, 1),
        "materialised_peak_kib": round(eager_peak / 1024, 1),
        "per_object": figure(per_value, "<=", PER_OBJECT_TARGET, **per_object),
    }
    return {"lazy_memory_ratio": figure(lazy_peak / eager_peak, "<=", LAZY_TARGET, **details)}
