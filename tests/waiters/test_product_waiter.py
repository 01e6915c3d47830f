"""wait_for_provisioned_product and wait_for_termination against Stubber sequences."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import (
    ProvisionedProductFailedError,
    ProvisionedProductTaintedError,
    ResourceNotFoundError,
)
from servicecatalog_sdk.models import DescribeProvisionedProductOutput, ProvisionedProductStatus
from servicecatalog_sdk.waiters import (
    WaiterMixin,
    wait_for_provisioned_product,
    wait_for_termination,
)

from .waiter_helpers import product

BY_ID = {"Id": "pp-1"}


def test_stale_available_is_not_an_answer(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    # Right after an update the product still shows the old change as AVAILABLE.
    stubber.add_response(
        "describe_provisioned_product", product("AVAILABLE", last_record_id="rec-old"), BY_ID
    )
    stubber.add_response(
        "describe_provisioned_product", product("UNDER_CHANGE", last_record_id="rec-new"), BY_ID
    )
    stubber.add_response(
        "describe_provisioned_product", product("AVAILABLE", last_record_id="rec-new"), BY_ID
    )
    seen: list[DescribeProvisionedProductOutput] = []

    out = wait_for_provisioned_product(
        sc, id="pp-1", record_id="rec-new", on_poll=seen.append, **timing
    )

    stubber.assert_no_pending_responses()
    assert len(seen) == 3
    detail = out.provisioned_product_detail
    assert detail is not None
    assert detail.status is ProvisionedProductStatus.AVAILABLE
    assert detail.last_record_id == "rec-new"


def test_stale_tainted_before_the_change_is_not_an_answer(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response(
        "describe_provisioned_product", product("TAINTED", last_record_id="rec-old"), BY_ID
    )
    stubber.add_response(
        "describe_provisioned_product", product("AVAILABLE", last_record_id="rec-new"), BY_ID
    )

    wait_for_provisioned_product(sc, id="pp-1", record_id="rec-new", **timing)

    stubber.assert_no_pending_responses()


def test_by_name_under_change_then_available(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    by_name = {"Name": "orders-db"}
    stubber.add_response("describe_provisioned_product", product("UNDER_CHANGE"), by_name)
    stubber.add_response("describe_provisioned_product", product("PLAN_IN_PROGRESS"), by_name)
    stubber.add_response("describe_provisioned_product", product("AVAILABLE"), by_name)

    wait_for_provisioned_product(sc, name="orders-db", **timing)

    stubber.assert_no_pending_responses()


def test_tainted_raises(sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]) -> None:
    stubber.add_response("describe_provisioned_product", product("UNDER_CHANGE"), BY_ID)
    stubber.add_response(
        "describe_provisioned_product", product("TAINTED", message="update rolled back"), BY_ID
    )

    with pytest.raises(ProvisionedProductTaintedError) as caught:
        wait_for_provisioned_product(sc, id="pp-1", **timing)

    assert caught.value.status_message == "update rolled back"
    assert caught.value.detail.status is ProvisionedProductStatus.TAINTED
    assert "update rolled back" in str(caught.value)


def test_accept_tainted_returns(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response("describe_provisioned_product", product("TAINTED"), BY_ID)

    out = wait_for_provisioned_product(sc, id="pp-1", accept_tainted=True, **timing)

    assert out.provisioned_product_detail is not None
    assert out.provisioned_product_detail.status is ProvisionedProductStatus.TAINTED


def test_error_raises(sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]) -> None:
    stubber.add_response(
        "describe_provisioned_product", product("ERROR", message="stack deleted"), BY_ID
    )

    with pytest.raises(ProvisionedProductFailedError) as caught:
        wait_for_provisioned_product(sc, id="pp-1", accept_tainted=True, **timing)
    assert caught.value.status_message == "stack deleted"


def test_termination_ends_with_resource_not_found(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    # Terminating a tainted product: its old TAINTED state is not the answer.
    stubber.add_response(
        "describe_provisioned_product", product("TAINTED", last_record_id="rec-old"), BY_ID
    )
    stubber.add_response(
        "describe_provisioned_product", product("UNDER_CHANGE", last_record_id="rec-term"), BY_ID
    )
    stubber.add_client_error(
        "describe_provisioned_product", "ResourceNotFoundException", "gone", 400, BY_ID
    )
    seen: list[DescribeProvisionedProductOutput | None] = []

    wait_for_termination(sc, id="pp-1", record_id="rec-term", on_poll=seen.append, **timing)

    stubber.assert_no_pending_responses()
    assert seen[-1] is None


def test_termination_that_fails_raises(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response(
        "describe_provisioned_product", product("UNDER_CHANGE", last_record_id="rec-term"), BY_ID
    )
    stubber.add_response(
        "describe_provisioned_product",
        product("TAINTED", last_record_id="rec-term", message="DELETE_FAILED"),
        BY_ID,
    )

    with pytest.raises(ProvisionedProductTaintedError, match="DELETE_FAILED"):
        wait_for_termination(sc, id="pp-1", record_id="rec-term", **timing)


def test_product_waiter_tolerates_a_brief_not_found(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_client_error(
        "describe_provisioned_product", "ResourceNotFoundException", "not yet", 400, BY_ID
    )
    stubber.add_response("describe_provisioned_product", product("AVAILABLE"), BY_ID)

    wait_for_provisioned_product(sc, id="pp-1", **timing)

    stubber.assert_no_pending_responses()


def test_product_waiter_raises_when_never_found(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    for _ in range(10):
        stubber.add_client_error(
            "describe_provisioned_product", "ResourceNotFoundException", "none", 400, BY_ID
        )
    with pytest.raises(ResourceNotFoundError):
        wait_for_provisioned_product(sc, id="pp-1", **timing)


class _MixedClient(ServiceCatalogClient, WaiterMixin):
    """What ServiceCatalogClient becomes once WaiterMixin is among its bases."""


def test_mixin_methods_delegate(raw_client: Any, stubber: Stubber, timing: dict[str, Any]) -> None:
    sc = _MixedClient(raw_client)
    stubber.add_response(
        "describe_record", {"RecordDetail": {"RecordId": "r", "Status": "SUCCEEDED"}}, {"Id": "r"}
    )
    stubber.add_response("describe_provisioned_product", product("AVAILABLE"), BY_ID)
    stubber.add_client_error(
        "describe_provisioned_product", "ResourceNotFoundException", "", 400, BY_ID
    )

    assert sc.wait_for_record("r", **timing).record_detail is not None
    assert sc.wait_for_provisioned_product(id="pp-1", **timing).provisioned_product_detail
    sc.wait_for_termination(id="pp-1", **timing)
    stubber.assert_no_pending_responses()
