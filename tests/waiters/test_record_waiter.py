"""wait_for_record against Stubber status sequences."""

from __future__ import annotations

import logging
import warnings
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import (
    AccessDeniedError,
    RecordFailedError,
    ResourceNotFoundError,
    UnknownValueWarning,
    WaiterError,
)
from servicecatalog_sdk.models import DescribeRecordOutput, RecordStatus
from servicecatalog_sdk.waiters import MAX_DELAY, MIN_DELAY, NOT_FOUND_RETRIES, wait_for_record

from .waiter_helpers import FakeTime, record

ID = {"Id": "rec-1"}


def test_in_progress_three_times_then_succeeded(
    sc: ServiceCatalogClient,
    stubber: Stubber,
    timing: dict[str, Any],
    fake_time: FakeTime,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for _ in range(3):
        stubber.add_response("describe_record", record("IN_PROGRESS"), ID)
    stubber.add_response(
        "describe_record", record("SUCCEEDED", outputs=[("Url", "https://x"), ("Arn", "a")]), ID
    )
    seen: list[DescribeRecordOutput] = []
    caplog.set_level(logging.INFO, logger="servicecatalog_sdk.waiters")

    done = wait_for_record(sc, "rec-1", on_poll=seen.append, **timing)

    stubber.assert_no_pending_responses()
    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED
    assert [o.output_key for o in done.record_outputs] == ["Url", "Arn"]
    assert [o.record_detail.status for o in seen if o.record_detail] == [
        RecordStatus.IN_PROGRESS
    ] * 3 + [RecordStatus.SUCCEEDED]
    # Three pauses, each between the minimum and the maximum delay.
    assert len(fake_time.sleeps) == 3
    assert all(MIN_DELAY <= s <= MAX_DELAY for s in fake_time.sleeps)
    # INFO only when the status changes: IN_PROGRESS once, SUCCEEDED once.
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert infos == ["record rec-1: IN_PROGRESS", "record rec-1: SUCCEEDED"]


def test_created_then_failed_with_two_errors(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_record", record("CREATED"), ID)
    stubber.add_response("describe_record", record("IN_PROGRESS_IN_ERROR"), ID)
    errors = [("InvalidTemplate", "bad template"), ("StackRollback", "rolled back")]
    stubber.add_response("describe_record", record("FAILED", errors=errors), ID)

    with pytest.raises(RecordFailedError) as caught:
        wait_for_record(sc, "rec-1", **timing)

    stubber.assert_no_pending_responses()
    err = caught.value
    assert isinstance(err, WaiterError)
    assert err.record.status is RecordStatus.FAILED
    assert [(e.code, e.description) for e in err.errors] == errors
    assert "InvalidTemplate" in str(err)
    assert "StackRollback" in str(err)


def test_throttling_and_server_errors_mid_wait_are_retried(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_record", record("IN_PROGRESS"), ID)
    stubber.add_client_error(
        "describe_record", "ThrottlingException", "Rate exceeded", 400, expected_params=ID
    )
    stubber.add_client_error("describe_record", "InternalFailure", "oops", 500, expected_params=ID)
    stubber.add_response("describe_record", record("IN_PROGRESS"), ID)
    stubber.add_response("describe_record", record("SUCCEEDED"), ID)
    seen: list[DescribeRecordOutput] = []

    done = wait_for_record(sc, "rec-1", on_poll=seen.append, **timing)

    stubber.assert_no_pending_responses()
    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED
    # A failed request is not an observation.
    assert len(seen) == 3


def test_unknown_status_keeps_waiting_and_warns_once(
    sc: ServiceCatalogClient,
    stubber: Stubber,
    timing: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    for _ in range(3):
        stubber.add_response("describe_record", record("PAUSED_FOR_APPROVAL"), ID)
    stubber.add_response("describe_record", record("SUCCEEDED"), ID)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wait_for_record(sc, "rec-1", **timing)

    stubber.assert_no_pending_responses()
    unknown = [w for w in caught if issubclass(w.category, UnknownValueWarning)]
    assert len(unknown) == 1
    assert "PAUSED_FOR_APPROVAL" in str(unknown[0].message)
    logged = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(logged) == 1


def test_not_found_right_after_provision_is_tolerated(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    for _ in range(NOT_FOUND_RETRIES):
        stubber.add_client_error(
            "describe_record", "ResourceNotFoundException", "no such record", 400, ID
        )
    stubber.add_response("describe_record", record("SUCCEEDED"), ID)

    wait_for_record(sc, "rec-1", **timing)

    stubber.assert_no_pending_responses()


def test_not_found_for_good_raises(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    for _ in range(NOT_FOUND_RETRIES + 1):
        stubber.add_client_error(
            "describe_record", "ResourceNotFoundException", "no such record", 400, ID
        )

    with pytest.raises(ResourceNotFoundError):
        wait_for_record(sc, "rec-1", **timing)

    stubber.assert_no_pending_responses()


def test_not_found_after_an_observation_is_not_tolerated(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_record", record("IN_PROGRESS"), ID)
    stubber.add_client_error("describe_record", "ResourceNotFoundException", "gone", 400, ID)

    with pytest.raises(ResourceNotFoundError):
        wait_for_record(sc, "rec-1", **timing)


def test_access_denied_is_fatal_at_once(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any], fake_time: FakeTime
) -> None:
    stubber.add_client_error("describe_record", "AccessDeniedException", "no", 400, ID)

    with pytest.raises(AccessDeniedError):
        wait_for_record(sc, "rec-1", **timing)
    assert fake_time.sleeps == []
