"""DescribeProvisioningParameters: what a launch of one product version asks for.

Everything is read from the template Service Catalog copied when the version was
created: its Parameters (with their constraints), Outputs, format version and Rules.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._artifacts import find_artifact
from ._backend import EmulatorBackend
from ._constraints import constraint_summaries
from ._errors import invalid
from ._model import Artifact
from ._tag_options import tag_option_summaries
from ._templates import TemplateError, describe_parameters, parse_template
from ._visibility import granted_product, launch_paths_for, resolve_path

Params = Mapping[str, Any]


def _template(artifact: Artifact) -> dict[str, Any]:
    if artifact.template_body is None:
        # A Marketplace version (or an unreadable unvalidated one): nothing to describe.
        return {}
    try:
        return parse_template(artifact.template_body)
    except TemplateError as exc:
        raise invalid(str(exc)) from exc


def template_outputs(template: Mapping[str, Any]) -> list[dict[str, str]]:
    """The template's Outputs as ProvisioningArtifactOutput items (key, description)."""
    outputs = template.get("Outputs") or {}
    described = []
    for key, spec in outputs.items() if isinstance(outputs, dict) else ():
        item = {"Key": str(key)}
        if isinstance(spec, dict) and spec.get("Description") is not None:
            item["Description"] = str(spec["Description"])
        described.append(item)
    return described


def usage_instructions(template: Mapping[str, Any]) -> list[dict[str, str]]:
    """UsageInstructions as AWS lists them: the template's rules and format version."""
    rules = template.get("Rules") or {}
    version = template.get("AWSTemplateFormatVersion") or "2010-09-09"
    return [
        {"Type": "rules", "Value": json.dumps(rules, default=str)},
        {"Type": "version", "Value": str(version)},
    ]


def stack_set_preferences(
    backend: EmulatorBackend, product_id: str, path_id: str | None
) -> dict[str, list[str]]:
    """ProvisioningArtifactPreferences: the accounts and regions of a STACKSET constraint."""
    if path_id is None:
        return {}
    for path in launch_paths_for(backend, product_id):
        if path.id != path_id:
            continue
        for constraint in path.portfolio.constraints.values():
            if constraint.product_id == product_id and constraint.type == "STACKSET":
                properties = json.loads(constraint.parameters).get("Properties") or {}
                return {
                    "StackSetAccounts": list(properties.get("AccountList") or []),
                    "StackSetRegions": list(properties.get("RegionList") or []),
                }
    return {}


def describe_provisioning_parameters(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeProvisioningParameters, by product id or name and version id or name."""
    if params.get("ProductId") and params.get("ProductName"):
        raise invalid("Provide the product Id or Name, not both.")
    if params.get("ProvisioningArtifactId") and params.get("ProvisioningArtifactName"):
        raise invalid("Provide the provisioning artifact Id or Name, not both.")
    if params.get("PathId") and params.get("PathName"):
        raise invalid("Provide the path Id or Name, not both.")
    product = granted_product(backend, params.get("ProductId"), params.get("ProductName"))
    artifact = find_artifact(
        product, params.get("ProvisioningArtifactId"), params.get("ProvisioningArtifactName")
    )
    path = resolve_path(backend, product, params.get("PathId"), params.get("PathName"))
    path_id = path.id if path is not None else None
    template = _template(artifact)
    outputs = template_outputs(template)
    resources = [product.id] if path_id is None else [path_id, product.id]
    return {
        "ProvisioningArtifactParameters": describe_parameters(template),
        "ConstraintSummaries": (
            constraint_summaries(backend, path_id, product.id) if path_id is not None else []
        ),
        "UsageInstructions": usage_instructions(template),
        "TagOptions": tag_option_summaries(backend, resources),
        "ProvisioningArtifactPreferences": stack_set_preferences(backend, product.id, path_id),
        "ProvisioningArtifactOutputs": outputs,
        # The newer name of the same list; AWS fills both.
        "ProvisioningArtifactOutputKeys": outputs,
    }
