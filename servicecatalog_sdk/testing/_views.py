"""The emulator's state rendered as the service's response structures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._errors import invalid
from ._model import Artifact, Product, ProvisionedProduct, Record


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    # AWS leaves unset members out rather than sending null.
    if value is not None:
        target[key] = value


def parse_tags(raw: Any) -> dict[str, str]:
    """Request tags (``[{"Key": ..., "Value": ...}]``) as a dict."""
    if raw is None:
        return {}
    if not isinstance(raw, list) or any(not isinstance(t, dict) or "Key" not in t for t in raw):
        raise invalid("Tags must be a list of Key/Value pairs")
    return {str(t["Key"]): str(t.get("Value", "")) for t in raw}


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """Tags as the ``[{"Key": ..., "Value": ...}]`` list AWS sends."""
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def product_view_summary(product: Product) -> dict[str, Any]:
    """ProductViewSummary."""
    out: dict[str, Any] = {
        "Id": product.view_id,
        "ProductId": product.id,
        "Name": product.name,
        "Owner": product.owner,
        "Type": product.type,
        "HasDefaultPath": False,
    }
    _put(out, "ShortDescription", product.description)
    _put(out, "Distributor", product.distributor)
    _put(out, "SupportEmail", product.support_email)
    _put(out, "SupportDescription", product.support_description)
    _put(out, "SupportUrl", product.support_url)
    return out


def product_view_detail(product: Product) -> dict[str, Any]:
    """ProductViewDetail."""
    return {
        "ProductViewSummary": product_view_summary(product),
        "Status": "AVAILABLE",
        "ProductARN": product.arn,
        "CreatedTime": product.created,
    }


def artifact_detail(artifact: Artifact) -> dict[str, Any]:
    """ProvisioningArtifactDetail."""
    out: dict[str, Any] = {
        "Id": artifact.id,
        "Type": artifact.type,
        "CreatedTime": artifact.created,
        "Active": artifact.active,
        "Guidance": artifact.guidance,
    }
    _put(out, "Name", artifact.name)
    _put(out, "Description", artifact.description)
    return out


def artifact_info(artifact: Artifact, *, verbose: bool = False) -> dict[str, str]:
    """The Info map: where the template came from and, when verbose, the template itself."""
    info: dict[str, str] = {}
    if artifact.template_url is not None:
        info["TemplateUrl"] = artifact.template_url
    if verbose and artifact.template_body is not None:
        info["TemplateBody"] = artifact.template_body
    return info


def artifact_for_users(artifact: Artifact) -> dict[str, Any]:
    """ProvisioningArtifact, the end-user view in DescribeProduct(View)."""
    out: dict[str, Any] = {
        "Id": artifact.id,
        "CreatedTime": artifact.created,
        "Guidance": artifact.guidance,
    }
    _put(out, "Name", artifact.name)
    _put(out, "Description", artifact.description)
    return out


def artifact_summary(artifact: Artifact) -> dict[str, Any]:
    """ProvisioningArtifactSummary, the admin view in DescribeProductAsAdmin."""
    out: dict[str, Any] = {"Id": artifact.id, "CreatedTime": artifact.created}
    _put(out, "Name", artifact.name)
    _put(out, "Description", artifact.description)
    return out


def record_detail(record: Record) -> dict[str, Any]:
    """RecordDetail; errors show once the record has failed, as AWS reports them."""
    out: dict[str, Any] = {
        "RecordId": record.id,
        "ProvisionedProductName": record.pp_name,
        "Status": record.status,
        "CreatedTime": record.created,
        "UpdatedTime": record.updated,
        "ProvisionedProductType": "CFN_STACK",
        "RecordType": record.type,
        "ProvisionedProductId": record.pp_id,
        "ProductId": record.product_id,
        "ProvisioningArtifactId": record.artifact_id,
        "RecordErrors": [
            {"Code": code, "Description": description}
            for code, description in (record.errors if record.status == "FAILED" else [])
        ],
        "RecordTags": tag_list(record.tags),
    }
    _put(out, "PathId", record.path_id)
    _put(out, "LaunchRoleArn", record.launch_role_arn)
    return out


def pp_detail(pp: ProvisionedProduct) -> dict[str, Any]:
    """ProvisionedProductDetail."""
    out: dict[str, Any] = {
        "Name": pp.name,
        "Arn": pp.arn,
        "Type": "CFN_STACK",
        "Id": pp.id,
        "Status": pp.status,
        "CreatedTime": pp.created,
        "IdempotencyToken": pp.token,
        "ProductId": pp.product_id,
        "ProvisioningArtifactId": pp.artifact_id,
    }
    _put(out, "StatusMessage", pp.status_message)
    _put(out, "LastRecordId", pp.last_record_id)
    _put(out, "LastProvisioningRecordId", pp.last_provisioning_record_id)
    _put(out, "LastSuccessfulProvisioningRecordId", pp.last_successful_provisioning_record_id)
    _put(out, "LaunchRoleArn", pp.launch_role_arn)
    return out


def pp_attributes(
    pp: ProvisionedProduct, product: Product | None, account_id: str
) -> dict[str, Any]:
    """ProvisionedProductAttribute, the SearchProvisionedProducts form."""
    out = pp_detail(pp)
    out.pop("LaunchRoleArn", None)  # not a member of ProvisionedProductAttribute
    out["Tags"] = tag_list(pp.tags)
    out["UserArn"] = pp.owner_arn or f"arn:aws:iam::{account_id}:root"
    _put(out, "UserArnSession", pp.owner_session)
    _put(out, "PhysicalId", pp.stack_id)
    if product is not None:
        out["ProductName"] = product.name
        artifact = product.artifacts.get(pp.artifact_id)
        _put(out, "ProvisioningArtifactName", artifact.name if artifact else None)
    return out
