"""Resuming a listing: ``starting_token=`` on every paged method, a token on every page."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk._generated.operations import OPERATIONS
from servicecatalog_sdk.errors import PaginationError
from servicecatalog_sdk.pagination import Page


@pytest.fixture
def stubbed() -> Iterator[tuple[ServiceCatalogClient, Stubber]]:
    raw = boto3.client("servicecatalog", region_name="us-east-1")
    with Stubber(raw) as stubber:
        yield ServiceCatalogClient(raw, strict=True), stubber
        stubber.assert_no_pending_responses()


def pp(*ids: str) -> list[dict[str, Any]]:
    return [{"Id": i, "Name": f"name-{i}", "Status": "AVAILABLE"} for i in ids]


def test_scan_provisioned_products_sends_the_starting_token_first_then_the_services(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "scan_provisioned_products",
        {"ProvisionedProducts": pp("c1"), "NextPageToken": "t3"},
        {"PageToken": "t2", "PageSize": 1},
    )
    stubber.add_response(
        "scan_provisioned_products",
        {"ProvisionedProducts": pp("d1")},
        {"PageToken": "t3", "PageSize": 1},
    )
    listing = sc.scan_provisioned_products(page_size=1, starting_token="t2")
    assert [p.id for p in listing] == ["c1", "d1"]


def test_a_job_that_crashed_after_a_page_resumes_from_the_token_it_saved(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "scan_provisioned_products", {"ProvisionedProducts": pp("a1", "a2"), "NextPageToken": "2"}
    )
    stubber.add_response(
        "scan_provisioned_products",
        {"ProvisionedProducts": pp("b1", "b2"), "NextPageToken": "4"},
        {"PageToken": "2"},
    )
    # The resumed run: a new process, a new listing, the saved token.
    stubber.add_response(
        "scan_provisioned_products",
        {"ProvisionedProducts": pp("c1"), "NextPageToken": "5"},
        {"PageToken": "4"},
    )
    stubber.add_response(
        "scan_provisioned_products", {"ProvisionedProducts": pp("d1")}, {"PageToken": "5"}
    )
    handled: list[str] = []
    saved: list[str | None] = []

    class Crash(Exception):
        pass

    def first_run() -> None:
        for page in sc.scan_provisioned_products().by_page():
            handled.extend(p.id for p in page.items if p.id)
            saved.append(page.next_page_token)
            if len(saved) == 2:
                raise Crash

    with pytest.raises(Crash):
        first_run()
    assert saved == ["2", "4"]
    for page in sc.scan_provisioned_products(starting_token=saved[-1]).by_page():
        assert isinstance(page, Page)
        handled += [p.id for p in page.items if p.id]
        saved.append(page.next_page_token)
    assert handled == ["a1", "a2", "b1", "b2", "c1", "d1"]
    assert saved[2:] == ["5", None]


@pytest.mark.parametrize(
    ("method", "key", "args", "wire"),
    [
        ("list_tag_options", "TagOptionDetails", {}, {}),
        (
            "list_resources_for_tag_option",
            "ResourceDetails",
            {"tag_option_id": "tag-1"},
            {"TagOptionId": "tag-1"},
        ),
    ],
)
def test_operations_whose_next_token_is_called_page_token_expose_it_the_same_way(
    stubbed: tuple[ServiceCatalogClient, Stubber],
    method: str,
    key: str,
    args: dict[str, Any],
    wire: dict[str, Any],
) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        method, {key: [{"Id": "x2"}], "PageToken": "t2"}, {**wire, "PageToken": "t1"}
    )
    stubber.add_response(method, {key: [{"Id": "x3"}]}, {**wire, "PageToken": "t2"})
    pages = list(getattr(sc, method)(**args, starting_token="t1").by_page())
    assert [p.next_page_token for p in pages] == ["t2", None]
    assert [[i.id for i in p.items] for p in pages] == [["x2"], ["x3"]]
    assert pages[0].output.page_token == "t2"


def test_by_page_gives_the_kept_items_and_the_typed_output(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "list_record_history",
        {"RecordDetails": [{"RecordId": r} for r in ("r1", "r2", "r3")], "NextPageToken": "3"},
    )
    [page] = sc.list_record_history(max_items=2).by_page()
    assert [r.record_id for r in page.items] == ["r1", "r2"]
    assert page.output.record_details == page.items
    # The service's token: it continues after the whole page, as documented.
    assert page.next_page_token == "3"


def test_an_empty_next_token_is_the_end_not_a_token(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "list_record_history", {"RecordDetails": [{"RecordId": "r1"}], "NextPageToken": ""}
    )
    [page] = sc.list_record_history().by_page()
    assert page.next_page_token is None


def test_the_starting_token_handed_back_again_raises(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "list_record_history",
        {"RecordDetails": [{"RecordId": "r1"}], "NextPageToken": "t1"},
        {"PageToken": "t1"},
    )
    with pytest.raises(PaginationError, match="t1"):
        list(sc.list_record_history(starting_token="t1"))


def test_each_iteration_starts_again_at_the_starting_token(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    for _ in range(2):
        stubber.add_response(
            "list_record_history", {"RecordDetails": [{"RecordId": "r9"}]}, {"PageToken": "8"}
        )
    listing = sc.list_record_history(starting_token="8")
    assert [r.record_id for r in listing] == [r.record_id for r in listing] == ["r9"]


def test_a_merged_describe_starts_at_the_starting_token(
    stubbed: tuple[ServiceCatalogClient, Stubber],
) -> None:
    sc, stubber = stubbed
    detail = {"RecordId": "rec-1", "Status": "SUCCEEDED"}
    stubber.add_response(
        "describe_record",
        {"RecordDetail": detail, "RecordOutputs": [{"OutputKey": "c"}], "NextPageToken": "t3"},
        {"Id": "rec-1", "PageToken": "t2"},
    )
    stubber.add_response(
        "describe_record",
        {"RecordDetail": detail, "RecordOutputs": [{"OutputKey": "d"}]},
        {"Id": "rec-1", "PageToken": "t3"},
    )
    out = sc.describe_record(id="rec-1", starting_token="t2")
    assert [o.output_key for o in out.record_outputs] == ["c", "d"]


def test_every_method_that_takes_a_page_token_takes_starting_token() -> None:
    for spec in OPERATIONS.values():
        signature = inspect.signature(getattr(ServiceCatalogClient, spec.method))
        takes = spec.paging is not None and bool(spec.paging.input_token)
        assert ("starting_token" in signature.parameters) == takes, spec.name
        assert "page_token" not in signature.parameters, spec.name
        if takes:
            param = signature.parameters["starting_token"]
            assert param.kind is inspect.Parameter.KEYWORD_ONLY
            assert param.default is None


def test_pages_of_an_operation_that_takes_no_token_offer_none_to_resume_from(
    stubbed: tuple[ServiceCatalogClient, Stubber], caplog: pytest.LogCaptureFixture
) -> None:
    sc, stubber = stubbed
    stubber.add_response(
        "list_provisioning_artifacts",
        {"ProvisioningArtifactDetails": [{"Id": "pa-1"}], "NextPageToken": "more"},
        {"ProductId": "prod-1"},
    )
    [page] = sc.list_provisioning_artifacts(product_id="prod-1").by_page()
    assert page.next_page_token is None
    assert [a.id for a in page.items] == ["pa-1"]


def test_every_paged_items_operation_names_the_attribute_of_its_next_token() -> None:
    for spec in OPERATIONS.values():
        paging = spec.paging
        if paging is None or paging.mode == "single":
            continue
        assert paging.output_token_attr == xform_name(paging.output_token), spec.name
        fields = spec.output_class().__attrs_attrs__
        assert paging.output_token_attr in {f.name for f in fields}, spec.name
