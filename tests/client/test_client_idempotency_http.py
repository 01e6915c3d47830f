"""Idempotent retries at the HTTP level (a ``before-send`` handler, not the Stubber).

The Stubber answers at ``before-call``, so botocore's retries never run under it.
Here botocore builds, signs and "sends" each attempt; a ``before-send`` handler
records the body and answers, and botocore's own retry loop decides to resend.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.endpoint
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from servicecatalog_sdk import ServiceCatalogClient, errors
from servicecatalog_sdk.client import MAX_ATTEMPTS, RETRY_MODE
from servicecatalog_sdk.models import ProvisionProductOutput, RecordStatus
from tests.client.client_helpers import assert_uuid

URL = "https://servicecatalog.us-east-1.amazonaws.com/"
THROTTLED = {"__type": "ThrottlingException", "message": "slow down"}
PROVISIONED = {
    "RecordDetail": {
        "RecordId": "rec-1",
        "ProvisionedProductName": "orders-db",
        "Status": "CREATED",
        "CreatedTime": 1497529800,
        "RecordType": "PROVISION_PRODUCT",
        "ProvisionedProductId": "pp-abc",
    }
}


class _Body:
    """The ``raw`` of an ``AWSResponse``: just enough for botocore to read it."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self._data = json.dumps(payload).encode()

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def http_response(status: int, payload: dict[str, Any]) -> AWSResponse:
    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": f"req-{status}"}
    return AWSResponse(URL, status, headers, _Body(payload))


class _NoSleep:
    """Stands in for the ``time`` module botocore's endpoint sleeps through between retries."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> _NoSleep:
    fake = _NoSleep()
    monkeypatch.setattr(botocore.endpoint, "time", fake)
    return fake


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch) -> Any:
    for name in ("AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"):
        monkeypatch.delenv(name, raising=False)
    return boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )


@pytest.fixture
def sc(session: Any) -> ServiceCatalogClient:
    return ServiceCatalogClient.from_session(session, region_name="us-east-1", strict=True)


class Server:
    """Answers ProvisionProduct attempts in turn and records each body it was sent."""

    def __init__(self, *answers: tuple[int, dict[str, Any]]) -> None:
        self.answers = list(answers)
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: Any, **_: Any) -> AWSResponse:
        assert request.url.startswith("https://servicecatalog.us-east-1.amazonaws.com")
        self.bodies.append(json.loads(request.body))
        status, payload = self.answers.pop(0)
        return http_response(status, payload)


def install(sc: ServiceCatalogClient, server: Server) -> None:
    sc.raw.meta.events.register("before-send.servicecatalog.ProvisionProduct", server)


def provision(
    sc: ServiceCatalogClient, provision_token: str | None = None
) -> ProvisionProductOutput:
    return sc.provision_product(
        provisioned_product_name="orders-db",
        product_id="prod-abc",
        provisioning_artifact_id="pa-1",
        provisioning_parameters={"Size": "small"},
        provision_token=provision_token,
    )


def test_throttled_provision_product_is_resent_with_the_same_generated_provision_token(
    sc: ServiceCatalogClient, no_sleep: _NoSleep
) -> None:
    server = Server((400, THROTTLED), (200, PROVISIONED))
    install(sc, server)
    out = provision(sc)
    assert len(server.bodies) == 2
    first, second = server.bodies
    assert first == second
    token = assert_uuid(first["ProvisionToken"])
    assert second["ProvisionToken"] == token
    assert first["ProvisioningParameters"] == [{"Key": "Size", "Value": "small"}]
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == token
    assert out.response_metadata.retry_attempts == 1
    assert out.response_metadata.http_status_code == 200
    assert out.record_detail is not None
    assert out.record_detail.status is RecordStatus.CREATED
    assert out.record_detail.created_time is not None
    assert out.record_detail.created_time.tzinfo is not None
    assert len(no_sleep.sleeps) == 1  # botocore backed off once, without sleeping


def test_throttled_provision_product_resends_a_caller_given_token_unchanged(
    sc: ServiceCatalogClient, no_sleep: _NoSleep
) -> None:
    server = Server((400, THROTTLED), (400, THROTTLED), (200, PROVISIONED))
    install(sc, server)
    out = provision(sc, provision_token="deploy-2017-06-15")
    assert [b["ProvisionToken"] for b in server.bodies] == ["deploy-2017-06-15"] * 3
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == "deploy-2017-06-15"


def test_two_calls_without_a_token_get_different_tokens(
    sc: ServiceCatalogClient, no_sleep: _NoSleep
) -> None:
    server = Server((200, PROVISIONED), (200, PROVISIONED))
    install(sc, server)
    first, second = provision(sc), provision(sc)
    tokens = [b["ProvisionToken"] for b in server.bodies]
    assert tokens[0] != tokens[1]
    assert first.response_metadata is not None
    assert second.response_metadata is not None
    assert [
        first.response_metadata.idempotency_token,
        second.response_metadata.idempotency_token,
    ] == tokens


def test_throttling_past_max_attempts_raises_throttling_error_after_botocores_retries(
    sc: ServiceCatalogClient, no_sleep: _NoSleep
) -> None:
    server = Server(*[(400, THROTTLED)] * MAX_ATTEMPTS)
    install(sc, server)
    with pytest.raises(errors.ThrottlingError) as caught:
        provision(sc, provision_token="tok-1")
    assert len(server.bodies) == MAX_ATTEMPTS  # botocore's loop only: no second one of ours
    assert {b["ProvisionToken"] for b in server.bodies} == {"tok-1"}
    assert caught.value.http_status == 400
    assert caught.value.request_id == "req-400"
    assert caught.value.message == "slow down"


def test_from_session_builds_a_standard_retry_client_with_the_sdks_max_attempts(
    sc: ServiceCatalogClient,
) -> None:
    assert RETRY_MODE == "standard"
    assert sc.raw.meta.config.retries == {"mode": "standard", "total_max_attempts": MAX_ATTEMPTS}
    assert sc.raw.meta.region_name == "us-east-1"
    assert sc.raw.meta.service_model.service_name == "servicecatalog"


def test_from_session_with_adaptive_retry_mode_builds_an_adaptive_client(session: Any) -> None:
    sc = ServiceCatalogClient.from_session(
        session, region_name="us-east-1", retry_mode="adaptive", strict=True
    )
    assert sc.raw.meta.config.retries == {"mode": "adaptive", "total_max_attempts": MAX_ATTEMPTS}


def test_from_session_merges_a_callers_config_over_the_sdks_settings(session: Any) -> None:
    sc = ServiceCatalogClient.from_session(
        session, region_name="us-east-1", max_attempts=3, config=Config(read_timeout=5), strict=True
    )
    assert sc.raw.meta.config.retries == {"mode": "standard", "total_max_attempts": 3}
    assert sc.raw.meta.config.read_timeout == 5


def test_from_session_rejects_an_unknown_retry_mode(session: Any) -> None:
    with pytest.raises(ValueError, match="retry_mode"):
        ServiceCatalogClient.from_session(session, retry_mode="legacy")  # type: ignore[arg-type]


def test_a_client_passed_in_keeps_its_own_retry_config(session: Any) -> None:
    raw = session.client(
        "servicecatalog",
        region_name="us-east-1",
        config=Config(retries={"mode": "legacy", "max_attempts": 2}),
    )
    before = dict(raw.meta.config.retries)
    sc = ServiceCatalogClient(raw, strict=True)
    assert sc.raw is raw
    assert sc.raw.meta.config.retries == before
    assert sc.raw.meta.config.retries["mode"] == "legacy"
    assert sc.raw.meta.config.retries["total_max_attempts"] == 2 + 1  # botocore counts the first


def test_a_client_of_another_service_is_refused(session: Any) -> None:
    with pytest.raises(TypeError, match="servicecatalog"):
        ServiceCatalogClient(session.client("sqs", region_name="us-east-1"))
