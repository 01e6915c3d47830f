"""The SDK's own sessions parse responses like botocore does, only faster."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.parsers import JSONParser

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk._parsing import _SdkParserFactory, epoch_to_utc
from tests.wire import full_wire, service_model


def as_json(value: Any) -> Any:
    """A parsed wire value back in the JSON the service sends (epoch timestamps)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime):
        return value.timestamp()
    return value


def response(body: Any) -> dict[str, Any]:
    return {"body": json.dumps(body).encode(), "headers": {}, "status_code": 200}


OPERATIONS = sorted(service_model().operation_names)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_output_parses_exactly_as_botocore_parses_it(operation: str) -> None:
    shape = service_model().operation_model(operation).output_shape
    body = as_json(full_wire(shape))
    ours = _SdkParserFactory()
    ours.set_parser_defaults(timestamp_parser=epoch_to_utc)
    botocores = JSONParser(timestamp_parser=epoch_to_utc)
    expected = botocores.parse(response(body), shape)
    assert ours.create_parser("json").parse(response(body), shape) == expected


def test_timestamps_are_utc_and_untouched_json_is_not_copied() -> None:
    shape = service_model().operation_model("DescribeRecord").output_shape
    body = {
        "RecordDetail": {"RecordId": "rec-1", "CreatedTime": 1700000000.5},
        "RecordOutputs": [{"OutputKey": "k", "OutputValue": "v"}],
    }
    factory = _SdkParserFactory()
    factory.set_parser_defaults(timestamp_parser=epoch_to_utc)
    parsed = factory.create_parser("json").parse(response(body), shape)
    created = parsed["RecordDetail"]["CreatedTime"]
    assert created == datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=timezone.utc)
    assert created.tzinfo is timezone.utc
    assert parsed["RecordOutputs"] == [{"OutputKey": "k", "OutputValue": "v"}]


def test_only_sessions_the_sdk_makes_get_the_parser() -> None:
    import boto3
    from botocore.awsrequest import AWSResponse

    body = json.dumps({"RecordOutputs": [{"OutputKey": "k", "NewMember": "x"}]}).encode()

    class Raw:
        def stream(self, **_: Any) -> Any:
            return iter([body])

    def answer(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, {}, Raw())

    built = ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)
    passed = ServiceCatalogClient.from_session(
        boto3.Session(region_name="us-east-1"), region_name="us-east-1", strict=True
    )
    outputs = {}
    for name, sc in (("built", built), ("passed", passed)):
        sc.raw.meta.events.register("before-send.servicecatalog", answer)
        outputs[name] = sc.raw.describe_record(Id="rec-1")["RecordOutputs"]
    # botocore's own parser drops the member its model lacks; the SDK's keeps the JSON.
    assert outputs["passed"] == [{"OutputKey": "k"}]
    assert outputs["built"] == [{"OutputKey": "k", "NewMember": "x"}]
