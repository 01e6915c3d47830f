"""The SDK's copy and plan waiters (``wait=True``) against the emulator's copies and plans."""

from __future__ import annotations

from typing import Any

import pytest

from servicecatalog_sdk import errors
from servicecatalog_sdk.models import CopyProductStatus, ProvisionedProductPlanStatus
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .test_emulator_copies import _arn, _source
from .test_emulator_plans import _launched


def test_sdk_copy_waits_for_the_target_or_raises_the_reason(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    source, _, _ = _source(emulator)
    marketplace = emulator.add_marketplace_product("vendor-appliance")
    client = emulator.client()

    done = client.copy_product(
        source_product_arn=_arn(sc, source), target_product_name="waited-copy", wait=True
    )

    assert done.copy_product_status is CopyProductStatus.SUCCEEDED
    assert done.target_product_id is not None
    copied = sc.describe_product_as_admin(Id=done.target_product_id)["ProductViewDetail"]
    assert copied["ProductViewSummary"]["Name"] == "waited-copy"
    with pytest.raises(errors.CopyProductFailedError) as failed:
        client.copy_product(source_product_arn=_arn(sc, marketplace), wait=True)
    assert failed.value.status_detail is not None
    assert "can be copied" in failed.value.status_detail


def test_sdk_plan_waits_and_failures(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, v2, pp_id = _launched(emulator, sc)
    v1 = sc.describe_provisioned_product(Id=pp_id)["ProvisionedProductDetail"][
        "ProvisioningArtifactId"
    ]
    client = emulator.client()

    created = client.create_provisioned_product_plan(
        plan_name="to-v2",
        plan_type="CLOUDFORMATION",
        product_id=product_id,
        provisioned_product_name="orders",
        provisioning_artifact_id=v2,
        wait=True,
    )
    assert created.provisioned_product_plan_details is not None
    details = created.provisioned_product_plan_details
    assert details.status is ProvisionedProductPlanStatus.CREATE_SUCCESS
    assert details.plan_id is not None
    executed = client.execute_provisioned_product_plan(plan_id=details.plan_id, wait=True)
    assert executed.record_detail is not None
    assert executed.record_detail.provisioned_product_id == pp_id
    with pytest.raises(errors.ProvisionedProductPlanFailedError) as failed:
        client.create_provisioned_product_plan(
            plan_name="nothing",
            plan_type="CLOUDFORMATION",
            product_id=product_id,
            provisioned_product_name="orders",
            provisioning_artifact_id=v2,
            wait=True,
        )
    assert failed.value.status_message == "No updates are to be performed."
    assert v1 != v2
