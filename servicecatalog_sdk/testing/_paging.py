"""Offset page tokens, as Service Catalog uses them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from ._errors import invalid

T = TypeVar("T")


def page(
    items: Sequence[T],
    params: Mapping[str, Any],
    *,
    default_size: int = 20,
    max_size: int = 20,
    size_key: str = "PageSize",
) -> tuple[Sequence[T], str | None]:
    """Return the page of ``items`` that ``PageToken``/``PageSize`` select and the next token.

    The token is the offset of the page's first item, so a client that sends back
    ``NextPageToken`` sees every item once as long as the list does not change.
    """
    size = params.get(size_key)
    if size is None or size == 0:
        size = default_size
    if not isinstance(size, int) or size < 0 or size > max_size:
        raise invalid(f"{size_key} must be an integer between 0 and {max_size}")
    token = params.get("PageToken")
    if token is None:
        start = 0
    elif isinstance(token, str) and token.isdigit():
        start = int(token)
    else:
        # An empty token is rejected too: the service never hands one out.
        raise invalid("The page token is not valid")
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)
