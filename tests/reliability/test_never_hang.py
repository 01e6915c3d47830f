"""Every wait ends: by its deadline, even when every poll fails or hangs.

Here botocore's retry back-off sleeps on the same fake clock as the waiter, so the
figures show real elapsed time: a wait whose polls all fail ends at its timeout.
Throttled and failing answers come back at once, so it overshoots by at most
one poll request's own retries. A poll that times out or cannot connect stops
being retried at the wait's deadline, so it overshoots by one attempt at most
(bounded by the SDK's connect and read timeouts), not by MAX_ATTEMPTS of them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import botocore.endpoint
import botocore.exceptions
import pytest

from servicecatalog_sdk import ServiceCatalogClient, errors
from servicecatalog_sdk.cli import ClientOptions
from servicecatalog_sdk.cli._run import default_client_factory
from servicecatalog_sdk.client import CONNECT_TIMEOUT, MAX_ATTEMPTS, READ_TIMEOUT
from servicecatalog_sdk.models import RecordStatus
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from servicecatalog_sdk.waiters import DEFAULT_TIMEOUT, MAX_DELAY

from .conftest import FakeTime, Report, boto3_session, create_product, sdk_client

TIMEOUT = 120.0
#: botocore standard mode: a throttled attempt backs off at most min(2**i, 20) s.
MAX_BACKOFF_PER_REQUEST = sum(min(2.0**i, 20.0) for i in range(MAX_ATTEMPTS - 1))
URL = "https://servicecatalog.us-east-1.amazonaws.com"


class SharedClock:
    """botocore's retry sleeps advance the waiter's fake clock too."""

    def __init__(self, fake_time: FakeTime) -> None:
        self.fake_time = fake_time
        self.sleeps = 0

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.fake_time.sleep(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch, fake_time: FakeTime) -> SharedClock:
    clock = SharedClock(fake_time)
    monkeypatch.setattr(botocore.endpoint, "time", clock)
    return clock


def refuse_connections(
    raw: Any, exc: Callable[[], Exception], fake_time: FakeTime, hang: float = 0.0
) -> list[str]:
    """Every request fails like ``exc`` (after ``hang`` seconds of fake time)."""
    attempts: list[str] = []

    def fail(request: Any, **_: Any) -> None:
        attempts.append(str(request.headers.get("X-Amz-Target")))
        fake_time.sleep(hang)
        raise exc()

    raw.meta.events.register_first("before-send.servicecatalog", fail)
    return attempts


FAILURES: dict[str, tuple[type[errors.ServiceCatalogSDKError], float]] = {
    "throttled": (errors.ThrottlingError, 0.0),
    "http-500": (errors.InternalServerError, 0.0),
    "connection-refused": (errors.TransportError, 0.0),
    "read-timeout": (errors.TransportError, float(READ_TIMEOUT)),
}


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("waiter", ["record", "provisioned-product", "termination", "fleet"])
def test_a_wait_whose_every_poll_fails_ends_by_its_timeout(
    emulator: ServiceCatalogEmulator,
    fake_time: FakeTime,
    shared: SharedClock,
    report: Report,
    failure: str,
    waiter: str,
) -> None:
    sc = sdk_client(fake_time)
    expected, hang = FAILURES[failure]
    attempts: list[str] = []
    if failure == "throttled":
        emulator.throttle(1.0, seed=1)
    elif failure == "http-500":
        for operation in (
            "DescribeRecord",
            "DescribeProvisionedProduct",
            "ScanProvisionedProducts",
        ):
            emulator.inject_fault(operation, "InternalFailure", times=10_000)
    elif failure == "connection-refused":
        attempts = refuse_connections(
            sc.raw, lambda: botocore.exceptions.EndpointConnectionError(endpoint_url=URL), fake_time
        )
    else:
        attempts = refuse_connections(
            sc.raw, lambda: botocore.exceptions.ReadTimeoutError(endpoint_url=URL), fake_time, hang
        )
    waits: dict[str, Callable[[], object]] = {
        "record": lambda: sc.wait_for_record("rec-1", timeout=TIMEOUT),
        "provisioned-product": lambda: sc.wait_for_provisioned_product(id="pp-1", timeout=TIMEOUT),
        "termination": lambda: sc.wait_for_termination(name="orders-db", timeout=TIMEOUT),
        "fleet": lambda: sc.wait_for_provisioned_products(["pp-1", "pp-2"], timeout=TIMEOUT),
    }
    start = fake_time.now
    with pytest.raises(errors.WaiterTimeoutError) as caught:
        waits[waiter]()
    elapsed = fake_time.now - start
    requests = sum(emulator.calls.values()) + len(attempts)

    assert isinstance(caught.value.__cause__, expected)
    assert caught.value.last is None
    assert caught.value.status is None
    assert "did not finish within 2 min" in str(caught.value)
    assert shared.sleeps > 0  # botocore retried each poll request
    # It waited the whole timeout, and overshot it by at most one poll request;
    # one that hangs is cut off at the deadline after its current attempt.
    if failure in ("connection-refused", "read-timeout"):
        overshoot = hang + max(min(2.0**i, 20.0) for i in range(MAX_ATTEMPTS - 1))
    else:
        overshoot = MAX_BACKOFF_PER_REQUEST
    assert TIMEOUT <= elapsed <= TIMEOUT + overshoot + MAX_DELAY
    if failure in ("connection-refused", "read-timeout"):
        transport = caught.value.__cause__
        assert isinstance(transport, errors.TransportError)
        assert transport.retryable
        assert isinstance(
            transport.__cause__,
            botocore.exceptions.ConnectionError | botocore.exceptions.HTTPClientError,
        )
    report(
        f"never-hang-{waiter}-{failure}",
        timeout_s=f"{TIMEOUT:.0f}",
        ended_after_s=f"{elapsed:.0f}",
        requests=requests,
        botocore_retries=shared.sleeps,
    )


@pytest.mark.parametrize("how", ["wait_for_record", "provision_wait_true"])
def test_a_change_that_never_settles_ends_at_the_default_timeout(
    fake_time: FakeTime, how: str
) -> None:
    with ServiceCatalogEmulator(in_progress_polls=10**6) as emulator:
        sc = sdk_client(fake_time)
        product_id, artifact_id = create_product(sc, emulator, "forever")

        launch: dict[str, Any] = {
            "provisioned_product_name": "forever-app",
            "product_id": product_id,
            "provisioning_artifact_id": artifact_id,
            "provisioning_parameters": {"BucketName": "forever-bucket"},
        }
        wait: Callable[[], object]
        if how == "wait_for_record":
            started = sc.provision_product(**launch)
            assert started.record_detail is not None
            record_id = started.record_detail.record_id
            assert record_id is not None
            wait = lambda: sc.wait_for_record(record_id)  # noqa: E731
        else:
            wait = lambda: sc.provision_product(**launch, wait=True)  # noqa: E731
        start = fake_time.now
        with pytest.raises(errors.WaiterTimeoutError) as caught:
            wait()
    elapsed = fake_time.now - start
    assert caught.value.status == str(RecordStatus.IN_PROGRESS)
    assert elapsed == pytest.approx(DEFAULT_TIMEOUT.total_seconds())
    assert math.isfinite(DEFAULT_TIMEOUT.total_seconds())


def test_sdk_built_clients_have_finite_connect_and_read_timeouts() -> None:
    assert 0 < CONNECT_TIMEOUT < math.inf
    assert 0 < READ_TIMEOUT < math.inf
    clients = {
        "from_session(session)": ServiceCatalogClient.from_session(
            boto3_session(), region_name="us-east-1", strict=True
        ),
        "from_session()": ServiceCatalogClient.from_session(region_name="us-east-1", strict=True),
        "cli default factory": default_client_factory(ClientOptions(region="us-east-1")),
    }
    for name, sc in clients.items():
        config = sc.raw.meta.config
        assert config.connect_timeout == CONNECT_TIMEOUT, name
        assert config.read_timeout == READ_TIMEOUT, name
        assert config.retries["total_max_attempts"] == MAX_ATTEMPTS, name


def test_a_connection_error_becomes_a_transport_error_chained_to_botocores(
    fake_time: FakeTime, shared: SharedClock
) -> None:
    sc = sdk_client(fake_time)
    attempts = refuse_connections(
        sc.raw, lambda: botocore.exceptions.EndpointConnectionError(endpoint_url=URL), fake_time
    )
    with pytest.raises(errors.TransportError) as caught:
        sc.describe_record(id="rec-1")
    err = caught.value
    assert isinstance(err.__cause__, botocore.exceptions.EndpointConnectionError)
    assert err.operation == "DescribeRecord"
    assert err.retryable
    assert "Could not connect to the endpoint URL" in str(err)
    assert len(attempts) == MAX_ATTEMPTS  # botocore's retries ran first
    assert shared.sleeps == MAX_ATTEMPTS - 1


def test_a_tls_failure_is_a_transport_error_that_is_not_retried_by_waiters(
    fake_time: FakeTime, shared: SharedClock
) -> None:
    sc = sdk_client(fake_time)
    refuse_connections(
        sc.raw,
        lambda: botocore.exceptions.SSLError(endpoint_url=URL, error="certificate verify failed"),
        fake_time,
    )
    start = fake_time.now
    with pytest.raises(errors.TransportError) as caught:
        sc.wait_for_record("rec-1", timeout=TIMEOUT)
    assert not caught.value.retryable
    assert isinstance(caught.value.__cause__, botocore.exceptions.SSLError)
    assert fake_time.now - start < TIMEOUT  # a configuration error fails fast
