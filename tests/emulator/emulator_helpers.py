"""Templates and helpers shared by the emulator's tests."""

from __future__ import annotations

from typing import Any

from servicecatalog_sdk.testing import ServiceCatalogEmulator

#: The identity the emulator's own clients act as in the default account.
CALLER: str = ServiceCatalogEmulator().caller_arn()


def grant_caller(sc: Any, portfolio_id: str, principal_arn: str = CALLER) -> None:
    """Associate the emulator's own identity (or ``principal_arn``) with a portfolio."""
    sc.associate_principal_with_portfolio(
        PortfolioId=portfolio_id, PrincipalARN=principal_arn, PrincipalType="IAM"
    )


#: A template with a required parameter, a constrained one, a real S3 bucket and outputs.
BUCKET_TEMPLATE: dict[str, Any] = {
    "AWSTemplateFormatVersion": "2010-09-09",
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


def create_product(
    emulator: ServiceCatalogEmulator,
    template: dict[str, Any] | str | None = None,
    *,
    name: str = "bucket-product",
    owner: str = "platform-team",
    grant: bool = True,
    **extra: Any,
) -> tuple[str, str]:
    """Create a CloudFormation product; return (product id, first artifact id).

    With ``grant`` (the default) the emulator's own identity may launch it, as
    after a portfolio granted to it; ``grant=False`` leaves it in no portfolio.
    """
    url = emulator.upload_template(BUCKET_TEMPLATE if template is None else template)
    out = emulator.boto3_client().create_product(
        Name=name,
        Owner=owner,
        ProductType="CLOUD_FORMATION_TEMPLATE",
        ProvisioningArtifactParameters={"Name": "v1", "Info": {"LoadTemplateFromURL": url}},
        **extra,
    )
    product_id: str = out["ProductViewDetail"]["ProductViewSummary"]["ProductId"]
    if grant:
        emulator.grant_access(product_id)
    return product_id, out["ProvisioningArtifactDetail"]["Id"]


def add_version(
    emulator: ServiceCatalogEmulator, product_id: str, template: dict[str, Any], name: str
) -> str:
    """Add a provisioning artifact to a product; return its id."""
    url = emulator.upload_template(template)
    out = emulator.boto3_client().create_provisioning_artifact(
        ProductId=product_id, Parameters={"Name": name, "Info": {"LoadTemplateFromURL": url}}
    )
    artifact_id: str = out["ProvisioningArtifactDetail"]["Id"]
    return artifact_id


def settle(sc: Any, record_id: str, limit: int = 10) -> dict[str, Any]:
    """Poll DescribeRecord until the record is final; return the last response."""
    for _ in range(limit):
        out: dict[str, Any] = sc.describe_record(Id=record_id)
        if out["RecordDetail"]["Status"] in ("SUCCEEDED", "FAILED"):
            return out
    raise AssertionError(f"record {record_id} did not settle in {limit} polls")


def bucket_names(emulator: ServiceCatalogEmulator) -> set[str]:
    """Names of the buckets in moto S3."""
    return {b["Name"] for b in emulator.boto3_client("s3").list_buckets()["Buckets"]}
