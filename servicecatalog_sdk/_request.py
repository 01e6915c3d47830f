"""From a client method's keyword arguments to a wire-form request.

``None`` means "do not send"; an explicit empty list is sent. Model instances,
enums and nested lists and maps of them go through the converter. Misuse the
service would only reject after a round trip (or, worse, accept) fails here
first, with a ``ParamValidationError`` (a ``ValueError``): empty ids, values
outside the service model's patterns and lengths, booleans given as integers,
and wrong combinations of alternatives.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final, Literal

from servicecatalog_sdk._operation import OperationSpec
from servicecatalog_sdk.errors import ParamValidationError

__all__ = ["build_request"]

Rule = Literal["exactly one", "at most one"]

# Alternatives the API takes as "one of": checked before sending, because the
# service's own answer to a wrong combination is often a vague InvalidParameters.
_CHOICES: Final[Mapping[str, tuple[tuple[Rule, tuple[str, ...]], ...]]] = {
    "DescribeProvisionedProduct": (("exactly one", ("Id", "Name")),),
    "DescribeProduct": (("exactly one", ("Id", "Name")),),
    "DescribeProductAsAdmin": (("exactly one", ("Id", "Name")),),
    "TerminateProvisionedProduct": (
        ("exactly one", ("ProvisionedProductName", "ProvisionedProductId")),
    ),
    "UpdateProvisionedProduct": (
        ("exactly one", ("ProvisionedProductName", "ProvisionedProductId")),
        ("at most one", ("ProductId", "ProductName")),
        ("at most one", ("ProvisioningArtifactId", "ProvisioningArtifactName")),
        ("at most one", ("PathId", "PathName")),
    ),
    "ProvisionProduct": (
        ("exactly one", ("ProductId", "ProductName")),
        ("exactly one", ("ProvisioningArtifactId", "ProvisioningArtifactName")),
        ("at most one", ("PathId", "PathName")),
    ),
    "DescribeProvisioningArtifact": (
        ("exactly one", ("ProductId", "ProductName")),
        ("exactly one", ("ProvisioningArtifactId", "ProvisioningArtifactName")),
    ),
    "DescribeProvisioningParameters": (
        ("exactly one", ("ProductId", "ProductName")),
        ("exactly one", ("ProvisioningArtifactId", "ProvisioningArtifactName")),
        ("at most one", ("PathId", "PathName")),
    ),
    "GetProvisionedProductOutputs": (
        ("exactly one", ("ProvisionedProductId", "ProvisionedProductName")),
    ),
}


def _is_identifier(member: str) -> bool:
    return member in ("Id", "Name") or member.endswith(("Id", "Name", "Arn", "ARN"))


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _check_value(spec: OperationSpec[Any], member: str, value: Any) -> None:
    if isinstance(value, str):
        if not value.strip() and _is_identifier(member):
            raise ParamValidationError(f"{spec.method}: {member} must not be empty")
        rule = spec.patterns.get(member)
        if rule is not None:
            pattern, low, high = rule
            if len(value) < low or (high is not None and len(value) > high):
                raise ParamValidationError(
                    f"{spec.method}: {member} must be {low} to {high} characters, got {len(value)}"
                )
            if not _compiled(pattern).fullmatch(value):
                raise ParamValidationError(
                    f"{spec.method}: {member} {value!r} does not match the service's pattern "
                    f"{pattern!r}"
                )
    elif isinstance(value, bool) and member in spec.int_members:
        raise ParamValidationError(f"{spec.method}: {member} must be an integer, got {value!r}")


def _check(spec: OperationSpec[Any], params: Mapping[str, Any]) -> None:
    for member, value in params.items():
        _check_value(spec, member, value)
    for rule, members in _CHOICES.get(spec.name, ()):
        given = [m for m in members if params.get(m) is not None]
        if len(given) > 1 or (rule == "exactly one" and not given):
            names = " or ".join(members)
            raise ParamValidationError(
                f"{spec.method}: give {rule} of {names}"
                + (f" (got {', '.join(given)})" if given else "")
            )


def _wire_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str | int | float | bool | bytes | datetime):
        return value
    if isinstance(value, Mapping):
        return {_wire_value(k): _wire_value(v) for k, v in value.items()}
    if isinstance(value, Sequence):
        return [_wire_value(v) for v in value]
    from servicecatalog_sdk._converter import converter

    return converter().unstructure(value)


def build_request(
    spec: OperationSpec[Any],
    params: Mapping[str, Any],
    *,
    accept_language: str | None,
) -> dict[str, Any]:
    """The wire request for ``spec`` from ``{wire member: python value}``."""
    given = {k: v for k, v in params.items() if v is not None}
    _check(spec, given)
    if accept_language is not None and "AcceptLanguage" in spec.members:
        given.setdefault("AcceptLanguage", accept_language)
    request: dict[str, Any] = {}
    for member, value in given.items():
        if isinstance(value, Mapping) and member in spec.pair_members:
            # The Mapping[str, str] convenience for tags and parameters.
            request[member] = [{"Key": k, "Value": v} for k, v in value.items()]
        else:
            request[member] = _wire_value(value)
    return request
