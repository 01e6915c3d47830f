"""The asyncio client's calls: results, request building, client lifetime, cheap imports."""

from __future__ import annotations

from typing import Any

import pytest
from aiobotocore.session import get_session
from aiobotocore.stub import AioStubber
from botocore.config import Config
from botocore.stub import ANY

from servicecatalog_sdk import AsyncServiceCatalogClient, ServiceCatalogClient
from servicecatalog_sdk.aio import CONNECT_TIMEOUT, MAX_ATTEMPTS, READ_TIMEOUT
from servicecatalog_sdk.errors import ResponseParseError
from servicecatalog_sdk.models import ProvisionedProductStatus, RecordStatus
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .aio_helpers import create_product

pytestmark = pytest.mark.asyncio


async def test_provision_update_and_terminate_through_the_emulators_server(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    product = await create_product(emulator, sc)
    done = await sc.provision_product(
        product_id=product.product_id,
        provisioning_artifact_id=product.artifact_id,
        provisioned_product_name="web",
        provisioning_parameters={"BucketName": "orders-bucket"},
        wait=True,
    )
    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED
    assert {o.output_key for o in done.record_outputs} >= {"BucketName"}
    pp_id = done.record_detail.provisioned_product_id
    assert pp_id is not None

    described = await sc.describe_provisioned_product(id=pp_id)
    assert described.provisioned_product_detail is not None
    assert described.provisioned_product_detail.status is ProvisionedProductStatus.AVAILABLE

    updated = await sc.update_provisioned_product(provisioned_product_id=pp_id, wait=True)
    assert updated.record_detail is not None
    assert updated.record_detail.record_type == "UPDATE_PROVISIONED_PRODUCT"

    gone = await sc.terminate_provisioned_product(provisioned_product_id=pp_id, wait=True)
    assert gone.record_detail is not None
    assert gone.record_detail.status is RecordStatus.SUCCEEDED
    assert [pp async for pp in sc.scan_provisioned_products()] == []


async def test_the_same_request_as_the_sync_client_reaches_aiobotocore(
    stub: AioStubber, raw_aio: Any
) -> None:
    sc = AsyncServiceCatalogClient(raw_aio, accept_language="jp", strict=True)
    stub.add_response(
        "provision_product",
        {"RecordDetail": {"RecordId": "rec-1", "Status": "CREATED"}},
        {
            "AcceptLanguage": "jp",
            "ProductId": "prod-1",
            "ProvisioningArtifactId": "pa-1",
            "ProvisionedProductName": "web",
            "ProvisioningParameters": [{"Key": "Size", "Value": "small"}],
            "ProvisionToken": ANY,
        },
    )
    out = await sc.provision_product(
        product_id="prod-1",
        provisioning_artifact_id="pa-1",
        provisioned_product_name="web",
        provisioning_parameters={"Size": "small"},
    )
    assert out.record_detail is not None
    assert out.record_detail.record_id == "rec-1"
    # The token the SDK made is the one sent, and the caller can read it back.
    assert out.response_metadata is not None
    token = out.response_metadata.idempotency_token
    assert token is not None
    assert len(token) == 36


async def test_describe_record_merges_every_page_of_outputs(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    record = {"RecordId": "rec-1", "Status": "SUCCEEDED"}
    stub.add_response(
        "describe_record",
        {
            "RecordDetail": record,
            "RecordOutputs": [{"OutputKey": "A", "OutputValue": "1"}],
            "NextPageToken": "2",
        },
        {"Id": "rec-1"},
    )
    stub.add_response(
        "describe_record",
        {"RecordDetail": record, "RecordOutputs": [{"OutputKey": "B", "OutputValue": "2"}]},
        {"Id": "rec-1", "PageToken": "2"},
    )
    out = await stubbed.describe_record(id="rec-1")
    assert [(o.output_key, o.output_value) for o in out.record_outputs] == [("A", "1"), ("B", "2")]
    assert out.next_page_token is None


async def test_strict_client_rejects_members_its_models_lack(
    raw_aio: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def answer(**_: Any) -> dict[str, Any]:
        return {"RecordDetail": {"RecordId": "rec-1", "Surprise": "x"}}

    # aiobotocore's stubber checks answers against the model, so this one is patched in.
    monkeypatch.setattr(raw_aio, "describe_record", answer)
    lenient = await AsyncServiceCatalogClient(raw_aio, strict=False).describe_record(id="rec-1")
    assert lenient.record_detail is not None
    with pytest.raises(ResponseParseError):
        await AsyncServiceCatalogClient(raw_aio, strict=True).describe_record(id="rec-1")


async def test_a_client_given_stays_open_and_a_built_one_is_closed(
    emulator: ServiceCatalogEmulator, raw_aio: Any
) -> None:
    given = AsyncServiceCatalogClient(raw_aio, strict=True)
    async with given as entered:
        assert entered is given
    assert given.raw is raw_aio  # still usable: its owner closes it

    built = emulator.async_client()
    with pytest.raises(RuntimeError, match="not open"):
        _ = built.raw
    async with built:
        assert [p async for p in built.list_portfolios()] == []
    with pytest.raises(RuntimeError, match="not open"):
        await built.describe_record(id="rec-1")


async def test_from_session_sets_the_sync_clients_retries_and_timeouts_and_merges_config() -> None:
    sc = AsyncServiceCatalogClient.from_session(
        get_session(),
        "eu-west-1",
        strict=True,
        config=Config(user_agent_extra="orders/1.0", read_timeout=5),
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    async with sc:
        config = sc.raw.meta.config
        assert config.retries == {"mode": "standard", "total_max_attempts": MAX_ATTEMPTS}
        assert config.connect_timeout == CONNECT_TIMEOUT
        assert (config.read_timeout, READ_TIMEOUT) == (5, 60)  # the user's read timeout won
        assert config.user_agent_extra == "orders/1.0"
        assert sc.raw.meta.region_name == "eu-west-1"
    with pytest.raises(ValueError, match="max_attempts"):
        AsyncServiceCatalogClient.from_session(max_attempts=0)


async def test_only_a_servicecatalog_client_is_accepted(raw_client: Any) -> None:
    session = get_session()
    async with session.create_client(
        "s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    ) as s3:
        with pytest.raises(TypeError, match="aiobotocore 'servicecatalog' client"):
            AsyncServiceCatalogClient(s3)
    # A blocking boto3 client is the sync client's, and its calls are not awaitable.
    assert ServiceCatalogClient(raw_client).raw is raw_client
