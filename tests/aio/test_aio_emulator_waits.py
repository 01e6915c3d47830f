"""Every kind of ``wait=True`` and resource waiter, awaited against the emulator's server."""

from __future__ import annotations

import pytest

from servicecatalog_sdk import AsyncServiceCatalogClient, errors
from servicecatalog_sdk.models import (
    CopyProductStatus,
    OrganizationNode,
    OrganizationNodeType,
    ProvisionedProductPlanStatus,
    ProvisioningArtifactProperties,
    ShareStatus,
    Status,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.emulator.emulator_helpers import BUCKET_TEMPLATE_V2
from tests.emulator.test_emulator_accounts import _catalog, _organization
from tests.emulator.test_emulator_copies import _arn, _source
from tests.emulator.test_emulator_plans import _launched

pytestmark = pytest.mark.asyncio


async def test_products_artifacts_and_copies_are_awaited_until_done(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    source, _, _ = _source(emulator)
    raw = emulator.boto3_client()
    artifact = await sc.create_provisioning_artifact(
        product_id=source,
        parameters=ProvisioningArtifactProperties(
            name="v3", info={"LoadTemplateFromURL": emulator.upload_template(BUCKET_TEMPLATE_V2)}
        ),
        wait=True,
    )
    assert artifact.status is Status.AVAILABLE

    copied = await sc.copy_product(
        source_product_arn=_arn(raw, source), target_product_name="awaited-copy", wait=True
    )
    assert copied.copy_product_status is CopyProductStatus.SUCCEEDED
    assert copied.target_product_id is not None
    product = await sc.wait_for_product(id=copied.target_product_id)
    assert product.product_view_detail is not None
    assert product.product_view_detail.status is Status.AVAILABLE

    marketplace = emulator.add_marketplace_product("vendor-appliance")
    with pytest.raises(errors.CopyProductFailedError) as failed:
        await sc.copy_product(source_product_arn=_arn(raw, marketplace), wait=True)
    assert failed.value.started is not None


async def test_plans_are_awaited_when_created_and_executed(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    product_id, v2, pp_id = _launched(emulator, emulator.boto3_client())
    created = await sc.create_provisioned_product_plan(
        plan_name="to-v2",
        plan_type="CLOUDFORMATION",
        product_id=product_id,
        provisioned_product_name="orders",
        provisioning_artifact_id=v2,
        wait=True,
    )
    details = created.provisioned_product_plan_details
    assert details is not None
    assert details.status is ProvisionedProductPlanStatus.CREATE_SUCCESS
    assert details.plan_id is not None
    executed = await sc.execute_provisioned_product_plan(plan_id=details.plan_id, wait=True)
    assert executed.record_detail is not None
    assert executed.record_detail.provisioned_product_id == pp_id
    updated = await sc.wait_for_provisioned_product(
        id=pp_id, record_id=executed.record_detail.record_id
    )
    assert updated.provisioned_product_detail is not None


async def test_organizations_access_and_an_organization_share_are_awaited(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    org_id, _, member = _organization(emulator)
    portfolio_id, _, _ = _catalog(emulator)
    await sc.enable_aws_organizations_access()
    access = await sc.wait_for_organizations_access()
    assert access.access_status is not None
    assert str(access.access_status) == "ENABLED"

    share = await sc.create_portfolio_share(
        portfolio_id=portfolio_id,
        organization_node=OrganizationNode(type=OrganizationNodeType.ORGANIZATION, value=org_id),
        wait=True,
    )
    assert share is not None
    assert share.status is ShareStatus.COMPLETED
    assert share.share_details is not None
    assert list(share.share_details.successful_shares) == [member]


async def test_a_30_minute_wait_on_a_change_that_never_ends_ends_on_virtual_time(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient
) -> None:
    from tests.emulator.emulator_helpers import create_product

    emulator.in_progress_polls = 10**9
    product_id, artifact_id = create_product(emulator)
    record = emulator.boto3_client().provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName="forever",
        ProvisioningParameters=[{"Key": "BucketName", "Value": "forever-bucket"}],
    )["RecordDetail"]
    emulator.inject_fault("DescribeRecord", "ServiceUnavailable", times=5)
    with pytest.raises(errors.WaiterTimeoutError):
        await sc.wait_for_record(record["RecordId"], timeout=1800, use_history=False)
    # Throttled or failed polls were retried on virtual time too, and every poll
    # is one of a bounded schedule.
    assert 30 <= emulator.calls["DescribeRecord"] <= 300
