"""The plugin's fixture and the SDK client bound to the emulator."""

from __future__ import annotations

from servicecatalog_sdk.client import ServiceCatalogClient
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product


def test_fixture_gives_a_running_emulator(servicecatalog_emulator: ServiceCatalogEmulator) -> None:
    assert servicecatalog_emulator.endpoint_url is None  # in-process by default
    sc = servicecatalog_emulator.boto3_client()
    assert sc.scan_provisioned_products()["ProvisionedProducts"] == []


def test_client_is_the_sdk_client(servicecatalog_emulator: ServiceCatalogEmulator) -> None:
    product_id, _ = create_product(servicecatalog_emulator)
    client = servicecatalog_emulator.client()
    assert isinstance(client, ServiceCatalogClient)
    out = client.describe_product(id=product_id)
    assert out.product_view_summary is not None
    assert out.product_view_summary.product_id == product_id


def test_a_closed_emulator_client_is_replaced(emulator: ServiceCatalogEmulator) -> None:
    with emulator.client() as sc:
        assert list(sc.list_portfolios()) == []
    assert sc.is_closed
    again = emulator.client()
    assert again is not sc
    assert not again.is_closed
    assert list(again.list_portfolios()) == []
