"""What every generated client method does: request, send, convert.

The generated :class:`~servicecatalog_sdk._generated.client_methods.GeneratedOperations`
holds the typed signatures; the behaviour behind them lives here, once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

from servicecatalog_sdk._operation import OperationSpec, PagedOperationSpec
from servicecatalog_sdk._request import build_request
from servicecatalog_sdk._transport import Transport
from servicecatalog_sdk.errors import ParamValidationError
from servicecatalog_sdk.pagination import PageIterator, check_max_items

if TYPE_CHECKING:
    from servicecatalog_sdk._converter import ModelConverter
    from servicecatalog_sdk._waiting._protocol import WaiterClient
    from servicecatalog_sdk._waiting._started import FollowUp

__all__ = [
    "ClientCore",
    "item_key",
    "listing_request",
    "merge_pages",
    "region_of",
    "warn_unread_pages",
]

OutT = TypeVar("OutT")
ItemT = TypeVar("ItemT")
WaitT = TypeVar("WaitT")

logger = logging.getLogger("servicecatalog_sdk.client")


#: The lenient and strict converters, once the first response has loaded them.
_CONVERTERS: dict[bool, ModelConverter] = {}


def _structure(data: Any, cls: type[OutT], strict: bool) -> OutT:
    found = _CONVERTERS.get(strict)
    if found is None:
        # Imported here, not at module level: attrs loads with the first
        # response, so building a client stays cheap. Kept afterwards:
        # an import statement per response costs about 1.5 us.
        from servicecatalog_sdk._converter import converter

        found = _CONVERTERS[strict] = converter(strict)
    return found.structure(data, cls)


# -- pure steps, shared with the asyncio client (servicecatalog_sdk._async_core) --


def listing_request(spec: OperationSpec[Any], request: dict[str, Any]) -> dict[str, Any]:
    """A listing's first request: with the spec's stable sort order unless one is given."""
    if spec.paging is not None and spec.paging.default_sort is not None:
        request.setdefault("SortBy", spec.paging.default_sort)
    return request


def item_key(spec: OperationSpec[Any]) -> Callable[[Any], Hashable | None] | None:
    """How a listing of ``spec`` tells items apart for de-duplication (None: it does not)."""
    path = spec.paging.item_key if spec.paging is not None else ()
    if not path:
        return None

    def key(item: Any) -> Hashable | None:
        value = item
        for attr in path:
            value = getattr(value, attr, None)
        return cast("Hashable | None", value)

    return key


def merge_pages(spec: OperationSpec[OutT], pages: list[OutT]) -> OutT:
    """One output of a Describe/Get operation: the first page with every page's list."""
    assert spec.paging is not None
    assert pages
    first = pages[0]
    if len(pages) == 1:
        return first  # one page: nothing to merge
    attr = spec.paging.result_attr
    changes: dict[str, Any] = {attr: tuple(i for page in pages for i in getattr(page, attr))}
    if hasattr(first, "next_page_token"):
        changes["next_page_token"] = None
    import attrs

    merged: OutT = attrs.evolve(first, **changes)  # type: ignore[misc]
    return merged


def region_of(client: Any) -> str | None:
    """The region a boto3 or aiobotocore client was built for (shown in reprs)."""
    region = getattr(getattr(client, "meta", None), "region_name", None)
    return region if isinstance(region, str) else None


def warn_unread_pages(spec: OperationSpec[Any], out: object) -> None:
    """Log that a List operation taking no token said there were more pages."""
    if getattr(out, "next_page_token", None):
        logger.warning(
            "%s returned a next page token, but the operation takes none: "
            "only the first page was read",
            spec.name,
        )


class ClientCore:
    """Request building, sending and conversion shared by every operation."""

    def __init__(
        self,
        boto3_client: Any,
        *,
        accept_language: str | None = None,
        waiter_clock: Callable[[], float] | None = None,
        waiter_sleep: Callable[[float], None] | None = None,
        strict: bool = False,
    ) -> None:
        if getattr(getattr(boto3_client, "meta", None), "service_model", None) is None or (
            boto3_client.meta.service_model.service_name != "servicecatalog"
        ):
            raise TypeError("ServiceCatalogClient needs a boto3 'servicecatalog' client")
        self._transport = Transport(boto3_client)
        self.accept_language = accept_language
        self.waiter_clock = waiter_clock
        self.waiter_sleep = waiter_sleep
        if not isinstance(strict, bool):
            raise TypeError(f"strict must be True or False, got {strict!r}")
        #: Whether responses holding members the models lack are rejected.
        self.strict: bool = strict

    @property
    def raw(self) -> Any:
        """The boto3 ``servicecatalog`` client underneath."""
        return self._transport.client

    @property
    def _region(self) -> str | None:
        return region_of(self._transport.client)

    def _request(self, spec: OperationSpec[Any], params: Mapping[str, Any]) -> dict[str, Any]:
        return build_request(spec, params, accept_language=self.accept_language)

    def _call(self, spec: OperationSpec[OutT], params: Mapping[str, Any]) -> OutT:
        response = self._transport.call(spec, self._request(spec, params))
        return _structure(response, spec.output_class(), self.strict)

    def _pages(self, spec: OperationSpec[OutT], request: dict[str, Any]) -> Iterator[OutT]:
        cls = spec.output_class()
        for page in self._transport.pages(spec, request):  # pages() copies it
            yield _structure(page, cls, self.strict)

    def _call_merged(self, spec: OperationSpec[OutT], params: Mapping[str, Any]) -> OutT:
        return merge_pages(spec, list(self._pages(spec, self._request(spec, params))))

    def _call_and_wait(
        self,
        spec: OperationSpec[OutT],
        params: Mapping[str, Any],
        *,
        follow: FollowUp[WaitT],
        wait: bool,
        timeout: float | timedelta | None,
    ) -> OutT | WaitT:
        if not isinstance(wait, bool):
            raise ParamValidationError(f"{spec.method}: wait must be True or False, got {wait!r}")
        if wait:
            # A bad timeout must fail before the change is sent, not after.
            from servicecatalog_sdk._waiting._settings import check_timeout

            check_timeout(timeout)
        out = self._call(spec, params)
        if not wait:
            return out
        from servicecatalog_sdk._waiting._drive import run_follow_up
        from servicecatalog_sdk._waiting._settings import DEFAULT_TIMEOUT

        # The public client (generated operations + this core) is a WaiterClient,
        # and the waiters take its waiter_clock and waiter_sleep.
        return run_follow_up(
            follow,
            cast("WaiterClient", self),
            params,
            out,
            DEFAULT_TIMEOUT if timeout is None else timeout,
        )

    def _paginate(
        self,
        spec: PagedOperationSpec[OutT, ItemT],
        params: Mapping[str, Any],
        *,
        max_items: int | None,
    ) -> PageIterator[ItemT, OutT]:
        check_max_items(max_items)
        paging = spec.page_spec
        request = listing_request(spec, self._request(spec, params))
        region = self._region  # named in the iterator's repr
        if paging.mode == "single":
            return PageIterator(
                lambda: [self._single_page(spec, request)],
                paging.result_attr,
                max_items=max_items,
                operation=spec.name,
                region=region,
            )
        return PageIterator(
            lambda: self._pages(spec, request),
            paging.result_attr,
            max_items=max_items,
            item_key=item_key(spec),
            token_attr=paging.output_token_attr,
            operation=spec.name,
            region=region,
        )

    def _single_page(self, spec: OperationSpec[OutT], request: dict[str, Any]) -> OutT:
        out = _structure(
            self._transport.call(spec, dict(request)), spec.output_class(), self.strict
        )
        warn_unread_pages(spec, out)
        return out
