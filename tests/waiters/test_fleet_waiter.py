"""wait_for_provisioned_products: one listing per round, one error for every failure."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import ParamValidationError, WaiterError
from servicecatalog_sdk.models import ProvisionedProductStatus
from servicecatalog_sdk.waiters import (
    NOT_FOUND_RETRIES,
    FleetObservation,
    ProvisionedProductsFailedError,
    wait_for_provisioned_products,
)

from .waiter_helpers import product_detail


def _page(*details: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    page: dict[str, Any] = {"ProvisionedProducts": list(details)}
    if token is not None:
        page["NextPageToken"] = token
    return page


def test_fleet_settles_with_one_listing_per_round(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    # Round 1 spans two pages and lists a product nobody asked about.
    stubber.add_response(
        "scan_provisioned_products",
        _page(
            product_detail("UNDER_CHANGE", pid="pp-1"),
            product_detail("AVAILABLE", pid="pp-9"),
            token="2",
        ),
        {},
    )
    stubber.add_response(
        "scan_provisioned_products",
        _page(product_detail("UNDER_CHANGE", pid="pp-2")),
        {"PageToken": "2"},
    )
    stubber.add_response(
        "scan_provisioned_products",
        _page(product_detail("AVAILABLE", pid="pp-2"), product_detail("AVAILABLE", pid="pp-1")),
        {},
    )
    rounds: list[FleetObservation] = []

    result = wait_for_provisioned_products(sc, ["pp-1", "pp-2"], on_poll=rounds.append, **timing)

    stubber.assert_no_pending_responses()
    assert len(rounds) == 2
    assert list(result) == ["pp-1", "pp-2"]
    assert all(d.status is ProvisionedProductStatus.AVAILABLE for d in result.values())


def test_fleet_failure_lists_every_failed_product(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response(
        "scan_provisioned_products",
        _page(
            product_detail("TAINTED", pid="pp-1", message="rolled back"),
            product_detail("UNDER_CHANGE", pid="pp-2"),
            product_detail("AVAILABLE", pid="pp-3"),
        ),
    )
    stubber.add_response(
        "scan_provisioned_products",
        _page(
            product_detail("TAINTED", pid="pp-1"),
            product_detail("ERROR", pid="pp-2", message="stack gone"),
            product_detail("AVAILABLE", pid="pp-3"),
        ),
    )

    with pytest.raises(ProvisionedProductsFailedError) as caught:
        wait_for_provisioned_products(sc, ["pp-1", "pp-2", "pp-3"], **timing)

    stubber.assert_no_pending_responses()
    err = caught.value
    assert isinstance(err, WaiterError)
    assert set(err.failures) == {"pp-1", "pp-2"}
    assert set(err.results) == {"pp-3"}
    assert "pp-1" in str(err)
    assert "rolled back" in str(err)
    assert "pp-2" in str(err)
    assert "stack gone" in str(err)


def test_fleet_accepts_tainted_and_checks_record_ids(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_response(
        "scan_provisioned_products",
        _page(
            product_detail("TAINTED", pid="pp-1"),
            product_detail("AVAILABLE", pid="pp-2", last_record_id="rec-old"),
        ),
    )
    stubber.add_response(
        "scan_provisioned_products",
        _page(
            product_detail("TAINTED", pid="pp-1"),
            product_detail("AVAILABLE", pid="pp-2", last_record_id="rec-new"),
        ),
    )
    rounds: list[FleetObservation] = []

    result = wait_for_provisioned_products(
        sc,
        ["pp-1", "pp-2"],
        record_ids={"pp-2": "rec-new"},
        accept_tainted=True,
        on_poll=rounds.append,
        **timing,
    )

    stubber.assert_no_pending_responses()
    assert len(rounds) == 2
    assert result["pp-1"].status is ProvisionedProductStatus.TAINTED
    assert result["pp-2"].last_record_id == "rec-new"


def test_fleet_product_never_listed_fails(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    for _ in range(NOT_FOUND_RETRIES + 1):
        stubber.add_response(
            "scan_provisioned_products", _page(product_detail("AVAILABLE", pid="pp-1"))
        )

    with pytest.raises(ProvisionedProductsFailedError) as caught:
        wait_for_provisioned_products(sc, ["pp-1", "pp-404"], **timing)

    stubber.assert_no_pending_responses()
    assert caught.value.failures == {"pp-404": None}
    assert caught.value.reasons["pp-404"] == "not found"


def test_fleet_retries_a_throttled_listing(
    sc: ServiceCatalogClient, stubber: Stubber, timing: dict[str, Any]
) -> None:
    stubber.add_client_error("scan_provisioned_products", "ThrottlingException", "slow down", 400)
    stubber.add_response(
        "scan_provisioned_products", _page(product_detail("AVAILABLE", pid="pp-1"))
    )

    assert list(wait_for_provisioned_products(sc, ["pp-1"], **timing)) == ["pp-1"]


@pytest.mark.parametrize("ids", [[], "pp-1", [""], [None]])
def test_fleet_rejects_bad_ids(sc: ServiceCatalogClient, ids: Any) -> None:
    with pytest.raises(ParamValidationError):
        wait_for_provisioned_products(sc, ids)


def test_fleet_rejects_record_ids_of_other_products(sc: ServiceCatalogClient) -> None:
    with pytest.raises(ParamValidationError):
        wait_for_provisioned_products(sc, ["pp-1"], record_ids={"pp-2": "rec"})
