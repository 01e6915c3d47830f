"""A waiter's ``UnknownValueWarning`` names the user's line, not a line inside the SDK.

The polling loop runs in the SDK's driver, several frames below the call the user
wrote; the warning must still carry that call's file and line, so that the
message is useful and ``warnings.filterwarnings(module=...)`` matches the user's
module, whichever way the wait was started.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from typing import Any

from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient, waiters
from servicecatalog_sdk.errors import UnknownValueWarning

from .waiter_helpers import FakeTime, product, record


def next_line() -> int:
    """The number of the line after the caller's."""
    return sys._getframe(1).f_lineno + 1


def unknown_warnings(run: Callable[[], object]) -> list[warnings.WarningMessage]:
    """The ``UnknownValueWarning`` records ``run()`` raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
    return [w for w in caught if issubclass(w.category, UnknownValueWarning)]


def test_record_waiter_method_warns_at_the_callers_line(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_record", record("PAUSED_FOR_APPROVAL"), {"Id": "rec-1"})
    stubber.add_response("describe_record", record("SUCCEEDED"), {"Id": "rec-1"})

    line = 0

    def run() -> None:
        nonlocal line
        line = next_line()
        sc.wait_for_record("rec-1", **timing)

    (caught,) = unknown_warnings(run)
    assert (caught.filename, caught.lineno) == (__file__, line)
    assert "PAUSED_FOR_APPROVAL" in str(caught.message)


def test_waiter_function_warns_at_the_callers_line(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_record", record("PAUSED_FOR_APPROVAL"), {"Id": "rec-1"})
    stubber.add_response("describe_record", record("SUCCEEDED"), {"Id": "rec-1"})

    line = 0

    def run() -> None:
        nonlocal line
        line = next_line()
        waiters.wait_for_record(sc, "rec-1", **timing)

    (caught,) = unknown_warnings(run)
    assert (caught.filename, caught.lineno) == (__file__, line)


def test_provisioned_product_waiter_warns_at_the_callers_line(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_provisioned_product", product("HIBERNATING"), {"Id": "pp-1"})
    stubber.add_response("describe_provisioned_product", product("AVAILABLE"), {"Id": "pp-1"})

    line = 0

    def run() -> None:
        nonlocal line
        line = next_line()
        sc.wait_for_provisioned_product(id="pp-1", **timing)

    (caught,) = unknown_warnings(run)
    assert (caught.filename, caught.lineno) == (__file__, line)
    assert "HIBERNATING" in str(caught.message)


def test_provision_with_wait_warns_at_the_callers_line(
    raw_client: Any, stubber: Stubber, fake_time: FakeTime
) -> None:
    sc = ServiceCatalogClient(
        raw_client, strict=True, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep
    )
    stubber.add_response("provision_product", record("CREATED"))
    stubber.add_response("describe_record", record("PAUSED_FOR_APPROVAL"), {"Id": "rec-1"})
    stubber.add_response("describe_record", record("SUCCEEDED"), {"Id": "rec-1"})

    line = 0

    def run() -> None:
        nonlocal line
        line = next_line()
        sc.provision_product(
            product_id="prod-1",
            provisioning_artifact_id="pa-1",
            provisioned_product_name="orders-db",
            wait=True,
        )

    (caught,) = unknown_warnings(run)
    assert (caught.filename, caught.lineno) == (__file__, line)
