"""Request bodies checked against the operation's input shape before a handler sees them.

AWS's JSON services refuse a member of the wrong JSON type (a list where a string
belongs, a string where a structure belongs) with a 400 ``SerializationException``
before the operation runs, and treat a ``null`` member as absent. Doing the same
here means a handler only ever meets the types the service model promises, so
malformed input from a hand-written client gets a 4xx answer, never a 500.
"""

from __future__ import annotations

import functools
from typing import Any

from ._errors import EmulatorError

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "blob": (str,),
    "integer": (int,),
    "long": (int,),
    "double": (int, float),
    "float": (int, float),
    "boolean": (bool,),
    "timestamp": (int, float, str),
    "structure": (dict,),
    "map": (dict,),
    "list": (list,),
}

_TYPE_NAMES: dict[str, str] = {
    "structure": "an object",
    "map": "an object",
    "list": "a list",
    "boolean": "a boolean",
    "string": "a string",
    "blob": "a string",
    "timestamp": "a timestamp",
}


@functools.lru_cache(maxsize=1)
def _service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("servicecatalog")


def operation_names() -> list[str]:
    """Every operation of the Service Catalog API, as botocore's service model names them."""
    names: list[str] = _service_model().operation_names
    return names


def _wrong(path: str, kind: str) -> EmulatorError:
    # Name the member and the expected type only: the value could be a secret.
    expected = _TYPE_NAMES.get(kind, "a number")
    return EmulatorError("SerializationException", f"{path} must be {expected}.")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _fits(value: object, kind: str) -> bool:
    # bool is an int in Python, but not a number on the wire.
    if isinstance(value, bool) and kind != "boolean":
        return False
    return isinstance(value, _JSON_TYPES.get(kind, (object,)))


def _clean(shape: Any, value: Any, path: str) -> Any:
    kind = shape.type_name
    if not _fits(value, kind):
        raise _wrong(path, kind)
    if kind == "structure":
        return {
            name: _clean(shape.members[name], item, _join(path, name))
            if name in shape.members
            else item  # AWS ignores members it does not know
            for name, item in value.items()
            if item is not None
        }
    if kind == "list":
        return [_clean(shape.member, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if kind == "map":
        return {key: _clean(shape.value, item, _join(path, key)) for key, item in value.items()}
    return value


def checked(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` without ``null`` members; raise SerializationException on a wrong type.

    An operation the service model does not know passes unchanged.
    """
    model = _service_model()
    if operation not in model.operation_names:
        return params
    shape = model.operation_model(operation).input_shape
    if shape is None:
        return params
    cleaned: dict[str, Any] = _clean(shape, params, "")
    return cleaned
