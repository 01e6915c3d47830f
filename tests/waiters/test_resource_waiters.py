"""The resource waiters (products, artifacts, copies, plans, shares, organizations access).

Each is proved against Stubber sequences: progress then success, failure with
the service's own message, throttled polls retried, and the deadline.
"""

from __future__ import annotations

import copy
import pickle
import random
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk._waiting._declarations import WAITERS
from servicecatalog_sdk.errors import (
    PortfolioShareFailedError,
    ProvisionedProductPlanFailedError,
    UnknownValueWarning,
    WaiterError,
    WaiterTimeoutError,
)
from servicecatalog_sdk.waiters import MAX_DELAY, MIN_DELAY, NOT_FOUND_RETRIES

from .resource_cases import CASES, FAILING, Case, plan_answer, share_answer
from .waiter_helpers import FakeTime, answer_by_time, stop_answering

ids = [c.name for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_progress_then_done(
    case: Case,
    sc: ServiceCatalogClient,
    stubber: Stubber,
    timing: dict[str, Any],
    fake_time: FakeTime,
) -> None:
    for status in case.pending:
        stubber.add_response(case.operation, case.answer(status), case.params)
    stubber.add_response(case.operation, case.answer(case.done), case.params)
    seen: list[Any] = []

    done = case.function(sc, **case.kwargs, on_poll=seen.append, **timing)

    stubber.assert_no_pending_responses()
    assert case.status_of(done) == case.done
    assert [case.status_of(o) for o in seen] == [*case.pending, case.done]
    assert len(fake_time.sleeps) == len(case.pending)
    assert all(MIN_DELAY <= s <= MAX_DELAY for s in fake_time.sleeps)


@pytest.mark.parametrize("case", FAILING, ids=[c.name for c in FAILING])
def test_failure_raises_with_the_services_message(
    case: Case, sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    assert case.failed is not None
    assert case.error is not None
    stubber.add_response(case.operation, case.answer(case.pending[0]), case.params)
    stubber.add_response(case.operation, case.answer(case.failed), case.params)

    with pytest.raises(case.error) as caught:
        case.function(sc, **case.kwargs, **timing)

    err = caught.value
    for reason in case.reasons:
        assert reason in str(err)
    assert err.resource_id == case.resource_id
    last: Any = getattr(err, "last")  # noqa: B009 - each failure class declares its own
    assert case.status_of(last) == case.failed
    # Plain data: the error crosses process boundaries with its fields.
    for clone in (pickle.loads(pickle.dumps(err)), copy.deepcopy(err)):
        assert type(clone) is type(err)
        assert str(clone) == str(err)
        assert clone.resource_id == err.resource_id
        assert getattr(clone, "last") == last  # noqa: B009


def test_share_failure_carries_every_share_error(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_portfolio_share_status", share_answer("ERROR"))

    with pytest.raises(PortfolioShareFailedError) as caught:
        sc.wait_for_portfolio_share(portfolio_share_token="share-1", **timing)

    err = caught.value
    assert err.status == "ERROR"
    assert [(e.accounts, e.message, e.error) for e in err.errors] == [
        (
            ("111111111111", "222222222222"),
            "The account is not in the organization.",
            "InvalidParametersException",
        ),
        (("333333333333",), "Access denied by SCP.", "AccessDenied"),
    ]
    assert err.last.share_details is not None
    assert err.last.share_details.successful_shares == ("444444444444",)


def test_execute_failure_of_a_plan_raises_too(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_provisioned_product_plan", plan_answer("EXECUTE_IN_PROGRESS"))
    stubber.add_response("describe_provisioned_product_plan", plan_answer("EXECUTE_FAILED"))

    with pytest.raises(ProvisionedProductPlanFailedError) as caught:
        sc.wait_for_provisioned_product_plan(plan_id="plan-1", **timing)

    assert caught.value.status == "EXECUTE_FAILED"
    assert caught.value.status_message == "No updates are to be performed."


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_throttled_and_failing_polls_are_retried(
    case: Case, sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_client_error(case.operation, "ThrottlingException", "Rate exceeded", 400)
    stubber.add_client_error(case.operation, "InternalFailure", "oops", 500)
    stubber.add_response(case.operation, case.answer(case.done), case.params)

    done = case.function(sc, **case.kwargs, **timing)

    stubber.assert_no_pending_responses()
    assert case.status_of(done) == case.done


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_the_deadline_ends_the_wait(case: Case, raw_client: Any, fake_time: FakeTime) -> None:
    sc = ServiceCatalogClient(raw_client, strict=True)
    operation = raw_client.meta.method_to_api_mapping[case.operation]
    calls = answer_by_time(raw_client, operation, lambda _: case.answer(case.pending[-1]))
    try:
        with pytest.raises(WaiterTimeoutError) as caught:
            case.function(
                sc, **case.kwargs, timeout=300, clock=fake_time.clock, sleep=fake_time.sleep
            )
    finally:
        stop_answering(raw_client, operation)

    err = caught.value
    assert err.status == case.pending[-1]
    assert case.status_of(err.last) == case.pending[-1]
    assert err.resource_id == case.resource_id
    assert err.started is None  # a waiter called on its own started nothing
    assert fake_time.elapsed == pytest.approx(300)
    # Backoff, not fixed polling: far fewer polls than 300 s / 3 s.
    assert 3 <= len(calls) <= 20


@pytest.mark.parametrize("case", [c for c in CASES if c.resource_id], ids=str)
def test_a_new_resource_may_be_invisible_for_a_moment(
    case: Case, sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    for _ in range(NOT_FOUND_RETRIES):
        stubber.add_client_error(case.operation, "ResourceNotFoundException", "not yet", 400)
    stubber.add_response(case.operation, case.answer(case.done), case.params)

    done = case.function(sc, **case.kwargs, **timing)

    assert case.status_of(done) == case.done


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_an_unknown_status_keeps_waiting_with_one_warning(
    case: Case, sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response(case.operation, case.answer("MIGRATING"), case.params)
    stubber.add_response(case.operation, case.answer("MIGRATING"), case.params)
    stubber.add_response(case.operation, case.answer(case.done), case.params)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        done = case.function(sc, **case.kwargs, **timing)

    assert case.status_of(done) == case.done
    unknown = [w for w in caught if issubclass(w.category, UnknownValueWarning)]
    assert len(unknown) == 1
    assert "MIGRATING" in str(unknown[0].message)


def test_organizations_access_disabled_is_done_too(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("get_aws_organizations_access_status", {"AccessStatus": "UNDER_CHANGE"})
    stubber.add_response("get_aws_organizations_access_status", {"AccessStatus": "DISABLED"})

    done = sc.wait_for_organizations_access(**timing)

    assert str(done.access_status) == "DISABLED"


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_function_and_method_forms_match_on_the_clients_clock(
    case: Case, raw_client: Any, stubber: Stubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real sleep fails the test: the client's clock and sleep must be the ones used.
    def no_real_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s for real")

    monkeypatch.setattr(time, "sleep", no_real_sleep)
    runs: list[tuple[list[float], list[str], Any]] = []
    for form in ("function", "method"):
        random.seed(14)  # the same jitter for both forms
        fake = FakeTime()
        sc = ServiceCatalogClient(
            raw_client, waiter_clock=fake.clock, waiter_sleep=fake.sleep, strict=True
        )
        for status in case.pending:
            stubber.add_response(case.operation, case.answer(status), case.params)
        stubber.add_response(case.operation, case.answer(case.done), case.params)
        seen: list[Any] = []

        if form == "function":
            done = case.function(sc, **case.kwargs, on_poll=seen.append)
        else:
            done = case.method(sc)(**case.kwargs, on_poll=seen.append)

        assert len(fake.sleeps) == len(case.pending)
        runs.append((fake.sleeps, [case.status_of(o) for o in seen], done))
    assert runs[0] == runs[1]


def test_every_resource_waiter_is_declared_with_a_status_table() -> None:
    tables = {w.method: w.statuses for w in WAITERS}
    assert {c.name for c in CASES} <= set(tables)
    for case in CASES:
        assert tables[case.name].done, case.name
    for name, table in tables.items():
        # A status means one thing only.
        assert not (table.pending & table.done), name
        assert not (table.pending & table.failed), name
        assert not (table.done & table.failed), name


@pytest.mark.parametrize("case", [c for c in CASES if c.kwargs], ids=str)
def test_bad_ids_are_rejected_before_any_request(
    case: Case, sc: ServiceCatalogClient, timing: dict[str, Any]
) -> None:
    bad = dict.fromkeys(case.kwargs, "")
    with pytest.raises(ValueError, match="non-empty string"):
        case.function(sc, **bad, **timing)


def test_every_waiter_error_names_what_it_waited_on() -> None:
    assert WaiterError.resource_id is None
    assert WaiterError.started is None


def test_the_waiters_guide_documents_every_status_of_every_waiter() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "pages" / "waiters.md").read_text()
    for waiter in WAITERS:
        assert f"`{waiter.method}(" in guide, waiter.method
        table = waiter.statuses
        for status in table.pending | table.done | table.failed:
            assert f"`{status}`" in guide, (waiter.method, status)
