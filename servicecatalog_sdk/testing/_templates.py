"""CloudFormation templates: where they live in moto S3, how they parse, what they accept.

moto internals used: ``moto.s3.models.s3_backends[account][partition].get_object`` to
read a template without an HTTP round trip (its refusals are ``moto.s3.exceptions
.S3ClientError``), and ``moto.cloudformation.models.Stack.parse_template`` so a
template parses here exactly as moto's CloudFormation will parse it (JSON or YAML
with intrinsic-function tags).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from ._errors import invalid

# The host label that marks an S3 endpoint: "s3", "s3-us-west-2" (legacy dashed form).
_S3_LABEL = re.compile(r"^s3(-[a-z0-9-]+)?$")


class TemplateError(Exception):
    """A template that cannot be read or used; the message says why, as AWS would."""


def parse_s3_url(url: str) -> tuple[str, str]:
    """Split an S3 object URL into ``(bucket, key)``.

    Virtual-hosted URLs (``https://bucket.s3.us-east-1.amazonaws.com/key``) carry the
    bucket in the host; AWS path-style URLs (``https://s3.amazonaws.com/bucket/key``)
    and any non-AWS host (``http://127.0.0.1:5000/bucket/key``, as the emulator's
    server hands out) carry it as the first path segment.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TemplateError(f"Not an S3 object URL: {url!r}")
    labels = parts.hostname.lower().split(".")
    path = unquote(parts.path).lstrip("/")
    s3_index = None
    if "amazonaws" in labels:
        # The last S3 label wins, so bucket names that contain "s3" still parse.
        for index, label in enumerate(labels):
            if _S3_LABEL.match(label):
                s3_index = index
    if s3_index:
        bucket, key = ".".join(labels[:s3_index]), path
    else:
        bucket, _, key = path.partition("/")
    if not bucket or not key:
        raise TemplateError(f"Not an S3 object URL: {url!r}")
    return bucket, key


def read_template(url: str, account_id: str, partition: str) -> str:
    """Return the text of the object at ``url`` in moto S3."""
    from moto.s3.exceptions import S3ClientError
    from moto.s3.models import s3_backends

    bucket, key = parse_s3_url(url)
    backend = s3_backends[account_id][partition]
    try:
        obj = backend.get_object(bucket, key)
    except S3ClientError as exc:  # MissingBucket, or AccessDeniedByLock for another account's
        raise TemplateError(f"Unable to read the template at {url}: {exc}") from exc
    if obj is None:
        raise TemplateError(f"Unable to read the template at {url}: no such key")
    value: bytes = obj.value
    return value.decode("utf-8")


def parse_template(text: str) -> dict[str, Any]:
    """Parse a JSON or YAML CloudFormation template into a dict, checking its outline."""
    import yaml
    from moto.cloudformation.models import Stack

    try:
        parsed = Stack.parse_template(text)
    # moto tries YAML, then JSON: YAMLError, json.JSONDecodeError (a ValueError),
    # or a ValueError from a YAML value its tag cannot take (``!!int x``, a 13th month).
    except (yaml.YAMLError, ValueError) as exc:
        raise TemplateError(f"Template format error: {exc}") from exc
    if not isinstance(parsed, dict):
        raise TemplateError("Template format error: the template is not an object")
    if not isinstance(parsed.get("Resources"), dict) or not parsed["Resources"]:
        raise TemplateError("Template format error: at least one Resources member must be defined")
    if not isinstance(parsed.get("Parameters", {}), dict):
        raise TemplateError("Template format error: Parameters must be an object")
    return parsed


def _declared(template: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    params = template.get("Parameters") or {}
    return {str(k): (v if isinstance(v, dict) else {}) for k, v in params.items()}


def _check_value(name: str, spec: Mapping[str, Any], value: str) -> str | None:
    allowed = spec.get("AllowedValues")
    if allowed is not None and value not in [str(v) for v in allowed]:
        return f"Parameter '{name}' must be one of AllowedValues"
    pattern = spec.get("AllowedPattern")
    if pattern is not None and not re.fullmatch(str(pattern), value):
        return f"Parameter '{name}' must match pattern {pattern}"
    if spec.get("Type", "String") == "Number":
        try:
            number = float(value)
        except ValueError:
            return f"Parameter '{name}' must be a number"
        if "MinValue" in spec and number < float(spec["MinValue"]):
            return f"Parameter '{name}' must be a number not less than {spec['MinValue']}"
        if "MaxValue" in spec and number > float(spec["MaxValue"]):
            return f"Parameter '{name}' must be a number not greater than {spec['MaxValue']}"
    if "MinLength" in spec and len(value) < int(spec["MinLength"]):
        return f"Parameter '{name}' must contain at least {spec['MinLength']} characters"
    if "MaxLength" in spec and len(value) > int(spec["MaxLength"]):
        return f"Parameter '{name}' must contain at most {spec['MaxLength']} characters"
    return None


def resolve_parameters(
    template: Mapping[str, Any], given: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Check ``given`` against the template's Parameters.

    Returns the values to create the stack with (given ones plus defaults) and the
    validation errors; an unknown key, a missing required key and a value outside
    the parameter's constraints are each an error.
    """
    declared = _declared(template)
    errors: list[str] = []
    unknown = sorted(set(given) - set(declared))
    if unknown:
        errors.append(f"Parameters: [{', '.join(unknown)}] do not exist in the template")
    missing = sorted(k for k, spec in declared.items() if k not in given and "Default" not in spec)
    if missing:
        errors.append(f"Parameters: [{', '.join(missing)}] must have values")
    values: dict[str, str] = {}
    for name, spec in declared.items():
        if name in given:
            problem = _check_value(name, spec, given[name])
            if problem:
                errors.append(problem)
            values[name] = given[name]
        elif "Default" in spec:
            values[name] = str(spec["Default"])
    return values, errors


def describe_parameters(template: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The template's Parameters in DescribeProvisioningArtifact's ProvisioningArtifactParameters form."""
    described = []
    for name, spec in _declared(template).items():
        constraints: dict[str, Any] = {}
        if "AllowedValues" in spec:
            constraints["AllowedValues"] = [str(v) for v in spec["AllowedValues"]]
        for key in (
            "AllowedPattern",
            "ConstraintDescription",
            "MaxLength",
            "MinLength",
            "MaxValue",
            "MinValue",
        ):
            if key in spec:
                constraints[key] = str(spec[key])
        item: dict[str, Any] = {
            "ParameterKey": name,
            "ParameterType": str(spec.get("Type", "String")),
            "IsNoEcho": str(spec.get("NoEcho", "false")).lower() == "true",
            "ParameterConstraints": constraints,
        }
        if "Default" in spec:
            item["DefaultValue"] = str(spec["Default"])
        if "Description" in spec:
            item["Description"] = str(spec["Description"])
        described.append(item)
    return described


def require_template_url(info: Mapping[str, str]) -> str:
    """The ``LoadTemplateFromURL`` of an artifact's Info, or InvalidParametersException."""
    url = info.get("LoadTemplateFromURL")
    if not url:
        raise invalid("Info must contain LoadTemplateFromURL")
    return url
