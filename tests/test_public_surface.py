"""The package's public names: what it exports, what the docs import, what importing costs."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import servicecatalog_sdk
from servicecatalog_sdk import errors

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([*(ROOT / "docs" / "pages").rglob("*.md"), ROOT / "README.md"])
# A code line ``from servicecatalog_sdk[.module] import a, b`` (or ``import (\n a,\n b\n)``).
IMPORT = re.compile(
    r"^[ \t]*(?:>>> )?from (servicecatalog_sdk(?:\.\w+)*) import (\([^)]*\)|[\w ,]+$)", re.M
)


def doc_imports() -> dict[str, set[str]]:
    """Module -> the names the docs import from it."""
    found: dict[str, set[str]] = {}
    for page in DOCS:
        for module, names in IMPORT.findall(page.read_text()):
            listed = names.strip("()").split("#")[0]
            found.setdefault(module, set()).update(
                n.split(" as ")[0].strip() for n in listed.split(",") if n.strip()
            )
    return found


def test_every_name_the_docs_import_is_exported_by_its_module() -> None:
    imports = doc_imports()
    assert "ServiceCatalogClient" in imports["servicecatalog_sdk"]  # the scan sees the docs
    for module_name, names in imports.items():
        module = importlib.import_module(module_name)
        public = set(getattr(module, "__all__", ()))
        assert names <= public, (module_name, sorted(names - public))


def test_the_package_exports_every_error_and_warning_class() -> None:
    classes = {n for n in errors.__all__ if inspect.isclass(getattr(errors, n))}
    assert classes == set(errors.__all__) - {"error_class_for"}
    assert classes <= set(servicecatalog_sdk.__all__)
    for name in classes:
        assert getattr(servicecatalog_sdk, name) is getattr(errors, name)


def test_type_checkers_see_exactly_the_lazily_exported_names() -> None:
    tree = ast.parse((ROOT / "servicecatalog_sdk" / "__init__.py").read_text())
    checked = {
        alias.asname
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for stmt in node.body
        if isinstance(stmt, ast.ImportFrom)
        for alias in stmt.names
    }
    assert checked == set(servicecatalog_sdk.__all__) - {"__version__"}
    for name in servicecatalog_sdk.__all__:
        assert getattr(servicecatalog_sdk, name) is not None


def test_importing_the_package_loads_neither_attrs_cattrs_botocore_nor_aiobotocore() -> None:
    heavy = ("attrs", "attr", "cattrs", "botocore", "boto3", "aiobotocore")
    code = (
        "import sys, servicecatalog_sdk;"
        f"heavy = {heavy!r};"
        "assert not [m for m in heavy if m in sys.modules], sorted(sys.modules);"
        "servicecatalog_sdk.ServiceCatalogClient;"
        "servicecatalog_sdk.ProductFailedError;"
        "assert 'aiobotocore' not in sys.modules;"
        "assert 'servicecatalog_sdk._generated.async_methods' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
