"""Templates and small helpers shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.models import (
    CreateProductOutput,
    DescribeRecordOutput,
    ProductType,
    ProvisioningArtifactProperties,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.emulator.emulator_helpers import BUCKET_TEMPLATE, BUCKET_TEMPLATE_V2

__all__ = ["BUCKET_TEMPLATE", "BUCKET_TEMPLATE_V2"]


class FakeClock:
    """A monotonic clock that only moves when the waiter sleeps: waits take no time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@attrs.frozen
class Product:
    """Ids of a product made by :func:`create_bucket_product`."""

    product_id: str
    view_id: str
    artifact_id: str
    created: CreateProductOutput


def create_bucket_product(
    emulator: ServiceCatalogEmulator,
    sc: ServiceCatalogClient,
    *,
    name: str = "bucket-product",
    owner: str = "platform-team",
    template: Mapping[str, Any] | str = BUCKET_TEMPLATE,
    description: str | None = None,
    tags: Mapping[str, str] | None = None,
) -> Product:
    """Upload ``template`` to moto S3 and create a CloudFormation product from it."""
    url = emulator.upload_template(template)
    out = sc.create_product(
        name=name,
        owner=owner,
        product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
        description=description,
        tags=tags,
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1", description="first version", info={"LoadTemplateFromURL": url}
        ),
    )
    assert out.product_view_detail is not None
    summary = out.product_view_detail.product_view_summary
    assert summary is not None
    assert summary.product_id is not None
    assert summary.id is not None
    assert out.provisioning_artifact_detail is not None
    assert out.provisioning_artifact_detail.id is not None
    emulator.grant_access(summary.product_id)  # as a portfolio would grant it on AWS
    return Product(summary.product_id, summary.id, out.provisioning_artifact_detail.id, out)


def outputs_of(out: DescribeRecordOutput) -> dict[str, str | None]:
    """A record's outputs as ``{key: value}``."""
    return {o.output_key or "": o.output_value for o in out.record_outputs}


def bucket_names(emulator: ServiceCatalogEmulator) -> set[str]:
    """Names of the buckets in moto S3."""
    return {b["Name"] for b in emulator.boto3_client("s3").list_buckets()["Buckets"]}
