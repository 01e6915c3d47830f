"""The engine alone: answers and times in; done, a failure or the next pause out. No I/O.

Its loops run on tenacity here as in the drivers, on made-up answers, failures
and clock readings.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from tenacity import Retrying

from servicecatalog_sdk._waiting._declarations import ORGANIZATIONS_ACCESS, RECORD, TERMINATION
from servicecatalog_sdk._waiting._engine import Loop, Waiting
from servicecatalog_sdk.errors import (
    AccessDeniedError,
    RecordFailedError,
    ResourceNotFoundError,
    ServiceCatalogError,
    ThrottlingError,
    WaiterTimeoutError,
)
from servicecatalog_sdk.models import (
    AccessStatus,
    DescribeProvisionedProductOutput,
    DescribeRecordOutput,
    GetAWSOrganizationsAccessStatusOutput,
    ProvisionedProductDetail,
    ProvisionedProductStatus,
    RecordDetail,
    RecordStatus,
)


class NoClient:
    """Stands for the client: the engine never calls it."""

    waiter_clock = None
    waiter_sleep = None


def answer(status: str) -> DescribeRecordOutput:
    return DescribeRecordOutput(
        record_detail=RecordDetail(record_id="rec-1", status=RecordStatus(status))
    )


def record_wait(**given: Any) -> Waiting[DescribeRecordOutput]:
    arguments = RECORD.arguments({"record_id": "rec-1", "use_history": False, **given})
    return Waiting(RECORD, NoClient(), arguments, awaits=False)


def failure(error: type[ServiceCatalogError], code: str) -> Any:
    return error(code=code, message="no", operation="DescribeRecord", http_status=400)


def run(
    w: Waiting[Any],
    loop: Loop,
    attempt: Callable[[], Any],
    times: Iterable[float],
    pauses: list[float],
) -> None:
    """Run one of ``w``'s loops on tenacity as a driver does; the clock reads ``times``.

    Each pause tenacity takes is added to ``pauses`` instead of slept.
    """
    clock = iter(times)
    Retrying(sleep=pauses.append, after=lambda _: w.tick(next(clock)), **loop)(attempt)


def polls(w: Waiting[Any], statuses: Iterable[str]) -> Callable[[], bool]:
    """The polling loop's attempt: observe and judge the next of ``statuses``."""
    answers = iter(statuses)

    def poll_once() -> bool:
        observation, reported = w.observe(answer(next(answers)))
        assert reported is None
        return w.judge(observation)

    return poll_once


def failing(*failures: BaseException) -> Callable[[], Any]:
    """A poll request's attempt that raises each of ``failures`` in turn."""
    raised = iter(failures)

    def send() -> Any:
        raise next(raised)

    return send


def test_a_whole_wait_runs_on_made_up_answers_and_times() -> None:
    random.seed(7)
    w = record_wait(timeout=600)
    w.start(100.0)
    statuses = ("CREATED", "IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED")
    pauses: list[float] = []
    run(w, w.poll_loop(), polls(w, statuses), (100.0, 102.0, 105.0), pauses)
    observation = w.last

    assert w.result(observation).record_detail is not None
    assert w.result(observation) is observation
    assert w.polls == 4
    assert w.status == "SUCCEEDED"
    assert len(pauses) == 3
    # Equal jitter: each pause in [d/2, d], d doubling from min_delay.
    for attempt, pause in enumerate(pauses, start=1):
        bound = min(2.0 * 2 ** (attempt - 1), 60.0)
        assert max(2.0, bound / 2) <= pause <= bound


def test_no_pause_crosses_the_deadline_and_the_deadline_ends_the_wait() -> None:
    w = record_wait(timeout=10, min_delay=8, max_delay=8)
    w.start(0.0)

    pauses: list[float] = []
    with pytest.raises(WaiterTimeoutError, match=r"record rec-1 did not finish within 10 s") as e:
        run(w, w.poll_loop(), polls(w, ["IN_PROGRESS"] * 3), (5.0, 10.0), pauses)
    assert pauses == [pytest.approx(5.0)]  # 8 s asked, 5 s left
    assert e.value.status == "IN_PROGRESS"
    assert e.value.last == answer("IN_PROGRESS")
    assert e.value.resource_id == "rec-1"
    assert "2 polls" in str(e.value)


def test_a_failed_request_is_sent_again_until_the_deadline_then_it_is_the_cause() -> None:
    w = record_wait(timeout=30)
    w.start(0.0)
    throttled = failure(ThrottlingError, "ThrottlingException")

    pauses: list[float] = []
    with pytest.raises(WaiterTimeoutError, match="the last poll request failed") as e:
        run(w, w.request_loop(), failing(*[throttled] * 3), (0.0, 2.0, 30.0), pauses)
    first, second = pauses
    assert first == 2.0  # the first retry waits min_delay
    assert 2.0 <= second <= 4.0
    assert e.value.__cause__ is throttled
    assert e.value.last is None


def test_a_failure_another_try_would_not_fix_is_raised_as_it_is() -> None:
    w = record_wait()
    w.start(0.0)
    denied = failure(AccessDeniedError, "AccessDeniedException")
    pauses: list[float] = []
    with pytest.raises(AccessDeniedError) as e:
        run(w, w.request_loop(), failing(denied), (1.0,), pauses)
    assert e.value is denied
    assert pauses == []


def test_a_few_not_found_answers_pass_before_the_first_observation_only() -> None:
    w = record_wait()
    w.start(0.0)
    missing = failure(ResourceNotFoundError, "ResourceNotFoundException")
    pauses: list[float] = []
    with pytest.raises(ResourceNotFoundError):
        run(w, w.request_loop(), failing(*[missing] * 5), [0.0] * 5, pauses)
    assert len(pauses) == 3

    later = record_wait()
    later.start(0.0)
    later.observe(answer("IN_PROGRESS"))
    pauses.clear()
    with pytest.raises(ResourceNotFoundError):
        run(later, later.request_loop(), failing(missing), (0.0,), pauses)
    assert pauses == []


def test_a_resource_waited_away_is_done_once_it_is_gone() -> None:
    arguments = TERMINATION.arguments({"id": "pp-1", "use_history": False})
    w: Waiting[None] = Waiting(TERMINATION, NoClient(), arguments, awaits=False)
    missing = failure(ResourceNotFoundError, "ResourceNotFoundException")
    assert w.gone(missing)
    assert not record_wait().gone(missing)

    available = DescribeProvisionedProductOutput(
        provisioned_product_detail=ProvisionedProductDetail(
            id="pp-1", status=ProvisionedProductStatus.AVAILABLE
        )
    )
    assert not w.judge(w.observe(available)[0])
    assert w.judge(w.observe(None)[0])
    assert w.status == "TERMINATED"


def test_a_failure_raises_the_declared_error() -> None:
    w = record_wait()
    with pytest.raises(RecordFailedError) as e:
        w.judge(w.observe(answer("FAILED"))[0])
    assert e.value.resource_id == "rec-1"


def test_expect_turns_the_other_settled_state_into_progress() -> None:
    def access_wait(expect: str | None) -> Waiting[GetAWSOrganizationsAccessStatusOutput]:
        arguments = ORGANIZATIONS_ACCESS.arguments({"expect": expect})
        return Waiting(ORGANIZATIONS_ACCESS, NoClient(), arguments, awaits=False)

    disabled = GetAWSOrganizationsAccessStatusOutput(access_status=AccessStatus.DISABLED)
    assert access_wait(None).judge(disabled)
    assert not access_wait("ENABLED").judge(disabled)
    assert access_wait("DISABLED").judge(disabled)
    assert access_wait("ENABLED").what == "AWS Organizations access ENABLED"


def test_only_an_awaiting_driver_gets_what_on_poll_returned_to_await() -> None:
    async def report() -> None:
        return None

    def on_poll(_: object) -> Any:
        return report()

    blocking = record_wait(on_poll=on_poll)
    with pytest.raises(TypeError, match="on_poll returned an awaitable"):
        blocking.observe(answer("IN_PROGRESS"))

    arguments = RECORD.arguments({"record_id": "rec-1", "use_history": False, "on_poll": on_poll})
    awaiting: Waiting[DescribeRecordOutput] = Waiting(RECORD, NoClient(), arguments, awaits=True)
    _, reported = awaiting.observe(answer("IN_PROGRESS"))
    assert reported is not None
    asyncio.run(_await(reported))


async def _await(reported: Any) -> None:
    await reported
