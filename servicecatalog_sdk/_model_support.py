"""Hand-written building blocks the generated models stand on.

The generated modules in :mod:`servicecatalog_sdk.models` hold facts from the
service model; the behaviour they share (forward-compatible enums, the
read-only mapping of map members, redacted reprs) lives here so it is written
once.
"""

from __future__ import annotations

import copy
import enum
import threading
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, Final, TypeVar

__all__ = ["EMPTY_MAPPING", "FrozenDict", "ServiceEnum", "redacted_repr"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V]):
    """The read-only mapping every map member of a model holds.

    Unlike ``types.MappingProxyType`` it pickles, copies and deep-copies, and
    it hashes when its values do (so a model holding one stays hashable). It
    compares equal to any mapping with the same items, ``dict`` included.
    Build one from a mapping or from ``(key, value)`` pairs; it keeps its own
    copy, so changing the source later changes nothing here.
    """

    __slots__ = ("_data", "_hash")

    _data: dict[K, V]
    _hash: int | None

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = (), /) -> None:
        self._data = dict(items)
        self._hash = None

    @classmethod
    def _adopt(cls, data: dict[K, V]) -> FrozenDict[K, V]:
        # The converter's fast path: take a dict nobody else holds, without a copy.
        new: FrozenDict[K, V] = object.__new__(cls)
        new._data = data
        new._hash = None
        return new

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: K, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when it is absent."""
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """A view of the keys."""
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        """A view of the values."""
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        """A view of the ``(key, value)`` pairs."""
        return self._data.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))

    def __copy__(self) -> FrozenDict[K, V]:
        return self  # immutable: a copy would be indistinguishable

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        return type(self)._adopt(copy.deepcopy(self._data, memo))


#: The default of every optional map member: absent means empty, never ``None``.
EMPTY_MAPPING: Final[Mapping[Any, Any]] = FrozenDict()

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
        with _unknown_lock:
            # Read under the lock: a copy read before it could miss (and then
            # drop) a member another thread has just added.
            cache: dict[str, ServiceEnum] = cls.__dict__.get("_sc_unknown_members_", {})
            member = cache.get(value)
            if member is None:
                member = str.__new__(cls, value)
                member._name_ = value
                member._value_ = value
                cache = {**cache, value: member}
                # type.__setattr__ bypasses Enum's guard against reassigning members.
                type.__setattr__(cls, "_sc_unknown_members_", cache)
        return member

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # By value, not by name: unpickling a pseudo-member goes through
        # _missing_ and so returns the cached one (known members: the member).
        return (type(self), (self._value_,))

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
