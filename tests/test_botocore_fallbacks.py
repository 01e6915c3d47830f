"""A botocore without the internals the SDK's speed-ups rely on: same results, one warning.

The SDK-built session's parser overrides ``JSONParser._parse_shape`` and reads
``ResponseParserFactory._defaults``; the wait-deadline hook needs botocore's
``needs-retry`` event. Each test here takes one of them away (or makes the fast
parser disagree with botocore's) and checks that clients still return correct
typed results, with a ``BotocoreCompatibilityWarning`` at the caller's line.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import boto3
import botocore.endpoint
import pytest
from botocore.awsrequest import AWSResponse
from botocore.parsers import PROTOCOL_PARSERS, JSONParser, ResponseParserFactory

from servicecatalog_sdk import (
    BotocoreCompatibilityWarning,
    ServiceCatalogClient,
    _compat,
    _parsing,
    _transport,
)
from servicecatalog_sdk.models import RecordStatus

BODY = {
    "RecordDetail": {
        "RecordId": "rec-1",
        "Status": "SUCCEEDED",
        "CreatedTime": 1700000000.5,
        "RecordErrors": [],
    },
    "RecordOutputs": [{"OutputKey": "BucketName", "OutputValue": "orders-bucket"}],
}
CREATED = datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _fresh_verdicts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The verdicts are cached once per process, and each warning given once:
    # every test starts (and leaves) with neither.
    monkeypatch.setattr(_compat, "_warned", set())
    _parsing.fast_parsing_problem.cache_clear()
    _transport._needs_retry_problem.cache_clear()
    yield
    _parsing.fast_parsing_problem.cache_clear()
    _transport._needs_retry_problem.cache_clear()


def answer_with(body: dict[str, Any]) -> Any:
    """A ``before-send`` handler that answers every request with ``body``."""
    payload = json.dumps(body).encode()

    class Raw:
        def stream(self, **_: Any) -> Iterator[bytes]:
            return iter([payload])

    def answer(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, {}, Raw())

    return answer


def describe(sc: ServiceCatalogClient) -> Any:
    sc.raw.meta.events.register("before-send.servicecatalog", answer_with(BODY))
    return sc.describe_record(id="rec-1")


def assert_correct(out: Any) -> None:
    assert out.record_detail.record_id == "rec-1"
    assert out.record_detail.status is RecordStatus.SUCCEEDED
    assert out.record_detail.created_time == CREATED
    assert out.record_detail.created_time.tzinfo is not None
    assert [(o.output_key, o.output_value) for o in out.record_outputs] == [
        ("BucketName", "orders-bucket")
    ]


def uses_fast_parser(sc: ServiceCatalogClient) -> bool:
    factory = sc.raw._endpoint._response_parser_factory  # where botocore keeps it
    return isinstance(factory, _parsing._SdkParserFactory)


def build_with_one_warning() -> tuple[ServiceCatalogClient, warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sc = ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)  # warned at
        again = ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)
    ours = [w for w in caught if issubclass(w.category, BotocoreCompatibilityWarning)]
    assert len(ours) == 1, [str(w.message) for w in caught]
    assert again is not sc
    return sc, ours[0]


def test_on_this_botocore_the_fast_parser_is_used_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", BotocoreCompatibilityWarning)
        sc = ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)
    assert _parsing.fast_parsing_problem() is None
    assert uses_fast_parser(sc)
    assert_correct(describe(sc))


def test_the_check_passes_and_runs_once_a_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its cost (about 1 ms) is a benchmark figure, not a test's business.
    assert _parsing._check_fast_parsing() is None
    calls: list[None] = []
    original = _parsing._check_fast_parsing

    def counted() -> str | None:
        calls.append(None)
        return original()

    monkeypatch.setattr(_parsing, "_check_fast_parsing", counted)
    for _ in range(3):
        ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)
    assert len(calls) == 1


def test_a_factory_without_defaults_falls_back_to_botocores_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A botocore whose factory keeps its defaults under another name.
    def init(self: Any) -> None:
        self._parser_kwargs = {}

    def set_defaults(self: Any, **kwargs: Any) -> None:
        self._parser_kwargs.update(kwargs)

    def create(self: Any, protocol_name: str) -> Any:
        return PROTOCOL_PARSERS[protocol_name](**self._parser_kwargs)

    monkeypatch.setattr(ResponseParserFactory, "__init__", init)
    monkeypatch.setattr(ResponseParserFactory, "set_parser_defaults", set_defaults)
    monkeypatch.setattr(ResponseParserFactory, "create_parser", create)
    sc, warning = build_with_one_warning()
    assert "_defaults" in str(warning.message)
    assert "standard parser" in str(warning.message)
    assert warning.filename == __file__
    assert not uses_fast_parser(sc)
    assert_correct(describe(sc))


def test_a_changed_parse_shape_signature_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    original = JSONParser._parse_shape

    def renamed(self: Any, shape: Any, value: Any, context: Any = None) -> Any:
        return original(self, shape, value)

    monkeypatch.setattr(JSONParser, "_parse_shape", renamed)
    sc, warning = build_with_one_warning()
    assert "(self, shape, value, context)" in str(warning.message)
    assert warning.filename == __file__
    assert not uses_fast_parser(sc)
    assert_correct(describe(sc))


def test_a_fast_parser_that_disagrees_with_botocore_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if botocore started converting something the walk does not know of:
    # the fast parser would hand epoch numbers through unconverted.
    monkeypatch.setattr(_parsing, "_changes_on_the_way", lambda shape, walk: False)
    sc, warning = build_with_one_warning()
    assert "differ from botocore's standard parser" in str(warning.message)
    assert not uses_fast_parser(sc)
    assert_correct(describe(sc))


def test_a_parser_that_no_longer_calls_parse_shape_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # botocore parses through a new private method: the override is never called.
    def handle_structure(self: Any, shape: Any, value: Any) -> Any:
        return {name: value[name] for name in shape.members if name in value}

    monkeypatch.setattr(JSONParser, "_handle_structure", handle_structure)
    monkeypatch.setattr(
        JSONParser, "_do_parse", lambda self, response, shape: json.loads(response["body"])
    )
    assert _parsing.fast_parsing_problem() == "JSONParser no longer parses through _parse_shape"


def test_a_needs_retry_event_without_caught_exception_leaves_out_the_deadline_hook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = botocore.endpoint.Endpoint._needs_retry

    def needs_retry(
        self: Any,
        attempts: int,
        operation_model: Any,
        request_dict: Any,
        response: Any = None,
        error: Any = None,
    ) -> Any:
        return original(self, attempts, operation_model, request_dict, response, error)

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_needs_retry", needs_retry)
    raw = boto3.client("servicecatalog", region_name="us-east-1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sc = ServiceCatalogClient(raw, strict=True)  # the line warned at
        ServiceCatalogClient(boto3.client("servicecatalog", region_name="us-east-1"), strict=True)
    ours = [w for w in caught if issubclass(w.category, BotocoreCompatibilityWarning)]
    assert len(ours) == 1
    assert "caught_exception" in str(ours[0].message)
    assert "overrun its timeout" in str(ours[0].message)
    assert ours[0].filename == __file__
    assert_correct(describe(sc))


def test_an_event_system_without_register_first_leaves_out_the_deadline_hook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = boto3.client("servicecatalog", region_name="us-east-1")
    monkeypatch.setattr(raw.meta.events, "register_first", None)  # a release without it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sc = ServiceCatalogClient(raw, strict=True)
    ours = [w for w in caught if issubclass(w.category, BotocoreCompatibilityWarning)]
    assert len(ours) == 1
    assert "register_first" in str(ours[0].message)
    assert ours[0].filename == __file__
    assert_correct(describe(sc))


def test_on_this_botocore_the_deadline_hook_is_registered_without_a_warning() -> None:
    raw = boto3.client("servicecatalog", region_name="us-east-1")
    with warnings.catch_warnings():
        warnings.simplefilter("error", BotocoreCompatibilityWarning)
        ServiceCatalogClient(raw, strict=True)
    assert _transport._needs_retry_problem() is None
    # Registered under its unique id: unregistering it finds it.
    raw.meta.events.unregister(
        "needs-retry.servicecatalog", unique_id="servicecatalog-sdk-wait-deadline"
    )
