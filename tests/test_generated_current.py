"""The committed generated code is what the generator writes with the pinned botocore."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import botocore
import pytest

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


def test_every_operation_has_one_group_and_an_unplaced_one_stops_the_generator() -> None:
    generate = load_generator()
    generator = generate.Generator(generate.load_model())
    placed = [op for ops in generator.groups.values() for op in ops]
    assert sorted(placed) == generator.operations  # each exactly once
    assert all(generator.groups.values())  # no empty group
    assert generate.group_of("ProvisionProduct") == "provisioning"
    assert generate.group_of("ExecuteProvisionedProductServiceAction") == "provisioning"
    assert generate.group_of("ListProvisioningArtifactsForServiceAction") == "governance"
    assert generate.group_of("ListConstraintsForPortfolio") == "governance"
    assert generate.group_of("AssociateProductWithPortfolio") == "portfolios"
    assert generate.group_of("DescribeProvisioningArtifact") == "products"
    with pytest.raises(SystemExit, match="StartWidget"):
        generate.group_of("StartWidget")


def test_no_generated_module_outgrows_the_limit() -> None:
    for folder in ("_generated", "models"):
        for path in (ROOT / "servicecatalog_sdk" / folder).glob("*.py"):
            assert len(path.read_text().splitlines()) <= 1500, path
