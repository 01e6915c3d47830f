"""``AsyncServiceCatalogClient``: the typed asyncio face of an aiobotocore ``servicecatalog`` client.

It needs the ``async`` extra (``pip install 'servicecatalog-sdk[async]'``)::

    from servicecatalog_sdk.aio import AsyncServiceCatalogClient

    async with AsyncServiceCatalogClient.from_session(region_name="eu-west-1") as sc:
        out = await sc.provision_product(...)
        done = await sc.wait_for_record(out.record_detail.record_id, timeout=1800)
        async for pp in sc.scan_provisioned_products(page_size=20):
            print(pp.name, pp.status)

Every operation of :class:`~servicecatalog_sdk.ServiceCatalogClient` is here
with the same keywords and results, awaited; listings are ``async for``
iterables; the waiters sleep with ``asyncio.sleep`` and stop polling as soon as
their task is cancelled.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any, Literal

from servicecatalog_sdk._async_core import UNOPENED
from servicecatalog_sdk._async_pagination import AsyncPageIterator
from servicecatalog_sdk._async_transport import AsyncTransport
from servicecatalog_sdk._generated.async_methods import AsyncGeneratedOperations
from servicecatalog_sdk._waiting._forms import AsyncWaiterMixin
from servicecatalog_sdk.client import (
    CONNECT_TIMEOUT,
    MAX_ATTEMPTS,
    READ_TIMEOUT,
    RETRY_MODE,
    sdk_config,
)

__all__ = [
    "CONNECT_TIMEOUT",
    "MAX_ATTEMPTS",
    "READ_TIMEOUT",
    "RETRY_MODE",
    "AsyncPageIterator",
    "AsyncServiceCatalogClient",
]


class AsyncServiceCatalogClient(AsyncGeneratedOperations, AsyncWaiterMixin):
    """Every AWS Service Catalog operation as a typed coroutine, over aiobotocore.

    Wrap an aiobotocore client you opened (it stays yours to close)::

        async with session.create_client("servicecatalog") as raw:
            sc = AsyncServiceCatalogClient(raw)

    or let :meth:`from_session` build one, opened and closed by ``async with``.
    ``accept_language`` and ``strict`` are as for the blocking client;
    ``waiter_clock`` replaces ``time.monotonic`` and ``waiter_sleep`` (an async
    function) replaces ``asyncio.sleep`` in this client's waits, for tests.
    One client may serve many tasks of one event loop at once.

    A client built by :meth:`from_session` opens once: entering it while open,
    or after it was closed (by leaving its ``async with`` block or by
    :meth:`aclose`), raises ``RuntimeError``; build a new one instead. A
    client wrapping one you opened is not opened or closed by ``async with``.
    """

    def __init__(
        self,
        aio_client: Any,
        *,
        accept_language: str | None = None,
        waiter_clock: Callable[[], float] | None = None,
        waiter_sleep: Callable[[float], Awaitable[None]] | None = None,
        strict: bool = False,
    ) -> None:
        super().__init__(
            aio_client,
            accept_language=accept_language,
            waiter_clock=waiter_clock,
            waiter_sleep=waiter_sleep,
            strict=strict,
        )
        # Set by from_session: the aiobotocore client is the SDK's to open and close.
        self._owns_client = False
        # The aiobotocore client's context manager until ``async with`` enters it,
        # then (as _closer) until the client is closed.
        self._opener: AbstractAsyncContextManager[Any] | None = None
        self._closer: AbstractAsyncContextManager[Any] | None = None

    @classmethod
    def from_session(
        cls,
        session: Any | None = None,
        region_name: str | None = None,
        *,
        retry_mode: Literal["standard", "adaptive"] = RETRY_MODE,
        max_attempts: int = MAX_ATTEMPTS,
        accept_language: str | None = None,
        waiter_clock: Callable[[], float] | None = None,
        waiter_sleep: Callable[[float], Awaitable[None]] | None = None,
        strict: bool = False,
        **client_kwargs: Any,
    ) -> AsyncServiceCatalogClient:
        """A client that builds its aiobotocore client when entered (``async with``).

        ``session`` is an ``aiobotocore.session.AioSession``. When omitted, the
        SDK makes its own, whose response parser is the faster one of the
        blocking client's own sessions (see
        :mod:`servicecatalog_sdk._async_parsing`); a session you pass is used as
        it is. Retries, timeouts and ``config`` merging are those of the
        blocking :meth:`~servicecatalog_sdk.client.ServiceCatalogClient.from_session`;
        ``client_kwargs`` (``endpoint_url``, credentials, ...) go to
        ``session.create_client``. Leaving the ``async with`` block closes the
        aiobotocore client and its connections.
        """
        config = sdk_config(retry_mode, max_attempts, client_kwargs.pop("config", None))
        if session is None:
            try:
                import aiobotocore.session  # noqa: F401
            except ImportError as exc:
                raise ImportError(
                    "AsyncServiceCatalogClient needs aiobotocore: "
                    "pip install 'servicecatalog-sdk[async]'"
                ) from exc
            from servicecatalog_sdk._async_parsing import sdk_aio_session

            session = sdk_aio_session()
        client = cls(
            UNOPENED,
            accept_language=accept_language,
            waiter_clock=waiter_clock,
            waiter_sleep=waiter_sleep,
            strict=strict,
        )
        client._owns_client = True
        client._region_hint = region_name or getattr(config, "region_name", None)
        client._opener = session.create_client(
            "servicecatalog", region_name=region_name, config=config, **client_kwargs
        )
        return client

    async def __aenter__(self) -> AsyncServiceCatalogClient:
        """Open the aiobotocore client :meth:`from_session` describes (once only)."""
        if not self._owns_client:
            return self  # its owner opened the aiobotocore client
        if self._closed:
            raise RuntimeError(
                "this AsyncServiceCatalogClient was closed and cannot be reopened: "
                "build a new one with from_session()"
            )
        opener, self._opener = self._opener, None
        if opener is None:
            raise RuntimeError("this AsyncServiceCatalogClient is already open: enter it once")
        raw = None
        try:
            raw = await opener.__aenter__()
        finally:
            # An aiobotocore client opens once: one that failed to open stays closed.
            self._closed = raw is None
        self._closer = opener
        self._transport_or_none = AsyncTransport(raw)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the aiobotocore client this object built; a given one is left open."""
        await self._close(exc_type, exc, tb)

    async def aclose(self) -> None:
        """Close the aiobotocore client :meth:`from_session` built, like leaving ``async with``.

        Closing again does nothing, and so does closing a client wrapping one
        you opened (its owner closes that). A closed client cannot be reopened.
        """
        await self._close(None, None, None)

    async def _close(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._owns_client or self._closed:
            return
        self._closed = True
        self._opener = None  # never entered: nothing to close
        closer, self._closer = self._closer, None
        self._transport_or_none = None
        if closer is not None:
            await closer.__aexit__(exc_type, exc, tb)

    def __repr__(self) -> str:
        """The class and the region, e.g. ``AsyncServiceCatalogClient(region='eu-west-1')``."""
        return f"{type(self).__name__}(region={self._region!r})"
