"""Lazy, typed ``async for`` over paged operations: the asyncio twin of :mod:`.pagination`.

Which items are kept (``max_items``, de-duplication of Search results), how a
page is trimmed and which token resumes after it are the pure helpers of
:mod:`servicecatalog_sdk.pagination`; this module only awaits the pages.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Hashable
from contextlib import aclosing
from typing import Generic, TypeVar

from servicecatalog_sdk.pagination import (
    ItemFilter,
    Page,
    check_max_items,
    describe_listing,
    make_page,
    trim_page,
)

__all__ = ["AsyncPageIterator"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")


class AsyncPageIterator(Generic[ItemT, PageT]):
    """Every item of a paged operation, with ``async for``; ``.pages()`` and ``.by_page()`` too.

    ``ItemT`` is the item type and ``PageT`` the operation's typed output, as
    for :class:`~servicecatalog_sdk.pagination.PageIterator`. A page is
    fetched only when the previous one is used up; each iteration starts again
    from the first page (or from ``starting_token``'s page). ``operation`` and
    ``region`` only name the listing in its ``repr``.
    """

    def __init__(
        self,
        fetch_pages: Callable[[], AsyncGenerator[PageT, None]],
        items_attr: str,
        *,
        max_items: int | None = None,
        item_key: Callable[[ItemT], Hashable | None] | None = None,
        token_attr: str = "",
        operation: str = "",
        region: str | None = None,
    ) -> None:
        check_max_items(max_items)
        self._fetch_pages = fetch_pages
        self._items_attr = items_attr
        self._max_items = max_items
        self._item_key = item_key
        self._token_attr = token_attr
        self._operation = operation
        self._region = region

    def __repr__(self) -> str:
        """The class, operation and region: ``AsyncPageIterator(operation='...', region='...')``."""
        return describe_listing(self, self._operation, self._region)

    async def _kept_pages(self) -> AsyncGenerator[tuple[PageT, list[ItemT]], None]:
        kept: ItemFilter[ItemT] = ItemFilter(self._items_attr, self._max_items, self._item_key)
        # aclosing: a listing left early (max_items) closes its request loop at once.
        async with aclosing(self._fetch_pages()) as pages:
            async for page in pages:
                items = kept.keep(page)
                yield trim_page(page, self._items_attr, items), items
                if kept.done:
                    return

    async def __aiter__(self) -> AsyncGenerator[ItemT, None]:
        async with aclosing(self._kept_pages()) as pages:
            async for _, items in pages:
                for item in items:
                    yield item

    async def pages(self) -> AsyncGenerator[PageT, None]:
        """Each page's typed output, holding only the items the iteration keeps."""
        async with aclosing(self._kept_pages()) as pages:
            async for page, _ in pages:
                yield page

    async def by_page(self) -> AsyncGenerator[Page[ItemT, PageT], None]:
        """Each page with its kept items and the token that resumes after it."""
        async with aclosing(self._kept_pages()) as pages:
            async for output, items in pages:
                yield make_page(output, items, self._token_attr)

    async def first(self) -> ItemT | None:
        """The first item, or ``None`` when there is none (one request at most)."""
        async with aclosing(self.__aiter__()) as items:
            async for item in items:
                return item
        return None
