"""The asyncio client raises the sync client's typed errors, mapped by the same code."""

from __future__ import annotations

import socket
from typing import Any

import botocore.exceptions
import pytest
from aiobotocore.stub import AioStubber
from botocore.config import Config

from servicecatalog_sdk import AsyncServiceCatalogClient
from servicecatalog_sdk.errors import (
    DuplicateResourceError,
    ParamValidationError,
    ResourceNotFoundError,
    ThrottlingError,
    TransportError,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

pytestmark = pytest.mark.asyncio


async def test_unknown_ids_raise_resource_not_found_with_the_services_details(
    sc: AsyncServiceCatalogClient,
) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        await sc.describe_product_as_admin(id="prod-doesnotexist")
    error = caught.value
    assert error.code == "ResourceNotFoundException"
    assert error.operation == "DescribeProductAsAdmin"
    assert error.http_status == 400
    assert error.request_id
    with pytest.raises(ResourceNotFoundError):
        await sc.describe_record(id="rec-doesnotexist")


async def test_a_client_error_keeps_the_sync_mapping_and_its_cause(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    stub.add_client_error(
        "create_portfolio",
        service_error_code="DuplicateResourceException",
        service_message="taken",
        http_status_code=400,
    )
    with pytest.raises(DuplicateResourceError) as caught:
        await stubbed.create_portfolio(
            display_name="p", provider_name="me", idempotency_token="tok-1"
        )
    assert caught.value.idempotency_token == "tok-1"
    assert isinstance(caught.value.__cause__, botocore.exceptions.ClientError)


async def test_local_misuse_fails_before_anything_is_sent(
    stubbed: AsyncServiceCatalogClient,
) -> None:
    # Nothing is queued on the stubber: a request would fail differently.
    with pytest.raises(ParamValidationError, match="give exactly one of Id or Name"):
        await stubbed.describe_provisioned_product()
    with pytest.raises(ParamValidationError, match="max_items"):
        stubbed.scan_provisioned_products(max_items=0)
    with pytest.raises(ParamValidationError, match="wait must be True or False"):
        await stubbed.terminate_provisioned_product(
            provisioned_product_id="pp-1",
            wait="yes",  # type: ignore[call-overload]
        )
    with pytest.raises(ParamValidationError, match="timeout"):
        await stubbed.terminate_provisioned_product(
            provisioned_product_id="pp-1", wait=True, wait_timeout=-1
        )


async def test_botocores_validation_error_is_raised_without_the_value(raw_aio: Any) -> None:
    sc = AsyncServiceCatalogClient(raw_aio, strict=True)
    with pytest.raises(ParamValidationError) as caught:
        await sc.provision_product(
            product_id="prod-1",
            provisioning_artifact_id="pa-1",
            provisioned_product_name="web",
            provisioning_parameters=[{"Key": "Password", "Value": 12345678}],  # type: ignore[list-item]
        )
    assert "12345678" not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None


async def test_throttling_past_the_attempts_is_a_typed_throttling_error(
    emulator: ServiceCatalogEmulator,
) -> None:
    emulator.inject_fault("DescribeRecord", "ThrottlingException", times=1)
    sc = AsyncServiceCatalogClient.from_session(
        region_name=emulator.region_name,
        endpoint_url=emulator.endpoint_url,
        config=Config(proxies={}),
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        max_attempts=1,
        strict=True,
    )
    async with sc:
        with pytest.raises(ThrottlingError):
            await sc.describe_record(id="rec-1")
        with pytest.raises(ResourceNotFoundError):
            await sc.describe_record(id="rec-1")  # the fault was used up
    assert emulator.calls["DescribeRecord"] == 2


async def test_a_refused_connection_is_a_retryable_transport_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the request: nothing listens
    sc = AsyncServiceCatalogClient.from_session(
        region_name="us-east-1",
        endpoint_url=f"http://127.0.0.1:{port}",
        config=Config(proxies={}),
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        max_attempts=1,
        strict=True,
    )
    async with sc:
        with pytest.raises(TransportError) as caught:
            await sc.describe_record(id="rec-1")
    assert caught.value.retryable
    assert caught.value.operation == "DescribeRecord"
