"""The generator's operations part: resource groups and the operation tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from _gen_base import MAPPING_CONVENIENCE, GeneratorBase, attr_name, is_enum
from botocore import xform_name
from botocore.model import OperationModel, ServiceModel

# Resource groups of the generated client. Each has its own operation table and
# its own mixin of methods (blocking and asyncio), so no generated file outgrows
# ~1,500 lines. Key -> (class name stem, what the group holds).
GROUPS: Final[Mapping[str, tuple[str, str]]] = {
    "portfolios": ("Portfolio", "portfolios, their principals and products, and sharing"),
    "products": ("Product", "products, their copies and provisioning artifacts"),
    "provisioning": ("Provisioning", "provisioned products, records, plans and launch paths"),
    "governance": ("Governance", "constraints, TagOptions, budgets and service actions"),
}
# Name fragment -> group. The first fragment an operation's name contains decides,
# so order matters: ``ProvisionedProduct`` before ``Product``, ``ServiceAction``
# before ``ProvisioningArtifact``, ``Constraint`` before ``Portfolio``.
GROUP_RULES: Final[tuple[tuple[str, str], ...]] = (
    ("ProvisionedProduct", "provisioning"),
    ("ProvisionProduct", "provisioning"),
    ("Record", "provisioning"),
    ("LaunchPath", "provisioning"),
    ("ProvisioningParameters", "provisioning"),
    ("ServiceAction", "governance"),
    ("TagOption", "governance"),
    ("Budget", "governance"),
    ("Constraint", "governance"),
    ("Portfolio", "portfolios"),
    ("Principal", "portfolios"),
    ("AWSOrganizationsAccess", "portfolios"),
    ("ProvisioningArtifact", "products"),
    ("Product", "products"),
)


def group_of(operation: str) -> str:
    """The resource group of an operation; a new, unplaced operation stops the generator."""
    for fragment, group in GROUP_RULES:
        if fragment in operation:
            return group
    raise SystemExit(f"operation {operation!r} needs a rule in GROUP_RULES")


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
    """Paging facts and checks of each operation, and the per-group operation tables."""

    def __init__(self, model: ServiceModel) -> None:
        super().__init__(model)
        self.groups: dict[str, list[str]] = {group: [] for group in GROUPS}
        for op in self.operations:
            self.groups[group_of(op)].append(op)

    def paging(self, op: OperationModel) -> dict[str, str] | None:
        """Paging facts of an operation, or None when it is not paged."""
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
        if len(lists) != 1:
            raise SystemExit(f"{op.name}: cannot tell the paged member among {lists}")
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
        """``operations.py``, the whole table, merged from one module per group."""
        files = {f"operations_{g}.py": self.operations_module(g) for g in self.groups}
        modules = [f"operations_{g}" for g in self.groups]
        files["operations.py"] = "\n".join(
            [
                '"""The operation table of the Service Catalog API, every group\'s (generated)."""',
                "",
                "from __future__ import annotations",
                "",
                "from typing import Any, Final",
                "",
                f"from servicecatalog_sdk._generated import {', '.join(modules)}",
                "from servicecatalog_sdk._operation import OperationSpec",
                "",
                "OPERATIONS: Final[dict[str, OperationSpec[Any]]] = {"
                + ", ".join(f"**{m}.OPERATIONS" for m in modules)
                + "}",
            ]
        )
        return files

    def operations_module(self, group: str) -> str:
        """One group's operation specs and its ``OPERATIONS`` table."""
        lines = [
            f'"""The operation table of the Service Catalog API: the {group} operations (generated).',
            "",
            f"The operations on {GROUPS[group][1]}.",
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
        for name in self.groups[group]:
            op = self.model.operation_model(name)
            const = xform_name(name).upper()
            out = op.output_shape.name
            refs.add(out)
            paging = self.paging(op)
            common = (
                f"name={name!r}, method={xform_name(name)!r}, "
                f"input_shape={op.input_shape.name!r}, output_shape={out!r}, "
                f"members={self.member_kinds(op)!r}, "
                f"idempotency_token={self.idempotency_member(op)!r}"
            )
            token = self.idempotency_member(op)
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
            if paging and paging["mode"] != "merge":
                item = self.item_type(op, paging)
                refs |= self.referenced(op.output_shape.members[paging["result_key"]].member)
                pspec = ", ".join(f"{k}={v!r}" for k, v in paging.items() if k in PAGING_FIELDS)
                specs.append(
                    f"{const}: Final[PagedOperationSpec[{out}, {item}]] = PagedOperationSpec("
                    f"{common}, paging=PagingSpec({pspec}))"
                )
            else:
                pspec = (
                    "PagingSpec("
                    + ", ".join(f"{k}={v!r}" for k, v in paging.items() if k in PAGING_FIELDS)
                    + ")"
                    if paging
                    else "None"
                )
                specs.append(
                    f"{const}: Final[OperationSpec[{out}]] = OperationSpec({common}, paging={pspec})"
                )
        lines.append(f"    from servicecatalog_sdk.models import {', '.join(sorted(refs))}")
        lines += ["", *specs, ""]
        consts = [xform_name(n).upper() for n in self.groups[group]]
        lines.append(
            "OPERATIONS: Final[dict[str, OperationSpec[Any]]] = {"
            + ", ".join(f"{c}.name: {c}" for c in consts)
            + "}"
        )
        return "\n".join(lines) + "\n"
