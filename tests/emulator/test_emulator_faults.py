"""Fault injection, throttling and call counts, as botocore's retry logic sees them."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's retry back-off delays, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr("botocore.endpoint.time.sleep", recorded.append)
    return recorded


def _client(mode: str, max_attempts: int) -> Any:
    # Built after the emulator started, so moto's in-process mock serves it.
    return boto3.client(
        "servicecatalog",
        region_name="us-east-1",
        config=Config(retries={"mode": mode, "total_max_attempts": max_attempts}),
    )


@pytest.mark.parametrize("mode", ["legacy", "standard"])
@pytest.mark.parametrize(
    ("code", "status"),
    [("ThrottlingException", 400), ("InternalFailure", 500), ("ServiceUnavailable", 503)],
)
def test_injected_faults_are_retried_by_botocore(
    emulator: ServiceCatalogEmulator, sleeps: list[float], mode: str, code: str, status: int
) -> None:
    product_id, _ = create_product(emulator)
    client = _client(mode, 3)
    emulator.inject_fault("DescribeProduct", code, times=2)
    out = client.describe_product(Id=product_id)
    assert out["ResponseMetadata"]["RetryAttempts"] == 2
    assert emulator.calls["DescribeProduct"] == 3
    assert len(sleeps) == 2
    emulator.inject_fault("DescribeProduct", code, times=5)
    with pytest.raises(ClientError) as caught:
        client.describe_product(Id=product_id)
    error = caught.value.response
    assert error["Error"]["Code"] == code
    assert error["ResponseMetadata"]["HTTPStatusCode"] == status
    assert emulator.calls["DescribeProduct"] == 6


def test_modelled_errors_are_not_retried(
    emulator: ServiceCatalogEmulator, sc: Any, sleeps: list[float]
) -> None:
    emulator.inject_fault("DescribeRecord", "ResourceNotFoundException")
    with pytest.raises(ClientError) as caught:
        sc.describe_record(Id="rec-0000000000000")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert emulator.calls["DescribeRecord"] == 1
    assert sleeps == []


def test_fault_applies_to_its_operation_only(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    client = _client("standard", 1)
    emulator.inject_fault("SearchProducts", "ThrottlingException")
    assert client.scan_provisioned_products()["ProvisionedProducts"] == []
    with pytest.raises(ClientError):
        client.search_products()
    assert client.search_products()["ProductViewSummaries"] == []  # used up
    assert emulator.calls["ScanProvisionedProducts"] == 1
    assert emulator.calls["SearchProducts"] == 2


def _throttled(client: Any, count: int) -> list[bool]:
    codes = []
    for _ in range(count):
        try:
            client.scan_provisioned_products()
            codes.append("")
        except ClientError as error:
            codes.append(error.response["Error"]["Code"])
    assert set(codes) <= {"", "ThrottlingException"}
    return [code == "ThrottlingException" for code in codes]


def test_throttle_is_a_seeded_fraction(emulator: ServiceCatalogEmulator) -> None:
    client = _client("standard", 1)
    emulator.throttle(0.5, seed=7)
    first = _throttled(client, 60)
    emulator.throttle(0.5, seed=7)
    assert _throttled(client, 60) == first  # same seed, same sequence
    assert 15 <= sum(first) <= 45
    emulator.throttle(1.0)
    assert all(_throttled(client, 5))
    emulator.clear_faults()
    assert not any(_throttled(client, 5))
    assert emulator.calls["ScanProvisionedProducts"] == 130


def test_inject_fault_validates_arguments(emulator: ServiceCatalogEmulator) -> None:
    with pytest.raises(ValueError, match="times"):
        emulator.inject_fault("DescribeRecord", "ThrottlingException", times=-1)
    with pytest.raises(ValueError, match="rate"):
        emulator.throttle(1.5)
