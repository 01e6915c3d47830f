"""The converter's compiled readers fill a model's slots directly only where that is all ``__init__`` does."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import pytest

import servicecatalog_sdk.models as models
from servicecatalog_sdk import _structure_codegen
from servicecatalog_sdk._converter import ModelConverter
from servicecatalog_sdk._structure_codegen import _slot_setters
from tests.wire import full_wire, service_model, structure_names

MODEL_CLASSES = [getattr(models, n) for n in structure_names() if hasattr(models, n)]


def test_every_generated_model_is_filled_through_its_slots() -> None:
    assert len(MODEL_CLASSES) > 100
    assert [c.__name__ for c in MODEL_CLASSES if _slot_setters(c) is None] == []


def through_init() -> ModelConverter:
    """A converter whose readers build every object by calling its class."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_structure_codegen, "_slot_setters", lambda cls: None)
        conv = ModelConverter()
        for cls in MODEL_CLASSES:  # compiled now, nested classes with them
            conv._compiled(cls)
    return conv


@pytest.mark.parametrize("strict", [False, True])
def test_objects_filled_through_slots_are_those_init_builds(strict: bool) -> None:
    reference = through_init()
    fast = ModelConverter(strict=strict)
    for cls in MODEL_CLASSES:
        wire = full_wire(service_model().shape_for(cls.__name__))
        got, expected = fast.structure(wire, cls), reference.structure(wire, cls)
        assert got == expected
        assert repr(got) == repr(expected)
        assert hash(got) == hash(expected)
        assert attrs.asdict(got) == attrs.asdict(expected)
        for field in attrs.fields(cls)[:1]:
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(got, field.name, None)


def checked_positive(_: Any, __: Any, value: int | None) -> None:
    if value is not None and value < 0:
        raise ValueError("negative")


@attrs.frozen(kw_only=True)
class Validated:
    _wire_names: ClassVar[dict[str, str]] = {"count": "Count"}
    count: int | None = attrs.field(default=None, validator=checked_positive)


@attrs.frozen(kw_only=True)
class PostInit:
    _wire_names: ClassVar[dict[str, str]] = {"name": "Name"}
    name: str | None = None
    seen: ClassVar[list[str | None]] = []

    def __attrs_post_init__(self) -> None:
        PostInit.seen.append(self.name)


@attrs.frozen(kw_only=True, cache_hash=True)
class CachedHash:
    _wire_names: ClassVar[dict[str, str]] = {"name": "Name"}
    name: str | None = None


@attrs.frozen(kw_only=True, slots=False)
class WithDict:
    _wire_names: ClassVar[dict[str, str]] = {"name": "Name"}
    name: str | None = None


@pytest.mark.parametrize("cls", [Validated, PostInit, CachedHash, WithDict])
def test_classes_whose_init_does_more_are_built_by_calling_them(cls: type) -> None:
    assert _slot_setters(cls) is None


def test_a_validator_still_runs_on_conversion() -> None:
    from servicecatalog_sdk.errors import ResponseParseError

    conv = ModelConverter()
    assert conv.structure({"Count": 3}, Validated) == Validated(count=3)
    with pytest.raises(ResponseParseError):
        conv.structure({"Count": -1}, Validated)


def test_post_init_and_cached_hash_still_work_on_conversion() -> None:
    conv = ModelConverter()
    PostInit.seen.clear()
    assert conv.structure({"Name": "a"}, PostInit) == PostInit(name="a")
    assert PostInit.seen == ["a", "a"]
    made = conv.structure({"Name": "b"}, CachedHash)
    assert hash(made) == hash(CachedHash(name="b"))
    assert conv.structure({"Name": "c"}, WithDict) == WithDict(name="c")
