"""The generator's client part: typed methods and coroutines, per resource group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from _gen_base import API_REF, attr_name
from _gen_operations import GROUPS, OperationsWriter
from botocore import xform_name

# Operations that start something: their methods take ``wait=True``. Each names the
# FollowUp of servicecatalog_sdk/_waiting/_started.py that waits, and what it returns.
WAITABLE: Final[Mapping[str, tuple[str, str]]] = {
    **dict.fromkeys(
        (
            "ProvisionProduct",
            "UpdateProvisionedProduct",
            "TerminateProvisionedProduct",
            "ExecuteProvisionedProductPlan",
            "ExecuteProvisionedProductServiceAction",
            "ImportAsProvisionedProduct",
            "UpdateProvisionedProductProperties",
        ),
        ("RECORD", "DescribeRecordOutput"),
    ),
    "CreateProduct": ("PRODUCT", "DescribeProductAsAdminOutput"),
    "CreateProvisioningArtifact": ("ARTIFACT", "DescribeProvisioningArtifactOutput"),
    "CopyProduct": ("COPY", "DescribeCopyProductStatusOutput"),
    "CreateProvisionedProductPlan": ("PLAN", "DescribeProvisionedProductPlanOutput"),
    **dict.fromkeys(
        ("CreatePortfolioShare", "UpdatePortfolioShare", "DeletePortfolioShare"),
        ("SHARE", "DescribePortfolioShareStatusOutput | None"),
    ),
    "EnableAWSOrganizationsAccess": (
        "ORGANIZATIONS_ENABLED",
        "GetAWSOrganizationsAccessStatusOutput",
    ),
    "DisableAWSOrganizationsAccess": (
        "ORGANIZATIONS_DISABLED",
        "GetAWSOrganizationsAccessStatusOutput",
    ),
}
CORE_IMPORT: Final = "from servicecatalog_sdk._client_core import ClientCore"
FOLLOW_IMPORT: Final = "from servicecatalog_sdk._waiting import _started as _follow"
# The docstring's account of each kind of wait.
FOLLOW_DOCS: Final[Mapping[str, str]] = {
    "RECORD": "the record once the change is done.\n\n"
    "        A failed change raises ``RecordFailedError``.",
    "PRODUCT": "the product once it is ``AVAILABLE``.\n\n"
    "        ``FAILED`` raises ``ProductFailedError``.",
    "ARTIFACT": "the artifact once it is ``AVAILABLE``.\n\n"
    "        ``FAILED`` raises ``ProvisioningArtifactFailedError``.",
    "COPY": "the copy's status once it ``SUCCEEDED``.\n\n"
    "        Its ``target_product_id`` is the new product; ``FAILED`` raises\n"
    "        ``CopyProductFailedError``.",
    "PLAN": "the plan once it is ``CREATE_SUCCESS``.\n\n"
    "        ``CREATE_FAILED`` raises ``ProvisionedProductPlanFailedError``.",
    "SHARE": "the share's status once ``COMPLETED``.\n\n"
    "        A share with an organization node returns a token to wait on; a share\n"
    "        with an account returns none and takes effect at once: then the result is\n"
    "        ``None``. ``COMPLETED_WITH_ERRORS`` and ``ERROR`` raise\n"
    "        ``PortfolioShareFailedError``.",
    "ORGANIZATIONS_ENABLED": "the access status once it is ``ENABLED``.\n\n"
    "        ``UNDER_CHANGE``, and a ``DISABLED`` read from before the change, keep waiting.",
    "ORGANIZATIONS_DISABLED": "the access status once it is ``DISABLED``.\n\n"
    "        ``UNDER_CHANGE``, and an ``ENABLED`` read from before the change, keep waiting.",
}
WAIT_TIMEOUT: Final = "wait_timeout: float | timedelta | None = None"


class MethodsWriter(OperationsWriter):
    """Each group's blocking and asyncio mixins, and the classes composed of them."""

    def client_modules(self) -> dict[str, str]:
        """Each group's mixins (``client_<group>.py``, ``async_<group>.py``), and the
        classes composed of them (``client_methods.py``, ``async_methods.py``)."""
        files: dict[str, str] = {}
        for group in self.groups:
            files.update(self.group_modules(group))
        files["client_methods.py"] = self.composed_module(
            '"""Every typed method of the Service Catalog operations (generated).',
            "GeneratedOperations",
            "Every Service Catalog operation as a keyword-only, typed method.",
            {f"client_{g}": f"{GROUPS[g][0]}Operations" for g in self.groups},
        )
        files["async_methods.py"] = self.composed_module(
            '"""Every typed coroutine of the Service Catalog operations, for asyncio (generated).',
            "AsyncGeneratedOperations",
            "Every Service Catalog operation as a keyword-only, typed coroutine.",
            {f"async_{g}": f"Async{GROUPS[g][0]}Operations" for g in self.groups},
        )
        return files

    @staticmethod
    def composed_module(doc: str, name: str, class_doc: str, mixins: Mapping[str, str]) -> str:
        """A class made of the groups' mixins: the one the client class derives from."""
        lines = [
            doc,
            "",
            "One mixin per resource group (see ``GROUPS`` in ``tools/generate.py``),",
            "so that no generated module grows past ~1,500 lines.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            *[f"from servicecatalog_sdk._generated.{m} import {c}" for m, c in mixins.items()],
            "",
            "",
            f"class {name}({', '.join(mixins.values())}):",
            f'    """{class_doc}"""',
        ]
        return "\n".join(lines) + "\n"

    def group_modules(self, group: str) -> dict[str, str]:
        """``client_<group>.py`` and ``async_<group>.py``: one group's methods."""
        refs: set[str] = set()
        methods: list[str] = []
        # The asyncio client's methods: a second rendering of the same signatures.
        aio: list[str] = []
        for name in self.groups[group]:
            op = self.model.operation_model(name)
            paging = self.paging(op)
            params: list[str] = []
            entries: list[str] = []
            inp = op.input_shape
            token = self.idempotency_member(op)
            for member in sorted(inp.members, key=lambda m: m not in inp.required_members):
                mshape = inp.members[member]
                if paging and member in ("PageToken", paging["limit_key"]):
                    continue
                refs |= self.referenced(mshape)
                ptype = self.param_type_of(mshape)
                arg = attr_name(member)
                if member in inp.required_members and member != token:
                    params.append(f"{arg}: {ptype}")
                else:
                    params.append(f"{arg}: {ptype} | None = None")
                entries.append(f"{member!r}: {arg}")
            const = f"_ops.{xform_name(name).upper()}"
            out = op.output_shape.name
            refs.add(out)
            if paging and paging["limit_key"]:
                params.append("page_size: int | None = None")
                entries.append(f"{paging['limit_key']!r}: page_size")
            if paging and paging["input_token"]:
                # Sent on the first request only: the transport replaces it page by page.
                params.append("starting_token: str | None = None")
                entries.append(f"{paging['input_token']!r}: starting_token")
            request = "{" + ", ".join(entries) + "}"
            if paging and paging["mode"] in ("items", "single"):
                item = self.item_type(op, paging)
                refs |= self.referenced(op.output_shape.members[paging["result_key"]].member)
                params.append("max_items: int | None = None")
                returns = f"PageIterator[{item}, {out}]"
                body = f"return self._paginate({const}, {request}, max_items=max_items)"
                doc = f"``{name}``: every ``{item}`` of every page, fetched lazily."
                if paging["input_token"]:
                    doc += (
                        "\n\n        ``starting_token`` resumes a listing at a page's"
                        " ``next_page_token`` (see ``PageIterator.by_page``)."
                    )
            elif paging:
                returns = out
                body = f"return self._call_merged({const}, {request})"
                doc = (
                    f"``{name}``, with ``{paging['result_attr']}`` merged across all pages"
                    " (from ``starting_token``'s page when given)."
                )
            else:
                returns = out
                body = f"return self._call({const}, {request})"
                doc = f"``{name}``."
            method = xform_name(name)
            link = f"API reference: {API_REF}/API_{name}.html"
            if name in WAITABLE:
                follow, waited = WAITABLE[name]
                refs |= {t for t in waited.split(" | ") if t != "None"}
                methods += self.waitable_method(
                    method, params, out, const, request, link, follow, waited
                )
                aio += self.waitable_method(
                    method, params, out, const, request, link, follow, waited, asyncio=True
                )
                continue
            signature = ", ".join(["self", "*", *params]) if params else "self"
            methods += [
                "",
                f"    def {method}({signature}) -> {returns}:",
                f'        """{doc}\n\n        {link}\n        """',
                f"        {body}",
            ]
            aio += self.async_method(method, signature, returns, body, doc, link)
        stem, title = GROUPS[group]
        head = [
            "",
            "from __future__ import annotations",
            "",
            "from collections.abc import Mapping, Sequence",
            "from datetime import datetime",
            "from datetime import timedelta",
            "from typing import TYPE_CHECKING, Literal, overload",
            "",
            "{base}",
            f"from servicecatalog_sdk._generated import operations_{group} as _ops",
            FOLLOW_IMPORT,
            "",
            "if TYPE_CHECKING:",
            "    from servicecatalog_sdk.pagination import PageIterator",
            f"    from servicecatalog_sdk.models import {', '.join(sorted(refs))}",
            "",
            "",
        ]
        sync = [
            f'"""The {group} operations as typed methods (generated).',
            "",
            f"The operations on {title}.",
            "",
            "Signatures only: every method hands its request to the hand-written",
            "behaviour in :class:`servicecatalog_sdk._client_core.ClientCore`; with",
            "``wait=True``, an operation that starts something hands its output to the",
            "follow-up of :mod:`servicecatalog_sdk._waiting._started` that waits for it.",
            '"""',
            *[line.replace("{base}", CORE_IMPORT) for line in head],
            f"class {stem}Operations(ClientCore):",
            f'    """The operations on {title}, as keyword-only, typed methods."""',
            *methods,
        ]
        return {
            f"client_{group}.py": "\n".join(sync) + "\n",
            f"async_{group}.py": self.async_module(group, head, aio),
        }

    @staticmethod
    def waitable_method(
        method: str,
        params: list[str],
        out: str,
        const: str,
        request: str,
        link: str,
        follow: str,
        waited: str,
        *,
        asyncio: bool = False,
    ) -> list[str]:
        """A change operation with ``wait=``: overloads type the result by ``wait``."""
        lines = MethodsWriter._waitable_lines(
            method, params, out, const, request, link, follow, waited
        )
        if not asyncio:
            return lines
        return [
            line.replace("    def ", "    async def ", 1).replace(
                "return self._call_and_wait(", "return await self._call_and_wait("
            )
            for line in lines
        ]

    @staticmethod
    def async_method(
        method: str, signature: str, returns: str, body: str, doc: str, link: str
    ) -> list[str]:
        """The asyncio rendering of one method: awaited, or an async listing."""
        if body.startswith("return self._paginate("):
            # A listing is not awaited: ``async for`` fetches its pages.
            returns = returns.replace("PageIterator[", "AsyncPageIterator[", 1)
            head = f"    def {method}({signature}) -> {returns}:"
        else:
            head = f"    async def {method}({signature}) -> {returns}:"
            body = body.replace("return self.", "return await self.", 1)
        doc = doc.replace("PageIterator.by_page", "AsyncPageIterator.by_page")
        return ["", head, f'        """{doc}\n\n        {link}\n        """', f"        {body}"]

    @staticmethod
    def async_module(group: str, head: list[str], aio: list[str]) -> str:
        """``async_<group>.py``: the group's coroutines, for ``AsyncServiceCatalogClient``."""
        stem, title = GROUPS[group]
        lines = [
            f'"""The {group} operations as typed coroutines, for asyncio (generated).',
            "",
            f"The operations on {title}.",
            "",
            "The signatures of",
            f":mod:`servicecatalog_sdk._generated.client_{group}`, rendered from the same",
            "operation table: each awaits the hand-written behaviour in",
            ":class:`servicecatalog_sdk._async_core.AsyncClientCore`. Listings return an",
            "``AsyncPageIterator`` (``async for``), not a coroutine.",
            '"""',
        ]
        for line in head:
            if line == "{base}":
                lines.append("from servicecatalog_sdk._async_core import AsyncClientCore")
            elif line.endswith(".pagination import PageIterator"):
                lines.append(line.replace(".pagination import ", "._async_pagination import Async"))
            else:
                lines.append(line)
        lines += [
            f"class Async{stem}Operations(AsyncClientCore):",
            f'    """The operations on {title}, as keyword-only, typed coroutines."""',
            *aio,
        ]
        return "\n".join(lines) + "\n"

    @staticmethod
    def _waitable_lines(
        method: str,
        params: list[str],
        out: str,
        const: str,
        request: str,
        link: str,
        follow: str,
        waited: str,
    ) -> list[str]:
        head = ["self", "*", *params]
        no_wait = ", ".join([*head, "wait: Literal[False] = False", WAIT_TIMEOUT])
        waiting = ", ".join([*head, "wait: Literal[True]", WAIT_TIMEOUT])
        either = ", ".join([*head, "wait: bool = False", WAIT_TIMEOUT])
        return [
            "",
            "    @overload",
            f"    def {method}({no_wait}) -> {out}: ...",
            "",
            "    @overload",
            f"    def {method}({waiting}) -> {waited}: ...",
            "",
            "    @overload",
            f"    def {method}({either}) -> {out} | {waited}: ...",
            "",
            f"    def {method}({either}) -> {out} | {waited}:",
            f'        """``{method}``; with ``wait=True``, {FOLLOW_DOCS[follow]}',
            "",
            "        ``wait_timeout`` bounds the wait (seconds or a timedelta; default 30 minutes).",
            "        A timeout raises ``WaiterTimeoutError`` whose ``started`` is this call's output.",
            "",
            f"        {link}",
            '        """',
            f"        return self._call_and_wait({const}, {request}, follow=_follow.{follow},"
            " wait=wait, timeout=wait_timeout)",
        ]
