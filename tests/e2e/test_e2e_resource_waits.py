"""The other asynchronous operations end to end on the emulator, with ``wait=True`` and waiters.

Copy -> wait; plan -> wait -> execute -> wait; organization share -> wait; and a
product and a new version created with ``wait=True``. In-process and against
moto's server (the ``emulator`` fixture runs each test in both modes).
"""

from __future__ import annotations

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.models import (
    CopyProductStatus,
    DescribeCopyProductStatusOutput,
    DescribePortfolioShareStatusOutput,
    DescribeProductAsAdminOutput,
    DescribeProvisionedProductPlanOutput,
    DescribeProvisioningArtifactOutput,
    DescribeRecordOutput,
    OrganizationNode,
    OrganizationNodeType,
    ProductType,
    ProvisionedProductPlanStatus,
    ProvisionedProductPlanType,
    ProvisioningArtifactProperties,
    RecordStatus,
    ShareStatus,
    Status,
    UpdateProvisioningParameter,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .e2e_helpers import BUCKET_TEMPLATE, BUCKET_TEMPLATE_V2, bucket_names, create_bucket_product


def test_create_product_and_version_with_wait(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient
) -> None:
    url = emulator.upload_template(BUCKET_TEMPLATE)
    product = sc.create_product(
        name="orders",
        owner="platform",
        product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1", info={"LoadTemplateFromURL": url}
        ),
        wait=True,
    )
    assert isinstance(product, DescribeProductAsAdminOutput)
    assert product.product_view_detail is not None
    assert product.product_view_detail.status is Status.AVAILABLE
    summary = product.product_view_detail.product_view_summary
    assert summary is not None
    assert summary.product_id is not None

    version = sc.create_provisioning_artifact(
        product_id=summary.product_id,
        parameters=ProvisioningArtifactProperties(
            name="v2", info={"LoadTemplateFromURL": emulator.upload_template(BUCKET_TEMPLATE_V2)}
        ),
        wait=True,
        wait_timeout=60,
    )
    assert isinstance(version, DescribeProvisioningArtifactOutput)
    assert version.status is Status.AVAILABLE
    assert version.provisioning_artifact_detail is not None
    assert version.provisioning_artifact_detail.name == "v2"


def test_copy_then_wait(emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient) -> None:
    source = create_bucket_product(emulator, sc)
    view = source.created.product_view_detail
    assert view is not None
    assert view.product_arn is not None

    started = sc.copy_product(source_product_arn=view.product_arn, target_product_name="copy")
    assert started.copy_product_token is not None
    done = sc.wait_for_copy_product(copy_product_token=started.copy_product_token)

    assert isinstance(done, DescribeCopyProductStatusOutput)
    assert done.copy_product_status is CopyProductStatus.SUCCEEDED
    assert done.target_product_id is not None
    assert done.target_product_id != source.product_id
    copy = sc.wait_for_product(id=done.target_product_id)
    assert copy.product_view_detail is not None
    assert copy.product_view_detail.product_view_summary is not None
    assert copy.product_view_detail.product_view_summary.name == "copy"

    # The same with wait=True.
    again = sc.copy_product(source_product_arn=view.product_arn, wait=True)
    assert again.copy_product_status is CopyProductStatus.SUCCEEDED


def test_plan_then_wait_then_execute_then_wait(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient
) -> None:
    product = create_bucket_product(emulator, sc)

    created = sc.create_provisioned_product_plan(
        plan_name="first-launch",
        plan_type=ProvisionedProductPlanType.CLOUDFORMATION,
        product_id=product.product_id,
        provisioning_artifact_id=product.artifact_id,
        provisioned_product_name="orders",
        provisioning_parameters=[
            UpdateProvisioningParameter(key="BucketName", value="planned-bucket")
        ],
        wait=True,
    )
    assert isinstance(created, DescribeProvisionedProductPlanOutput)
    plan = created.provisioned_product_plan_details
    assert plan is not None
    assert plan.status is ProvisionedProductPlanStatus.CREATE_SUCCESS
    assert plan.plan_id is not None
    assert "planned-bucket" not in bucket_names(emulator)  # a plan changes nothing

    executed = sc.execute_provisioned_product_plan(plan_id=plan.plan_id, wait=True)
    assert isinstance(executed, DescribeRecordOutput)
    assert executed.record_detail is not None
    assert executed.record_detail.status is RecordStatus.SUCCEEDED

    after = sc.wait_for_provisioned_product_plan(plan_id=plan.plan_id)
    assert after.provisioned_product_plan_details is not None
    assert after.provisioned_product_plan_details.status is (
        ProvisionedProductPlanStatus.EXECUTE_SUCCESS
    )
    assert "planned-bucket" in bucket_names(emulator)


def test_organization_share_then_wait(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient
) -> None:
    org = emulator.boto3_client("organizations")
    org_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    member = org.create_account(AccountName="member", Email="member@example.com")[
        "CreateAccountStatus"
    ]["AccountId"]
    portfolio = sc.create_portfolio(display_name="shared", provider_name="platform")
    assert portfolio.portfolio_detail is not None
    assert portfolio.portfolio_detail.id is not None

    sc.enable_aws_organizations_access()
    access = sc.wait_for_organizations_access()
    assert str(access.access_status) == "ENABLED"

    done = sc.create_portfolio_share(
        portfolio_id=portfolio.portfolio_detail.id,
        organization_node=OrganizationNode(type=OrganizationNodeType.ORGANIZATION, value=org_id),
        wait=True,
    )
    assert isinstance(done, DescribePortfolioShareStatusOutput)
    assert done.status is ShareStatus.COMPLETED
    assert done.share_details is not None
    assert done.share_details.successful_shares == (member,)

    # An account share takes effect at once: nothing to wait for.
    assert (
        sc.create_portfolio_share(
            portfolio_id=portfolio.portfolio_detail.id, account_id="222222222222", wait=True
        )
        is None
    )
