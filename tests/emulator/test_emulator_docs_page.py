"""The emulator's operations page is generated from the handler table and kept current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "sc_emulator_docs", ROOT / "tools" / "emulator_docs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_committed_page_is_what_the_handler_table_gives() -> None:
    tool = _tool()
    assert tool.main(["--check"]) == 0, "run: python tools/emulator_docs.py"


def test_rows_come_from_handler_docstrings_and_unserved_operations_are_listed() -> None:
    tool = _tool()

    def describe_thing(backend: Any, params: Any) -> dict[str, Any]:
        """DescribeThing: one ``thing`` | its parts.

        Not this paragraph.
        """
        return {}

    def bare(backend: Any, params: Any) -> dict[str, Any]:
        """DeleteThing."""
        return {}

    describe_thing.__module__ = bare.__module__ = "servicecatalog_sdk.testing._things"
    page = tool.render(
        {"DescribeThing": describe_thing, "DeleteThing": bare},
        ["DeleteThing", "DescribeThing", "ListThings"],
    )
    assert "## Things" in page
    assert "| `DescribeThing` | One `thing` \\| its parts. |" in page
    assert "Not this paragraph" not in page
    assert "| `DeleteThing` | Served from the emulator's state. |" in page
    assert "## Not served yet" in page
    assert "- `ListThings`" in page
