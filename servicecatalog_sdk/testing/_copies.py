"""CopyProduct, DescribeCopyProductStatus, and Marketplace products to copy from or search.

A copy is made when the request arrives; DescribeCopyProductStatus reveals the result
after ``in_progress_polls`` looks, like records. A copy remembers its source product,
which is what SearchProductsAsAdmin's ``SourceProductId`` filter finds it by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ._artifacts import ARTIFACT_TYPES
from ._backend import EmulatorBackend
from ._errors import invalid, not_found
from ._lifecycle_model import CopyTask
from ._model import Artifact, Product, new_id, now
from ._visibility import find_product, visible_products

Params = Mapping[str, Any]

_COPY_OPTIONS = ("CopyTags",)


def _source(backend: EmulatorBackend, arn: Any) -> Product:
    if not isinstance(arn, str) or not arn:
        raise invalid("SourceProductArn is required")
    # This account's products and those of portfolios shared with it, as on AWS.
    for product in visible_products(backend):
        if product.arn == arn:
            return product
    raise not_found(f"Product {arn} not found.")


def _wanted_ids(raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise invalid("SourceProvisioningArtifactIdentifiers must be a list of maps")
    ids = []
    for item in raw:
        if set(item) - {"Id"} or not item.get("Id"):
            raise invalid("Each source provisioning artifact identifier is an Id")
        ids.append(str(item["Id"]))
    return ids


def _copy_artifact(artifact: Artifact) -> Artifact:
    return replace(artifact, id=new_id("pa"), info=dict(artifact.info), created=now())


def _artifacts_to_copy(source: Product, wanted: list[str] | None) -> tuple[list[Artifact], str]:
    """The versions to copy, or none and why not."""
    if wanted is not None:
        unknown = [i for i in wanted if i not in source.artifacts]
        if unknown:
            return [], f"Provisioning artifacts {', '.join(unknown)} not found in {source.id}."
    chosen = [a for a in source.artifacts.values() if wanted is None or a.id in wanted]
    # Only a version with a template Service Catalog holds can be copied.
    copyable = [a for a in chosen if a.template_body is not None]
    if not copyable:
        return [], f"No provisioning artifact of {source.id} can be copied."
    return copyable, ""


def _target(backend: EmulatorBackend, source: Product, params: Params, tags: bool) -> Product:
    if params.get("TargetProductId"):
        target = find_product(backend, params["TargetProductId"])
        if target.type != source.type:
            raise invalid(f"Cannot copy a {source.type} product into a {target.type} product.")
        return target
    product_id = new_id("prod")
    return Product(
        id=product_id,
        view_id=new_id("prodview"),
        arn=f"arn:{backend.partition}:catalog:{backend.region_name}:"
        f"{backend.account_id}:product/{product_id}",
        name=params.get("TargetProductName") or source.name,
        owner=source.owner,
        type=source.type,
        description=source.description,
        distributor=source.distributor,
        support_description=source.support_description,
        support_email=source.support_email,
        support_url=source.support_url,
        tags=dict(source.tags) if tags else {},
    )


def copy_product(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """CopyProduct: copy versions of a product into a new product or an existing one."""
    token = params.get("IdempotencyToken")
    if not isinstance(token, str) or not token:
        raise invalid("IdempotencyToken is required")
    earlier = backend.seen("CopyProduct", token)
    if earlier is not None:
        return {"CopyProductToken": earlier}
    source = _source(backend, params.get("SourceProductArn"))
    options = params.get("CopyOptions") or []
    if not isinstance(options, list) or any(o not in _COPY_OPTIONS for o in options):
        raise invalid(f"CopyOptions may only hold {', '.join(_COPY_OPTIONS)}")
    wanted = _wanted_ids(params.get("SourceProvisioningArtifactIdentifiers"))
    target = _target(backend, source, params, "CopyTags" in options)
    task = CopyTask(
        token=new_id("copyproduct"), source_product_id=source.id, target_product_id=None
    )
    artifacts, why_not = _artifacts_to_copy(source, wanted)
    if artifacts:
        for artifact in artifacts:
            copied = _copy_artifact(artifact)
            target.artifacts[copied.id] = copied
        if target.source_product_id is None:
            target.source_product_id = source.id
        backend.products.setdefault(target.id, target)
        task.target_product_id = target.id
    else:
        task.status_detail = why_not
    backend.copies[task.token] = task
    backend.remember("CopyProduct", token, task.token)
    return {"CopyProductToken": task.token}


def describe_copy_product_status(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeCopyProductStatus: IN_PROGRESS for a few looks, then SUCCEEDED or FAILED."""
    task = backend.copies.get(params.get("CopyProductToken") or "")
    if task is None:
        raise not_found(f"Copy product token {params.get('CopyProductToken')} not found.")
    task.observations += 1
    if task.observations <= backend.in_progress_polls:
        return {"CopyProductStatus": "IN_PROGRESS"}
    if task.target_product_id is None:
        return {"CopyProductStatus": "FAILED", "StatusDetail": task.status_detail or "Failed."}
    return {"CopyProductStatus": "SUCCEEDED", "TargetProductId": task.target_product_id}


def add_marketplace_product(
    backend: EmulatorBackend,
    name: str,
    *,
    owner: str,
    artifact_types: Sequence[str],
    description: str | None = None,
) -> Product:
    """A MARKETPLACE product whose versions (v1, v2, ...) have no template, as sold there."""
    allowed = ARTIFACT_TYPES["MARKETPLACE"]
    if not artifact_types or any(t not in allowed for t in artifact_types):
        raise ValueError(f"artifact_types must be a non-empty sequence of {', '.join(allowed)}")
    product_id = new_id("prod")
    artifacts = [
        Artifact(id=new_id("pa"), type=kind, info={}, name=f"v{index}")
        for index, kind in enumerate(artifact_types, start=1)
    ]
    product = Product(
        id=product_id,
        view_id=new_id("prodview"),
        arn=f"arn:{backend.partition}:catalog:{backend.region_name}:"
        f"{backend.account_id}:product/{product_id}",
        name=name,
        owner=owner,
        type="MARKETPLACE",
        description=description,
        distributor=owner,
        artifacts={a.id: a for a in artifacts},
    )
    backend.products[product.id] = product
    return product
