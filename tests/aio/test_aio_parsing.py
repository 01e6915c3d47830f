"""The asyncio client's own sessions parse responses as the blocking client's do: faster.

``AsyncServiceCatalogClient.from_session()`` without a session gets the SDK's
parser on aiobotocore's async parser classes, behind the same self-check; a
session the caller passes keeps aiobotocore's parser. When the check fails the
client falls back to aiobotocore's standard parser with one warning.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Generator, Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from aiobotocore.awsrequest import AioAWSResponse
from aiobotocore.parsers import AioJSONParser, AioResponseParserFactory
from aiobotocore.session import get_session
from botocore.parsers import JSONParser

from servicecatalog_sdk import BotocoreCompatibilityWarning, _async_parsing, _compat, _parsing
from servicecatalog_sdk._parsing import _SdkParserFactory, epoch_to_utc
from servicecatalog_sdk.aio import AsyncServiceCatalogClient
from servicecatalog_sdk.models import RecordStatus
from tests.test_parsing import as_json, response
from tests.wire import full_wire, service_model

BODY = {
    "RecordDetail": {"RecordId": "rec-1", "Status": "SUCCEEDED", "CreatedTime": 1700000000.5},
    "RecordOutputs": [{"OutputKey": "BucketName", "OutputValue": "orders", "NewMember": "x"}],
}
CREATED = datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=timezone.utc)
CLIENT_KWARGS: dict[str, Any] = {
    "region_name": "us-east-1",
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    # Lenient: the body holds a member the model lacks, which the raw output keeps.
    "strict": False,
}


@pytest.fixture(autouse=True)
def _fresh_verdicts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Verdicts are cached once per process and each warning given once: every
    # test starts (and leaves) with neither.
    monkeypatch.setattr(_compat, "_warned", set())
    _async_parsing.fast_async_parsing_problem.cache_clear()
    yield
    _async_parsing.fast_async_parsing_problem.cache_clear()


class _Body:
    def __init__(self, payload: bytes) -> None:
        self._payload = payload

    async def read(self) -> bytes:
        return self._payload


def answer_with(body: dict[str, Any]) -> Any:
    """A ``before-send`` handler answering every aiobotocore request with ``body``."""
    payload = json.dumps(body).encode()

    def answer(request: Any, **_: Any) -> AioAWSResponse:
        return AioAWSResponse(request.url, 200, {}, _Body(payload))

    return answer


def parser_factory(sc: AsyncServiceCatalogClient) -> Any:
    return sc.raw._endpoint._response_parser_factory  # where botocore keeps it


async def raw_outputs(sc: AsyncServiceCatalogClient) -> Any:
    sc.raw.meta.events.register("before-send.servicecatalog", answer_with(BODY))
    raw = await sc.raw.describe_record(Id="rec-1")
    typed = await sc.describe_record(id="rec-1")
    assert typed.record_detail is not None
    assert typed.record_detail.status is RecordStatus.SUCCEEDED
    assert typed.record_detail.created_time == CREATED
    assert [(o.output_key, o.output_value) for o in typed.record_outputs] == [
        ("BucketName", "orders")
    ]
    return raw["RecordOutputs"]


@pytest.mark.parametrize("operation", sorted(service_model().operation_names))
def test_every_output_parses_exactly_as_botocore_parses_it(operation: str) -> None:
    shape = service_model().operation_model(operation).output_shape
    body = as_json(full_wire(shape))
    factory = _async_parsing._aio_factory_class()()
    factory.set_parser_defaults(timestamp_parser=epoch_to_utc)
    parser = factory.create_parser("json")
    assert isinstance(parser, AioJSONParser)
    expected = JSONParser(timestamp_parser=epoch_to_utc).parse(response(body), shape)
    assert _async_parsing._parse_now(parser, response(body), shape) == expected


@pytest.mark.asyncio
async def test_only_sessions_the_sdk_makes_get_the_fast_parser() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", BotocoreCompatibilityWarning)
        built = AsyncServiceCatalogClient.from_session(**CLIENT_KWARGS)
    passed = AsyncServiceCatalogClient.from_session(get_session(), **CLIENT_KWARGS)
    assert _async_parsing.fast_async_parsing_problem() is None
    async with built, passed:
        assert isinstance(parser_factory(built), _SdkParserFactory)
        assert isinstance(parser_factory(built), AioResponseParserFactory)
        assert not isinstance(parser_factory(passed), _SdkParserFactory)
        # aiobotocore's own parser drops the member its model lacks; the SDK's keeps the JSON.
        assert await raw_outputs(passed) == [{"OutputKey": "BucketName", "OutputValue": "orders"}]
        assert await raw_outputs(built) == BODY["RecordOutputs"]


@pytest.mark.asyncio
async def test_a_fast_parser_that_disagrees_with_botocore_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if botocore started converting something the walk does not know of.
    monkeypatch.setattr(_parsing, "_changes_on_the_way", lambda shape, walk: False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sc = AsyncServiceCatalogClient.from_session(**CLIENT_KWARGS)  # warned at
        AsyncServiceCatalogClient.from_session(**CLIENT_KWARGS)
    ours = [w for w in caught if issubclass(w.category, BotocoreCompatibilityWarning)]
    assert len(ours) == 1, [str(w.message) for w in caught]
    assert "differ from botocore's standard parser" in str(ours[0].message)
    assert "asyncio clients built by from_session()" in str(ours[0].message)
    assert ours[0].filename == __file__
    async with sc:
        factory = parser_factory(sc)
        assert isinstance(factory, AioResponseParserFactory)
        assert not isinstance(factory, _SdkParserFactory)
        assert await raw_outputs(sc) == [{"OutputKey": "BucketName", "OutputValue": "orders"}]


def test_a_parser_that_waits_on_a_plain_json_body_is_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Pending:
        def __await__(self) -> Generator[None, None, None]:
            yield None  # suspends, as real I/O would

    async def parse(self: Any, response: Any, shape: Any) -> Any:
        await Pending()
        return {}

    monkeypatch.setattr(AioJSONParser, "parse", parse)
    problem = _async_parsing.fast_async_parsing_problem()
    assert problem is not None
    assert "waited for something" in problem


def test_a_missing_aiobotocore_parser_class_is_a_problem_not_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import aiobotocore.parsers

    _async_parsing._aio_factory_class.cache_clear()
    monkeypatch.delattr(aiobotocore.parsers, "AioJSONParser")
    try:
        problem = _async_parsing.fast_async_parsing_problem()
    finally:
        _async_parsing._aio_factory_class.cache_clear()
    assert problem is not None
    assert problem.startswith("checking it raised ImportError")
