"""Waits that read the change's history once and poll around its expected end."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import StubAssertionError
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

#: The access level of the history read by default: the caller's own records.
USER = {"Key": "User", "Value": "self"}
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
            "AccessLevelFilter": USER,
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
            "AccessLevelFilter": USER,
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


def sent(raw_client: Any) -> list[str]:
    """The operations ``raw_client`` is asked for from now on, stubbed or not.

    Recorded before the Stubber answers (at ``before-call``), so a call the
    Stubber refuses is listed too.
    """
    names: list[str] = []

    def note(model: Any, **_: Any) -> None:
        names.append(model.name)

    raw_client.meta.events.register("before-parameter-build.servicecatalog", note)
    return names


def test_opting_out_per_call_and_per_client(
    raw_client: Any, stubber: Stubber, fake_time: FakeTime
) -> None:
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=True
    )
    calls = sent(raw_client)
    # Records that name their provisioned product: with history on, the first
    # IN_PROGRESS poll would be followed by a ListRecordHistory call.
    pending = _current("UPDATE_PROVISIONED_PRODUCT")
    done = _current("UPDATE_PROVISIONED_PRODUCT", status="SUCCEEDED")
    stubber.add_response("describe_record", pending, {"Id": "rec-1"})
    stubber.add_response("describe_record", done, {"Id": "rec-1"})
    sc.wait_for_record("rec-1", use_history=False)

    sc.waiter_use_history = False
    stubber.add_response("update_provisioned_product", record("CREATED"))
    stubber.add_response("describe_record", pending, {"Id": "rec-1"})
    stubber.add_response("describe_record", done, {"Id": "rec-1"})
    sc.update_provisioned_product(provisioned_product_id="pp-1", wait=True)

    stubber.assert_no_pending_responses()
    assert calls == [
        "DescribeRecord",
        "DescribeRecord",
        "UpdateProvisionedProduct",
        "DescribeRecord",
        "DescribeRecord",
    ]
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
            "AccessLevelFilter": USER,
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
            "AccessLevelFilter": USER,
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


def _pending_then_done(stubber: Stubber, *, history: Callable[[], None] | None = None) -> None:
    """One wait_for_record: an IN_PROGRESS poll, what ``history`` queues, the SUCCEEDED poll."""
    stubber.add_response("describe_record", _current("UPDATE_PROVISIONED_PRODUCT"), {"Id": "rec-1"})
    if history is not None:
        history()
    stubber.add_response(
        "describe_record",
        _current("UPDATE_PROVISIONED_PRODUCT", status="SUCCEEDED"),
        {"Id": "rec-1"},
    )


def _query(level: dict[str, str]) -> dict[str, Any]:
    return {
        "AccessLevelFilter": level,
        "SearchFilter": {"Key": "provisionedproduct", "Value": "pp-1"},
        "PageSize": 20,
    }


def test_account_level_history_is_an_option_of_the_client_and_of_each_wait(
    raw_client: Any, stubber: Stubber, fake_time: FakeTime
) -> None:
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=True
    )
    empty = _history([])
    assert sc.waiter_history_access_level == "User"

    _pending_then_done(
        stubber, history=lambda: stubber.add_response("list_record_history", empty, _query(USER))
    )
    sc.wait_for_record("rec-1")
    _pending_then_done(
        stubber,
        history=lambda: stubber.add_response("list_record_history", empty, _query(ACCOUNT)),
    )
    wait_for_record(sc, "rec-1", history_access_level="Account")

    sc.waiter_history_access_level = "Account"
    stubber.add_response("update_provisioned_product", record("CREATED"))
    _pending_then_done(
        stubber,
        history=lambda: stubber.add_response("list_record_history", empty, _query(ACCOUNT)),
    )
    sc.update_provisioned_product(provisioned_product_id="pp-1", wait=True)
    # A wait's own choice wins over the client's.
    _pending_then_done(
        stubber, history=lambda: stubber.add_response("list_record_history", empty, _query(USER))
    )
    sc.wait_for_record("rec-1", history_access_level="User")

    stubber.assert_no_pending_responses()


@pytest.mark.parametrize("code", ["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"])
def test_a_refused_history_read_turns_that_levels_history_off_for_the_client(
    raw_client: Any,
    stubber: Stubber,
    fake_time: FakeTime,
    caplog: pytest.LogCaptureFixture,
    code: str,
) -> None:
    caplog.set_level(logging.DEBUG, logger="servicecatalog_sdk.waiters")
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=True
    )
    calls = sent(raw_client)

    def refused() -> None:
        stubber.add_client_error(
            "list_record_history", code, "not allowed", 400, expected_params=_query(USER)
        )

    _pending_then_done(stubber, history=refused)
    sc.wait_for_record("rec-1")
    _pending_then_done(stubber)  # no second read at the User level
    sc.wait_for_record("rec-1")
    # Account level is another permission: a wait that asks for it still reads.
    _pending_then_done(
        stubber,
        history=lambda: stubber.add_response("list_record_history", _history([]), _query(ACCOUNT)),
    )
    sc.wait_for_record("rec-1", history_access_level="Account")

    stubber.assert_no_pending_responses()
    assert calls.count("ListRecordHistory") == 2
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 1
    assert refusals[0].levelno == logging.DEBUG
    assert code in refusals[0].getMessage()
    # Another client on the same credentials decides for itself.
    other = ServiceCatalogClient(
        raw_client, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=True
    )
    _pending_then_done(
        stubber,
        history=lambda: stubber.add_response("list_record_history", _history([]), _query(USER)),
    )
    other.wait_for_record("rec-1")
    stubber.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("code", "status"), [("ThrottlingException", 400), ("InternalFailure", 500)]
)
def test_a_failed_history_read_leaves_the_backoff_and_history_on(
    raw_client: Any, stubber: Stubber, fake_time: FakeTime, code: str, status: int
) -> None:
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=True
    )
    _pending_then_done(
        stubber,
        history=lambda: stubber.add_client_error(
            "list_record_history", code, "try later", status, expected_params=_query(USER)
        ),
    )
    sc.wait_for_record("rec-1")
    # Not a refusal: the next wait reads its history again.
    _pending_then_done(
        stubber,
        history=lambda: stubber.add_response("list_record_history", _history([]), _query(USER)),
    )
    sc.wait_for_record("rec-1")

    stubber.assert_no_pending_responses()


def test_an_error_that_is_no_service_answer_propagates_from_the_history_read(
    sc: ServiceCatalogClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    # A Stubber expecting other parameters fails the test, as any bug would:
    # only the service's and the network's failures leave the wait on its backoff.
    _pending_then_done(
        stubber,
        history=lambda: stubber.add_response("list_record_history", _history([]), _query(ACCOUNT)),
    )

    with pytest.raises(StubAssertionError, match="ListRecordHistory"):
        wait_for_record(sc, "rec-1", clock=fake_time.clock, sleep=fake_time.sleep)


@pytest.mark.parametrize("level", ["user", "Role", "", 1])
def test_the_history_access_level_is_checked_before_anything_is_sent(
    sc: ServiceCatalogClient, stubber: Stubber, level: object
) -> None:
    with pytest.raises(ParamValidationError, match="history_access_level"):
        wait_for_record(sc, "rec-1", history_access_level=level)  # type: ignore[arg-type]
    with pytest.raises(ParamValidationError, match="history_access_level"):
        sc.wait_for_termination(id="pp-1", history_access_level=level)  # type: ignore[arg-type]
    sc.waiter_history_access_level = level  # type: ignore[assignment]
    with pytest.raises(ParamValidationError, match="waiter_history_access_level"):
        sc.wait_for_provisioned_product(id="pp-1")
    stubber.assert_no_pending_responses()
