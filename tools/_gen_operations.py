"""The generator's operations part: the operation table, ``_generated/operations.py``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from _gen_base import GeneratorBase, attr_name, is_enum, notice
from botocore import xform_name
from botocore.model import OperationModel, ServiceModel
from overrides import MAPPING_CONVENIENCE, OPERATIONS, WAITS, Operation

PAGING_FIELDS: Final = (
    "input_token",
    "output_token",
    "result_key",
    "result_attr",
    "limit_key",
    "mode",
    "output_token_attr",
)


class OperationsWriter(GeneratorBase):
    """Paging facts and checks of each operation, and the operation table."""

    def __init__(self, model: ServiceModel) -> None:
        super().__init__(model)
        self.check_overrides()

    def overrides(self, name: str) -> Operation:
        """The hand-curated facts of an operation (none for most)."""
        return OPERATIONS.get(name, Operation())

    def check_overrides(self) -> None:
        """Stop on a mistake in ``overrides.py``: each fact must fit the model.

        A typo there would otherwise be dropped without a word. (An operation
        the table does not name is fine: the model alone describes it.)
        """
        for name, facts in OPERATIONS.items():
            if name not in self.operations:
                raise SystemExit(f"overrides.py: {name!r} is no operation of the model")
            inp = self.model.operation_model(name).input_shape.members
            members = {m for _, group in facts.choices for m in group}
            if members - set(inp):
                raise SystemExit(f"overrides.py: {name}: no member {sorted(members - set(inp))}")
            if facts.waits is not None and facts.waits not in WAITS:
                raise SystemExit(f"overrides.py: {name}: no follow-up {facts.waits!r} in WAITS")
            paging = self.paging(self.model.operation_model(name))
            listed = facts.default_sort is not None or facts.item_key
            if listed and (paging is None or paging["mode"] == "merge"):
                raise SystemExit(f"overrides.py: {name}: default_sort and item_key need a listing")
            sort_by = inp.get("SortBy")
            if facts.default_sort is not None and (
                sort_by is None or (is_enum(sort_by) and facts.default_sort not in sort_by.enum)
            ):
                raise SystemExit(f"overrides.py: {name}: SortBy takes no {facts.default_sort!r}")
            if facts.item_key:
                assert paging is not None
                self.check_item_key(name, paging["result_key"], facts.item_key)

    def check_item_key(self, name: str, result_key: str, path: tuple[str, ...]) -> None:
        shape = self.model.operation_model(name).output_shape.members[result_key].member
        for attr in path:
            found = {attr_name(m): s for m, s in getattr(shape, "members", {}).items()}
            if attr not in found:
                raise SystemExit(f"overrides.py: {name}: item_key {path} has no {attr!r}")
            shape = found[attr]

    def paging(self, op: OperationModel) -> dict[str, str] | None:
        """Paging facts of an operation, or None when it is not paged.

        An output with several lists and no ``paged_member`` in the overrides
        is generated as a plain call, with a notice: never a stop.
        """
        inp, out = op.input_shape, op.output_shape
        if inp is None or out is None:
            return None
        lists = [k for k, v in out.members.items() if v.type_name == "list"]
        if "PageToken" in inp.members:
            token = "NextPageToken" if "NextPageToken" in out.members else "PageToken"
            mode = "merge" if op.name.startswith(("Describe", "Get")) else "items"
        elif op.name.startswith(("List", "Search", "Scan")) and len(lists) == 1:
            token, mode = ("NextPageToken" if "NextPageToken" in out.members else ""), "single"
        else:
            return None
        chosen = self.overrides(op.name).paged_member
        if chosen is not None:
            lists = [chosen]
        if len(lists) != 1:
            notice(
                f"{op.name} pages, but which of its lists {lists} is the paged one? "
                "Generated as a plain call; name it in overrides.py (paged_member)"
            )
            return None
        return {
            "input_token": "PageToken" if mode != "single" else "",
            "output_token": token,
            "result_key": lists[0],
            "result_attr": attr_name(lists[0]),
            "limit_key": "PageSize" if "PageSize" in inp.members else "",
            "mode": mode,
            "output_token_attr": attr_name(token) if token and mode != "single" else "",
        }

    def item_type(self, op: OperationModel, paging: Mapping[str, str]) -> str:
        shape = op.output_shape.members[paging["result_key"]]
        return self.type_of(shape.member)

    @staticmethod
    def member_kinds(op: OperationModel) -> dict[str, str]:
        """Input member -> botocore type name, or the enum class name of a string enum."""
        return {
            name: str(member.name) if is_enum(member) else member.type_name
            for name, member in op.input_shape.members.items()
        }

    @staticmethod
    def min_sizes(op: OperationModel) -> dict[str, int]:
        """The model's ``min`` of the members botocore checks it on: strings, lists, integers.

        Only minimums: patterns and maximum lengths are the service's to judge
        (AWS loosens them over time, and the user's botocore may be newer).
        """
        found: dict[str, int] = {}
        for name, member in op.input_shape.members.items():
            low = member.metadata.get("min")
            if low is None or member.type_name not in ("string", "list", "integer", "long"):
                continue
            if member.type_name in ("string", "list") and not low:
                continue  # a minimum length of 0 checks nothing
            found[name] = int(low)
        return found

    def idempotency_member(self, op: OperationModel) -> str | None:
        if op.input_shape is None:
            return None
        tokens = [
            k for k, v in op.input_shape.members.items() if v.metadata.get("idempotencyToken")
        ]
        return tokens[0] if tokens else None

    def operation_modules(self) -> dict[str, str]:
        """``operations.py``: every operation's spec, and the ``OPERATIONS`` table."""
        lines = [
            '"""The operation table of the Service Catalog API (generated).',
            "",
            "One spec per operation, in name order: the facts the I/O-free core reads",
            "(members and their types, required members, paging, the alternatives a",
            "request must choose between, ...), from botocore's model and",
            "``tools/overrides.py``. Both clients' methods hand their spec to the core.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import TYPE_CHECKING, Any, Final",
            "",
            "from servicecatalog_sdk._operation import OperationSpec, PagedOperationSpec, PagingSpec",
            "",
            "if TYPE_CHECKING:",
        ]
        refs: set[str] = set()
        specs: list[str] = []
        for name in self.operations:
            spec, spec_refs = self.operation_spec(name)
            specs.append(spec)
            refs |= spec_refs
        lines.append(f"    from servicecatalog_sdk.models import {', '.join(sorted(refs))}")
        lines += ["", *specs, ""]
        consts = [xform_name(n).upper() for n in self.operations]
        lines.append(
            "OPERATIONS: Final[dict[str, OperationSpec[Any]]] = {"
            + ", ".join(f"{c}.name: {c}" for c in consts)
            + "}"
        )
        return {"operations.py": "\n".join(lines) + "\n"}

    def operation_spec(self, name: str) -> tuple[str, set[str]]:
        """One operation's spec constant, and the models its annotation names."""
        op = self.model.operation_model(name)
        facts = self.overrides(name)
        const = xform_name(name).upper()
        out = op.output_shape.name
        refs = {out}
        paging = self.paging(op)
        token = self.idempotency_member(op)
        common = (
            f"name={name!r}, method={xform_name(name)!r}, "
            f"input_shape={op.input_shape.name!r}, output_shape={out!r}, "
            f"members={self.member_kinds(op)!r}, "
            f"idempotency_token={token!r}"
        )
        required = tuple(m for m in op.input_shape.required_members if m != token)
        if required:
            common += f", required={required!r}"
        pairs = sorted(
            k
            for k, v in op.input_shape.members.items()
            if v.type_name == "list" and v.member.name in MAPPING_CONVENIENCE
        )
        if pairs:
            common += f", pair_members=frozenset({pairs!r})"
        min_sizes = self.min_sizes(op)
        if min_sizes:
            common += f", min_sizes={min_sizes!r}"
        if facts.choices:
            common += f", choices={facts.choices!r}"
        if paging is None:
            return (
                f"{const}: Final[OperationSpec[{out}]] = OperationSpec({common}, paging=None)",
                refs,
            )
        pspec = ", ".join(f"{k}={v!r}" for k, v in paging.items() if k in PAGING_FIELDS)
        if facts.default_sort is not None:
            pspec += f", default_sort={facts.default_sort!r}"
        if facts.item_key:
            pspec += f", item_key={facts.item_key!r}"
        if paging["mode"] == "merge":
            annotation = f"OperationSpec[{out}]"
            cls = "OperationSpec"
        else:
            item = self.item_type(op, paging)
            refs |= self.referenced(op.output_shape.members[paging["result_key"]].member)
            annotation = f"PagedOperationSpec[{out}, {item}]"
            cls = "PagedOperationSpec"
        return f"{const}: Final[{annotation}] = {cls}({common}, paging=PagingSpec({pspec}))", refs
