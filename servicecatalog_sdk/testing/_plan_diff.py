"""What a provisioned product plan would change: a template diff in ResourceChange form.

The emulator compares the stack's current template and parameter values with the
proposed ones resource by resource, as a CloudFormation change set does, without
asking moto (which has no change-set diff of its own for this).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Properties whose change makes CloudFormation replace the resource (a new physical
# resource); any other property change is assumed to update in place.
_REPLACING: dict[str, frozenset[str]] = {
    "AWS::S3::Bucket": frozenset({"BucketName"}),
    "AWS::SQS::Queue": frozenset({"QueueName", "FifoQueue"}),
    "AWS::SNS::Topic": frozenset({"TopicName", "FifoTopic"}),
    "AWS::DynamoDB::Table": frozenset({"TableName", "KeySchema"}),
    "AWS::IAM::Role": frozenset({"RoleName", "Path"}),
    "AWS::Lambda::Function": frozenset({"FunctionName"}),
    "AWS::EC2::Instance": frozenset({"ImageId", "AvailabilityZone", "SubnetId"}),
}


def _resources(template: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    resources = template.get("Resources") or {}
    return {str(k): v for k, v in resources.items() if isinstance(v, dict)}


# ``${Name}`` or ``${Name.Attribute}`` in an Fn::Sub string; ``${!Literal}`` is no reference.
_SUB_VARIABLE = re.compile(r"\$\{([^!}][^}.]*)(?:\.[^}]*)?\}")


def _sub_refs(value: Any) -> set[str]:
    """Names an ``Fn::Sub`` value refers to, leaving out its own local variables."""
    text, local = (
        (value[0], value[1]) if isinstance(value, list) and len(value) == 2 else (value, {})
    )
    if not isinstance(text, str):
        return set()
    names = {m.group(1).strip() for m in _SUB_VARIABLE.finditer(text)}
    return names - set(local if isinstance(local, dict) else ())


def _refs(value: Any) -> set[str]:
    """Names a value refers to with ``Ref`` or ``Fn::Sub`` (parameters or resources)."""
    if isinstance(value, dict):
        found = {str(value["Ref"])} if "Ref" in value and len(value) == 1 else set()
        if "Fn::Sub" in value and len(value) == 1:
            found |= _sub_refs(value["Fn::Sub"])
        for item in value.values():
            found |= _refs(item)
        return found
    if isinstance(value, list):
        return set().union(*(_refs(item) for item in value)) if value else set()
    return set()


def _detail(attribute: str, name: str | None, recreation: str, cause: str | None) -> dict[str, Any]:
    target: dict[str, Any] = {"Attribute": attribute, "RequiresRecreation": recreation}
    if name is not None:
        target["Name"] = name
    detail: dict[str, Any] = {"Target": target, "Evaluation": "DYNAMIC" if cause else "STATIC"}
    if cause:
        detail["CausingEntity"] = cause
    return detail


def _modification(
    kind: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    changed_parameters: set[str],
) -> list[dict[str, Any]]:
    """The ResourceChangeDetail items of one resource present on both sides."""
    replacing = _REPLACING.get(kind, frozenset())
    details = []
    old_props, new_props = old.get("Properties") or {}, new.get("Properties") or {}
    for name in sorted(set(old_props) | set(new_props)):
        attribute = "TAGS" if name == "Tags" else "PROPERTIES"
        recreation = "ALWAYS" if name in replacing else "NEVER"
        before, after = old_props.get(name), new_props.get(name)
        if before != after:
            details.append(_detail(attribute, name, recreation, None))
            continue
        for parameter in sorted(_refs(after) & changed_parameters):
            details.append(_detail(attribute, name, recreation, parameter))
    for key, attribute in (
        ("Metadata", "METADATA"),
        ("CreationPolicy", "CREATIONPOLICY"),
        ("UpdatePolicy", "UPDATEPOLICY"),
        ("DeletionPolicy", "DELETIONPOLICY"),
    ):
        if old.get(key) != new.get(key):
            details.append(_detail(attribute, None, "NEVER", None))
    return details


def resource_changes(
    old_template: Mapping[str, Any],
    old_values: Mapping[str, str],
    new_template: Mapping[str, Any],
    new_values: Mapping[str, str],
    physical_ids: Mapping[str, str],
) -> list[dict[str, Any]]:
    """ResourceChange items turning the old template and values into the new ones.

    An empty ``old_template`` (nothing provisioned yet) makes every resource an ADD.
    """
    old, new = _resources(old_template), _resources(new_template)
    changed_parameters = {
        k for k in set(old_values) | set(new_values) if old_values.get(k) != new_values.get(k)
    }
    changes: list[dict[str, Any]] = []
    for logical_id, resource in new.items():
        kind = str(resource.get("Type", ""))
        change: dict[str, Any] = {"LogicalResourceId": logical_id, "ResourceType": kind}
        if logical_id not in old:
            change.update(Action="ADD", Scope=[], Details=[])
        else:
            before = old[logical_id]
            if before.get("Type") != kind:
                details = [_detail("PROPERTIES", None, "ALWAYS", None)]
            else:
                details = _modification(kind, before, resource, changed_parameters)
            if not details:
                continue
            recreations = {d["Target"]["RequiresRecreation"] for d in details}
            change.update(
                Action="MODIFY",
                Replacement="TRUE" if "ALWAYS" in recreations else "FALSE",
                Scope=sorted({d["Target"]["Attribute"] for d in details}),
                Details=details,
            )
        if logical_id in physical_ids and change["Action"] != "ADD":
            change["PhysicalResourceId"] = physical_ids[logical_id]
        changes.append(change)
    for logical_id, resource in old.items():
        if logical_id not in new:
            change = {
                "Action": "REMOVE",
                "LogicalResourceId": logical_id,
                "ResourceType": str(resource.get("Type", "")),
                "Scope": [],
                "Details": [],
            }
            if logical_id in physical_ids:
                change["PhysicalResourceId"] = physical_ids[logical_id]
            changes.append(change)
    return changes
