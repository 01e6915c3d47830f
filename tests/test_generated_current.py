"""The committed generated code is what the generator writes with the pinned botocore.

And the generator keeps working on release day: a model with an operation it
has never seen generates, imports and calls, without anyone editing a table.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import botocore
import botocore.loaders
import pytest
from botocore.model import ServiceModel

from servicecatalog_sdk._generated.operations import OPERATIONS

ROOT = Path(__file__).resolve().parent.parent


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sc_generate", ROOT / "tools" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_files_are_current() -> None:
    generate = load_generator()
    files = generate.Generator(generate.load_model()).files()
    stale = generate.stale_files(files)
    assert not stale, f"run `make generate` (botocore {botocore.__version__}): {stale}"


def test_generated_files_hold_no_model_prose() -> None:
    # Documentation strings of the service model must not be copied in.
    generate = load_generator()
    model = generate.load_model()
    doc = model.operation_model("ProvisionProduct").documentation
    sentence = doc.split(".")[0].replace("<p>", "").strip()
    assert len(sentence) > 20
    for path in (ROOT / "servicecatalog_sdk").rglob("*.py"):
        assert sentence not in path.read_text(), path


def test_the_runtime_reads_the_overrides_from_the_operation_table() -> None:
    load_generator()
    overrides: Any = sys.modules["overrides"]
    for name, facts in overrides.OPERATIONS.items():
        spec = OPERATIONS[name]
        assert spec.choices == facts.choices, name
        if spec.paging is not None:
            assert spec.paging.default_sort == facts.default_sort, name
            assert spec.paging.item_key == facts.item_key, name
    assert OPERATIONS["SearchProductsAsAdmin"].paging is not None
    assert OPERATIONS["SearchProductsAsAdmin"].paging.item_key == ("product_view_summary", "id")


def test_a_mistake_in_the_overrides_stops_the_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    generate = load_generator()
    table: Any = sys.modules["_gen_operations"]
    facts = table.Operation(choices=(("exactly one", ("Id", "Nmae")),))
    monkeypatch.setattr(table, "OPERATIONS", {"DescribeProduct": facts})
    with pytest.raises(SystemExit, match="DescribeProduct: no member \\['Nmae'\\]"):
        generate.Generator(generate.load_model())


def _model_with_new_operations() -> dict[str, Any]:
    """botocore's Service Catalog model, plus operations AWS might add tomorrow."""
    raw: dict[str, Any] = copy.deepcopy(
        botocore.loaders.Loader().load_service_model("servicecatalog", "service-2")
    )
    shapes = raw["shapes"]
    raw["operations"]["StartWidgetRollout"] = {
        "name": "StartWidgetRollout",
        "http": {"method": "POST", "requestUri": "/"},
        "input": {"shape": "StartWidgetRolloutInput"},
        "output": {"shape": "StartWidgetRolloutOutput"},
    }
    # A listing with two lists: which one pages is not for the generator to guess.
    raw["operations"]["ListWidgets"] = {
        "name": "ListWidgets",
        "http": {"method": "POST", "requestUri": "/"},
        "input": {"shape": "ListWidgetsInput"},
        "output": {"shape": "ListWidgetsOutput"},
    }
    shapes.update(
        {
            "WidgetMode": {"type": "string", "enum": ["FAST", "CAREFUL"]},
            "WidgetDetail": {
                "type": "structure",
                "members": {"Name": {"shape": "Id"}, "Mode": {"shape": "WidgetMode"}},
            },
            "WidgetDetails": {"type": "list", "member": {"shape": "WidgetDetail"}},
            "StartWidgetRolloutInput": {
                "type": "structure",
                "required": ["WidgetId"],
                "members": {
                    "WidgetId": {"shape": "Id"},
                    "Mode": {"shape": "WidgetMode"},
                    # A member whose snake_case name is a Python keyword.
                    "Global": {"shape": "NullableBoolean"},
                },
            },
            "StartWidgetRolloutOutput": {
                "type": "structure",
                "members": {"RolloutId": {"shape": "Id"}, "Widget": {"shape": "WidgetDetail"}},
            },
            "ListWidgetsInput": {
                "type": "structure",
                "members": {"PageToken": {"shape": "PageToken"}},
            },
            "ListWidgetsOutput": {
                "type": "structure",
                "members": {
                    "Widgets": {"shape": "WidgetDetails"},
                    "Retired": {"shape": "WidgetDetails"},
                    "NextPageToken": {"shape": "PageToken"},
                },
            },
        }
    )
    return raw


_USE_THE_NEW_OPERATIONS = """
import inspect

import boto3
from botocore.stub import Stubber

import servicecatalog_sdk
from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk._generated.async_methods import AsyncGeneratedOperations
from servicecatalog_sdk._generated.operations import OPERATIONS
from servicecatalog_sdk.models import ListWidgetsOutput, StartWidgetRolloutOutput, WidgetMode

assert servicecatalog_sdk.__file__.startswith({root!r}), servicecatalog_sdk.__file__
raw = boto3.client("servicecatalog", region_name="us-east-1")
sc = ServiceCatalogClient(raw, strict=True)
with Stubber(raw) as stub:
    stub.add_response(
        "start_widget_rollout",
        {{"RolloutId": "r-1", "Widget": {{"Name": "w", "Mode": "FAST"}}}},
        {{"WidgetId": "w-1", "Mode": "FAST", "Global": True}},
    )
    stub.add_response("list_widgets", {{"Widgets": [{{"Name": "a"}}], "Retired": []}}, {{}})
    out = sc.start_widget_rollout(widget_id="w-1", mode=WidgetMode.FAST, global_=True)
    widgets = sc.list_widgets()
    stub.assert_no_pending_responses()
assert isinstance(out, StartWidgetRolloutOutput)
assert out.rollout_id == "r-1"
assert out.widget is not None and out.widget.mode is WidgetMode.FAST
# The ambiguous listing is one plain call, its output whole.
assert isinstance(widgets, ListWidgetsOutput)
assert [w.name for w in widgets.widgets] == ["a"]
assert OPERATIONS["ListWidgets"].paging is None
assert inspect.iscoroutinefunction(AsyncGeneratedOperations.start_widget_rollout)
print("new operations work")
"""


def test_a_new_operation_generates_imports_and_calls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate = load_generator()
    raw = _model_with_new_operations()
    files = generate.Generator(ServiceModel(raw, service_name="servicecatalog")).files()
    notices = capsys.readouterr().err
    assert "new operation StartWidgetRollout" in notices
    assert "ListWidgets pages, but which of its lists" in notices
    assert "member 'Global' becomes 'global_'" in notices

    # The package, with the generated files written over it, in a scratch folder.
    package = tmp_path / "servicecatalog_sdk"
    shutil.copytree(
        ROOT / "servicecatalog_sdk", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    for path, text in files.items():
        (tmp_path / path.relative_to(ROOT)).write_text(text)
    # botocore reads the extended model from AWS_DATA_PATH, so boto3 knows the operations.
    version = botocore.loaders.Loader().determine_latest_version("servicecatalog", "service-2")
    data = tmp_path / "data" / "servicecatalog" / version
    data.mkdir(parents=True)
    (data / "service-2.json").write_text(json.dumps(raw))

    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_USE_THE_NEW_OPERATIONS.format(root=str(tmp_path)))],
        cwd=tmp_path,
        env={**os.environ, "AWS_DATA_PATH": str(tmp_path / "data"), "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "new operations work"
