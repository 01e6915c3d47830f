"""Lazy, typed iteration over paged operations.

``for pp in sc.scan_provisioned_products(): ...`` reads every item of every
page; a page is fetched only when the previous one is used up, so the first
item costs one request. ``.pages()`` yields each page's typed output instead,
and ``.by_page()`` each :class:`Page`: its items, its output and the token of
the page after it, whatever the operation calls that token on the wire, so a
job can save it and resume with ``starting_token=``. Each iteration starts
again from the first page (or from ``starting_token``'s page).

Search operations page by offset and, without a sort order, the service
returns items in no stable order, so offsets can skip or repeat items. The
client therefore sorts them by creation date when the caller gave no sort
order (new items then land at the end), and the iterator drops an item whose
id it already yielded in the same iteration.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from servicecatalog_sdk.errors import ParamValidationError

__all__ = [
    "ItemFilter",
    "Page",
    "PageIterator",
    "check_max_items",
    "describe_listing",
    "make_page",
    "trim_page",
]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")

logger: logging.Logger = logging.getLogger("servicecatalog_sdk.pagination")


def check_max_items(max_items: int | None) -> None:
    """Reject a ``max_items`` that can only be a mistake (zero, negative, not an int)."""
    if max_items is None:
        return
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items <= 0:
        raise ParamValidationError(f"max_items must be a positive integer, got {max_items!r}")


@dataclass(frozen=True, kw_only=True)
class Page(Generic[ItemT, PageT]):
    """One page of a listing, as :meth:`PageIterator.by_page` yields it.

    ``next_page_token`` is the token of the page after this one, ``None`` after
    the last page: pass it as ``starting_token=`` to the same method, with the
    same arguments, to go on from there (after a crash, say). It is the
    service's token whatever the operation calls it on the wire
    (``NextPageToken``, or ``PageToken`` for the TagOption listings).
    """

    #: The items of this page the iteration keeps (see :meth:`PageIterator.pages`).
    items: tuple[ItemT, ...]
    #: The page's typed output, holding those same items.
    output: PageT
    #: Where the next page starts, or ``None`` after the last page.
    next_page_token: str | None


class ItemFilter(Generic[ItemT]):
    """Which items of each page a listing keeps: pure, shared by the sync and async iterators.

    It drops an item whose key (``item_key``) was already kept, and stops at
    ``max_items``.
    """

    def __init__(
        self,
        items_attr: str,
        max_items: int | None,
        item_key: Callable[[ItemT], Hashable | None] | None,
    ) -> None:
        self._items_attr = items_attr
        self._remaining = max_items
        self._item_key = item_key
        self._seen: set[Hashable] = set()

    @property
    def done(self) -> bool:
        """Whether ``max_items`` items were kept: no further page is needed."""
        return self._remaining is not None and self._remaining <= 0

    def keep(self, page: object) -> list[ItemT]:
        """The items of ``page`` the listing keeps."""
        fresh: list[ItemT] = []
        items: Sequence[ItemT] = getattr(page, self._items_attr)
        for item in items:
            if self._item_key is not None:
                key = self._item_key(item)
                if key is not None:
                    if key in self._seen:
                        logger.debug("dropped an item already yielded: %r", key)
                        continue
                    self._seen.add(key)
            fresh.append(item)
        if self._remaining is not None:
            fresh = fresh[: self._remaining]
            self._remaining -= len(fresh)
        return fresh


def trim_page(page: PageT, items_attr: str, items: Sequence[object]) -> PageT:
    """``page`` holding only the kept ``items`` (the same object when all were kept)."""
    if len(items) == len(getattr(page, items_attr)):
        return page
    import attrs

    trimmed: PageT = attrs.evolve(page, **{items_attr: tuple(items)})  # type: ignore[misc]
    return trimmed


def make_page(output: PageT, items: Sequence[ItemT], token_attr: str) -> Page[ItemT, PageT]:
    """The :class:`Page` of a kept page: its items, output and the token after it."""
    token = getattr(output, token_attr, None) if token_attr else None
    return Page(items=tuple(items), output=output, next_page_token=token or None)


def describe_listing(listing: object, operation: str, region: str | None) -> str:
    """The ``repr`` of a page iterator: its class, operation and region, nothing else."""
    return f"{type(listing).__name__}(operation={operation!r}, region={region!r})"


class PageIterator(Generic[ItemT, PageT]):
    """Every item of a paged operation; ``.pages()`` and ``.by_page()`` go page by page.

    ``ItemT`` is the item type (``RecordDetail``, ``ProvisionedProductDetail``,
    ...) and ``PageT`` the operation's typed output (``ListRecordHistoryOutput``).
    ``operation`` and ``region`` only name the listing in its ``repr``.
    """

    def __init__(
        self,
        fetch_pages: Callable[[], Iterable[PageT]],
        items_attr: str,
        *,
        max_items: int | None = None,
        item_key: Callable[[ItemT], Hashable | None] | None = None,
        token_attr: str = "",
        operation: str = "",
        region: str | None = None,
    ) -> None:
        check_max_items(max_items)
        self._operation = operation
        self._region = region
        self._fetch_pages = fetch_pages
        self._items_attr = items_attr
        self._max_items = max_items
        self._item_key = item_key
        # The output attribute holding the next page's token ("" when the
        # operation takes no token: its pages cannot be resumed).
        self._token_attr = token_attr

    def __repr__(self) -> str:
        """The class, operation and region: ``PageIterator(operation='...', region='...')``."""
        return describe_listing(self, self._operation, self._region)

    def _items_of(self, page: PageT) -> Sequence[ItemT]:
        items: Sequence[ItemT] = getattr(page, self._items_attr)
        return items

    def _pages_and_items(self) -> Iterator[tuple[PageT, list[ItemT]]]:
        kept = ItemFilter(self._items_attr, self._max_items, self._item_key)
        for page in self._fetch_pages():
            yield page, kept.keep(page)
            if kept.done:
                return

    def __iter__(self) -> Iterator[ItemT]:
        for _, items in self._pages_and_items():
            yield from items

    def pages(self) -> Iterator[PageT]:
        """Each page's typed output, holding only the items the iteration keeps.

        With ``max_items`` the last page is cut to the remaining count, and items
        already seen on an earlier page of a Search operation are left out.
        """
        for page, _ in self._kept_pages():
            yield page

    def _kept_pages(self) -> Iterator[tuple[PageT, list[ItemT]]]:
        for page, items in self._pages_and_items():
            yield trim_page(page, self._items_attr, items), items

    def by_page(self) -> Iterator[Page[ItemT, PageT]]:
        """Each page with its kept items and the token that resumes after it.

        ::

            listing = sc.scan_provisioned_products(starting_token=load_checkpoint())
            for page in listing.by_page():
                handle(page.items)
                save_checkpoint(page.next_page_token)  # None: the listing is done

        ``items`` and ``output`` follow the rules of :meth:`pages`. When
        ``max_items`` cuts a page short, its ``next_page_token`` still points
        past the whole page: resume batches sized with ``page_size`` instead.
        """
        for output, items in self._kept_pages():
            yield make_page(output, items, self._token_attr)

    def first(self) -> ItemT | None:
        """The first item, or ``None`` when there is none (one request at most)."""
        return next(iter(self), None)
