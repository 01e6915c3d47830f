"""Property tests over every generated model: wire dicts drawn from the service model."""

from __future__ import annotations

from datetime import timezone
from typing import Any

import hypothesis.strategies as st
import pytest
from botocore.model import Shape
from hypothesis import HealthCheck, given, settings

from servicecatalog_sdk import models
from servicecatalog_sdk._converter import ModelConverter
from servicecatalog_sdk.errors import ResponseParseError
from tests.wire import service_model, structure_names

LENIENT = ModelConverter(strict=False)
STRICT = ModelConverter(strict=True)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def wire_strategy(shape: Shape, *, unknown_enums: bool = False) -> st.SearchStrategy[Any]:
    """Wire values of ``shape`` as botocore parses them (non-empty lists and maps:
    the models read an absent collection as empty and write an empty one as absent)."""
    kind = shape.type_name
    if kind == "structure":
        required = {
            n: wire_strategy(m, unknown_enums=unknown_enums)
            for n, m in shape.members.items()
            if n in shape.required_members
        }
        optional = {
            n: wire_strategy(m, unknown_enums=unknown_enums)
            for n, m in shape.members.items()
            if n not in shape.required_members
        }
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "list":
        return st.lists(
            wire_strategy(shape.member, unknown_enums=unknown_enums), min_size=1, max_size=2
        )
    if kind == "map":
        return st.dictionaries(
            wire_strategy(shape.key, unknown_enums=unknown_enums),
            wire_strategy(shape.value, unknown_enums=unknown_enums),
            min_size=1,
            max_size=2,
        )
    if kind == "string":
        if shape.enum:
            known = st.sampled_from(list(shape.enum))
            return known | st.text(min_size=1, max_size=12) if unknown_enums else known
        return st.text(max_size=12)
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "long"):
        return st.integers(min_value=-(2**31), max_value=2**31)
    if kind in ("float", "double"):
        return st.floats(allow_nan=False)
    if kind == "timestamp":
        return st.datetimes(timezones=st.just(timezone.utc))
    raise AssertionError(kind)


@st.composite
def shape_and_wire(draw: st.DrawFn, unknown_enums: bool = False) -> tuple[str, Any]:
    name = draw(st.sampled_from(structure_names()))
    wire = draw(wire_strategy(service_model().shape_for(name), unknown_enums=unknown_enums))
    return name, wire


@SETTINGS
@given(shape_and_wire(unknown_enums=True))
def test_wire_dicts_round_trip_unchanged(case: tuple[str, Any]) -> None:
    name, wire = case
    cls = getattr(models, name)
    assert STRICT.unstructure(STRICT.structure(wire, cls)) == wire


@SETTINGS
@given(shape_and_wire(), st.text(min_size=1, max_size=8).map(lambda s: f"X{s}"), st.integers())
def test_extra_keys_never_raise_when_lenient(case: tuple[str, Any], key: str, value: int) -> None:
    name, wire = case
    cls = getattr(models, name)
    expected = LENIENT.structure(wire, cls)
    assert LENIENT.structure({**wire, key: value}, cls) == expected


@SETTINGS
@given(shape_and_wire(), st.data())
def test_missing_optional_members_never_raise(case: tuple[str, Any], data: st.DataObject) -> None:
    name, wire = case
    shape = service_model().shape_for(name)
    optional = [k for k in wire if k not in shape.required_members]
    dropped = data.draw(
        st.lists(st.sampled_from(optional), unique=True) if optional else st.just([])
    )
    trimmed = {k: v for k, v in wire.items() if k not in dropped}
    obj = STRICT.structure(trimmed, getattr(models, name))
    assert STRICT.unstructure(obj) == trimmed


def leaf_routes(value: Any) -> list[list[Any]]:
    """The route (keys and indexes) to every scalar inside a wire value."""
    if isinstance(value, dict):
        return [[k, *rest] for k, v in value.items() for rest in leaf_routes(v)]
    if isinstance(value, list):
        return [[i, *rest] for i, v in enumerate(value) for rest in leaf_routes(v)]
    return [[]]


WRONG = st.sampled_from([object(), [["nested"]], {"a": {"b": 1}}, 1.5j])


@SETTINGS
@given(shape_and_wire(), st.data(), WRONG)
def test_wrong_types_raise_response_parse_error_only(
    case: tuple[str, Any], data: st.DataObject, wrong: Any
) -> None:
    name, wire = case
    spots = [route for route in leaf_routes(wire) if route]
    if not spots:
        return
    route = data.draw(st.sampled_from(spots))
    target = wire
    for step in route[:-1]:
        target = target[step]
    target[route[-1]] = wrong
    with pytest.raises(ResponseParseError) as info:
        LENIENT.structure(wire, getattr(models, name))
    assert info.value.shape == name
    assert info.value.path.startswith("$")
    # The path names the member we broke (or, for a map value, its map).
    first = route[0]
    assert str(first) in info.value.path
