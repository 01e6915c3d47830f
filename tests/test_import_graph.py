"""No two modules of the package import each other, directly or round a circle.

The graph is read from the source with ``ast``: an edge is every import a
module makes at run time, at module level or inside a function (a deferred
import is still a dependency, and a circle through one is still a tangle),
plus ``importlib.import_module("servicecatalog_sdk...")`` with a literal name.
Imports under ``if TYPE_CHECKING:`` do not count: they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "servicecatalog_sdk"

# Circles allowed for now, in packages being rewritten by others: the list only
# shrinks (a listed circle that is gone fails the test, so its entry leaves with
# the fix). Each entry is the set of modules of one circle, with who fixes it.
# Empty: the emulator's last one (testing._backend, _organizations, _shares) is gone.
KNOWN_CYCLES: Final[tuple[frozenset[str], ...]] = ()


def package_modules() -> dict[str, Path]:
    """Dotted module name -> source file, for every module of the package."""
    found: dict[str, Path] = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(nodes: list[ast.stmt] | list[ast.AST]) -> Iterator[ast.AST]:
    """Every node under ``nodes``, skipping the bodies of ``if TYPE_CHECKING:``."""
    for node in nodes:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _runtime_nodes(node.orelse)
            continue
        yield node
        yield from _runtime_nodes(list(ast.iter_child_nodes(node)))


def imported_names(name: str, path: Path) -> Iterator[str]:
    """The absolute names a module imports at run time (modules, or module.attribute)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _runtime_nodes(ast.parse(path.read_text()).body):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{base}" if base else anchor
            # A module, or an attribute of one: import_graph() tells which.
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports at run time."""
    modules = package_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_names(name, path):
            if imported in modules:
                targets.add(imported)
            elif imported.rpartition(".")[0] in modules:
                targets.add(imported.rpartition(".")[0])  # module.attribute
        targets.discard(name)
        graph[name] = targets
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def one_circle(graph: Mapping[str, set[str]], component: frozenset[str]) -> list[str]:
    """A concrete circle through ``component``: ``a -> b -> ... -> a``."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & component):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"no circle through {sorted(component)}")


def test_the_package_has_no_import_circles() -> None:
    graph = import_graph()
    assert "servicecatalog_sdk.errors" in graph["servicecatalog_sdk._request"]  # it sees edges
    found = cycles(graph)
    new = [" -> ".join(one_circle(graph, c)) for c in found if c not in KNOWN_CYCLES]
    assert not new, "import circles:\n" + "\n".join(new)
    gone = [sorted(c) for c in KNOWN_CYCLES if c not in found]
    assert not gone, f"fixed: remove from KNOWN_CYCLES: {gone}"


def test_the_check_finds_a_circle_and_names_it() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    assert one_circle(graph, frozenset({"a", "b", "c"})) == ["a", "b", "c", "a"]


def test_deferred_imports_count_and_type_checking_ones_do_not(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "import importlib\n"
        "if TYPE_CHECKING:\n"
        "    from servicecatalog_sdk import client\n"
        "def f():\n"
        "    from servicecatalog_sdk.cli import _context\n"
        "    importlib.import_module('servicecatalog_sdk.demo')\n"
    )
    names = set(imported_names("servicecatalog_sdk.cli.mod", source))
    assert "servicecatalog_sdk.cli._context" in names
    assert "servicecatalog_sdk.demo" in names
    assert "servicecatalog_sdk.client" not in names


def test_the_demo_uses_the_public_api_only() -> None:
    # The demo shows what an application writes: no private module, not even the CLI's.
    tree = ast.parse((ROOT / PACKAGE / "demo.py").read_text())
    imported = {
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE)
    }
    assert f"{PACKAGE}.testing" in imported  # the check sees the demo's imports
    private = sorted(m for m in imported if any(p.startswith("_") for p in m.split(".")))
    assert not private, private
    assert not [m for m in imported if m.split(".")[:2] == [PACKAGE, "cli"]]
