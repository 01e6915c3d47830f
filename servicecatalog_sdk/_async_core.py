"""What every generated asyncio client method does: request, await, convert.

The asyncio twin of :mod:`servicecatalog_sdk._client_core`, over the same pure
steps: :func:`~servicecatalog_sdk._request.build_request`, the converter,
:func:`~servicecatalog_sdk._client_core.merge_pages` and the listing helpers.
Only the sending (:class:`~servicecatalog_sdk._async_transport.AsyncTransport`)
and the waiting (:mod:`servicecatalog_sdk._waiting._async_drive`) are its own.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

from servicecatalog_sdk._async_pagination import AsyncPageIterator
from servicecatalog_sdk._async_transport import AsyncTransport
from servicecatalog_sdk._client_core import (
    _structure,
    item_key,
    listing_request,
    merge_pages,
    region_of,
    warn_unread_pages,
)
from servicecatalog_sdk._operation import OperationSpec, PagedOperationSpec
from servicecatalog_sdk._request import build_request
from servicecatalog_sdk.errors import ParamValidationError
from servicecatalog_sdk.pagination import check_max_items

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._async_protocol import AsyncWaiterClient
    from servicecatalog_sdk._waiting._started import FollowUp

__all__ = ["UNOPENED", "AsyncClientCore"]

OutT = TypeVar("OutT")
ItemT = TypeVar("ItemT")
WaitT = TypeVar("WaitT")


#: Passed for the aiobotocore client by ``from_session``: it is built when entered.
UNOPENED: Any = object()


class AsyncClientCore:
    """Request building, awaiting and conversion shared by every asyncio operation."""

    def __init__(
        self,
        aio_client: Any,
        *,
        accept_language: str | None = None,
        waiter_clock: Callable[[], float] | None = None,
        waiter_sleep: Callable[[float], Awaitable[None]] | None = None,
        strict: bool = False,
    ) -> None:
        if aio_client is not UNOPENED:
            _check_client(aio_client)
        if not isinstance(strict, bool):
            raise TypeError(f"strict must be True or False, got {strict!r}")
        self._transport_or_none = None if aio_client is UNOPENED else AsyncTransport(aio_client)
        self.accept_language = accept_language
        #: Clock of this client's waits (None: ``time.monotonic``, read at call time).
        self.waiter_clock = waiter_clock
        #: Async sleep of this client's waits (None: ``asyncio.sleep``, read at call time).
        self.waiter_sleep = waiter_sleep
        #: Whether responses holding members the models lack are rejected.
        self.strict: bool = strict
        # Set by the client once the aiobotocore client it built was closed.
        self._closed = False
        # The region from_session was given, for the repr before the client opens.
        self._region_hint: str | None = None

    @property
    def _transport(self) -> AsyncTransport:
        if self._transport_or_none is None:
            if self._closed:
                raise RuntimeError(
                    "this AsyncServiceCatalogClient is not open: it was closed, and a closed "
                    "client cannot be reopened: build a new one"
                )
            raise RuntimeError(
                "this AsyncServiceCatalogClient is not open: use it as `async with client:`"
            )
        return self._transport_or_none

    @property
    def _region(self) -> str | None:
        if self._transport_or_none is None:
            return self._region_hint
        return region_of(self._transport_or_none.client)

    @property
    def raw(self) -> Any:
        """The aiobotocore ``servicecatalog`` client underneath."""
        return self._transport.client

    def _request(self, spec: OperationSpec[Any], params: Mapping[str, Any]) -> dict[str, Any]:
        return build_request(spec, params, accept_language=self.accept_language)

    async def _call(self, spec: OperationSpec[OutT], params: Mapping[str, Any]) -> OutT:
        response = await self._transport.call(spec, self._request(spec, params))
        return _structure(response, spec.output_class(), self.strict)

    async def _pages(
        self, spec: OperationSpec[OutT], request: dict[str, Any]
    ) -> AsyncGenerator[OutT, None]:
        cls = spec.output_class()
        async for page in self._transport.pages(spec, request):
            yield _structure(page, cls, self.strict)

    async def _call_merged(self, spec: OperationSpec[OutT], params: Mapping[str, Any]) -> OutT:
        request = self._request(spec, params)
        return merge_pages(spec, [page async for page in self._pages(spec, request)])

    async def _call_and_wait(
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
        out = await self._call(spec, params)
        if not wait:
            return out
        from servicecatalog_sdk._waiting._async_drive import run_follow_up
        from servicecatalog_sdk._waiting._settings import DEFAULT_TIMEOUT

        # The public client (generated operations + this core) is an AsyncWaiterClient,
        # and the waiters take its waiter_clock and waiter_sleep.
        return await run_follow_up(
            follow,
            cast("AsyncWaiterClient", self),
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
    ) -> AsyncPageIterator[ItemT, OutT]:
        check_max_items(max_items)
        paging = spec.page_spec
        request = listing_request(spec, self._request(spec, params))
        region = self._region  # named in the iterator's repr
        if paging.mode == "single":
            return AsyncPageIterator(
                lambda: self._single_page(spec, request),
                paging.result_attr,
                max_items=max_items,
                operation=spec.name,
                region=region,
            )
        return AsyncPageIterator(
            lambda: self._pages(spec, request),
            paging.result_attr,
            max_items=max_items,
            item_key=item_key(spec),
            token_attr=paging.output_token_attr,
            operation=spec.name,
            region=region,
        )

    async def _single_page(
        self, spec: OperationSpec[OutT], request: dict[str, Any]
    ) -> AsyncGenerator[OutT, None]:
        response = await self._transport.call(spec, dict(request))
        out = _structure(response, spec.output_class(), self.strict)
        warn_unread_pages(spec, out)
        yield out


def _check_client(aio_client: Any) -> None:
    model = getattr(getattr(aio_client, "meta", None), "service_model", None)
    if model is None or model.service_name != "servicecatalog":
        raise TypeError("AsyncServiceCatalogClient needs an aiobotocore 'servicecatalog' client")
