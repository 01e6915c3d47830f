"""Closing the blocking client, and what its repr and its listings' reprs show."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient

SECRET_KEY = "wJalrXUtnFEMI-not-a-real-secret"
ACCESS_KEY = "AKIAEXAMPLENOTREAL01"


def built_client() -> ServiceCatalogClient:
    """A client whose boto3 client the SDK builds (and so owns)."""
    return ServiceCatalogClient.from_session(
        boto3.Session(),
        "eu-west-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        strict=True,
    )


def count_closes(monkeypatch: pytest.MonkeyPatch, raw: Any) -> list[None]:
    """Record each call of the boto3 client's ``close`` (which still runs)."""
    closes: list[None] = []
    original = raw.close

    def close() -> None:
        closes.append(None)
        original()

    monkeypatch.setattr(raw, "close", close)
    return closes


def test_a_built_client_closes_its_boto3_client_once_and_then_refuses_calls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc = built_client()
    closes = count_closes(monkeypatch, sc.raw)
    with Stubber(sc.raw) as stubber:
        stubber.add_response(
            "describe_record", {"RecordDetail": {"RecordId": "rec-1"}}, {"Id": "rec-1"}
        )
        with sc as entered:
            assert entered is sc
            out = entered.describe_record(id="rec-1")
            assert out.record_detail is not None
        assert closes == [None]
        sc.close()  # a second close does nothing
        assert closes == [None]
        # Nothing more is queued: a call must fail before reaching the Stubber.
        with pytest.raises(RuntimeError, match="closed and cannot be reopened"):
            sc.describe_record(id="rec-1")
        with pytest.raises(RuntimeError, match="closed and cannot be reopened"):
            next(iter(sc.scan_provisioned_products()))
        with pytest.raises(RuntimeError, match="closed and cannot be reopened"), sc:
            pass
        stubber.assert_no_pending_responses()


def test_close_leaves_a_given_boto3_client_open_and_the_sdk_client_usable(
    monkeypatch: pytest.MonkeyPatch, raw_client: Any, stubber: Stubber
) -> None:
    closes = count_closes(monkeypatch, raw_client)
    sc = ServiceCatalogClient(raw_client, strict=True)
    with sc:
        pass
    sc.close()
    assert closes == []
    stubber.add_response(
        "describe_record", {"RecordDetail": {"RecordId": "rec-1"}}, {"Id": "rec-1"}
    )
    assert sc.describe_record(id="rec-1").record_detail is not None
    with sc:  # entering again is fine too: there is nothing of the SDK's to close
        pass


def test_reprs_name_the_class_region_and_operation_but_no_credentials() -> None:
    sc = built_client()
    assert repr(sc) == "ServiceCatalogClient(region='eu-west-1')"
    listings = {
        repr(sc.scan_provisioned_products()): "ScanProvisionedProducts",
        repr(sc.list_provisioning_artifacts(product_id="prod-1")): "ListProvisioningArtifacts",
        repr(sc.search_products(max_items=3)): "SearchProducts",
    }
    for text, operation in listings.items():
        assert text == f"PageIterator(operation='{operation}', region='eu-west-1')"
    sc.close()
    for text in [repr(sc), *listings]:
        assert SECRET_KEY not in text
        assert ACCESS_KEY not in text
    assert repr(sc) == "ServiceCatalogClient(region='eu-west-1')"


def test_a_subclass_repr_names_the_subclass(raw_client: Any) -> None:
    class OrdersClient(ServiceCatalogClient):
        """A client an application extends."""

    assert repr(OrdersClient(raw_client)) == "OrdersClient(region='us-east-1')"
