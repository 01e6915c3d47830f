"""Waits that read the change's history once and poll around its expected end."""

from __future__ import annotations

import json
import logging
import random
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import ParamValidationError
from servicecatalog_sdk.waiters import (
    MAX_DELAY,
    MIN_DELAY,
    wait_for_provisioned_product,
    wait_for_record,
    wait_for_termination,
)

from .waiter_helpers import FakeTime, answer_by_time, product, record

ACCOUNT = {"Key": "Account", "Value": "self"}


def _past(
    record_type: str, seconds: list[float], *, status: str = "SUCCEEDED"
) -> list[dict[str, Any]]:
    """Records of past changes, newest first, each ``seconds`` long."""
    end = datetime.now(timezone.utc) - timedelta(days=1)
    return [
        {
            "RecordId": f"rec-old-{i}",
            "ProvisionedProductId": "pp-1",
            "ProductId": "prod-1",
            "RecordType": record_type,
            "Status": status,
            "CreatedTime": end - timedelta(days=i, seconds=s),
            "UpdatedTime": end - timedelta(days=i),
        }
        for i, s in enumerate(seconds)
    ]


TEN_MINUTES = [560.0, 600.0, 640.0, 590.0, 620.0, 610.0]


def _current(record_type: str, *, age: float = 0.0, status: str = "IN_PROGRESS") -> dict[str, Any]:
    out = record(status, record_type=record_type)
    out["RecordDetail"]["ProductId"] = "prod-1"
    out["RecordDetail"]["CreatedTime"] = datetime.now(timezone.utc) - timedelta(seconds=age)
    return out


def _history(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {"RecordDetails": records}


def test_one_history_read_then_polls_gather_near_the_expected_end(
    raw_client: Any, fake_time: FakeTime
) -> None:
    sc = ServiceCatalogClient(raw_client, strict=True)
    polled_at: list[float] = []

    def describe(_: dict[str, Any]) -> dict[str, Any]:
        polled_at.append(fake_time.elapsed)
        done = fake_time.elapsed >= 605.0
        return _current("UPDATE_PROVISIONED_PRODUCT", status="SUCCEEDED" if done else "IN_PROGRESS")

    answer_by_time(raw_client, "DescribeRecord", describe)
    history_calls = answer_by_time(
        raw_client,
        "ListRecordHistory",
        lambda _: _history(
            [
                _current("UPDATE_PROVISIONED_PRODUCT")["RecordDetail"],
                *_past("UPDATE_PROVISIONED_PRODUCT", TEN_MINUTES),
                *_past("UPDATE_PROVISIONED_PRODUCT", [60.0, 90.0], status="FAILED"),
                *_past("PROVISION_PRODUCT", [30.0, 40.0]),
            ]
        ),
    )

    wait_for_record(sc, "rec-1", clock=fake_time.clock, sleep=fake_time.sleep)

    assert [json.loads(call["body"]) for call in history_calls] == [
        {
            "AccessLevelFilter": ACCOUNT,
            "SearchFilter": {"Key": "provisionedproduct", "Value": "pp-1"},
            "PageSize": 20,
        }
    ]
    gaps = fake_time.sleeps
    assert all(MIN_DELAY <= g <= MAX_DELAY for g in gaps)
    assert gaps[0] == MAX_DELAY  # sparse early: ten minutes are expected, not two seconds
    assert fake_time.elapsed - 605.0 <= 15.0  # seen soon after the end
    # Today's backoff would be at its 30-60 s gaps here; the polls gather instead.
    assert max(gaps[-3:]) <= 20.0
    assert len(polled_at) <= 25


def test_a_provisioning_learns_from_the_products_other_provisionings(
    raw_client: Any, stubber: Stubber, fake_time: FakeTime
) -> None:
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=True
    )
    stubber.add_response("provision_product", record("CREATED"))
    stubber.add_response(
        "describe_record", _current("PROVISION_PRODUCT", age=590.0), {"Id": "rec-1"}
    )
    stubber.add_response(
        "list_record_history",
        _history(_past("PROVISION_PRODUCT", TEN_MINUTES)),
        {
            "AccessLevelFilter": ACCOUNT,
            "SearchFilter": {"Key": "product", "Value": "prod-1"},
            "PageSize": 20,
        },
    )
    stubber.add_response(
        "describe_record", _current("PROVISION_PRODUCT", status="SUCCEEDED"), {"Id": "rec-1"}
    )

    sc.provision_product(
        product_id="prod-1",
        provisioning_artifact_id="pa-1",
        provisioned_product_name="orders-db",
        wait=True,
    )

    stubber.assert_no_pending_responses()
    # 590 s into a change that takes about 600 s: the next poll comes soon.
    (gap,) = fake_time.sleeps
    assert MIN_DELAY <= gap <= 15.0


@pytest.mark.parametrize(
    "history",
    [
        pytest.param(None, id="access-denied"),
        pytest.param(_history([]), id="empty"),
        pytest.param(
            _history(_past("UPDATE_PROVISIONED_PRODUCT", [600.0], status="FAILED")),
            id="only-failures",
        ),
    ],
)
def test_an_unusable_history_leaves_todays_backoff(
    raw_client: Any,
    stubber: Stubber,
    history: dict[str, Any] | None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sc = ServiceCatalogClient(raw_client, strict=True)
    caplog.set_level(logging.DEBUG, logger="servicecatalog_sdk.waiters")

    def run(use_history: bool) -> list[float]:
        fake = FakeTime()
        random.seed(7)
        for _ in range(4):
            stubber.add_response(
                "describe_record", _current("UPDATE_PROVISIONED_PRODUCT"), {"Id": "rec-1"}
            )
            if use_history and _ == 0:
                if history is None:
                    stubber.add_client_error(
                        "list_record_history", "AccessDeniedException", "not allowed", 400
                    )
                else:
                    stubber.add_response("list_record_history", history)
        stubber.add_response(
            "describe_record",
            _current("UPDATE_PROVISIONED_PRODUCT", status="SUCCEEDED"),
            {"Id": "rec-1"},
        )
        wait_for_record(sc, "rec-1", clock=fake.clock, sleep=fake.sleep, use_history=use_history)
        stubber.assert_no_pending_responses()
        return fake.sleeps

    assert run(use_history=True) == run(use_history=False)
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any("usual backoff" in m for m in debug)
    assert not [
        r for r in caplog.records if r.levelno > logging.DEBUG and "history" in r.getMessage()
    ]


def test_opting_out_per_call_and_per_client(
    raw_client: Any, stubber: Stubber, fake_time: FakeTime
) -> None:
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=True
    )
    pending = _current("UPDATE_PROVISIONED_PRODUCT")
    done = _current("UPDATE_PROVISIONED_PRODUCT", status="SUCCEEDED")
    # No ListRecordHistory is stubbed: a call to it would fail the sequence.
    stubber.add_response("describe_record", pending, {"Id": "rec-1"})
    stubber.add_response("describe_record", done, {"Id": "rec-1"})
    sc.wait_for_record("rec-1", use_history=False)

    sc.waiter_use_history = False
    stubber.add_response("update_provisioned_product", record("CREATED"))
    stubber.add_response("describe_record", pending, {"Id": "rec-1"})
    stubber.add_response("describe_record", done, {"Id": "rec-1"})
    sc.update_provisioned_product(provisioned_product_id="pp-1", wait=True)

    stubber.assert_no_pending_responses()
    assert fake_time.sleeps[0] < 10.0  # the backoff's first, short pause


def test_use_history_must_be_a_bool(sc: ServiceCatalogClient, stubber: Stubber) -> None:
    with pytest.raises(ParamValidationError, match="use_history"):
        wait_for_record(sc, "rec-1", use_history="yes")  # type: ignore[arg-type]


def test_provisioned_product_waiter_finds_its_change_in_the_history(
    sc: ServiceCatalogClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    changing = product("UNDER_CHANGE", last_record_id="rec-9")
    changing["ProvisionedProductDetail"].update(
        ProductId="prod-1", LastSuccessfulProvisioningRecordId="rec-old-0"
    )
    current = _current("UPDATE_PROVISIONED_PRODUCT", age=30.0)["RecordDetail"]
    current["RecordId"] = "rec-9"
    stubber.add_response("describe_provisioned_product", changing, {"Id": "pp-1"})
    stubber.add_response(
        "list_record_history",
        _history([current, *_past("UPDATE_PROVISIONED_PRODUCT", TEN_MINUTES)]),
        {
            "AccessLevelFilter": ACCOUNT,
            "SearchFilter": {"Key": "provisionedproduct", "Value": "pp-1"},
            "PageSize": 20,
        },
    )
    stubber.add_response(
        "describe_provisioned_product", product("AVAILABLE", last_record_id="rec-9"), {"Id": "pp-1"}
    )

    wait_for_provisioned_product(sc, id="pp-1", clock=fake_time.clock, sleep=fake_time.sleep)

    stubber.assert_no_pending_responses()
    assert fake_time.sleeps == [MAX_DELAY]  # 30 s into a ten-minute change: sparse


def test_termination_learns_from_the_products_past_terminations(
    sc: ServiceCatalogClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    going = product("UNDER_CHANGE", last_record_id="rec-t")
    going["ProvisionedProductDetail"]["ProductId"] = "prod-1"
    stubber.add_response("describe_provisioned_product", going, {"Id": "pp-1"})
    stubber.add_response(
        "list_record_history",
        _history(_past("TERMINATE_PROVISIONED_PRODUCT", [120.0, 130.0, 125.0])),
        {
            "AccessLevelFilter": ACCOUNT,
            "SearchFilter": {"Key": "product", "Value": "prod-1"},
            "PageSize": 20,
        },
    )
    stubber.add_client_error(
        "describe_provisioned_product", "ResourceNotFoundException", "gone", 400
    )

    wait_for_termination(
        sc, id="pp-1", record_id="rec-t", timeout=30, clock=fake_time.clock, sleep=fake_time.sleep
    )

    stubber.assert_no_pending_responses()
    # The record is not in the page, so the change counts as just begun: the
    # first pause would be a long one, but the deadline comes first.
    assert fake_time.sleeps == [30.0]


def test_the_plan_places_the_records_created_time_on_the_waits_clock() -> None:
    from servicecatalog_sdk._waiting._history import HistoryQuery, plan_from_records
    from servicecatalog_sdk._waiting._settings import make_settings
    from servicecatalog_sdk.models import RecordDetail, RecordStatus

    wall = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    past = [
        RecordDetail(
            record_id=f"old-{i}",
            record_type="UPDATE_PROVISIONED_PRODUCT",
            status=RecordStatus.SUCCEEDED,
            created_time=wall - timedelta(days=1 + i, seconds=seconds),
            updated_time=wall - timedelta(days=1 + i),
        )
        for i, seconds in enumerate(TEN_MINUTES)
    ]
    query = HistoryQuery(
        key="provisionedproduct",
        value="pp-1",
        record_type=None,
        current_id="rec-now",
        started=None,
    )
    now_record = RecordDetail(
        record_id="rec-now",
        record_type="UPDATE_PROVISIONED_PRODUCT",
        status=RecordStatus.IN_PROGRESS,
        created_time=wall - timedelta(seconds=100),
    )
    settings = make_settings(timeout=1800, min_delay=2, max_delay=60, clock=None, sleep=None)
    draws: list[float] = []

    def draw() -> float:
        draws.append(0.0)
        return 0.0

    plan = plan_from_records(
        query, [now_record, *past], settings=settings, clock_now=5000.0, wall_now=wall, jitter=draw
    )

    assert plan is not None
    assert draws == [0.0]  # drawn once, when a plan is made
    assert plan.delay(5000.0) == 60.0  # 100 s into a ten-minute change
    near_end = plan.delay(5000.0 + 500.0)  # 600 s into it
    assert near_end is not None
    assert near_end < 15.0
    assert plan.delay(5000.0 - 100.0 + plan.expectation.horizon + 0.01) is None
    # Without the current record in the page, the type is unknown: no plan, no draw.
    assert (
        plan_from_records(
            query, past, settings=settings, clock_now=5000.0, wall_now=wall, jitter=draw
        )
        is None
    )
    assert draws == [0.0]
