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

#: A product version with a required parameter, a constrained one, a real S3 bucket
#: and outputs.
BUCKET_TEMPLATE: dict[str, Any] = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Description": "A bucket for one team",
    "Parameters": {
        "BucketName": {"Type": "String", "Description": "Name of the bucket"},
        "Size": {"Type": "String", "Default": "small", "AllowedValues": ["small", "large"]},
    },
    "Resources": {
        "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "BucketName"}}}
    },
    "Outputs": {
        "BucketName": {"Value": {"Ref": "Bucket"}, "Description": "The bucket"},
        "BucketArn": {"Value": {"Fn::GetAtt": ["Bucket", "Arn"]}},
        "Size": {"Value": {"Ref": "Size"}},
    },
}

#: Version 2 of the same product: one more output.
BUCKET_TEMPLATE_V2: dict[str, Any] = {
    **BUCKET_TEMPLATE,
    "Outputs": {**BUCKET_TEMPLATE["Outputs"], "Version": {"Value": "2"}},
}


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
    return Product(summary.product_id, summary.id, out.provisioning_artifact_detail.id, out)


def outputs_of(out: DescribeRecordOutput) -> dict[str, str | None]:
    """A record's outputs as ``{key: value}``."""
    return {o.output_key or "": o.output_value for o in out.record_outputs}


def bucket_names(emulator: ServiceCatalogEmulator) -> set[str]:
    """Names of the buckets in moto S3."""
    return {b["Name"] for b in emulator.boto3_client("s3").list_buckets()["Buckets"]}
