"""The asyncio waits read the change's history once, as the blocking ones do."""

from __future__ import annotations

import random
from typing import Any

import boto3
import pytest
from aiobotocore.stub import AioStubber
from botocore.stub import Stubber

from servicecatalog_sdk import AsyncServiceCatalogClient, ServiceCatalogClient
from servicecatalog_sdk.waiters import MIN_DELAY
from tests.waiters.test_history_waits import ACCOUNT, TEN_MINUTES, _current, _history, _past
from tests.waiters.waiter_helpers import FakeTime, product, record

from .conftest import AsyncFakeTime

pytestmark = pytest.mark.asyncio

HISTORY_QUERY = {
    "AccessLevelFilter": ACCOUNT,
    "SearchFilter": {"Key": "product", "Value": "prod-1"},
    "PageSize": 20,
}


def _answers(stub: AioStubber | Stubber) -> None:
    stub.add_response("provision_product", record("CREATED"))
    stub.add_response("describe_record", _current("PROVISION_PRODUCT", age=590.0), {"Id": "rec-1"})
    stub.add_response(
        "list_record_history", _history(_past("PROVISION_PRODUCT", TEN_MINUTES)), HISTORY_QUERY
    )
    stub.add_response(
        "describe_record", _current("PROVISION_PRODUCT", status="SUCCEEDED"), {"Id": "rec-1"}
    )


PROVISION: dict[str, Any] = {
    "product_id": "prod-1",
    "provisioning_artifact_id": "pa-1",
    "provisioned_product_name": "orders-db",
}


async def test_a_provisioning_times_its_polls_by_the_products_history_like_the_sync_client(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber, fake: AsyncFakeTime
) -> None:
    _answers(stub)
    random.seed(3)
    await stubbed.provision_product(**PROVISION, wait=True)
    # 590 s into a change that takes about 600 s: the next poll comes soon.
    (gap,) = fake.sleeps
    assert MIN_DELAY <= gap <= 15.0

    raw = boto3.client("servicecatalog", region_name="us-east-1")
    blocking_time = FakeTime()
    blocking = ServiceCatalogClient(
        raw, waiter_clock=blocking_time.clock, waiter_sleep=blocking_time.sleep, strict=True
    )
    with Stubber(raw) as sync_stub:
        _answers(sync_stub)
        random.seed(3)
        blocking.provision_product(**PROVISION, wait=True)
        sync_stub.assert_no_pending_responses()
    # The same plan, up to the milliseconds of wall time between the two runs.
    assert blocking_time.sleeps == pytest.approx(fake.sleeps, abs=0.1)


async def test_use_history_false_reads_no_history(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    stub.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
    stub.add_response("describe_record", record("SUCCEEDED"), {"Id": "rec-1"})
    await stubbed.wait_for_record("rec-1", use_history=False)
    stubbed.waiter_use_history = False
    stub.add_response("describe_provisioned_product", product("UNDER_CHANGE"), {"Id": "pp-1"})
    stub.add_response("describe_provisioned_product", product("AVAILABLE"), {"Id": "pp-1"})
    await stubbed.wait_for_provisioned_product(id="pp-1")
