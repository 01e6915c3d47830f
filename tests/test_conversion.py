"""Public conversion (``structure``/``unstructure``) and strictness per client, not per process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

import servicecatalog_sdk
from servicecatalog_sdk import ServiceCatalogClient, structure, unstructure
from servicecatalog_sdk._converter import converter, parse_timestamp
from servicecatalog_sdk.errors import ResponseParseError
from servicecatalog_sdk.models import (
    DescribeRecordOutput,
    ProvisioningParameter,
    RecordDetail,
    RecordStatus,
    Tag,
)

UTC = timezone.utc

# A DescribeRecord response as boto3 returns it.
BOTO3_RESPONSE: dict[str, Any] = {
    "RecordDetail": {
        "RecordId": "rec-1",
        "Status": "SUCCEEDED",
        "CreatedTime": datetime(2024, 1, 1, 12, 30, tzinfo=UTC),
        "RecordErrors": [{"Code": "E1", "Description": "boom"}],
        "RecordTags": [{"Key": "team", "Value": "data"}],
    },
    "RecordOutputs": [{"OutputKey": "Url", "OutputValue": "https://example.com"}],
    "ResponseMetadata": {"RequestId": "req-1", "HTTPStatusCode": 200, "RetryAttempts": 1},
}


def test_structure_and_unstructure_are_public_lazy_and_set_strict_is_gone() -> None:
    assert {"structure", "unstructure"} <= set(servicecatalog_sdk.__all__)
    assert "set_strict" not in servicecatalog_sdk.__all__
    assert not hasattr(servicecatalog_sdk, "set_strict")
    assert structure.__doc__
    assert unstructure.__doc__
    code = (
        "import sys, servicecatalog_sdk;"
        "assert 'servicecatalog_sdk._converter' not in sys.modules;"
        "assert 'cattrs' not in sys.modules;"
        "servicecatalog_sdk.structure;"
        "assert 'servicecatalog_sdk._converter' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_boto3_response_round_trips() -> None:
    out = structure(BOTO3_RESPONSE, DescribeRecordOutput)
    assert out.record_detail is not None
    assert out.record_detail.status is RecordStatus.SUCCEEDED
    assert out.record_outputs[0].output_value == "https://example.com"
    assert out.response_metadata is not None
    assert out.response_metadata.request_id == "req-1"
    expected = {k: v for k, v in BOTO3_RESPONSE.items() if k != "ResponseMetadata"}
    assert unstructure(out) == expected


def test_unstructure_gives_the_boto3_shape() -> None:
    record = RecordDetail(
        record_id="rec-1",
        status=RecordStatus("SOMETHING_NEW"),
        created_time=datetime(2024, 1, 1, tzinfo=UTC),
        record_tags=(),
        provisioned_product_name=None,
    )
    wire = unstructure(record)
    assert wire == {
        "RecordId": "rec-1",
        "Status": "SOMETHING_NEW",
        "CreatedTime": datetime(2024, 1, 1, tzinfo=UTC),
    }
    assert type(wire["Status"]) is str  # a plain string, as boto3 takes it
    known = unstructure(RecordDetail(status=RecordStatus.FAILED))
    assert known == {"Status": "FAILED"}
    assert type(known["Status"]) is str
    assert unstructure([Tag(key="a", value="b")]) == [{"Key": "a", "Value": "b"}]
    assert unstructure(ProvisioningParameter(key="k", value="v")) == {"Key": "k", "Value": "v"}


def test_strictness_is_an_argument() -> None:
    data = {"RecordId": "rec-1", "NewMember": 1}
    assert structure(data, RecordDetail) == RecordDetail(record_id="rec-1")
    with pytest.raises(ResponseParseError) as info:
        structure(data, RecordDetail, strict=True)
    assert info.value.path == "$.NewMember"
    # Each call chose for itself: the lenient one still ignores the member.
    assert structure(data, RecordDetail).record_id == "rec-1"
    assert converter() is converter(False)
    assert converter(True).strict
    assert not converter().strict


def test_bad_data_raises_response_parse_error_naming_the_member() -> None:
    with pytest.raises(ResponseParseError) as info:
        structure({"RecordDetail": {"CreatedTime": "yesterday"}}, DescribeRecordOutput)
    assert info.value.path == "$.RecordDetail.CreatedTime"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-01T00:00:00.12Z", datetime(2024, 1, 1, 0, 0, 0, 120000, tzinfo=UTC)),
        ("2024-01-01T00:00:00.1234567Z", datetime(2024, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)),
        ("2024-01-01T00:00:00.5z", datetime(2024, 1, 1, 0, 0, 0, 500000, tzinfo=UTC)),
        ("2024-01-01T00:00:00Z", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-01-01T00:00:00.000Z", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-01-01T10:20:30", datetime(2024, 1, 1, 10, 20, 30, tzinfo=UTC)),
        ("2024-01-01 10:20", datetime(2024, 1, 1, 10, 20, tzinfo=UTC)),
        ("2024-01-01", datetime(2024, 1, 1, tzinfo=UTC)),
        (
            "2024-01-01T05:30:00+05:30",
            datetime(2024, 1, 1, 5, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        (
            "2024-01-01T00:00:00.1-0130",
            datetime(2024, 1, 1, 0, 0, 0, 100000, tzinfo=timezone(-timedelta(hours=1, minutes=30))),
        ),
        ("2024-01-01T00:00:00+02", datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=2)))),
        ("2024-01-01T00:00:00+00:00", datetime(2024, 1, 1, tzinfo=UTC)),
    ],
)
def test_iso_8601_strings_parse_on_every_python(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()
    record = structure({"CreatedTime": text}, RecordDetail)
    assert record.created_time == expected


@pytest.mark.parametrize(
    "text", ["", "yesterday", "2024-13-01", "2024-01-01T25:00:00Z", "2024-01-01T00:00:00+2", "1"]
)
def test_malformed_timestamps_are_parse_errors(text: str) -> None:
    with pytest.raises(ResponseParseError) as info:
        structure({"CreatedTime": text}, RecordDetail)
    assert info.value.path == "$.CreatedTime"


def test_epoch_numbers_and_datetimes_are_timestamps_too() -> None:
    moment = datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=UTC)
    for value in (1700000000.5, moment, moment.replace(tzinfo=None)):
        assert structure({"CreatedTime": value}, RecordDetail).created_time == moment
    whole = structure({"CreatedTime": 1700000000}, RecordDetail).created_time
    assert whole == moment.replace(microsecond=0)
    with pytest.raises(ResponseParseError):
        structure({"CreatedTime": True}, RecordDetail)


# -- strictness belongs to the client ------------------------------------------------


def answer_with(raw: Any, bodies: list[dict[str, Any]]) -> None:
    """Answer ``raw``'s requests with ``bodies`` in turn (raw JSON: extra members survive)."""

    class Raw:
        def __init__(self, body: bytes) -> None:
            self.body = body

        def stream(self, **_: Any) -> Any:
            return iter([self.body])

    def send(request: Any, **_: Any) -> AWSResponse:
        body = json.dumps(bodies.pop(0)).encode()
        return AWSResponse(request.url, 200, {}, Raw(body))

    raw.meta.events.register("before-send.servicecatalog", send)


# The new member sits in a subtree without timestamps, which the SDK's session
# keeps as the JSON had it (see _parsing); botocore would drop it elsewhere.
RECORD_WITH_NEW_MEMBER = {
    "RecordDetail": {"RecordId": "rec-1", "Status": "SUCCEEDED"},
    "RecordOutputs": [{"OutputKey": "k", "NewMember": "x"}],
}


def clients(raw_client_factory: Callable[[], Any]) -> tuple[Any, Any]:
    lenient = ServiceCatalogClient(raw_client_factory(), strict=False)
    strict = ServiceCatalogClient(raw_client_factory(), strict=True)
    return lenient, strict


@pytest.fixture
def make_raw() -> Callable[[], Any]:
    # Clients of the SDK's own session: botocore's default parser would drop
    # the unmodelled member before the converter sees it.
    return lambda: ServiceCatalogClient.from_session(region_name="us-east-1").raw


def test_each_client_keeps_its_own_strictness(make_raw: Callable[[], Any]) -> None:
    lenient, strict = clients(make_raw)
    assert not lenient.strict
    assert strict.strict
    answer_with(lenient.raw, [RECORD_WITH_NEW_MEMBER])
    answer_with(strict.raw, [RECORD_WITH_NEW_MEMBER, RECORD_WITH_NEW_MEMBER])
    with pytest.raises(ResponseParseError) as info:
        strict.describe_record(id="rec-1")
    assert info.value.path == "$.RecordOutputs[0].NewMember"
    # A strict client elsewhere changes nothing for this one.
    assert lenient.describe_record(id="rec-1").record_detail.record_id == "rec-1"
    with pytest.raises(ResponseParseError):
        strict.describe_record(id="rec-1")


def test_waiters_and_listings_use_their_clients_converter(make_raw: Callable[[], Any]) -> None:
    lenient, strict = clients(make_raw)
    page = {"LaunchPathSummaries": [{"Id": "lp-1", "NewMember": 1}]}
    answer_with(lenient.raw, [RECORD_WITH_NEW_MEMBER, page])
    answer_with(strict.raw, [RECORD_WITH_NEW_MEMBER, page])
    assert lenient.wait_for_record("rec-1", timeout=5).record_detail is not None
    with pytest.raises(ResponseParseError):
        strict.wait_for_record("rec-1", timeout=5)
    assert [p.id for p in lenient.list_launch_paths(product_id="prod-1")] == ["lp-1"]
    with pytest.raises(ResponseParseError):
        list(strict.list_launch_paths(product_id="prod-1"))


def test_from_session_passes_strict_on() -> None:
    assert ServiceCatalogClient.from_session(region_name="us-east-1", strict=True).strict
    assert not ServiceCatalogClient.from_session(region_name="us-east-1").strict
    with pytest.raises(TypeError):
        ServiceCatalogClient.from_session(region_name="us-east-1", strict="yes")  # type: ignore[arg-type]
