"""The generator's models part: ``servicecatalog_sdk/models/``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from _gen_base import GeneratorBase, attr_name, enum_member_name, is_enum, module_of
from botocore.model import StructureShape
from overrides import SECRET_MEMBERS


class ModelsWriter(GeneratorBase):
    """The enum module, one module per structure, and the lazy index."""

    def model_files(self) -> dict[str, str]:
        """Relative path -> text for every file under ``models/``."""
        by_module: dict[str, list[str]] = defaultdict(list)
        for name in self.structures:
            by_module[module_of(name)].append(name)
        files = {"_enums.py": self.enums_module()}
        for module, names in sorted(by_module.items()):
            files[f"{module}.py"] = self.structures_module(module, names)
        files["__init__.py"] = self.models_index(by_module)
        return files

    def enums_module(self) -> str:
        out = [
            '"""Enumerations of the Service Catalog API (generated)."""',
            "",
            "from servicecatalog_sdk._model_support import ServiceEnum",
            "",
            f"__all__ = {self.enums!r}",
        ]
        for name in self.enums:
            shape = self.model.shape_for(name)
            out += [
                "",
                "",
                f"class {name}(ServiceEnum):",
                f'    """Values of ``{name}``; unknown values convert too (see ServiceEnum)."""',
                "",
            ]
            out += [f"    {enum_member_name(v)} = {v!r}" for v in shape.enum]
        return "\n".join(out) + "\n"

    def structures_module(self, module: str, names: list[str]) -> str:
        body: list[str] = []
        needs_datetime = needs_redact = False
        local_refs: set[str] = set()
        foreign: dict[str, set[str]] = defaultdict(set)
        for name in names:
            shape = self.model.shape_for(name)
            assert isinstance(shape, StructureShape)
            members = shape.members
            required = [m for m in members if m in shape.required_members]
            optional = [m for m in members if m not in shape.required_members]
            body += [
                "",
                "",
                "@attrs.frozen(kw_only=True)",
                f"class {name}:",
                f'    """{self.class_doc(name)}"""',
                "",
            ]
            wire = {attr_name(m): m for m in (*required, *optional)}
            if name in self.output_shapes:
                wire["response_metadata"] = "ResponseMetadata"
            body.append(f"    _wire_names: ClassVar[Mapping[str, str]] = {wire!r}")
            body.append("")
            for member in required + optional:
                mshape = members[member]
                annotation = self.type_of(mshape)
                for ref in self.referenced(mshape):
                    target = "_enums" if is_enum(self.model.shape_for(ref)) else module_of(ref)
                    if target == module:
                        local_refs.add(ref)
                    else:
                        foreign[target].add(ref)
                if mshape.type_name == "timestamp":
                    needs_datetime = True
                secret = (name, member) in SECRET_MEMBERS
                needs_redact |= secret
                field = attr_name(member)
                if member in required:
                    default = None
                elif mshape.type_name == "list":
                    default = "()"
                elif mshape.type_name == "map":
                    default = "EMPTY_MAPPING"
                else:
                    annotation = f"{annotation} | None"
                    default = "None"
                if secret:
                    args = ", ".join(
                        x
                        for x in (f"default={default}" if default else "", "repr=redacted_repr")
                        if x
                    )
                    body.append(f"    {field}: {annotation} = attrs.field({args})")
                elif default is None:
                    body.append(f"    {field}: {annotation}")
                else:
                    body.append(f"    {field}: {annotation} = {default}")
            if name in self.output_shapes:
                body.append(
                    "    response_metadata: ResponseMetadata | None = attrs.field("
                    "default=None, eq=False, repr=False)"
                )
            if not members and name not in self.output_shapes:
                body.append("    pass")
        head = [
            f'"""Model ``{", ".join(names)}`` of the Service Catalog API (generated)."""',
            "",
            "from __future__ import annotations",
            "",
        ]
        if needs_datetime:
            head.append("from datetime import datetime")
        head += [
            "from collections.abc import Mapping",
            "from typing import ClassVar",
            "",
            "import attrs",
            "",
        ]
        support = ["EMPTY_MAPPING"]
        if needs_redact:
            support.append("redacted_repr")
        head.append(f"from servicecatalog_sdk._model_support import {', '.join(support)}")
        if any(n in self.output_shapes for n in names):
            head.append("from servicecatalog_sdk._metadata import ResponseMetadata")
        head += ["", f"__all__ = {names!r}"]
        # Cross-module imports stand last: the classes above already exist when a
        # module that imports this one back runs, so import cycles are harmless.
        tail = [""]
        for target, refs in sorted(foreign.items()):
            tail.append(f"from .{target} import {', '.join(sorted(refs))}  # noqa: E402")
        return "\n".join(head + body + tail) + "\n"

    def models_index(self, by_module: Mapping[str, list[str]]) -> str:
        location = {n: "_enums" for n in self.enums}
        for module, names in by_module.items():
            location.update({n: module for n in names})
        names = sorted(location)
        lines = [
            '"""Every model of the Service Catalog API, loaded on first use (generated).',
            "",
            "One frozen, keyword-only attrs class per operation output (``<Operation>Output``)",
            "and per structure nested in a request or a response, and one enum per enum",
            "shape. Requests are the client methods' keyword arguments, so there are no",
            "``<Operation>Input`` classes; service errors are the exceptions in",
            ":mod:`servicecatalog_sdk.errors`.",
            "",
            "``from servicecatalog_sdk.models import RecordDetail`` imports only the module",
            "that defines ``RecordDetail`` (and the modules it refers to), so importing the",
            "package stays cheap while type checkers see every class.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "import importlib",
            "from typing import TYPE_CHECKING, Any",
            "",
            "if TYPE_CHECKING:",
        ]
        by_target: dict[str, list[str]] = defaultdict(list)
        for n in names:
            by_target[location[n]].append(n)
        for target, members in sorted(by_target.items()):
            imports = ", ".join(f"{m} as {m}" for m in members)
            lines.append(f"    from .{target} import {imports}")
        lines += [
            "",
            f"__all__ = {names!r}",
            "",
            f"_LOCATION: dict[str, str] = {location!r}",
            "",
            "",
            "def __getattr__(name: str) -> Any:",
            "    module = _LOCATION.get(name)",
            "    if module is None:",
            '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
            "    value = getattr(importlib.import_module(f'{__name__}.{module}'), name)",
            "    globals()[name] = value",
            "    return value",
            "",
            "",
            "def __dir__() -> list[str]:",
            "    return sorted({*globals(), *__all__})",
        ]
        return "\n".join(lines) + "\n"
