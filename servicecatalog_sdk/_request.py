"""From a client method's keyword arguments to a wire-form request.

``None`` means "do not send"; an explicit empty list is sent. Model instances,
enums and nested lists and maps of them go through the converter. Before
anything is sent, the arguments are checked as botocore checks them, with
messages that name the member and never quote its value (it may be a secret):
required members, types (plus a ``bool`` given for an integer, which botocore
lets through, and an enum member of another enum class), minimum lengths and
values, empty identifiers, an empty starting page token, and wrong
combinations of alternatives. Failures raise ``ParamValidationError`` (a
``ValueError``). The model's regex patterns and maximum lengths are not
checked: AWS loosens them over time and the service is the judge.
botocore's own validation still runs after this, on nested values.
"""

from __future__ import annotations

import enum
import functools
import importlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from servicecatalog_sdk._operation import OperationSpec
from servicecatalog_sdk.errors import ParamValidationError

__all__ = ["build_request"]


def _is_identifier(member: str) -> bool:
    return member in ("Id", "Name") or member.endswith(("Id", "Name", "Arn", "ARN"))


@functools.cache
def _enum_class(name: str) -> type[enum.Enum]:
    cls: type[enum.Enum] = getattr(importlib.import_module("servicecatalog_sdk.models"), name)
    return cls


# What a value of each botocore type may be (a ``bool`` is no integer here).
_KIND_TYPES: Final[Mapping[str, tuple[type, ...]]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "map": (Mapping,),
}
_KIND_WORDS: Final[Mapping[str, str]] = {
    "string": "a string",
    "integer": "an integer",
    "long": "an integer",
    "boolean": "True or False",
    "map": "a mapping",
    "list": "a list",
    "structure": "a model instance or a mapping",
}


def _type_problem(spec: OperationSpec[Any], member: str, kind: str, value: Any) -> str | None:
    """Why ``value`` cannot be a ``kind`` value, or None (types botocore leaves alone pass)."""
    got = type(value).__name__
    if kind[:1].isupper():  # a string enum, by its class name
        if isinstance(value, enum.Enum) and not isinstance(value, _enum_class(kind)):
            return f"must be a {kind} or a string, got {got}.{value.name}"
        return None if isinstance(value, str) else f"must be a {kind} or a string, got {got}"
    if kind == "list":
        if member in spec.pair_members and isinstance(value, Mapping):
            return None
        ok = isinstance(value, Sequence) and not isinstance(value, str | bytes)
    elif kind == "structure":
        ok = isinstance(value, Mapping) or hasattr(type(value), "__attrs_attrs__")
    elif kind in _KIND_TYPES:
        ok = isinstance(value, _KIND_TYPES[kind])
        if kind in ("integer", "long") and isinstance(value, bool):
            ok = False
    else:
        return None  # timestamps, numbers, blobs: botocore's own checks apply
    return None if ok else f"must be {_KIND_WORDS[kind]}, got {got}"


def _check_value(spec: OperationSpec[Any], member: str, value: Any) -> None:
    kind = spec.members.get(member)
    if kind is None:
        return  # not a member of this operation: botocore names it
    problem = _type_problem(spec, member, kind, value)
    if problem is not None:
        if spec.paging is not None and member == spec.paging.input_token:
            member = "starting_token"  # the only way a caller sets the page token
        raise ParamValidationError(f"{spec.method}: {member} {problem}")
    if isinstance(value, str):
        if not value.strip() and _is_identifier(member):
            raise ParamValidationError(f"{spec.method}: {member} must not be empty")
        if not value and spec.paging is not None and member == spec.paging.input_token:
            # The service rejects an empty page token; None starts at the first page.
            raise ParamValidationError(
                f"{spec.method}: starting_token must not be empty (None starts at the first page)"
            )
    low = spec.min_sizes.get(member)
    if low is None:
        return
    if isinstance(value, int):
        if value < low:
            raise ParamValidationError(
                f"{spec.method}: {member} must be at least {low}, got {value}"
            )
    elif len(value) < low:
        unit = "characters" if isinstance(value, str) else "items"
        raise ParamValidationError(
            f"{spec.method}: {member} must have at least {low} {unit}, got {len(value)}"
        )


def _check(spec: OperationSpec[Any], params: Mapping[str, Any]) -> None:
    for member in spec.required:
        if params.get(member) is None:
            raise ParamValidationError(f"{spec.method}: {member} is required")
    for member, value in params.items():
        _check_value(spec, member, value)
    for rule, members in spec.choices:
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
