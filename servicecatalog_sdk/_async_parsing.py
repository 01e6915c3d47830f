"""The faster response parsing of :mod:`servicecatalog_sdk._parsing`, for asyncio sessions.

:meth:`AsyncServiceCatalogClient.from_session` without a session makes an
aiobotocore session with :func:`sdk_aio_session`; a session the user passes in
is left as it is. aiobotocore's session is botocore's with async parts, and
takes the same ``response_parser_factory`` component; its endpoint awaits
``parser.parse``, so the factory here makes aiobotocore's async JSON parser
with the same shape walk and the same UTC timestamp default as the blocking
one. (aiobotocore's parsers differ from botocore's only in awaiting the body
of event streams, which Service Catalog does not use.)

The same self-check guards it, once per process
(:func:`fast_async_parsing_problem`): the check parses its representative
response with this parser and with botocore's standard one and compares them;
on any difference, or if aiobotocore's parser classes are not where they
were, the session gets aiobotocore's standard factory, with the timestamp
default only, and a ``BotocoreCompatibilityWarning`` says why.
"""

from __future__ import annotations

import functools
from collections.abc import Coroutine
from typing import Any

from botocore.model import Shape

from servicecatalog_sdk._parsing import (
    _SdkParserFactory,
    _ShapeWalkJSONParser,
    check_parser_factory,
    register_parser_factory,
)

__all__ = ["fast_async_parsing_problem", "sdk_aio_session"]


@functools.cache
def _aio_factory_class() -> type[_SdkParserFactory]:
    # Built on first use: importing this module must not need aiobotocore's parsers.
    from aiobotocore.parsers import AioJSONParser, AioResponseParserFactory

    class AioShapeWalkJSONParser(_ShapeWalkJSONParser, AioJSONParser):  # type: ignore[misc]
        """aiobotocore's JSON parser, skipping subtrees its walk would leave unchanged."""

    class AioSdkParserFactory(_SdkParserFactory, AioResponseParserFactory):  # type: ignore[misc]
        """Makes :class:`AioShapeWalkJSONParser` for JSON; aiobotocore's parsers otherwise."""

        json_parser_class = AioShapeWalkJSONParser

    return AioSdkParserFactory


def _parse_now(parser: Any, response: dict[str, Any], shape: Shape) -> Any:
    """Run an async ``parser.parse`` of a plain JSON body (which never waits) to its end."""
    coroutine: Coroutine[Any, Any, Any] = parser.parse(response, shape)
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("its parse() waited for something on a plain JSON body")


def _check_fast_async_parsing() -> str | None:
    """What is wrong with the fast asyncio parser on this aiobotocore, or None."""
    return check_parser_factory(_aio_factory_class()(), _parse_now)


@functools.cache
def fast_async_parsing_problem() -> str | None:
    """Why the fast parser cannot be used with this aiobotocore, or None: checked once a process."""
    try:
        return _check_fast_async_parsing()
    except Exception as exc:  # any failure of the check means: do not rely on it
        return f"checking it raised {type(exc).__name__}: {exc}"


def _standard_factory() -> Any:
    from aiobotocore.parsers import AioResponseParserFactory

    return AioResponseParserFactory()


def sdk_aio_session() -> Any:
    """A new aiobotocore session whose clients parse responses as the blocking SDK's do."""
    from aiobotocore.session import get_session

    session = get_session()
    register_parser_factory(
        session,
        fast_async_parsing_problem(),
        lambda: _aio_factory_class()(),  # called only when the check passed
        _standard_factory,
        flavour="asyncio ",
    )
    return session
