"""Every asyncio waiter, and ``wait=True``: the sync waiters' decisions, awaited."""

from __future__ import annotations

import asyncio
import random
import sys
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from aiobotocore.stub import AioStubber
from botocore.stub import Stubber

from servicecatalog_sdk import AsyncServiceCatalogClient, ServiceCatalogClient, structure
from servicecatalog_sdk.errors import (
    ProvisionedProductsFailedError,
    ProvisionedProductTaintedError,
    RecordFailedError,
    UnknownValueWarning,
    WaiterTimeoutError,
)
from servicecatalog_sdk.models import (
    DescribeRecordOutput,
    GetAWSOrganizationsAccessStatusOutput,
    RecordStatus,
)
from tests.waiters.resource_cases import CASES, FAILING, Case
from tests.waiters.test_wait_true import OPS, Op
from tests.waiters.waiter_helpers import FakeTime, product, product_detail, record

from .conftest import AsyncFakeTime

pytestmark = pytest.mark.asyncio


def _method(sc: AsyncServiceCatalogClient, name: str) -> Callable[..., Any]:
    method: Callable[..., Any] = getattr(sc, name)
    return method


@pytest.mark.parametrize("op", OPS, ids=str)
async def test_wait_true_returns_the_final_observation(
    op: Op, stubbed: AsyncServiceCatalogClient, stub: AioStubber, fake: AsyncFakeTime
) -> None:
    stub.add_response(op.method, op.answer)
    stub.add_response(op.poll, op.pending, op.poll_params)
    stub.add_response(op.poll, op.done, op.poll_params)
    out = await _method(stubbed, op.method)(**op.kwargs, wait=True)
    assert out == structure(op.done, type(out))
    assert len(fake.sleeps) == 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
async def test_each_resource_waiter_returns_the_done_observation(
    case: Case, stubbed: AsyncServiceCatalogClient, stub: AioStubber, fake: AsyncFakeTime
) -> None:
    for status in (*case.pending, case.done):
        stub.add_response(case.operation, case.answer(status), case.params)
    out = await _method(stubbed, case.name)(**case.kwargs)
    assert case.status_of(out) == case.done
    assert len(fake.sleeps) == len(case.pending)


@pytest.mark.parametrize("case", FAILING, ids=lambda c: c.name)
async def test_each_resource_waiter_raises_its_failure(
    case: Case, stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    assert case.failed is not None
    assert case.error is not None
    stub.add_response(case.operation, case.answer(case.failed), case.params)
    with pytest.raises(case.error) as caught:
        await _method(stubbed, case.name)(**case.kwargs)
    assert caught.value.resource_id == case.resource_id
    for reason in case.reasons:
        assert reason in str(caught.value)


async def test_a_failed_record_raises_with_its_errors(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    stub.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
    stub.add_response(
        "describe_record", record("FAILED", errors=[("E1", "stack failed")]), {"Id": "rec-1"}
    )
    with pytest.raises(RecordFailedError, match="stack failed") as caught:
        await stubbed.wait_for_record("rec-1")
    assert caught.value.resource_id == "rec-1"


async def test_an_unknown_status_warns_once_and_the_wait_goes_on(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    for status in ("PAUSED", "PAUSED", "SUCCEEDED"):
        stub.add_response("describe_record", record(status), {"Id": "rec-1"})
    with pytest.warns(UnknownValueWarning, match="PAUSED") as warned:
        out = await stubbed.wait_for_record("rec-1")
    assert len(warned) == 1
    assert out.record_detail is not None
    assert out.record_detail.status is RecordStatus.SUCCEEDED


async def test_an_unknown_status_warns_at_the_line_that_awaited_the_wait(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    # Between that line and the warning lie the SDK's frames and tenacity's AsyncRetrying.
    for status in ("PAUSED", "SUCCEEDED"):
        stub.add_response("describe_record", record(status), {"Id": "rec-1"})
    line = sys._getframe().f_lineno + 2  # the line that awaits, two below
    with pytest.warns(UnknownValueWarning) as warned:
        await stubbed.wait_for_record("rec-1")
    assert (warned[0].filename, warned[0].lineno) == (__file__, line)


async def test_throttled_polls_are_retried_and_the_deadline_ends_the_wait(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber, fake: AsyncFakeTime
) -> None:
    stub.add_client_error(
        "describe_record", service_error_code="ThrottlingException", http_status_code=400
    )
    stub.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
    for _ in range(40):
        stub.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
    with pytest.raises(WaiterTimeoutError, match="did not finish within 5 min") as caught:
        await stubbed.wait_for_record("rec-1", timeout=300)
    assert caught.value.status == "IN_PROGRESS"
    assert fake.elapsed == pytest.approx(300)
    stub._queue.clear()  # what was left unused after the deadline


async def test_the_async_and_sync_waiters_take_the_same_decisions(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber, fake: AsyncFakeTime
) -> None:
    answers = [record(s) for s in ("CREATED", *["IN_PROGRESS"] * 6, "SUCCEEDED")]
    for answer in answers:
        stub.add_response("describe_record", answer, {"Id": "rec-1"})
    random.seed(7)
    awaited = await stubbed.wait_for_record("rec-1", timeout=3600)

    raw = boto3.client("servicecatalog", region_name="us-east-1")
    blocking_time = FakeTime()
    blocking = ServiceCatalogClient(
        raw, waiter_clock=blocking_time.clock, waiter_sleep=blocking_time.sleep, strict=True
    )
    with Stubber(raw) as sync_stub:
        for answer in answers:
            sync_stub.add_response("describe_record", answer, {"Id": "rec-1"})
        random.seed(7)
        blocked = blocking.wait_for_record("rec-1", timeout=3600)
    assert awaited == blocked
    assert isinstance(awaited, DescribeRecordOutput)
    assert fake.sleeps == blocking_time.sleeps
    assert len(fake.sleeps) == 7


async def test_provisioned_product_waits_past_a_stale_state_and_judges_taint(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    params = {"Id": "pp-1"}
    stub.add_response(
        "describe_provisioned_product", product("AVAILABLE", last_record_id="old"), params
    )
    stub.add_response("describe_provisioned_product", product("UNDER_CHANGE"), params)
    stub.add_response("describe_provisioned_product", product("AVAILABLE"), params)
    out = await stubbed.wait_for_provisioned_product(id="pp-1", record_id="rec-1")
    assert out.provisioned_product_detail is not None
    assert out.provisioned_product_detail.last_record_id == "rec-1"

    stub.add_response("describe_provisioned_product", product("TAINTED"), params)
    with pytest.raises(ProvisionedProductTaintedError):
        await stubbed.wait_for_provisioned_product(id="pp-1")
    stub.add_response("describe_provisioned_product", product("TAINTED"), params)
    await stubbed.wait_for_provisioned_product(id="pp-1", accept_tainted=True)


async def test_termination_ends_when_the_product_is_gone(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    seen: list[str | None] = []
    stub.add_response("describe_provisioned_product", product("UNDER_CHANGE"), {"Id": "pp-1"})
    stub.add_client_error(
        "describe_provisioned_product",
        service_error_code="ResourceNotFoundException",
        http_status_code=400,
    )
    await stubbed.wait_for_termination(
        id="pp-1",
        on_poll=lambda out: seen.append(None if out is None else "present"),
    )
    assert seen == ["present", None]


async def test_a_fleet_waits_with_one_listing_per_round(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    def scan(*statuses: str) -> dict[str, Any]:
        details = [product_detail(s, pid=f"pp-{i}") for i, s in enumerate(statuses)]
        return {"ProvisionedProducts": details}

    stub.add_response("scan_provisioned_products", scan("UNDER_CHANGE", "AVAILABLE"), {})
    stub.add_response("scan_provisioned_products", scan("AVAILABLE", "AVAILABLE"), {})
    done = await stubbed.wait_for_provisioned_products(["pp-0", "pp-1"])
    assert list(done) == ["pp-0", "pp-1"]

    stub.add_response("scan_provisioned_products", scan("ERROR", "AVAILABLE"), {})
    with pytest.raises(ProvisionedProductsFailedError, match="pp-0"):
        await stubbed.wait_for_provisioned_products(["pp-0", "pp-1"])


async def test_a_timeout_of_wait_true_carries_what_was_started(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    stub.add_response(
        "terminate_provisioned_product",
        {"RecordDetail": {"RecordId": "rec-1", "Status": "CREATED"}},
    )
    for _ in range(10):
        stub.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
    with pytest.raises(WaiterTimeoutError) as caught:
        await stubbed.terminate_provisioned_product(
            provisioned_product_id="pp-1", wait=True, wait_timeout=5
        )
    started = caught.value.started
    assert started is not None
    assert started.record_detail.record_id == "rec-1"  # type: ignore[attr-defined]
    stub._queue.clear()


async def test_an_async_on_poll_is_awaited_on_every_poll_before_the_judge(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    seen: list[str | None] = []

    async def show(out: DescribeRecordOutput) -> None:
        await asyncio.sleep(0)  # a real coroutine: it only counts if awaited
        seen.append(None if out.record_detail is None else str(out.record_detail.status))

    for status in ("CREATED", "IN_PROGRESS", "FAILED"):
        stub.add_response("describe_record", record(status), {"Id": "rec-1"})
    with pytest.raises(RecordFailedError):
        await stubbed.wait_for_record("rec-1", on_poll=show)
    # Every observation, the failing one too: each ran before its judgement.
    assert seen == ["CREATED", "IN_PROGRESS", "FAILED"]

    # A plain function that returns an awaitable is awaited as well.
    later: list[str] = []

    async def note(out: GetAWSOrganizationsAccessStatusOutput) -> None:
        later.append(str(out.access_status))

    for status in ("UNDER_CHANGE", "ENABLED"):
        stub.add_response("get_aws_organizations_access_status", {"AccessStatus": status}, {})
    await stubbed.wait_for_organizations_access(on_poll=lambda out: note(out))
    assert later == ["UNDER_CHANGE", "ENABLED"]


async def test_organizations_access_waits_for_the_expected_state(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber, fake: AsyncFakeTime
) -> None:
    # Right after EnableAWSOrganizationsAccess the status can still read DISABLED.
    for status in ("DISABLED", "UNDER_CHANGE", "ENABLED"):
        stub.add_response("get_aws_organizations_access_status", {"AccessStatus": status}, {})
    out = await stubbed.wait_for_organizations_access(expect="ENABLED")
    assert str(out.access_status) == "ENABLED"
    assert len(fake.sleeps) == 2
    stub.assert_no_pending_responses()
