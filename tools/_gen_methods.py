"""The generator's client part: every operation as a typed method, and as a coroutine."""

from __future__ import annotations

from typing import Final

from _gen_base import API_REF, attr_name
from _gen_operations import OperationsWriter
from botocore import xform_name
from overrides import WAITS

CORE_IMPORT: Final = "from servicecatalog_sdk._client_core import ClientCore"
FOLLOW_IMPORT: Final = "from servicecatalog_sdk._waiting import _started as _follow"
WAIT_TIMEOUT: Final = "wait_timeout: float | timedelta | None = None"


class MethodsWriter(OperationsWriter):
    """The blocking client's methods and the asyncio client's coroutines."""

    def client_modules(self) -> dict[str, str]:
        """``client_methods.py`` and ``async_methods.py``: one class each, every operation.

        One module per flavour, operations in name order: the two render the same
        signatures, and the asyncio one is imported only by the asyncio client.
        """
        refs: set[str] = set()
        methods: list[str] = []
        # The asyncio client's methods: a second rendering of the same signatures.
        aio: list[str] = []
        for name in self.operations:
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
            follow = self.overrides(name).waits
            if follow is not None:
                waited = WAITS[follow].returns
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
            "from servicecatalog_sdk._generated import operations as _ops",
            FOLLOW_IMPORT,
            "",
            "if TYPE_CHECKING:",
            "    from servicecatalog_sdk.pagination import PageIterator",
            f"    from servicecatalog_sdk.models import {', '.join(sorted(refs))}",
            "",
            "",
        ]
        sync = [
            '"""Every Service Catalog operation as a typed method (generated).',
            "",
            "Signatures only: every method hands its request to the hand-written",
            "behaviour in :class:`servicecatalog_sdk._client_core.ClientCore`; with",
            "``wait=True``, an operation that starts something hands its output to the",
            "follow-up of :mod:`servicecatalog_sdk._waiting._started` that waits for it.",
            '"""',
            *[line.replace("{base}", CORE_IMPORT) for line in head],
            "class GeneratedOperations(ClientCore):",
            '    """Every Service Catalog operation as a keyword-only, typed method."""',
            *methods,
        ]
        return {
            "client_methods.py": "\n".join(sync) + "\n",
            "async_methods.py": self.async_module(head, aio),
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
    def async_module(head: list[str], aio: list[str]) -> str:
        """``async_methods.py``: every coroutine, for ``AsyncServiceCatalogClient``."""
        lines = [
            '"""Every Service Catalog operation as a typed coroutine, for asyncio (generated).',
            "",
            "The signatures of :mod:`servicecatalog_sdk._generated.client_methods`,",
            "rendered from the same operation table: each awaits the hand-written behaviour",
            "in :class:`servicecatalog_sdk._async_core.AsyncClientCore`. Listings return an",
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
            "class AsyncGeneratedOperations(AsyncClientCore):",
            '    """Every Service Catalog operation as a keyword-only, typed coroutine."""',
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
            f'        """``{method}``; with ``wait=True``, {_indented(WAITS[follow].doc)}',
            "",
            "        ``wait_timeout`` bounds the wait (seconds or a timedelta; default 30 minutes).",
            "        A timeout raises ``WaiterTimeoutError`` whose ``started`` is this call's output.",
            "",
            f"        {link}",
            '        """',
            f"        return self._call_and_wait({const}, {request}, follow=_follow.{follow},"
            " wait=wait, timeout=wait_timeout)",
        ]


def _indented(doc: str) -> str:
    """A docstring's later lines, indented as a method's docstring."""
    return "\n".join(f"        {line}" if line else "" for line in doc.split("\n")).lstrip()
