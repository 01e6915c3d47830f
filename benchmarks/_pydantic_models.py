"""pydantic v2 models equivalent to the SDK's, built from the service model.

Same members, same Python types (the SDK's own enum classes, ``datetime``,
tuples for lists), frozen, aliases for the wire names, unknown keys ignored,
and a ``ResponseMetadata`` sub-model on every output: what a pydantic-based SDK
would generate. pydantic is a dev-only dependency of the benchmark.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import pydantic
from botocore import xform_name
from botocore.model import Shape

import servicecatalog_sdk.models
from benchmarks._wire import service_model
from servicecatalog_sdk._model_support import ServiceEnum

__all__ = ["output_model"]

_CONFIG: Final = pydantic.ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

_models: dict[str, type[pydantic.BaseModel]] = {}


def _metadata_model() -> type[pydantic.BaseModel]:
    if "ResponseMetadata" not in _models:
        _models["ResponseMetadata"] = pydantic.create_model(
            "ResponseMetadata",
            __config__=_CONFIG,
            request_id=(str | None, pydantic.Field(None, alias="RequestId")),
            http_status_code=(int | None, pydantic.Field(None, alias="HTTPStatusCode")),
            retry_attempts=(int, pydantic.Field(0, alias="RetryAttempts")),
            idempotency_token=(str | None, pydantic.Field(None, alias="SdkIdempotencyToken")),
        )
    return _models["ResponseMetadata"]


def _python_type(shape: Shape) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return _model(shape)
    if kind == "list":
        return tuple[_python_type(shape.member), ...]  # type: ignore[misc]
    if kind == "map":
        return dict[_python_type(shape.key), _python_type(shape.value)]  # type: ignore[misc]
    if kind == "string":
        enum_class = getattr(servicecatalog_sdk.models, shape.name, None) if shape.enum else None
        if isinstance(enum_class, type) and issubclass(enum_class, ServiceEnum):
            return enum_class
        return str
    if kind == "timestamp":
        return datetime
    if kind == "boolean":
        return bool
    if kind in ("integer", "long"):
        return int
    if kind in ("float", "double"):
        return float
    if kind == "blob":
        return bytes
    raise AssertionError(f"unhandled shape type {kind}")


def _model(shape: Shape, *, output: bool = False) -> type[pydantic.BaseModel]:
    if shape.name in _models:
        return _models[shape.name]
    required = set(shape.required_members)
    fields: dict[str, Any] = {}
    for name, member in shape.members.items():
        tp = _python_type(member)
        if name in required:
            fields[xform_name(name)] = (tp, pydantic.Field(alias=name))
        elif member.type_name == "list":
            fields[xform_name(name)] = (tp, pydantic.Field((), alias=name))
        elif member.type_name == "map":
            fields[xform_name(name)] = (tp, pydantic.Field(default_factory=dict, alias=name))
        else:
            fields[xform_name(name)] = (tp | None, pydantic.Field(None, alias=name))
    if output:
        fields["response_metadata"] = (
            _metadata_model() | None,
            pydantic.Field(None, alias="ResponseMetadata"),
        )
    model: type[pydantic.BaseModel] = pydantic.create_model(
        shape.name, __config__=_CONFIG, **fields
    )
    _models[shape.name] = model
    return model


def output_model(operation: str) -> type[pydantic.BaseModel]:
    """The pydantic model of ``operation``'s output (built once)."""
    shape = service_model().operation_model(operation).output_shape
    assert shape is not None
    return _model(shape, output=True)
