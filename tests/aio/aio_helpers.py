"""A product to provision, made through the asyncio client."""

from __future__ import annotations

import attrs

from servicecatalog_sdk.aio import AsyncServiceCatalogClient
from servicecatalog_sdk.models import ProductType, ProvisioningArtifactProperties
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.emulator.emulator_helpers import BUCKET_TEMPLATE


@attrs.frozen
class Product:
    """Ids of a product made by :func:`create_product`."""

    product_id: str
    artifact_id: str


async def create_product(
    emulator: ServiceCatalogEmulator, sc: AsyncServiceCatalogClient, name: str = "bucket"
) -> Product:
    """A CloudFormation product of the bucket template, AVAILABLE."""
    url = emulator.upload_template(BUCKET_TEMPLATE)
    out = await sc.create_product(
        name=name,
        owner="platform",
        product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1", info={"LoadTemplateFromURL": url}
        ),
    )
    assert out.product_view_detail is not None
    summary = out.product_view_detail.product_view_summary
    assert summary is not None
    assert summary.product_id is not None
    assert out.provisioning_artifact_detail is not None
    assert out.provisioning_artifact_detail.id is not None
    emulator.grant_access(summary.product_id)  # as a portfolio would grant it on AWS
    return Product(summary.product_id, out.provisioning_artifact_detail.id)
