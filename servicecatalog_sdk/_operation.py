"""The shape of one row of the generated operation table."""

from __future__ import annotations

import importlib
from typing import Generic, Literal, TypeVar

import attrs

__all__ = ["OperationSpec", "PagedOperationSpec", "PagingSpec"]

OutT = TypeVar("OutT")
ItemT = TypeVar("ItemT")


@attrs.frozen(kw_only=True)
class PagingSpec:
    """How an operation pages: token members, the paged list, and how we expose it.

    ``mode`` is ``"items"`` (List/Search/Scan: a lazy iterable of items),
    ``"merge"`` (Describe/Get: one output with the paged list merged) or
    ``"single"`` (a List operation that takes no token: one page as items).
    """

    input_token: str
    output_token: str
    result_key: str
    result_attr: str
    limit_key: str
    mode: Literal["items", "merge", "single"]

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


@attrs.frozen(kw_only=True)
class OperationSpec(Generic[OutT]):
    """Facts of one operation; ``OutT`` is its typed output class."""

    name: str
    method: str
    input_shape: str
    output_shape: str
    members: tuple[str, ...]
    idempotency_token: str | None
    paging: PagingSpec | None
    #: List members of Key/Value structures that also take a plain mapping.
    pair_members: frozenset[str] = frozenset()
    _output_class: list[type[OutT]] = attrs.field(factory=list, eq=False, repr=False)

    def output_class(self) -> type[OutT]:
        """The output model class, imported on first use (models load lazily)."""
        if not self._output_class:
            models = importlib.import_module("servicecatalog_sdk.models")
            self._output_class.append(getattr(models, self.output_shape))
        return self._output_class[0]


@attrs.frozen(kw_only=True)
class PagedOperationSpec(OperationSpec[OutT], Generic[OutT, ItemT]):
    """An operation whose items the client iterates; ``ItemT`` types one item."""

    @property
    def page_spec(self) -> PagingSpec:
        """The paging facts (always present for this kind of operation)."""
        assert self.paging is not None
        return self.paging
