"""What the asyncio client sends: nothing on misuse, a resent token, the language."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import aiobotocore.endpoint
import pytest

from servicecatalog_sdk import AsyncServiceCatalogClient, errors
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.aio.aio_helpers import create_product
from tests.client.client_helpers import assert_uuid

pytestmark = pytest.mark.asyncio


@pytest.fixture
def backoffs(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """aiobotocore's pauses between retries, recorded instead of slept."""
    slept: list[float] = []

    async def record(_: Any, seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(aiobotocore.endpoint.AioEndpoint, "_sleep", record)
    return slept


def record_bodies(sc: AsyncServiceCatalogClient) -> list[dict[str, Any]]:
    """The JSON body of every request ``sc`` sends from now on (they still go out)."""
    bodies: list[dict[str, Any]] = []

    def seen(request: Any, **_: Any) -> None:
        bodies.append(json.loads(request.body or b"{}"))

    sc.raw.meta.events.register("before-send.servicecatalog", seen)
    return bodies


MISUSE: list[tuple[str, Callable[[AsyncServiceCatalogClient], Awaitable[object]], str]] = [
    (
        "terminate-both",
        lambda sc: sc.terminate_provisioned_product(
            provisioned_product_name="orders", provisioned_product_id="pp-abc"
        ),
        "ProvisionedProductName or ProvisionedProductId",
    ),
    ("describe-pp-neither", lambda sc: sc.describe_provisioned_product(), "Id or Name"),
    ("describe-record-empty", lambda sc: sc.describe_record(id=""), "Id"),
    ("describe-pp-blank", lambda sc: sc.describe_provisioned_product(id="   "), "Id"),
    (
        "provision-empty-product",
        lambda sc: sc.provision_product(
            provisioned_product_name="orders", product_id="", provisioning_artifact_id="pa-1"
        ),
        "ProductId",
    ),
]


@pytest.mark.parametrize(("call", "names"), [c[1:] for c in MISUSE], ids=[c[0] for c in MISUSE])
async def test_misuse_is_refused_before_any_request(
    emulator: ServiceCatalogEmulator,
    sc: AsyncServiceCatalogClient,
    call: Callable[[AsyncServiceCatalogClient], Awaitable[object]],
    names: str,
) -> None:
    bodies = record_bodies(sc)
    with pytest.raises(errors.ParamValidationError, match=names) as caught:
        await call(sc)
    assert isinstance(caught.value, ValueError)
    assert bodies == []
    assert sum(emulator.calls.values()) == 0


async def test_a_throttled_provision_is_resent_with_the_same_generated_token(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient, backoffs: list[float]
) -> None:
    product = await create_product(emulator, sc)
    bodies = record_bodies(sc)
    emulator.inject_fault("ProvisionProduct", "ThrottlingException")
    out = await sc.provision_product(
        product_id=product.product_id,
        provisioning_artifact_id=product.artifact_id,
        provisioned_product_name="orders",
        provisioning_parameters={"BucketName": "orders-bucket"},
    )
    assert len(bodies) == 2
    first, second = bodies
    token = assert_uuid(first["ProvisionToken"])
    assert second["ProvisionToken"] == token
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == token
    assert out.response_metadata.retry_attempts == 1
    assert len(backoffs) == 1  # aiobotocore backed off once, without sleeping
    assert emulator.calls["ProvisionProduct"] == 2
    assert out.record_detail is not None
    pp_id = out.record_detail.provisioned_product_id
    assert pp_id is not None
    scanned = [p.id async for p in sc.scan_provisioned_products()]
    assert scanned == [pp_id]  # one launch, not two


async def test_two_provisions_without_a_token_send_different_tokens(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    product = await create_product(emulator, sc)
    tokens = []
    for name in ("orders", "billing"):
        out = await sc.provision_product(
            product_id=product.product_id,
            provisioning_artifact_id=product.artifact_id,
            provisioned_product_name=name,
            provisioning_parameters={"BucketName": f"{name}-bucket"},
        )
        assert out.response_metadata is not None
        tokens.append(assert_uuid(out.response_metadata.idempotency_token))
    assert tokens[0] != tokens[1]


async def test_the_clients_accept_language_is_sent_and_a_call_may_override_it(
    emulator: ServiceCatalogEmulator,
) -> None:
    async with emulator.async_client() as sc:
        product = await create_product(emulator, sc)
        sc.accept_language = "jp"
        bodies = record_bodies(sc)
        await sc.describe_product_as_admin(id=product.product_id)
        await sc.describe_product_as_admin(id=product.product_id, accept_language="zh")
        assert [p async for p in sc.scan_provisioned_products(accept_language="en")] == []
    assert [b.get("AcceptLanguage") for b in bodies] == ["jp", "zh", "en"]
