"""A catalog for rollout tests: the same product visible in several accounts and regions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    ProvisioningArtifactProperties,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

ROLE = "RolloutRole"
PRODUCT = "vpc-baseline"

TEMPLATE: dict[str, Any] = {
    "Parameters": {
        "CidrBlock": {"Type": "String"},
        "Env": {"Type": "String", "Default": "none"},
    },
    "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {"Cidr": {"Value": {"Ref": "CidrBlock"}}},
}


def make_catalog(
    emulator: ServiceCatalogEmulator,
    accounts: Iterable[str],
    regions: Iterable[str],
    *,
    versions: Iterable[str] = ("v1",),
    template: Mapping[str, Any] = TEMPLATE,
) -> None:
    """Create the product in every (account, region), granted to the rollout role there."""
    url = emulator.upload_template(template)
    for account in accounts:
        for region in regions:
            sc = emulator.client(account_id=account, region_name=region)
            names = list(versions)
            created = sc.create_product(
                name=PRODUCT,
                owner="platform",
                product_type="CLOUD_FORMATION_TEMPLATE",
                provisioning_artifact_parameters=ProvisioningArtifactProperties(
                    name=names[0], info={"LoadTemplateFromURL": url}
                ),
            )
            assert created.product_view_detail is not None
            summary = created.product_view_detail.product_view_summary
            assert summary is not None
            assert summary.product_id is not None
            for name in names[1:]:
                sc.create_provisioning_artifact(
                    product_id=summary.product_id,
                    parameters=ProvisioningArtifactProperties(
                        name=name, info={"LoadTemplateFromURL": url}
                    ),
                )
            emulator.grant_access(
                summary.product_id,
                principal_arn=f"arn:aws:iam::{account}:role/{ROLE}",
                account_id=account,
                region_name=region,
            )


def assert_one_launch_each(
    emulator: ServiceCatalogEmulator, targets: Iterable[tuple[str, str]]
) -> None:
    """Each (account, region) has exactly one provisioned product, ``vpc-ACCOUNT-REGION``,
    and one ``PROVISION_PRODUCT`` record: nothing was launched twice."""
    self_only = AccessLevelFilter(key=AccessLevelFilterKey.ACCOUNT, value="self")
    for account, region in targets:
        sc = emulator.client(account_id=account, region_name=region)
        products = list(sc.scan_provisioned_products(access_level_filter=self_only))
        assert [p.name for p in products] == [f"vpc-{account}-{region}"]
        history = sc.list_record_history(access_level_filter=self_only)
        launches = [r for r in history if r.record_type == "PROVISION_PRODUCT"]
        assert len(launches) == 1, (account, region, launches)
