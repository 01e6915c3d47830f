"""The one cattrs converter between wire dicts and the typed models.

Wire names come from each generated class's ``_wire_names``; hooks are built
once per class, the first time the class is converted (reading through the
specialised functions of :mod:`servicecatalog_sdk._structure_codegen`, writing
through cattrs' ``make_dict_unstructure_fn``). Reading picks its hooks itself
(:meth:`ModelConverter.hook`) for every type the models use, so a response is
converted without importing cattrs (about 10 ms of a process's first call):
cattrs is built on first need only, to write a model into a request and to
read a type the models do not use. Reading is forgiving
by default (unknown keys ignored, unknown enum values kept as pseudo-members)
and strict on request (unknown keys rejected), which the test suite uses so our
own code never drops data silently. Anything that still does not fit raises
:class:`~servicecatalog_sdk.errors.ResponseParseError` naming the shape and the
path of the bad field; an exception no bad data causes (a bug in a hook or a
model's validator) propagates as itself.

Strictness belongs to a converter, never to the process: there is one lenient
and one strict instance (each built on first use), a client picks one by its
``strict=`` argument, and :func:`structure` by its own.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
import typing
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Final, TypeVar

import attrs

from servicecatalog_sdk._metadata import ResponseMetadata
from servicecatalog_sdk._model_support import FrozenDict, ServiceEnum
from servicecatalog_sdk._structure_codegen import make_structure_fn
from servicecatalog_sdk.errors import ResponseParseError

if typing.TYPE_CHECKING:
    import cattrs

__all__ = ["ModelConverter", "converter", "parse_timestamp", "structure", "unstructure"]

T = TypeVar("T")


def _wire_names(cls: type) -> Mapping[str, str]:
    names: Mapping[str, str] = getattr(cls, "_wire_names", {})
    return names


def _is_mapping_type(tp: Any) -> bool:
    return typing.get_origin(tp) in (Mapping, dict)


def _is_tuple_type(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


# ISO 8601 as AWS and JSON producers write it. Our own pattern, not
# datetime.fromisoformat: Python 3.10's rejects fractions other than 3 or 6
# digits and a ``Z``, so the same string would read differently per Python.
_ISO_8601: Final = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?"
)


def parse_timestamp(text: str) -> datetime:
    """An ISO 8601 timestamp as an aware datetime, the same on every Python.

    Takes ``YYYY-MM-DD``, optionally followed by ``THH:MM[:SS[.fraction]]`` with
    any number of fractional digits (beyond six they are cut, as
    ``datetime.fromisoformat`` does on Python 3.11+), and ``Z``, ``+hh:mm``,
    ``-hhmm`` or ``+hh``. Without an offset the time is UTC, as AWS means it.
    """
    found = _ISO_8601.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"not an ISO 8601 timestamp: {text!r}")
    year, month, day, hour, minute, second, fraction, sign, off_h, off_m = found.groups()
    tz = timezone.utc
    if sign is not None:
        offset = timedelta(hours=int(off_h), minutes=int(off_m or 0))
        tz = timezone(-offset if sign == "-" else offset)
    return datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        int((fraction or "0")[:6].ljust(6, "0")),
        tzinfo=tz,
    )


def _structure_datetime(value: Any, _: type) -> datetime:
    # botocore hands over datetimes; numbers and ISO strings are accepted for
    # data that did not come through botocore. Naive times are UTC, as AWS means.
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, str):
        return parse_timestamp(value)
    raise TypeError(f"expected a timestamp, got {type(value).__name__}")


def _structure_enum(value: Any, cls: type[ServiceEnum]) -> ServiceEnum:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return cls(value)


def _structure_metadata(value: Any, _: type) -> ResponseMetadata:
    if not isinstance(value, Mapping):
        raise TypeError("expected a mapping")
    return ResponseMetadata(
        request_id=value.get("RequestId"),
        http_status_code=value.get("HTTPStatusCode"),
        retry_attempts=value.get("RetryAttempts", 0),
        idempotency_token=value.get("SdkIdempotencyToken"),
    )


def _enum_value(member: ServiceEnum | str) -> str:
    # A plain string where a model declares an enum is sent as it is.
    return str(member.value) if isinstance(member, ServiceEnum) else str(member)


# Reading hooks by class, looked up along a type's MRO: so a generated enum (a
# str) finds the enum hook first, a bool the bool hook, and ResponseMetadata
# (an attrs class) its own hook before the attrs one. Strict on types: cattrs'
# own primitive hooks coerce (str(5) == "5").
_BY_CLASS: Final[Mapping[type, Callable[[Any, Any], Any]]] = {
    str: _structure_str,
    int: _structure_int,
    bool: _structure_bool,
    float: _structure_float,
    datetime: _structure_datetime,
    ServiceEnum: _structure_enum,
    ResponseMetadata: _structure_metadata,
}


# What reading bad wire data raises, and nothing else is caught as such: the
# hooks' TypeError (wrong type), ValueError (a malformed timestamp; attrs
# validators), KeyError (a required member missing), and OverflowError or
# OSError from datetime.fromtimestamp (an epoch out of range; OSError on some
# platforms). Anything else (AttributeError, ZeroDivisionError, ...) is a bug
# and propagates as itself.
_BAD_DATA: Final[tuple[type[Exception], ...]] = (
    TypeError,
    ValueError,
    KeyError,
    OverflowError,
    OSError,
)


def _bad_data_errors() -> tuple[type[Exception], ...]:
    """:data:`_BAD_DATA`, plus cattrs' ForbiddenExtraKeysError once cattrs is loaded.

    Strict reading raises that one (from the compiled readers or from cattrs),
    importing cattrs to do so: while cattrs is not loaded it cannot have been
    raised, and checking for it must not load cattrs. Its validation errors
    (``BaseValidationError`` and subclasses) need ``detailed_validation``, which
    the SDK's cattrs converter turns off; ``StructureHandlerNotFoundError``
    means a type nothing can read, a bug rather than bad data.
    """
    cattrs_errors = sys.modules.get("cattrs.errors")
    if cattrs_errors is None:
        return _BAD_DATA
    forbidden: type[Exception] = cattrs_errors.ForbiddenExtraKeysError
    return (*_BAD_DATA, forbidden)


class ModelConverter:
    """Wire dict -> model and model -> wire dict.

    Reading goes through this class's own hooks (:meth:`hook`); writing, and
    reading a type those do not cover, through a ``cattrs.Converter`` set up
    with the same hooks and built on first use.

    Safe to share between threads: hooks are built on a type's first
    conversion and cached; two threads racing on the same type may both build
    one, and either result is correct.
    """

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self._functions: dict[
            type, tuple[Callable[[Any, Any], Any], Callable[[Any], tuple[Any, ...]]]
        ] = {}
        self._hooks: dict[Any, Callable[[Any, Any], Any]] = {}
        self._cattrs_converter: cattrs.Converter | None = None
        self._cattrs_lock = threading.Lock()

    @property
    def _cattrs(self) -> cattrs.Converter:
        """The cattrs converter, built on first use (writing, or an unusual type)."""
        found = self._cattrs_converter
        if found is None:
            with self._cattrs_lock:
                found = self._cattrs_converter
                if found is None:
                    found = self._cattrs_converter = self._make_cattrs()
        return found

    def _make_cattrs(self) -> cattrs.Converter:
        import cattrs

        c = cattrs.Converter(forbid_extra_keys=self.strict, detailed_validation=False)
        # The reading hooks of hook(), registered the same way: by class
        # (singledispatch, which cattrs asks first), then by predicate.
        for tp, hook in _BY_CLASS.items():
            c.register_structure_hook(tp, hook)
        c.register_unstructure_hook(datetime, lambda v: v)
        c.register_unstructure_hook(ServiceEnum, _enum_value)
        c.register_structure_hook_factory(attrs.has, self._structure_factory)
        c.register_unstructure_hook_factory(attrs.has, self._unstructure_factory)
        c.register_structure_hook_factory(_is_mapping_type, self._mapping_factory)
        c.register_structure_hook_factory(_is_tuple_type, self._tuple_factory)
        return c

    def hook(self, tp: Any) -> Callable[[Any, Any], Any]:
        """The function reading a wire value into ``tp`` (called as ``hook(value, tp)``).

        The class hooks above along the MRO, then the compiled reader of an
        attrs class, then tuples and maps of those; any other type is cattrs'
        (set up with the same hooks).
        """
        found = self._hooks.get(tp)
        if found is None:
            found = self._hooks[tp] = self._make_hook(tp)
        return found

    def _make_hook(self, tp: Any) -> Callable[[Any, Any], Any]:
        if typing.get_origin(tp) is None and isinstance(tp, type):
            for klass in tp.__mro__:
                by_class = _BY_CLASS.get(klass)
                if by_class is not None:
                    return by_class
            if attrs.has(tp):
                return self._structure_factory(tp)
        elif _is_tuple_type(tp):
            return self._tuple_factory(tp)
        elif _is_mapping_type(tp):
            return self._mapping_factory(tp)
        return self._cattrs.get_structure_hook(tp)

    def _structure_any(self, data: Any, tp: Any) -> Any:
        return self.hook(tp)(data, tp)

    # -- hook factories (each runs once per type) ------------------------------

    def _structure_factory(self, cls: type) -> Callable[[Any, Any], Any]:
        return self._compiled(cls)[0]

    def _many(self, cls: type) -> Callable[[Any], tuple[Any, ...]]:
        return self._compiled(cls)[1]

    def _compiled(
        self, cls: type
    ) -> tuple[Callable[[Any, Any], Any], Callable[[Any], tuple[Any, ...]]]:
        fns = self._functions.get(cls)
        if fns is None:
            # No lock: threads meeting a class at once may each build its
            # functions; every build is equivalent, and the last one stays.
            fns = make_structure_fn(
                cls, self.hook, _wire_names(cls), strict=self.strict, many_of=self._many
            )
            self._functions[cls] = fns
        return fns

    def _unstructure_factory(self, cls: type) -> Callable[[Any], Any]:
        from cattrs.gen import make_dict_unstructure_fn, override

        overrides: dict[str, Any] = {f: override(rename=w) for f, w in _wire_names(cls).items()}
        if "response_metadata" in overrides:
            overrides["response_metadata"] = override(omit=True)
        return make_dict_unstructure_fn(
            cls, self._cattrs, _cattrs_omit_if_default=True, **overrides
        )

    def _mapping_factory(self, tp: Any) -> Callable[[Any, Any], Any]:
        key_type, value_type = typing.get_args(tp)
        key_hook = self.hook(key_type)
        value_hook = self.hook(value_type)

        def structure_mapping(value: Any, _: Any) -> Mapping[Any, Any]:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected a mapping, got {type(value).__name__}")
            return FrozenDict._adopt(
                {key_hook(k, key_type): value_hook(v, value_type) for k, v in value.items()}
            )

        return structure_mapping

    def _tuple_factory(self, tp: Any) -> Callable[[Any, Any], Any]:
        (item_type, _) = typing.get_args(tp)
        item_hook = self.hook(item_type)

        def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
            if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            return tuple([item_hook(v, item_type) for v in value])

        return structure_tuple

    # -- public API -------------------------------------------------------------

    def structure(self, data: Any, cls: type[T]) -> T:
        """Build ``cls`` from a wire dict; raise ResponseParseError naming the bad field."""
        try:
            structured: T = self._structure_any(data, cls)
            return structured
        except _bad_data_errors() as exc:  # evaluated only when something was raised
            path, reason = self._locate(data, cls, "$")
            raise ResponseParseError(shape=cls.__name__, path=path, reason=reason) from exc

    def unstructure(self, obj: Any) -> Any:
        """Turn a model (or a list/map of them, or an enum) into wire form."""
        return self._cattrs.unstructure(obj)

    # -- diagnostics ----------------------------------------------------------------

    def _locate(self, data: Any, tp: Any, path: str) -> tuple[str, str]:
        """Walk ``data`` against ``tp`` to find the first member that fails.

        Only runs after a conversion failed, so the fast path stays free of
        bookkeeping; every step uses this converter's own hooks.
        """
        args = typing.get_args(tp)
        if type(None) in args and len(args) == 2:
            if data is None:
                return path, "does not fit the model"
            tp = next(a for a in args if a is not type(None))  # X | None: look inside X
        if attrs.has(tp):
            if not isinstance(data, Mapping):
                return path, f"expected an object, got {type(data).__name__}"
            hints = _type_hints(tp)
            wire = _wire_names(tp)
            for field in attrs.fields(tp):
                key = wire.get(field.name, field.name)
                if key not in data:
                    if field.default is attrs.NOTHING:
                        return f"{path}.{key}", "required member missing"
                    continue
                found = self._first_failure(data[key], hints[field.name], f"{path}.{key}")
                if found:
                    return found
            if self.strict:
                extra = sorted(set(data) - set(wire.values()))
                if extra:
                    return f"{path}.{extra[0]}", "member not in the model (strict mode)"
            return path, "does not fit the model"
        if _is_tuple_type(tp):
            (item_type, _) = typing.get_args(tp)
            if isinstance(data, list | tuple):
                for i, item in enumerate(data):
                    found = self._first_failure(item, item_type, f"{path}[{i}]")
                    if found:
                        return found
            return path, f"expected a list, got {type(data).__name__}"
        if _is_mapping_type(tp):
            key_type, value_type = typing.get_args(tp)
            if isinstance(data, Mapping):
                for k, v in data.items():
                    found = self._first_failure(k, key_type, f"{path}<key {k!r}>")
                    found = found or self._first_failure(v, value_type, f"{path}[{k!r}]")
                    if found:
                        return found
            return path, f"expected a mapping, got {type(data).__name__}"
        try:
            self._structure_any(data, tp)
        except _bad_data_errors() as exc:
            return path, str(exc) or type(exc).__name__
        return path, "does not fit the model"

    def _first_failure(self, data: Any, tp: Any, path: str) -> tuple[str, str] | None:
        try:
            self._structure_any(data, tp)
        except _bad_data_errors():
            return self._locate(data, tp, path)
        return None


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


_converters: dict[bool, ModelConverter] = {}
_converters_lock = threading.Lock()


def converter(strict: bool = False) -> ModelConverter:
    """The shared lenient (default) or strict converter, built on first use."""
    found = _converters.get(strict)
    if found is None:
        with _converters_lock:
            found = _converters.get(strict)
            if found is None:
                found = _converters[strict] = ModelConverter(strict=bool(strict))
    return found


def structure(data: Mapping[str, Any], cls: type[T], *, strict: bool = False) -> T:
    """Build the model ``cls`` from a boto3-style dict (PascalCase keys).

    The dict has the shape boto3 returns or takes: ``structure(boto3_response,
    DescribeRecordOutput)``, ``structure(event["detail"], RecordDetail)``.
    Timestamps may be datetimes, epoch seconds or ISO 8601 strings; unknown
    enum values become pseudo-members. Unknown keys are ignored, or with
    ``strict=True`` rejected. Anything that does not fit raises
    :class:`~servicecatalog_sdk.errors.ResponseParseError` naming where.
    """
    return converter(strict).structure(data, cls)


def unstructure(obj: Any) -> Any:
    """A model (or a list or map of models) as the dict boto3 takes and returns.

    PascalCase keys, enums as their strings, datetimes as datetimes; members
    left unset (``None``, empty lists and maps) are omitted, as boto3 omits
    absent ones. ``response_metadata`` is not part of the result.
    """
    return converter().unstructure(obj)
