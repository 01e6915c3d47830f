"""Wire responses, a fake clock and a time-driven stub, shared by waiter and CLI tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any

from botocore.awsrequest import AWSResponse

WHEN = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


class FakeTime:
    """A clock and a sleep that only move when the waiter sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.start = start
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        """The fake monotonic time."""
        return self.now

    def sleep(self, seconds: float) -> None:
        """Advance the fake time instead of sleeping."""
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds

    @property
    def elapsed(self) -> float:
        """Seconds slept since the start."""
        return self.now - self.start


def record(
    status: str,
    *,
    record_id: str = "rec-1",
    errors: Sequence[tuple[str, str]] = (),
    outputs: Sequence[tuple[str, str]] = (),
    record_type: str = "PROVISION_PRODUCT",
) -> dict[str, Any]:
    """A DescribeRecord response."""
    response: dict[str, Any] = {
        "RecordDetail": {
            "RecordId": record_id,
            "ProvisionedProductName": "orders-db",
            "ProvisionedProductId": "pp-1",
            "Status": status,
            "CreatedTime": WHEN,
            "UpdatedTime": WHEN,
            "RecordType": record_type,
            "RecordErrors": [{"Code": c, "Description": d} for c, d in errors],
        }
    }
    if outputs:
        response["RecordOutputs"] = [{"OutputKey": k, "OutputValue": v} for k, v in outputs]
    return response


def product_detail(
    status: str,
    *,
    pid: str = "pp-1",
    last_record_id: str = "rec-1",
    message: str | None = None,
) -> dict[str, Any]:
    """A ProvisionedProductDetail on the wire."""
    detail: dict[str, Any] = {
        "Id": pid,
        "Name": f"name-{pid}",
        "Type": "CFN_STACK",
        "Status": status,
        "CreatedTime": WHEN,
        "LastRecordId": last_record_id,
    }
    if message is not None:
        detail["StatusMessage"] = message
    return detail


def product(status: str, **kwargs: Any) -> dict[str, Any]:
    """A DescribeProvisionedProduct response."""
    return {"ProvisionedProductDetail": product_detail(status, **kwargs)}


def answer_by_time(
    raw_client: Any, operation: str, respond: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Answer ``operation`` at ``before-call`` (as the Stubber does) from ``respond(params)``.

    For sequences whose length depends on the waiter's timing; returns the list
    of the parameters of every call made.
    """
    calls: list[dict[str, Any]] = []

    def handler(params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        calls.append(params)
        body = respond(params)
        http = AWSResponse("https://example.invalid", 200, {}, None)
        return http, {**body, "ResponseMetadata": {"HTTPStatusCode": 200}}

    raw_client.meta.events.register(
        f"before-call.servicecatalog.{operation}", handler, unique_id=_answer_id(operation)
    )
    return calls


def stop_answering(raw_client: Any, operation: str) -> None:
    """Remove the handler :func:`answer_by_time` installed."""
    raw_client.meta.events.unregister(
        f"before-call.servicecatalog.{operation}", unique_id=_answer_id(operation)
    )


def _answer_id(operation: str) -> str:
    return f"tests-answer-{operation}"
