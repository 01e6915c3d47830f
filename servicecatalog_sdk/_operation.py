"""The shape of one row of the generated operation table.

Plain slotted classes rather than attrs ones: the table is built when the
client module is imported, and attrs is only needed once the first response
is converted (cattrs only once a model is written into a request).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Generic, Literal, TypeVar

__all__ = ["Choice", "OperationSpec", "PagedOperationSpec", "PagingSpec"]

#: Alternative members of a request: how many of them to give, and which they are.
Choice = tuple[Literal["exactly one", "at most one"], tuple[str, ...]]

OutT = TypeVar("OutT")
ItemT = TypeVar("ItemT")


class PagingSpec:
    """How an operation pages: token members, the paged list, and how we expose it.

    ``mode`` is ``"items"`` (List/Search/Scan: a lazy iterable of items),
    ``"merge"`` (Describe/Get: one output with the paged list merged) or
    ``"single"`` (a List operation that takes no token: one page as items).
    ``default_sort`` and ``item_key`` come from ``tools/overrides.py``.
    """

    __slots__ = (
        "default_sort",
        "input_token",
        "item_key",
        "limit_key",
        "mode",
        "output_token",
        "output_token_attr",
        "result_attr",
        "result_key",
    )

    def __init__(
        self,
        *,
        input_token: str,
        output_token: str,
        result_key: str,
        result_attr: str,
        limit_key: str,
        mode: Literal["items", "merge", "single"],
        output_token_attr: str = "",
        default_sort: str | None = None,
        item_key: tuple[str, ...] = (),
    ) -> None:
        self.input_token = input_token
        self.output_token = output_token
        #: The typed output's attribute holding ``output_token`` ("" when none).
        self.output_token_attr = output_token_attr
        self.result_key = result_key
        self.result_attr = result_attr
        self.limit_key = limit_key
        self.mode = mode
        #: ``SortBy`` of a listing whose caller gives none: without one, results
        #: come back in no stable order, and offset paging can skip or repeat items.
        self.default_sort = default_sort
        #: Attribute path from an item to what identifies it (``("id",)``), for
        #: dropping an item a later page repeats; empty: items are not compared.
        self.item_key = item_key

    def botocore_config(self) -> dict[str, str]:
        """The same facts in the form botocore's ``Paginator`` takes."""
        config = {
            "input_token": self.input_token,
            "output_token": self.output_token,
            "result_key": self.result_key,
        }
        if self.limit_key:
            config["limit_key"] = self.limit_key
        return config

    def __repr__(self) -> str:
        return f"PagingSpec({self.botocore_config()!r}, mode={self.mode!r})"


class OperationSpec(Generic[OutT]):
    """Facts of one operation; ``OutT`` is its typed output class.

    ``members`` maps each input member to botocore's type name for it
    (``"string"``, ``"integer"``, ``"list"``, ...) or, for a string enum, to the
    enum class's name (``"SortOrder"``): what the request builder checks before
    sending, as botocore does (types, required members, minimum sizes), never
    the model's patterns or maximum lengths, which AWS loosens over time.
    ``choices`` come from ``tools/overrides.py``, not from the model.
    """

    __slots__ = (
        "_output_class",
        "choices",
        "idempotency_token",
        "input_shape",
        "members",
        "method",
        "min_sizes",
        "name",
        "output_shape",
        "paging",
        "pair_members",
        "required",
    )

    def __init__(
        self,
        *,
        name: str,
        method: str,
        input_shape: str,
        output_shape: str,
        members: Mapping[str, str],
        idempotency_token: str | None,
        paging: PagingSpec | None,
        pair_members: frozenset[str] = frozenset(),
        required: tuple[str, ...] = (),
        min_sizes: Mapping[str, int] | None = None,
        choices: tuple[Choice, ...] = (),
    ) -> None:
        self.name = name
        self.method = method
        self.input_shape = input_shape
        self.output_shape = output_shape
        self.members = members
        self.idempotency_token = idempotency_token
        self.paging = paging
        #: List members of Key/Value structures that also take a plain mapping.
        self.pair_members = pair_members
        #: Members the model requires (the idempotency token, which the SDK fills, aside).
        self.required = required
        #: The model's ``min``: length of strings and lists, value of integers.
        self.min_sizes: Mapping[str, int] = min_sizes or {}
        #: Alternatives checked before sending (``("exactly one", ("Id", "Name"))``):
        #: the service's own answer to a wrong combination is often vague.
        self.choices = choices
        self._output_class: type[OutT] | None = None

    def output_class(self) -> type[OutT]:
        """The output model class, imported on first use (models load lazily)."""
        if self._output_class is None:
            # Thread-safe without a lock: every thread finds the same class.
            models = importlib.import_module("servicecatalog_sdk.models")
            self._output_class = getattr(models, self.output_shape)
        return self._output_class

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class PagedOperationSpec(OperationSpec[OutT], Generic[OutT, ItemT]):
    """An operation whose items the client iterates; ``ItemT`` types one item."""

    __slots__ = ()

    @property
    def page_spec(self) -> PagingSpec:
        """The paging facts (always present for this kind of operation)."""
        assert self.paging is not None
        return self.paging
