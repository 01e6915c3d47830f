"""Hand-written building blocks the generated models stand on.

The generated modules in :mod:`servicecatalog_sdk.models` hold facts from the
service model; the behaviour they share (forward-compatible enums, the shared
empty mapping, redacted reprs) lives here so it is written once.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

__all__ = ["EMPTY_MAPPING", "ServiceEnum", "redacted_repr"]

#: The default of every optional map member: absent means empty, never ``None``.
EMPTY_MAPPING: Final[Mapping[Any, Any]] = MappingProxyType({})

_REDACTED: Final = "'***'"


def redacted_repr(value: object) -> str:
    """Repr of a secret member: says whether it is set, never what it is."""
    return "None" if value is None else _REDACTED


_unknown_lock = threading.Lock()


class ServiceEnum(str, enum.Enum):
    """Base of every generated enum: a ``str`` whose unknown values still convert.

    AWS adds values over time (``PLAN_IN_PROGRESS``, ``TERRAFORM_CLOUD``, ...). A
    value this SDK does not know becomes a pseudo-member of the same enum class:
    typed as the enum, equal to its raw string, unequal to every known member,
    and reported by :attr:`is_known`. Pseudo-members are cached, so two reads of
    the same new value are the same object.
    """

    @classmethod
    def _missing_(cls, value: object) -> ServiceEnum | None:
        if not isinstance(value, str):
            return None
        cache: dict[str, ServiceEnum] = cls.__dict__.get("_sc_unknown_members_", {})
        with _unknown_lock:
            member = cache.get(value)
            if member is None:
                member = str.__new__(cls, value)
                member._name_ = value
                member._value_ = value
                cache = {**cache, value: member}
                # type.__setattr__ bypasses Enum's guard against reassigning members.
                type.__setattr__(cls, "_sc_unknown_members_", cache)
        return member

    @property
    def is_known(self) -> bool:
        """Whether this value is one this version of the SDK was generated with."""
        return type(self).__members__.get(self._name_) is self

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        if self.is_known:
            return f"<{type(self).__name__}.{self._name_}: {self.value!r}>"
        return f"<{type(self).__name__} unknown value {self.value!r}>"
