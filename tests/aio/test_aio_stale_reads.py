"""The stale-AVAILABLE race, awaited against the emulator's server."""

from __future__ import annotations

import pytest

from servicecatalog_sdk import AsyncServiceCatalogClient
from servicecatalog_sdk.models import (
    DescribeProvisionedProductOutput,
    ProvisionedProductStatus,
    RecordStatus,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.emulator.emulator_helpers import BUCKET_TEMPLATE_V2, add_version, create_product

pytestmark = pytest.mark.asyncio

STALE_READS = 2


async def _updated(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> tuple[str, str, str, str]:
    """A product launched on v1, then updated to v2: (pp id, launch record, update record, v2)."""
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    emulator.stale_reads = STALE_READS
    done = await sc.provision_product(
        product_id=product_id,
        provisioning_artifact_id=v1,
        provisioned_product_name="orders",
        provisioning_parameters={"BucketName": "orders-bucket"},
        wait=True,
    )
    assert done.record_detail is not None
    pp_id = done.record_detail.provisioned_product_id
    launched = done.record_detail.record_id
    assert pp_id is not None
    assert launched is not None
    update = await sc.update_provisioned_product(
        provisioned_product_id=pp_id, provisioning_artifact_id=v2
    )
    assert update.record_detail is not None
    assert update.record_detail.record_id is not None
    return pp_id, launched, update.record_detail.record_id, v2


async def test_the_wait_with_the_record_id_passes_over_the_stale_reads(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    pp_id, launched, record_id, v2 = await _updated(emulator, sc)
    polls: list[str | None] = []

    def seen(out: DescribeProvisionedProductOutput) -> None:
        detail = out.provisioned_product_detail
        polls.append(detail.last_record_id if detail else None)

    out = await sc.wait_for_provisioned_product(id=pp_id, record_id=record_id, on_poll=seen)
    detail = out.provisioned_product_detail
    assert detail is not None
    assert detail.status is ProvisionedProductStatus.AVAILABLE
    assert detail.last_record_id == record_id
    assert detail.provisioning_artifact_id == v2
    # The stale answers were read, and not taken for the end of the update.
    assert polls[:STALE_READS] == [launched] * STALE_READS
    assert len(polls) > STALE_READS
    record = (await sc.describe_record(id=record_id)).record_detail
    assert record is not None
    assert record.status is RecordStatus.SUCCEEDED


async def test_the_wait_without_the_record_id_takes_the_stale_answer(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    pp_id, launched, record_id, _ = await _updated(emulator, sc)
    out = await sc.wait_for_provisioned_product(id=pp_id)
    detail = out.provisioned_product_detail
    assert detail is not None
    assert detail.status is ProvisionedProductStatus.AVAILABLE
    assert detail.last_record_id == launched
    assert launched != record_id
