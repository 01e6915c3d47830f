"""Auto-pagination: laziness, max_items, the token quirks, merged Describe outputs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk._generated.operations import OPERATIONS
from servicecatalog_sdk.errors import PaginationError, ParamValidationError
from servicecatalog_sdk.models import RecordStatus
from tests.wire import service_model


@pytest.fixture
def stubbed() -> Iterator[tuple[ServiceCatalogClient, Stubber]]:
    raw = boto3.client("servicecatalog", region_name="us-east-1")
    with Stubber(raw) as stubber:
        yield ServiceCatalogClient(raw, strict=True), stubber
        stubber.assert_no_pending_responses()


def records(*ids: str) -> list[dict[str, Any]]:
    return [{"RecordId": i, "Status": "SUCCEEDED"} for i in ids]


def pp(*ids: str) -> list[dict[str, Any]]:
    return [{"Id": i, "Name": f"name-{i}", "Status": "AVAILABLE"} for i in ids]


def summaries(*ids: str) -> list[dict[str, Any]]:
    return [{"Id": i, "ProductId": f"prod-{i}", "Name": i} for i in ids]


# Per seed operation: method, result key, next-token key, item builder, item id,
# extra request members the client adds.
SEED_PAGED: dict[str, tuple[str, str, Any, Any, dict[str, Any]]] = {
    "ListRecordHistory": (
        "list_record_history",
        "RecordDetails",
        records,
        lambda r: r.record_id,
        {},
    ),
    "ScanProvisionedProducts": (
        "scan_provisioned_products",
        "ProvisionedProducts",
        pp,
        lambda p: p.id,
        {},
    ),
    "SearchProvisionedProducts": (
        "search_provisioned_products",
        "ProvisionedProducts",
        pp,
        lambda p: p.id,
        {},
    ),
    "SearchProducts": (
        "search_products",
        "ProductViewSummaries",
        summaries,
        lambda s: s.id,
        {"SortBy": "CreationDate"},
    ),
    "SearchProductsAsAdmin": (
        "search_products_as_admin",
        "ProductViewDetails",
        lambda *ids: [{"ProductViewSummary": s} for s in summaries(*ids)],
        lambda d: d.product_view_summary.id,
        {"SortBy": "CreationDate"},
    ),
}


@pytest.mark.parametrize("operation", sorted(SEED_PAGED))
def test_three_pages_with_an_empty_middle_page_are_read_lazily(
    operation: str, stubbed: tuple[ServiceCatalogClient, Stubber]
) -> None:
    sc, stubber = stubbed
    method, key, build, ident, extra = SEED_PAGED[operation]
    stubber.add_response(
        xform_name(operation), {key: build("a1", "a2"), "NextPageToken": "t1"}, {**extra}
    )
    stubber.add_response(
        xform_name(operation), {key: [], "NextPageToken": "t2"}, {**extra, "PageToken": "t1"}
    )
    stubber.add_response(xform_name(operation), {key: build("c1")}, {**extra, "PageToken": "t2"})
    items = iter(getattr(sc, method)())
    first = next(items)
    # Only the first page was requested for the first item.
    assert len(stubber._queue) == 2
    assert ident(first) == "a1"
    assert [ident(i) for i in items] == ["a2", "c1"]


@pytest.mark.parametrize("operation", sorted(SEED_PAGED))
def test_max_items_stops_requesting(
    operation: str, stubbed: tuple[ServiceCatalogClient, Stubber]
) -> None:
    sc, stubber = stubbed
    method, key, build, ident, extra = SEED_PAGED[operation]
    stubber.add_response(
        xform_name(operation), {key: build("a1", "a2"), "NextPageToken": "t1"}, {**extra}
    )
    stubber.add_response(
        xform_name(operation),
        {key: build("b1", "b2"), "NextPageToken": "t2"},
        {**extra, "PageToken": "t1"},
    )
    got = [ident(i) for i in getattr(sc, method)(max_items=3)]
    assert got == ["a1", "a2", "b1"]


@pytest.mark.parametrize("operation", sorted(SEED_PAGED))
def test_a_token_seen_two_pages_ago_raises(
    operation: str, stubbed: tuple[ServiceCatalogClient, Stubber]
) -> None:
    sc, stubber = stubbed
    method, key, build, ident, extra = SEED_PAGED[operation]
    stubber.add_response(
        xform_name(operation), {key: build("a1"), "NextPageToken": "t1"}, {**extra}
    )
    stubber.add_response(
        xform_name(operation),
        {key: build("b1"), "NextPageToken": "t2"},
        {**extra, "PageToken": "t1"},
    )
    stubber.add_response(
        xform_name(operation),
        {key: build("c1"), "NextPageToken": "t1"},
        {**extra, "PageToken": "t2"},
    )
    seen: list[str] = []

    def read_all() -> None:
        for item in getattr(sc, method)():
            seen.append(ident(item))

    with pytest.raises(PaginationError, match="t1"):
        read_all()
    # Every item read before the loop was detected was delivered once.
    assert seen == ["a1", "b1", "c1"]


def test_pages_give_typed_outputs_and_page_size_is_sent(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    agg = {"Owner": [{"Value": "me", "ApproximateCount": 2}]}
    stubber.add_response(
        "search_products",
        {
            "ProductViewSummaries": summaries("p1"),
            "ProductViewAggregations": agg,
            "NextPageToken": "t1",
        },
        {"SortBy": "CreationDate", "PageSize": 1},
    )
    stubber.add_response(
        "search_products",
        {"ProductViewSummaries": summaries("p2"), "ProductViewAggregations": agg},
        {"SortBy": "CreationDate", "PageSize": 1, "PageToken": "t1"},
    )
    pages = list(sc.search_products(page_size=1).pages())
    assert [p.product_view_summaries[0].id for p in pages] == ["p1", "p2"]
    assert pages[0].product_view_aggregations["Owner"][0].approximate_count == 2


def test_caller_sort_order_is_kept(stubbed: tuple[ServiceCatalogClient, Stubber]) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "search_products",
        {"ProductViewSummaries": []},
        {"SortBy": "Title", "SortOrder": "DESCENDING"},
    )
    assert list(sc.search_products(sort_by="Title", sort_order="DESCENDING")) == []


def test_search_items_repeated_across_offset_pages_are_yielded_once(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "search_products_as_admin",
        {
            "ProductViewDetails": [{"ProductViewSummary": s} for s in summaries("p1", "p2")],
            "NextPageToken": "2",
        },
        {"SortBy": "CreationDate"},
    )
    stubber.add_response(
        "search_products_as_admin",
        {"ProductViewDetails": [{"ProductViewSummary": s} for s in summaries("p2", "p3")]},
        {"SortBy": "CreationDate", "PageToken": "2"},
    )
    ids = [
        d.product_view_summary.id for d in sc.search_products_as_admin() if d.product_view_summary
    ]
    assert ids == ["p1", "p2", "p3"]


def test_an_empty_token_is_never_sent(stubbed: tuple[ServiceCatalogClient, Stubber]) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "list_record_history", {"RecordDetails": records("r1"), "NextPageToken": ""}, {}
    )
    assert [r.record_id for r in sc.list_record_history()] == ["r1"]


@pytest.mark.parametrize(
    ("operation", "method", "key"),
    [
        ("ListTagOptions", "list_tag_options", "TagOptionDetails"),
        ("ListResourcesForTagOption", "list_resources_for_tag_option", "ResourceDetails"),
    ],
)
def test_operations_that_return_their_token_as_page_token(
    operation: str, method: str, key: str, stubbed: tuple[ServiceCatalogClient, Stubber]
) -> None:
    sc, stubber = stubbed
    args: dict[str, Any] = (
        {"tag_option_id": "tag-1"} if operation == "ListResourcesForTagOption" else {}
    )
    wire = {"TagOptionId": "tag-1"} if args else {}
    stubber.add_response(xform_name(operation), {key: [{"Id": "x1"}], "PageToken": "t1"}, wire)
    stubber.add_response(xform_name(operation), {key: [{"Id": "x2"}]}, {**wire, "PageToken": "t1"})
    assert [i.id for i in getattr(sc, method)(**args)] == ["x1", "x2"]


def test_describe_record_merges_every_output_page(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    detail = {"RecordId": "rec-1", "Status": "SUCCEEDED"}
    for token, outs, nxt in [(None, ["a", "b"], "t1"), ("t1", [], "t2"), ("t2", ["c"], None)]:
        response: dict[str, Any] = {
            "RecordDetail": detail,
            "RecordOutputs": [{"OutputKey": o} for o in outs],
        }
        if nxt:
            response["NextPageToken"] = nxt
        stubber.add_response(
            "describe_record", response, {"Id": "rec-1", **({"PageToken": token} if token else {})}
        )
    out = sc.describe_record(id="rec-1")
    assert [o.output_key for o in out.record_outputs] == ["a", "b", "c"]
    assert out.next_page_token is None
    assert out.record_detail is not None
    assert out.record_detail.status is RecordStatus.SUCCEEDED


def test_describe_record_with_a_repeated_token_raises(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    for token, nxt in [(None, "t1"), ("t1", "t2"), ("t2", "t1")]:
        stubber.add_response(
            "describe_record",
            {"RecordOutputs": [], "NextPageToken": nxt},
            {"Id": "rec-1", **({"PageToken": token} if token else {})},
        )
    with pytest.raises(PaginationError):
        sc.describe_record(id="rec-1")


def test_list_provisioning_artifacts_is_one_page_of_items(
    stubbed: tuple[ServiceCatalogClient, Stubber], caplog: pytest.LogCaptureFixture
) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "list_provisioning_artifacts",
        {"ProvisioningArtifactDetails": [{"Id": "pa-1"}, {"Id": "pa-2"}], "NextPageToken": "more"},
        {"ProductId": "prod-1"},
    )
    with caplog.at_level(logging.WARNING, logger="servicecatalog_sdk"):
        ids = [a.id for a in sc.list_provisioning_artifacts(product_id="prod-1")]
    assert ids == ["pa-1", "pa-2"]
    assert "only the first page" in caplog.text


@pytest.mark.parametrize("bad", [0, -1, True, 2.5])
def test_bad_max_items_is_rejected_before_any_request(
    bad: Any, stubbed: tuple[ServiceCatalogClient, Stubber]
) -> None:
    sc, _ = stubbed
    with pytest.raises(ParamValidationError, match="max_items"):
        sc.list_record_history(max_items=bad)


def test_each_iteration_starts_from_the_first_page(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    stubber.add_response("list_record_history", {"RecordDetails": records("r1")}, {})
    stubber.add_response("list_record_history", {"RecordDetails": records("r1")}, {})
    history = sc.list_record_history()
    assert [r.record_id for r in history] == [r.record_id for r in history] == ["r1"]


def test_first_costs_one_request(stubbed: tuple[ServiceCatalogClient, Stubber]) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "list_record_history", {"RecordDetails": records("r1"), "NextPageToken": "t1"}, {}
    )
    first = sc.list_record_history().first()
    assert first is not None
    assert first.record_id == "r1"


def test_every_operation_that_takes_a_page_token_is_in_the_paging_table() -> None:
    model = service_model()
    for name in model.operation_names:
        takes_token = "PageToken" in model.operation_model(name).input_shape.members
        paging = OPERATIONS[name].paging
        assert takes_token == (paging is not None and paging.mode != "single"), name


def test_paging_table_agrees_with_botocore_paginators() -> None:
    import botocore.session

    configs = botocore.session.get_session().get_paginator_model("servicecatalog")._paginator_config
    assert configs
    for name, config in configs.items():
        paging = OPERATIONS[name].paging
        assert paging is not None
        assert paging.botocore_config() == config, name
