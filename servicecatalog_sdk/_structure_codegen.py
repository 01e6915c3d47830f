"""Specialised wire -> model functions, written once per class.

cattrs' generic hooks call a Python function per member; for a 100-item page of
14-member objects that is most of the conversion cost. Here each class gets
one function with the members' checks inlined (``v.__class__ is str``, a dict
lookup for known enum values, one call per nested object), used as the
class's reading hook by the SDK's converter. The function only accepts;
anything unexpected raises, and the converter then walks the data slowly to
name the bad member.

Where a class's ``__init__`` does nothing but fill its slots (no validators,
converters or init hooks: every generated model), the function fills the slots
itself through their descriptors, which takes about half the time of the
keyword call into attrs' ``__init__`` and builds the same object.
"""

from __future__ import annotations

import enum
import inspect
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import attrs

from servicecatalog_sdk._model_support import EMPTY_MAPPING

__all__ = ["make_structure_fn"]


def _unwrap_optional(tp: Any) -> Any:
    args = typing.get_args(tp)
    if type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return tp


def _bad(value: Any, expected: str) -> TypeError:
    return TypeError(f"expected {expected}, got {type(value).__name__}")


def _forbidden(cls: type, extra: set[str]) -> Exception:
    # cattrs' own error, as its strict mode raises; imported only when a
    # response has a member too many, so reading never loads cattrs.
    from cattrs.errors import ForbiddenExtraKeysError

    return ForbiddenExtraKeysError("", cls, extra)


def _slot_setters(cls: type) -> list[Callable[[Any, Any], None]] | None:
    """The ``__set__`` of each field's slot, when filling them is all ``__init__`` does.

    None when ``cls`` has anything else to run or fill (a hand-written or
    non-attrs ``__init__``, validators, converters, init hooks, hidden slots such
    as a cached hash): then the object is built by calling the class.
    """
    init_code = getattr(getattr(cls, "__init__", None), "__code__", None)
    if init_code is None or "attrs generated" not in init_code.co_filename:
        return None
    if getattr(cls, "__attrs_pre_init__", None) or getattr(cls, "__attrs_post_init__", None):
        return None
    fields = attrs.fields(cls)
    if any(not f.init or f.validator is not None or f.converter is not None for f in fields):
        return None
    slots: set[str] = set()
    for klass in cls.__mro__[:-1]:
        declared = klass.__dict__.get("__slots__", None)
        if declared is None:
            return None  # a class of the hierarchy has a __dict__
        slots.update((declared,) if isinstance(declared, str) else declared)
    slots.discard("__weakref__")
    if slots != {f.name for f in fields}:
        return None
    setters = []
    for f in fields:
        slot = inspect.getattr_static(cls, f.name)
        if not inspect.ismemberdescriptor(slot):
            return None
        setters.append(slot.__set__)
    return setters


#: The converter's reading hook of a type, called as ``hook(value, type)``.
HookOf = Callable[[Any], Callable[[Any, Any], Any]]


def make_structure_fn(
    cls: type,
    hook_of: HookOf,
    wire_names: Mapping[str, str],
    *,
    strict: bool,
    many_of: Callable[[type], Callable[[Any], tuple[Any, ...]]],
) -> tuple[Callable[[Any, Any], Any], Callable[[Any], tuple[Any, ...]]]:
    """Compile the functions that read one object of ``cls``, and a list of them.

    ``hook_of(type)`` gives the converter's hook for a member's type;
    ``many_of(item_class)`` the list function of another class, for members
    that hold lists of objects (the bulk of a page), so no per-item call is made.
    """
    hints = typing.get_type_hints(cls)
    scope: dict[str, Any] = {
        "Mapping": Mapping,
        "datetime": datetime,
        "_bad": _bad,
        "_cls": cls,
        "_EMPTY": EMPTY_MAPPING,
    }
    body = [
        "if o.__class__ is not dict and not isinstance(o, Mapping):",
        "    raise _bad(o, 'an object')",
    ]
    if strict:
        scope["_known"] = frozenset(wire_names.get(f.name, f.name) for f in attrs.fields(cls))
        scope["_forbidden"] = _forbidden
        body += [
            "extra = o.keys() - _known",
            "if extra:",
            "    raise _forbidden(_cls, extra)",
        ]
    args = []
    for i, field in enumerate(attrs.fields(cls)):
        key = wire_names.get(field.name, field.name)
        v = f"v{i}"
        required = field.default is attrs.NOTHING
        body.append(f"{v} = o[{key!r}]" if required else f"{v} = o.get({key!r})")
        tp = _unwrap_optional(hints[field.name])
        body += [line[4:] for line in _member_lines(v, tp, hook_of, scope, i, many_of)]
        args.append(f"{field.name}={v}")
    setters = _slot_setters(cls)
    if setters is None:
        body.append(f"obj = _cls({', '.join(args)})")
    else:
        scope["_new"] = object.__new__
        body.append("obj = _new(_cls)")
        for i, setter in enumerate(setters):
            scope[f"_s{i}"] = setter
            body.append(f"_s{i}(obj, v{i})")
    lines = [
        "def structure(o, _=None):",
        *(f"    {line}" for line in body),
        "    return obj",
        "",
        "def structure_many(items):",
        "    if items.__class__ is not list and not isinstance(items, (list, tuple)):",
        "        raise _bad(items, 'a list')",
        "    out = []",
        "    append = out.append",
        "    for o in items:",
        *(f"        {line}" for line in body),
        "        append(obj)",
        "    return tuple(out)",
    ]
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<structure {cls.__qualname__}>", "exec"), scope, namespace)
    return namespace["structure"], namespace["structure_many"]


def _member_lines(
    v: str,
    tp: Any,
    hook_of: HookOf,
    scope: dict[str, Any],
    i: int,
    many_of: Callable[[type], Callable[[Any], tuple[Any, ...]]],
) -> list[str]:
    """Lines that check and convert one member value held in variable ``v``."""
    origin = typing.get_origin(tp)
    if tp is str:
        return [
            # The common case (a plain str) is decided by the first comparison.
            f"    if {v}.__class__ is not str and {v} is not None and not isinstance({v}, str):",
            f"        raise _bad({v}, 'a string')",
        ]
    if tp is bool:
        return [
            f"    if {v}.__class__ is not bool and {v} is not None:",
            f"        raise _bad({v}, 'a boolean')",
        ]
    if tp is int:
        return [
            f"    if {v}.__class__ is not int and {v} is not None and (",
            f"        {v}.__class__ is bool or not isinstance({v}, int)",
            "    ):",
            f"        raise _bad({v}, 'an integer')",
        ]
    if tp is datetime:
        # botocore hands over aware datetimes: only anything else needs the hook.
        scope[f"_h{i}"] = hook_of(datetime)
        return [
            f"    if {v} is not None and ({v}.__class__ is not datetime or {v}.tzinfo is None):",
            f"        {v} = _h{i}({v}, datetime)",
        ]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        scope[f"_m{i}"] = tp._value2member_map_
        scope[f"_h{i}"] = hook_of(tp)
        scope[f"_t{i}"] = tp
        return [
            f"    if {v} is not None:",
            f"        m = _m{i}.get({v}) if {v}.__class__ is str else None",
            f"        {v} = m if m is not None else _h{i}({v}, _t{i})",
        ]
    if origin is tuple:
        (item_type,) = typing.get_args(tp)[:1]
        scope[f"_h{i}"] = hook_of(tp)
        scope[f"_t{i}"] = tp
        if attrs.has(item_type):
            # Lists of objects are the bulk of a page: one loop, no call per item.
            scope[f"_many{i}"] = many_of(item_type)
            return [
                f"    {v} = () if {v} is None else _many{i}({v})",
            ]
        return [
            f"    if {v} is None:",
            f"        {v} = ()",
            "    else:",
            f"        {v} = _h{i}({v}, _t{i})",
        ]
    if origin in (Mapping, dict):
        scope[f"_h{i}"] = hook_of(tp)
        scope[f"_t{i}"] = tp
        return [
            f"    {v} = _EMPTY if {v} is None else _h{i}({v}, _t{i})",
        ]
    scope[f"_h{i}"] = hook_of(tp)
    scope[f"_t{i}"] = tp
    return [
        f"    if {v} is not None:",
        f"        {v} = _h{i}({v}, _t{i})",
    ]
