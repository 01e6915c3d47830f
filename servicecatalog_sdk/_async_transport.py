"""The one asyncio module that calls the aiobotocore client.

It mirrors :class:`servicecatalog_sdk._transport.Transport` with ``await``: the
idempotency token, the error mapping and the page-token rules are the same
pure functions (:func:`~servicecatalog_sdk._transport.typed_failure`,
:class:`~servicecatalog_sdk._page_tokens.PageTokens`); only the sending
differs. Retries of a failed request are aiobotocore's (botocore's retry
modes, run on the event loop).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from servicecatalog_sdk._operation import OperationSpec
from servicecatalog_sdk._page_tokens import PageTokens
from servicecatalog_sdk._transport import (
    MAPPED_ERRORS,
    _register_deadline_hook,
    ensure_token,
    finish_response,
    typed_failure,
)

__all__ = ["AsyncTransport"]


class AsyncTransport:
    """Sends requests for one aiobotocore ``servicecatalog`` client."""

    def __init__(self, client: Any) -> None:
        self.client = client
        # aiobotocore emits botocore's needs-retry event: a wait's deadline ends
        # its retries of a poll request here too.
        _register_deadline_hook(client)

    async def call(self, spec: OperationSpec[Any], request: dict[str, Any]) -> dict[str, Any]:
        """Send one request; return aiobotocore's parsed response."""
        token = ensure_token(spec, request)
        method = getattr(self.client, spec.method)
        try:
            response: dict[str, Any] = await method(**request)
        except MAPPED_ERRORS as exc:
            failure = typed_failure(exc, spec.name, token)
            if failure is None:
                raise
        else:
            return finish_response(response, token)
        # Raised outside the handler: see typed_failure.
        raise failure.error from failure.cause

    async def pages(
        self, spec: OperationSpec[Any], request: dict[str, Any]
    ) -> AsyncGenerator[dict[str, Any], None]:
        """Every page of a paged operation, one request per page, fetched as iterated."""
        tokens = PageTokens(spec, request)
        while True:
            page = await self.call(spec, tokens.request)
            yield page
            if not tokens.advance(page):
                return
