"""``async for`` over paged operations: the sync iterator's rules, awaited."""

from __future__ import annotations

import asyncio

import pytest
from aiobotocore.stub import AioStubber

from servicecatalog_sdk import AsyncServiceCatalogClient
from servicecatalog_sdk.errors import PaginationError
from servicecatalog_sdk.testing import ServiceCatalogEmulator

pytestmark = pytest.mark.asyncio


async def _portfolios(sc: AsyncServiceCatalogClient, count: int) -> list[str]:
    made = await asyncio.gather(
        *(sc.create_portfolio(display_name=f"p{i}", provider_name="me") for i in range(count))
    )
    ids = [out.portfolio_detail.id for out in made if out.portfolio_detail is not None]
    assert all(ids)
    return sorted(i for i in ids if i is not None)


async def test_items_come_lazily_from_every_page(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    ids = await _portfolios(sc, 5)
    before = emulator.calls.get("ListPortfolios", 0)
    assert sorted([p.id or "" async for p in sc.list_portfolios(page_size=2)]) == ids
    assert emulator.calls["ListPortfolios"] - before == 3

    before = emulator.calls["ListPortfolios"]
    assert len([p async for p in sc.list_portfolios(page_size=2, max_items=3)]) == 3
    assert emulator.calls["ListPortfolios"] - before == 2  # the third page is never read

    sizes = [len(page.portfolio_details) async for page in sc.list_portfolios(page_size=2).pages()]
    assert sizes == [2, 2, 1]
    first = await sc.list_portfolios(page_size=2).first()
    assert first is not None
    assert first.id in ids


async def test_a_listing_resumes_at_a_pages_token(sc: AsyncServiceCatalogClient) -> None:
    ids = await _portfolios(sc, 3)
    listing = sc.list_portfolios(page_size=2)
    pages = [page async for page in listing.by_page()]
    assert [len(p.items) for p in pages] == [2, 1]
    assert pages[0].next_page_token is not None
    assert pages[-1].next_page_token is None
    rest = sc.list_portfolios(page_size=2, starting_token=pages[0].next_page_token)
    assert [p.id async for p in rest] == [p.id for p in pages[1].items]
    assert sorted(p.id for page in pages for p in page.items if p.id) == ids


async def test_a_token_seen_before_stops_the_listing_after_its_page(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    page = {"PortfolioDetails": [{"Id": "port-1"}], "NextPageToken": "t1"}
    stub.add_response("list_portfolios", page, {})
    stub.add_response("list_portfolios", page, {"PageToken": "t1"})
    seen: list[str | None] = []

    async def read_all() -> None:
        async for portfolio in stubbed.list_portfolios():
            seen.append(portfolio.id)

    with pytest.raises(PaginationError, match="'t1' again"):
        await read_all()
    assert seen == ["port-1", "port-1"]


async def test_an_empty_token_ends_the_listing_and_is_never_sent(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    stub.add_response(
        "list_portfolios", {"PortfolioDetails": [{"Id": "port-1"}], "NextPageToken": ""}, {}
    )
    assert [p.id async for p in stubbed.list_portfolios()] == ["port-1"]


async def test_search_gets_a_stable_order_unless_the_caller_chose_one(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    stub.add_response("search_products_as_admin", {}, {"SortBy": "CreationDate"})
    stub.add_response("search_products_as_admin", {}, {"SortBy": "Title"})
    assert [v async for v in stubbed.search_products_as_admin()] == []
    assert [v async for v in stubbed.search_products_as_admin(sort_by="Title")] == []


async def test_a_list_operation_that_takes_no_token_reads_one_page(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber, caplog: pytest.LogCaptureFixture
) -> None:
    stub.add_response(
        "list_provisioning_artifacts",
        {"ProvisioningArtifactDetails": [{"Id": "pa-1"}, {"Id": "pa-2"}], "NextPageToken": "x"},
        {"ProductId": "prod-1"},
    )
    listing = stubbed.list_provisioning_artifacts(product_id="prod-1")
    assert [a.id async for a in listing] == ["pa-1", "pa-2"]
    assert "only the first page was read" in caplog.text
