"""``convert_vs_floor`` and ``convert_vs_pydantic``: converting one parsed page.

The input is botocore's parsed dict of one 100-item page (from a raw boto3
client answered by the canned response). Three conversions of it are timed in
one interleaved run: the SDK's converter (``converter().structure``), the
hand-written constructor loop of :mod:`benchmarks._floor` into the same attrs
classes, and pydantic v2 ``model_validate`` into equivalent pydantic models.
"""

from __future__ import annotations

from typing import Any, Final

from benchmarks._floor import FLOORS
from benchmarks._pydantic_models import output_model
from benchmarks._timing import Settings, figure, interleaved, micros, progress, ratio
from benchmarks._wire import raw_client
from benchmarks.calls import OPERATIONS, RECORD_ID, canned_responder
from servicecatalog_sdk._converter import converter

__all__ = ["FLOOR_TARGET", "parsed_pages", "run"]

FLOOR_TARGET: Final = 1.2


def parsed_pages() -> dict[str, dict[str, Any]]:
    """botocore's parsed dict of one page of each operation."""
    client = raw_client(canned_responder())
    return {
        "ScanProvisionedProducts": client.scan_provisioned_products(),
        "SearchProductsAsAdmin": client.search_products_as_admin(),
        "DescribeRecord": client.describe_record(Id=RECORD_ID),
    }


def _compare(operation: str, page: dict[str, Any], settings: Settings) -> dict[str, list[float]]:
    cls, floor = FLOORS[operation]
    model = output_model(operation)
    structure = converter().structure
    if structure(page, cls) != floor(page):
        raise AssertionError(f"{operation}: the floor and the SDK disagree")
    return interleaved(
        {
            "sdk": lambda: structure(page, cls),
            "floor": lambda: floor(page),
            "pydantic": lambda: model.model_validate(page),
        },
        rounds=settings.rounds,
        batch=settings.batch * 5,
    )


def run(settings: Settings) -> dict[str, Any]:
    """Both conversion figures, from one interleaved run per operation."""
    pages = parsed_pages()
    floor_by_op: dict[str, Any] = {}
    pydantic_by_op: dict[str, Any] = {}
    for operation in OPERATIONS:
        progress(f"conversion: {operation}")
        samples = _compare(operation, pages[operation], settings)
        context: dict[str, Any] = {
            "sdk_us": micros(samples["sdk"]),
            "floor_us": micros(samples["floor"]),
            "pydantic_us": micros(samples["pydantic"]),
        }
        floor_by_op[operation] = figure(
            ratio(samples, "sdk", "floor"), "<=", FLOOR_TARGET, **context
        )
        pydantic_by_op[operation] = figure(ratio(samples, "sdk", "pydantic"), None, None, **context)
    return {
        "convert_vs_floor": figure(
            max(f["value"] for f in floor_by_op.values()),
            "<=",
            FLOOR_TARGET,
            worst_of=list(OPERATIONS),
            by_operation=floor_by_op,
        ),
        "convert_vs_pydantic": figure(
            max(f["value"] for f in pydantic_by_op.values()),
            None,
            None,
            note="SDK converter time / pydantic v2 model_validate time; no target",
            worst_of=list(OPERATIONS),
            by_operation=pydantic_by_op,
        ),
    }
