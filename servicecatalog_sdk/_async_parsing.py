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

These sessions also share the blocking ones' cache of botocore's parsed data
files (:func:`servicecatalog_sdk._parsing._share_data_loader`): aiobotocore's
session keeps botocore's data loader, so a second asyncio client in a process
reads neither the endpoints nor the service model again.
"""

from __future__ import annotations

import functools
from collections.abc import Coroutine
from typing import Any, Final

from botocore.model import Shape

from servicecatalog_sdk._parsing import (
    CHECK_ERRORS,
    _SdkParserFactory,
    _ShapeWalkJSONParser,
    _share_data_loader,
    check_parser_factory,
    problem_raised,
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


class ParserWaitedError(Exception):
    """An asyncio parser awaited something while parsing a plain JSON body."""


def _parse_now(parser: Any, response: dict[str, Any], shape: Shape) -> Any:
    """Run an async ``parser.parse`` of a plain JSON body (which never waits) to its end."""
    coroutine: Coroutine[Any, Any, Any] = parser.parse(response, shape)
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise ParserWaitedError("its parse() waited for something on a plain JSON body")


# The blocking check's drift errors, and the asyncio parser's own.
_ASYNC_CHECK_ERRORS: Final[tuple[type[Exception], ...]] = (*CHECK_ERRORS, ParserWaitedError)


def _check_fast_async_parsing() -> str | None:
    """What is wrong with the fast asyncio parser on this aiobotocore, or None."""
    return check_parser_factory(_aio_factory_class()(), _parse_now)


@functools.cache
def fast_async_parsing_problem() -> str | None:
    """Why the fast parser cannot be used with this aiobotocore, or None: checked once a process."""
    try:
        return _check_fast_async_parsing()
    except _ASYNC_CHECK_ERRORS as exc:
        return problem_raised(exc)


def _standard_factory() -> Any:
    from aiobotocore.parsers import AioResponseParserFactory

    return AioResponseParserFactory()


def sdk_aio_session() -> Any:
    """A new aiobotocore session whose clients parse responses as the blocking SDK's do.

    Its data loader (botocore's, which aiobotocore's session keeps) shares what
    the SDK's other sessions, blocking ones included, parsed from botocore's data files.
    """
    from aiobotocore.session import get_session

    session = get_session()
    register_parser_factory(
        session,
        fast_async_parsing_problem(),
        lambda: _aio_factory_class()(),  # called only when the check passed
        _standard_factory,
        flavour="asyncio ",
    )
    _share_data_loader(session)
    return session
