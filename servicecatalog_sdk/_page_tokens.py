"""The page-token rules of one listing: pure, so both transports follow the same ones.

botocore's paginator's rules, with a stricter repeat check: an absent or empty
next token ends the listing (so an empty token is never sent), an empty page
that still carries a token is followed, and a token seen anywhere before in
the listing (botocore compares only consecutive ones) raises PaginationError.
A page token already in the first request (the caller's ``starting_token``)
is sent with that request only, and counts as seen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicecatalog_sdk._operation import OperationSpec
from servicecatalog_sdk.errors import PaginationError

__all__ = ["PageTokens"]


class PageTokens:
    """The request for the next page of one listing, given each page's answer."""

    __slots__ = ("_input", "_name", "_output", "_seen", "request")

    def __init__(self, spec: OperationSpec[Any], request: Mapping[str, Any]) -> None:
        paging = spec.paging
        assert paging is not None
        self._name = spec.name
        self._input = paging.input_token
        self._output = paging.output_token
        #: The request to send next (a copy: the caller's dict is left alone).
        self.request: dict[str, Any] = dict(request)
        start = self.request.get(self._input)
        self._seen: set[str] = {start} if start else set()

    def advance(self, page: Mapping[str, Any]) -> bool:
        """Point :attr:`request` at the page after ``page``; False when there is none."""
        token = page.get(self._output)
        if not token:
            return False
        if token in self._seen:
            raise PaginationError(
                f"{self._name}: the service returned page token {token!r} again; "
                "following it would read the same pages twice"
            )
        self._seen.add(token)
        self.request[self._input] = token
        return True
