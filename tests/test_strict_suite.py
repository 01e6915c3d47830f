"""The suite runs strict: every client a test builds says ``strict=`` itself.

There is no process-wide switch (a strict client never changes a lenient one),
so strictness is per client. This check reads the test sources and names each
``ServiceCatalogClient(...)`` / ``from_session(...)`` call (sync and asyncio)
that leaves ``strict`` to its lenient default. Exempt: calls inside
``pytest.raises`` (they never convert a response), calls whose client is used
only for its ``.raw`` boto3 client or to read its ``.strict`` default, and
calls that pass ``**kwargs`` on.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# typing_checks*.py are read by mypy, never run: they show what user code types as.
SOURCES = sorted(
    [
        *(
            p
            for p in ROOT.joinpath("tests").rglob("*.py")
            if not p.name.startswith("typing_checks")
        ),
        *ROOT.joinpath("examples").glob("test_*.py"),
    ]
)
CLIENTS = frozenset({"ServiceCatalogClient", "AsyncServiceCatalogClient"})


def _builds_a_client(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in CLIENTS
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "from_session"
        and isinstance(func.value, ast.Name)
        and func.value.id in CLIENTS
    )


def _in_pytest_raises(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                expr = item.context_expr
                if isinstance(expr, ast.Call) and ast.unparse(expr.func) == "pytest.raises":
                    return True
    return False


def lenient_clients(source: str) -> list[int]:
    """Line numbers of client constructions that do not pass ``strict``."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not _builds_a_client(node):
            continue
        if any(k.arg in ("strict", None) for k in node.keywords):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.attr in ("raw", "strict"):
            continue
        if not _in_pytest_raises(node, parents):
            found.append(node.lineno)
    return found


def test_the_check_finds_lenient_clients() -> None:
    source = (
        "import pytest\n"
        "a = ServiceCatalogClient(raw)\n"
        "b = ServiceCatalogClient.from_session(region_name='x', strict=True)\n"
        "c = AsyncServiceCatalogClient.from_session()\n"
        "d = ServiceCatalogClient(raw, strict=False)\n"
        "e = ServiceCatalogClient.from_session().raw\n"
        "f = ServiceCatalogClient.from_session().strict\n"
        "with pytest.raises(TypeError):\n"
        "    ServiceCatalogClient(s3)\n"
    )
    assert lenient_clients(source) == [2, 4]


def test_every_client_the_suite_builds_chooses_its_strictness() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in SOURCES
        for line in lenient_clients(path.read_text())
    ]
    assert not offenders, (
        "pass strict=True (or strict=False where a test is about lenient reading): "
        + ", ".join(offenders)
    )
