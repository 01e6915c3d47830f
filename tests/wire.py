"""Wire dicts built from the service model, for conversion tests and benchmarks."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import botocore.session
from botocore.model import ServiceModel, Shape

_MODEL: list[ServiceModel] = []


def service_model() -> ServiceModel:
    """botocore's Service Catalog model (loaded once)."""
    if not _MODEL:
        _MODEL.append(botocore.session.get_session().get_service_model("servicecatalog"))
    return _MODEL[0]


def structure_names() -> list[str]:
    """Every structure shape that has a model: all but operation inputs and error shapes."""
    model = service_model()
    inputs = {model.operation_model(op).input_shape.name for op in model.operation_names}
    return sorted(
        n
        for n in model.shape_names
        if model.shape_for(n).type_name == "structure"
        and n not in inputs
        and not model.shape_for(n).metadata.get("exception")
    )


def full_wire(shape: Shape, seed: int = 0, list_len: int = 2) -> Any:
    """A wire value for ``shape`` with every member filled, as botocore parses it."""
    kind = shape.type_name
    if kind == "structure":
        return {
            name: full_wire(member, seed + i, list_len)
            for i, (name, member) in enumerate(shape.members.items())
        }
    if kind == "list":
        return [full_wire(shape.member, seed + i, list_len) for i in range(list_len)]
    if kind == "map":
        return {
            (shape.key.enum[i % len(shape.key.enum)] if shape.key.enum else f"key{i}"): full_wire(
                shape.value, seed + i, list_len
            )
            for i in range(min(list_len, len(shape.key.enum) or list_len))
        }
    if kind == "string":
        return shape.enum[seed % len(shape.enum)] if shape.enum else f"{shape.name}-{seed}"
    if kind == "boolean":
        return seed % 2 == 0
    if kind in ("integer", "long"):
        return seed + 1
    if kind in ("float", "double"):
        return seed + 0.5
    if kind == "timestamp":
        return datetime(2017, 6, 15, 12, seed % 60, tzinfo=timezone.utc)
    if kind == "blob":
        return b"blob"
    raise AssertionError(f"unhandled shape type {kind}")
