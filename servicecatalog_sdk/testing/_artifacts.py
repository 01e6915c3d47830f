"""Handlers for provisioning artifacts (product versions) and the templates behind them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backend import EmulatorBackend
from ._errors import EmulatorError, invalid, not_found
from ._model import Artifact, Product, new_id
from ._templates import (
    TemplateError,
    describe_parameters,
    parse_template,
    read_template,
    require_template_url,
)
from ._views import artifact_detail, artifact_info
from ._visibility import find_product

Params = Mapping[str, Any]

# Which artifact types each product type may hold; the first is the default.
ARTIFACT_TYPES: dict[str, tuple[str, ...]] = {
    "CLOUD_FORMATION_TEMPLATE": ("CLOUD_FORMATION_TEMPLATE",),
    "MARKETPLACE": ("MARKETPLACE_AMI", "MARKETPLACE_CAR"),
}


def build_artifact(backend: EmulatorBackend, product_type: str, props: Params) -> Artifact:
    """A new artifact from ProvisioningArtifactProperties, with its template copied in."""
    allowed = ARTIFACT_TYPES[product_type]
    artifact_type = props.get("Type") or allowed[0]
    if artifact_type not in allowed:
        raise invalid(f"A {product_type} product cannot hold a {artifact_type} artifact")
    info = dict(props.get("Info") or {})
    if "ImportFromPhysicalId" in info:
        raise invalid("ImportFromPhysicalId is not supported by the emulator")
    url = info.get("LoadTemplateFromURL")
    if artifact_type == "CLOUD_FORMATION_TEMPLATE":
        url = require_template_url(info)
    body = None
    if url:
        try:
            body = read_template(url, backend.account_id, backend.partition)
            parse_template(body)
        except TemplateError as exc:
            if not props.get("DisableTemplateValidation"):
                raise invalid(str(exc)) from exc
            # Unvalidated: keep whatever was readable, so provisioning fails later, as on AWS.
    return Artifact(
        id=new_id("pa"),
        type=artifact_type,
        info=info,
        name=props.get("Name"),
        description=props.get("Description"),
        template_url=url,
        template_body=body,
    )


def find_artifact(product: Product, artifact_id: str | None, name: str | None) -> Artifact:
    """The product's artifact with this id, else with this name."""
    if not artifact_id and not name:
        raise invalid("Either the provisioning artifact Id or Name must be specified.")
    for artifact in product.artifacts.values():
        if artifact.id == artifact_id or (not artifact_id and artifact.name == name):
            return artifact
    raise not_found(f"Provisioning artifact {artifact_id or name} not found in {product.id}.")


def create_provisioning_artifact(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """CreateProvisioningArtifact: a new version of a product."""
    product = find_product(backend, params.get("ProductId") or "")
    token = params.get("IdempotencyToken")
    earlier = backend.seen("CreateProvisioningArtifact", token)
    if earlier is not None and earlier in product.artifacts:
        artifact = product.artifacts[earlier]
    else:
        props = params.get("Parameters")
        if not isinstance(props, dict):
            raise invalid("Parameters is required")
        artifact = build_artifact(backend, product.type, props)
        product.artifacts[artifact.id] = artifact
        backend.remember("CreateProvisioningArtifact", token, artifact.id)
    return {
        "ProvisioningArtifactDetail": artifact_detail(artifact),
        "Info": artifact_info(artifact),
        "Status": "AVAILABLE",
    }


def describe_provisioning_artifact(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeProvisioningArtifact; Verbose adds the template text to Info."""
    product = find_product(backend, params.get("ProductId"), params.get("ProductName"))
    artifact = find_artifact(
        product, params.get("ProvisioningArtifactId"), params.get("ProvisioningArtifactName")
    )
    out: dict[str, Any] = {
        "ProvisioningArtifactDetail": artifact_detail(artifact),
        "Info": artifact_info(artifact, verbose=bool(params.get("Verbose"))),
        "Status": "AVAILABLE",
    }
    if params.get("IncludeProvisioningArtifactParameters") and artifact.template_body:
        try:
            out["ProvisioningArtifactParameters"] = describe_parameters(
                parse_template(artifact.template_body)
            )
        except TemplateError as exc:
            raise invalid(str(exc)) from exc
    return out


def list_provisioning_artifacts(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListProvisioningArtifacts: every version of a product, in creation order."""
    product = find_product(backend, params.get("ProductId") or "")
    return {"ProvisioningArtifactDetails": [artifact_detail(a) for a in product.artifacts.values()]}


def update_provisioning_artifact(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """UpdateProvisioningArtifact: name, description, Active and Guidance."""
    product = find_product(backend, params.get("ProductId") or "")
    artifact = find_artifact(product, params.get("ProvisioningArtifactId") or "", None)
    guidance = params.get("Guidance")
    if guidance is not None and guidance not in ("DEFAULT", "DEPRECATED"):
        raise invalid("Guidance must be DEFAULT or DEPRECATED")
    if "Name" in params:
        artifact.name = params["Name"]
    if "Description" in params:
        artifact.description = params["Description"]
    if "Active" in params:
        artifact.active = bool(params["Active"])
    if guidance is not None:
        artifact.guidance = guidance
    return {
        "ProvisioningArtifactDetail": artifact_detail(artifact),
        "Info": artifact_info(artifact),
        "Status": "AVAILABLE",
    }


def delete_provisioning_artifact(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DeleteProvisioningArtifact: refused for the last version or one in use."""
    product = find_product(backend, params.get("ProductId") or "")
    artifact = find_artifact(product, params.get("ProvisioningArtifactId") or "", None)
    if any(pp.artifact_id == artifact.id for pp in backend.pps.values()):
        raise EmulatorError("ResourceInUseException", f"{artifact.id} is in use.")
    if len(product.artifacts) == 1:
        raise invalid("A product must keep at least one provisioning artifact.")
    del product.artifacts[artifact.id]
    return {}
