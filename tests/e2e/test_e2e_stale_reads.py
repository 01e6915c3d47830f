"""The stale-AVAILABLE race, end to end: reads that lag behind an update."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.models import ProvisionedProductStatus, RecordStatus
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.emulator.emulator_helpers import BUCKET_TEMPLATE_V2, add_version, create_product

STALE_READS = 2


@pytest.fixture
def emulator() -> Iterator[ServiceCatalogEmulator]:
    with ServiceCatalogEmulator(stale_reads=STALE_READS) as emulator:
        yield emulator


def launch(sc: ServiceCatalogClient, emulator: ServiceCatalogEmulator) -> tuple[str, str, str]:
    """A provisioned product on v1, settled; returns (pp id, its record, the v2 artifact)."""
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    done = sc.provision_product(
        product_id=product_id,
        provisioning_artifact_id=v1,
        provisioned_product_name="orders",
        provisioning_parameters={"BucketName": "orders-bucket"},
        wait=True,
    )
    assert done.record_detail is not None
    assert done.record_detail.provisioned_product_id is not None
    assert done.record_detail.record_id is not None
    return done.record_detail.provisioned_product_id, done.record_detail.record_id, v2


def test_reads_right_after_an_update_still_show_the_old_state(
    emulator: ServiceCatalogEmulator,
) -> None:
    sc = emulator.client()
    pp_id, launched, v2 = launch(sc, emulator)
    update = sc.update_provisioned_product(
        provisioned_product_id=pp_id, provisioning_artifact_id=v2
    )
    assert update.record_detail is not None
    seen = []
    for _ in range(STALE_READS + 1):
        detail = sc.describe_provisioned_product(id=pp_id).provisioned_product_detail
        assert detail is not None
        seen.append((detail.status, detail.last_record_id))
    stale = (ProvisionedProductStatus.AVAILABLE, launched)
    assert seen[:STALE_READS] == [stale] * STALE_READS
    assert seen[STALE_READS] == (
        ProvisionedProductStatus.UNDER_CHANGE,
        update.record_detail.record_id,
    )


def test_the_waiter_with_the_record_id_is_not_fooled(emulator: ServiceCatalogEmulator) -> None:
    sc = emulator.client()
    pp_id, launched, v2 = launch(sc, emulator)
    update = sc.update_provisioned_product(
        provisioned_product_id=pp_id, provisioning_artifact_id=v2
    )
    assert update.record_detail is not None
    record_id = update.record_detail.record_id
    assert record_id is not None
    polls: list[str | None] = []
    out = sc.wait_for_provisioned_product(
        id=pp_id,
        record_id=record_id,
        on_poll=lambda o: polls.append(
            o.provisioned_product_detail.last_record_id if o.provisioned_product_detail else None
        ),
    )
    detail = out.provisioned_product_detail
    assert detail is not None
    assert detail.status is ProvisionedProductStatus.AVAILABLE
    assert detail.last_record_id == record_id
    assert detail.provisioning_artifact_id == v2
    assert (
        polls[:STALE_READS] == [launched] * STALE_READS
    )  # the stale reads were seen, and passed over
    record = sc.describe_record(id=record_id).record_detail
    assert record is not None
    assert record.status is RecordStatus.SUCCEEDED


def test_a_waiter_without_the_record_id_takes_the_stale_answer(
    emulator: ServiceCatalogEmulator,
) -> None:
    # Why record_id exists: without it, the first (stale) AVAILABLE ends the wait
    # while the update has not even started to show.
    sc = emulator.client()
    pp_id, launched, v2 = launch(sc, emulator)
    update = sc.update_provisioned_product(
        provisioned_product_id=pp_id, provisioning_artifact_id=v2
    )
    out = sc.wait_for_provisioned_product(id=pp_id)
    assert out.provisioned_product_detail is not None
    assert out.provisioned_product_detail.last_record_id == launched
    assert update.record_detail is not None
    assert update.record_detail.record_id != launched
