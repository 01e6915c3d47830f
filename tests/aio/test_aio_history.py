"""The asyncio waits read the change's history once, as the blocking ones do."""

from __future__ import annotations

import random
from typing import Any

import boto3
import pytest
from aiobotocore.stub import AioStubber
from botocore.exceptions import StubAssertionError
from botocore.stub import Stubber

from servicecatalog_sdk import AsyncServiceCatalogClient, ServiceCatalogClient
from servicecatalog_sdk.waiters import MIN_DELAY
from tests.waiters.test_history_waits import (
    ACCOUNT,
    TEN_MINUTES,
    USER,
    _current,
    _history,
    _past,
    sent,
)
from tests.waiters.waiter_helpers import FakeTime, product, record

from .conftest import AsyncFakeTime

pytestmark = pytest.mark.asyncio

HISTORY_QUERY = {
    "AccessLevelFilter": USER,
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
    # The same plan, up to the wall time each run took from its answers to its
    # history read (the plan places the record's CreatedTime by the wall clock):
    # milliseconds, or a few tenths of a second on a loaded machine.
    assert blocking_time.sleeps == pytest.approx(fake.sleeps, abs=1.0)


def _updating() -> dict[str, Any]:
    """A provisioned product under an update: with history on, its history would be read."""
    out = product("UNDER_CHANGE")
    out["ProvisionedProductDetail"].update(
        ProductId="prod-1", LastSuccessfulProvisioningRecordId="rec-0"
    )
    return out


async def test_use_history_false_reads_no_history(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber, raw_aio: Any
) -> None:
    calls = sent(raw_aio)
    # Answers that name their product: with history on, a ListRecordHistory call
    # would follow each first unfinished poll.
    pending = _current("UPDATE_PROVISIONED_PRODUCT")
    done = _current("UPDATE_PROVISIONED_PRODUCT", status="SUCCEEDED")
    stub.add_response("describe_record", pending, {"Id": "rec-1"})
    stub.add_response("describe_record", done, {"Id": "rec-1"})
    await stubbed.wait_for_record("rec-1", use_history=False)
    stubbed.waiter_use_history = False
    stub.add_response("describe_provisioned_product", _updating(), {"Id": "pp-1"})
    stub.add_response("describe_provisioned_product", product("AVAILABLE"), {"Id": "pp-1"})
    await stubbed.wait_for_provisioned_product(id="pp-1")

    stub.assert_no_pending_responses()
    assert calls == [
        "DescribeRecord",
        "DescribeRecord",
        "DescribeProvisionedProduct",
        "DescribeProvisionedProduct",
    ]


async def test_a_refused_history_read_turns_history_off_for_the_client(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber, raw_aio: Any
) -> None:
    calls = sent(raw_aio)
    query = {
        "AccessLevelFilter": USER,
        "SearchFilter": {"Key": "provisionedproduct", "Value": "pp-1"},
        "PageSize": 20,
    }
    stub.add_response("describe_provisioned_product", _updating(), {"Id": "pp-1"})
    stub.add_client_error(
        "list_record_history",
        service_error_code="AccessDeniedException",
        http_status_code=400,
        expected_params=query,
    )
    stub.add_response("describe_provisioned_product", product("AVAILABLE"), {"Id": "pp-1"})
    await stubbed.wait_for_provisioned_product(id="pp-1")
    # Refused once: the next wait reads no history at that level...
    stub.add_response("describe_provisioned_product", _updating(), {"Id": "pp-1"})
    stub.add_response("describe_provisioned_product", product("AVAILABLE"), {"Id": "pp-1"})
    await stubbed.wait_for_provisioned_product(id="pp-1")
    # ...but may still at the Account level, when it asks for it.
    stub.add_response("describe_provisioned_product", _updating(), {"Id": "pp-1"})
    stub.add_response("list_record_history", _history([]), {**query, "AccessLevelFilter": ACCOUNT})
    stub.add_response("describe_provisioned_product", product("AVAILABLE"), {"Id": "pp-1"})
    await stubbed.wait_for_provisioned_product(id="pp-1", history_access_level="Account")

    stub.assert_no_pending_responses()
    assert calls.count("ListRecordHistory") == 2


async def test_an_error_that_is_no_service_answer_propagates_from_the_history_read(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    stub.add_response("describe_record", _current("UPDATE_PROVISIONED_PRODUCT"), {"Id": "rec-1"})
    # Expecting the Account level while the wait reads at the User level: the
    # Stubber's error is no service answer, so it fails the wait.
    stub.add_response(
        "list_record_history",
        _history([]),
        {
            "AccessLevelFilter": ACCOUNT,
            "SearchFilter": {"Key": "provisionedproduct", "Value": "pp-1"},
            "PageSize": 20,
        },
    )
    with pytest.raises(StubAssertionError, match="ListRecordHistory"):
        await stubbed.wait_for_record("rec-1")
    stub._queue.clear()  # the history answer the wait refused
