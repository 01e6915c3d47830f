"""The asyncio client under a faulty service: lifecycles finish once, waits end on time.

aiobotocore's back-off between retries (``AioEndpoint._sleep``) moves the same
fake clock as the waiter's sleep, so nothing sleeps for real and the deadline
sees every second a retry would have cost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiobotocore.endpoint
import pytest

from servicecatalog_sdk import AsyncServiceCatalogClient, errors
from servicecatalog_sdk.client import MAX_ATTEMPTS
from servicecatalog_sdk.models import ProvisionedProductStatus, RecordStatus
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from servicecatalog_sdk.waiters import MAX_DELAY
from tests.aio.aio_helpers import create_product
from tests.aio.conftest import AsyncFakeTime
from tests.emulator.emulator_helpers import BUCKET_TEMPLATE_V2, add_version

pytestmark = pytest.mark.asyncio

WAIT_TIMEOUT = 600.0
TIMEOUT = 120.0
#: Standard retry mode backs a throttled attempt off at most min(2**i, 20) s.
MAX_BACKOFF_PER_REQUEST = sum(min(2.0**i, 20.0) for i in range(MAX_ATTEMPTS - 1))


@pytest.fixture
def backoffs(monkeypatch: pytest.MonkeyPatch, fake: AsyncFakeTime) -> list[float]:
    """aiobotocore's retry pauses: recorded, and added to the fake clock."""
    paused: list[float] = []

    async def pause(_: Any, seconds: float) -> None:
        paused.append(seconds)
        fake.sleep(seconds)

    monkeypatch.setattr(aiobotocore.endpoint.AioEndpoint, "_sleep", pause)
    return paused


@pytest.fixture
def timed(sc: AsyncServiceCatalogClient, fake: AsyncFakeTime) -> AsyncServiceCatalogClient:
    """:func:`sc`, its waits on the fake clock and sleep."""
    sc.waiter_clock, sc.waiter_sleep = fake.clock, fake.async_sleep
    return sc


def arm_500s(emulator: ServiceCatalogEmulator) -> None:
    """HTTP 500s on the calls of a lifecycle, some more in a row than botocore retries."""
    for operation, times in (
        ("ProvisionProduct", 3),
        ("DescribeRecord", MAX_ATTEMPTS + 2),
        ("UpdateProvisionedProduct", 2),
        ("TerminateProvisionedProduct", 3),
        ("DescribeProvisionedProduct", MAX_ATTEMPTS + 2),
    ):
        emulator.inject_fault(operation, "InternalFailure", times=times)


def arm(emulator: ServiceCatalogEmulator, fault: str) -> None:
    """Start the faults of scenario ``fault`` (seeded: the same run every time)."""
    if fault == "http-500":
        arm_500s(emulator)
    else:
        rate = 0.3 if fault == "throttle-30pct" else 0.6
        emulator.throttle(rate, seed=int(rate * 100))


@pytest.mark.parametrize("fault", ["throttle-30pct", "throttle-60pct", "http-500"])
async def test_a_lifecycle_completes_once_under_faults(
    emulator: ServiceCatalogEmulator,
    timed: AsyncServiceCatalogClient,
    backoffs: list[float],
    fault: str,
) -> None:
    sc = timed
    product = await create_product(emulator, sc)
    v2 = add_version(emulator, product.product_id, BUCKET_TEMPLATE_V2, "v2")
    arm(emulator, fault)

    launched = await sc.provision_product(
        product_id=product.product_id,
        provisioning_artifact_id=product.artifact_id,
        provisioned_product_name="orders",
        provisioning_parameters={"BucketName": "orders-bucket"},
        wait=True,
        wait_timeout=WAIT_TIMEOUT,
    )
    assert launched.record_detail is not None
    assert launched.record_detail.status is RecordStatus.SUCCEEDED
    pp_id = launched.record_detail.provisioned_product_id
    assert pp_id is not None
    updated = await sc.update_provisioned_product(
        provisioned_product_id=pp_id,
        provisioning_artifact_id=v2,
        wait=True,
        wait_timeout=WAIT_TIMEOUT,
    )
    assert updated.record_detail is not None
    assert updated.record_detail.status is RecordStatus.SUCCEEDED
    current = await sc.wait_for_provisioned_product(
        id=pp_id, record_id=updated.record_detail.record_id, timeout=WAIT_TIMEOUT
    )
    detail = current.provisioned_product_detail
    assert detail is not None
    assert detail.status is ProvisionedProductStatus.AVAILABLE
    assert detail.provisioning_artifact_id == v2
    emulator.clear_faults()
    # However often a request was resent, one product was launched, and only one.
    assert [p.id async for p in sc.scan_provisioned_products()] == [pp_id]

    arm(emulator, fault)
    ended = await sc.terminate_provisioned_product(
        provisioned_product_id=pp_id, wait=True, wait_timeout=WAIT_TIMEOUT
    )
    assert ended.record_detail is not None
    assert ended.record_detail.status is RecordStatus.SUCCEEDED
    emulator.clear_faults()
    assert [p.id async for p in sc.scan_provisioned_products()] == []
    assert backoffs  # aiobotocore retried, on the fake clock


FAILURES: dict[str, type[errors.ServiceCatalogSDKError]] = {
    "throttled": errors.ThrottlingError,
    "http-500": errors.InternalServerError,
}

WAITS: dict[str, Callable[[AsyncServiceCatalogClient], Awaitable[object]]] = {
    "record": lambda sc: sc.wait_for_record("rec-1", timeout=TIMEOUT),
    "provisioned-product": lambda sc: sc.wait_for_provisioned_product(id="pp-1", timeout=TIMEOUT),
    "termination": lambda sc: sc.wait_for_termination(name="orders", timeout=TIMEOUT),
    "fleet": lambda sc: sc.wait_for_provisioned_products(["pp-1", "pp-2"], timeout=TIMEOUT),
}


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("waiter", list(WAITS))
async def test_a_wait_whose_every_poll_fails_ends_by_its_timeout(
    emulator: ServiceCatalogEmulator,
    timed: AsyncServiceCatalogClient,
    fake: AsyncFakeTime,
    backoffs: list[float],
    failure: str,
    waiter: str,
) -> None:
    if failure == "throttled":
        emulator.throttle(1.0, seed=1)
    else:
        for operation in (
            "DescribeRecord",
            "DescribeProvisionedProduct",
            "ScanProvisionedProducts",
        ):
            emulator.inject_fault(operation, "InternalFailure", times=10_000)
    start = fake.now
    with pytest.raises(errors.WaiterTimeoutError) as caught:
        await WAITS[waiter](timed)
    elapsed = fake.now - start

    assert isinstance(caught.value.__cause__, FAILURES[failure])
    assert caught.value.last is None
    assert caught.value.status is None
    assert "did not finish within 2 min" in str(caught.value)
    assert backoffs  # aiobotocore retried each poll request
    assert sum(emulator.calls.values()) > MAX_ATTEMPTS  # more than one poll was tried
    # The whole timeout was waited, overshot by at most one poll request's retries.
    assert TIMEOUT <= elapsed <= TIMEOUT + MAX_BACKOFF_PER_REQUEST + MAX_DELAY
