"""``wait_for_organizations_access(expect=...)``, and what a blocking wait does with ``on_poll``."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import ParamValidationError, WaiterTimeoutError
from servicecatalog_sdk.models import DescribeRecordOutput, GetAWSOrganizationsAccessStatusOutput
from servicecatalog_sdk.waiters import (
    wait_for_organizations_access,
    wait_for_provisioned_products,
    wait_for_record,
)

from .waiter_helpers import FakeTime, record

ID = {"Id": "rec-1"}


def _access(stubber: Stubber, *statuses: str) -> None:
    for status in statuses:
        stubber.add_response("get_aws_organizations_access_status", {"AccessStatus": status}, {})


@pytest.mark.parametrize(("expect", "stale"), [("ENABLED", "DISABLED"), ("DISABLED", "ENABLED")])
def test_organizations_access_returns_only_once_the_expected_state_is_read(
    sc: ServiceCatalogClient,
    stubber: Stubber,
    timing: dict[str, Any],
    fake_time: FakeTime,
    expect: Any,
    stale: str,
) -> None:
    # A read from before the change took effect, the change, then its end.
    _access(stubber, stale, "UNDER_CHANGE", expect)
    seen: list[str] = []

    done = wait_for_organizations_access(
        sc, expect=expect, on_poll=lambda out: seen.append(str(out.access_status)), **timing
    )

    stubber.assert_no_pending_responses()
    assert str(done.access_status) == expect
    assert seen == [stale, "UNDER_CHANGE", expect]
    assert len(fake_time.sleeps) == 2


def test_without_expect_either_settled_state_ends_the_wait(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    _access(stubber, "UNDER_CHANGE", "DISABLED")

    done = sc.wait_for_organizations_access(**timing)

    stubber.assert_no_pending_responses()
    assert str(done.access_status) == "DISABLED"


def test_a_wait_for_enabled_that_only_reads_disabled_times_out(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    # Polls at 0 s, 2 s and the deadline, 3 s.
    _access(stubber, "DISABLED", "DISABLED", "DISABLED")

    with pytest.raises(WaiterTimeoutError) as caught:
        sc.wait_for_organizations_access(expect="ENABLED", timeout=3, **timing)

    stubber.assert_no_pending_responses()
    assert caught.value.status == "DISABLED"
    assert "AWS Organizations access ENABLED did not finish" in str(caught.value)


@pytest.mark.parametrize("expect", ["enabled", "UNDER_CHANGE", "", 1])
def test_a_bad_expect_is_rejected_before_any_request(
    sc: ServiceCatalogClient, stubber: Stubber, expect: object
) -> None:
    with pytest.raises(ParamValidationError, match="expect"):
        sc.wait_for_organizations_access(expect=expect)  # type: ignore[arg-type]
    stubber.assert_no_pending_responses()


async def _coroutine_on_poll(out: object) -> None:
    """An ``async def`` callback, which a blocking wait cannot run."""


class _AsyncCallable:
    async def __call__(self, out: object) -> None:
        """An object whose call makes a coroutine."""


@pytest.mark.parametrize(
    "on_poll", [_coroutine_on_poll, _AsyncCallable()], ids=["async-def", "async-call"]
)
@pytest.mark.parametrize(
    "wait",
    [
        lambda sc, cb: wait_for_record(sc, "rec-1", on_poll=cb),
        lambda sc, cb: sc.wait_for_termination(id="pp-1", on_poll=cb),
        lambda sc, cb: wait_for_provisioned_products(sc, ["pp-1"], on_poll=cb),
        lambda sc, cb: sc.wait_for_organizations_access(on_poll=cb),
    ],
    ids=["record", "termination", "fleet", "organizations"],
)
def test_a_coroutine_function_as_on_poll_is_a_type_error_before_any_request(
    sc: ServiceCatalogClient,
    stubber: Stubber,
    on_poll: Callable[[Any], Any],
    wait: Callable[[ServiceCatalogClient, Callable[[Any], Any]], object],
) -> None:
    # No response is queued: any request would fail the Stubber instead.
    with pytest.raises(TypeError, match=r"on_poll .* coroutine function"):
        wait(sc, on_poll)
    stubber.assert_no_pending_responses()


def test_an_awaitable_returned_by_on_poll_is_a_type_error_and_not_left_pending(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_record", record("IN_PROGRESS"), ID)

    def show(out: DescribeRecordOutput) -> Any:
        return _coroutine_on_poll(out)  # a plain function handing back a coroutine

    with warnings.catch_warnings():
        # A coroutine left unawaited would warn when collected: it is closed instead.
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match="on_poll returned an awaitable"):
            sc.wait_for_record("rec-1", on_poll=show, **timing)

    stubber.assert_no_pending_responses()


def test_a_plain_on_poll_still_gets_every_observation(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    _access(stubber, "UNDER_CHANGE", "ENABLED")
    seen: list[GetAWSOrganizationsAccessStatusOutput] = []

    sc.wait_for_organizations_access(expect="ENABLED", on_poll=seen.append, **timing)

    stubber.assert_no_pending_responses()
    assert [str(o.access_status) for o in seen] == ["UNDER_CHANGE", "ENABLED"]
