"""Write servicecatalog_sdk's generated code from botocore's Service Catalog model.

    python tools/generate.py            # rewrite the generated files
    python tools/generate.py --check    # exit 1 if the committed files are stale

It reads facts only (shape and member names, types, enum values, required-ness,
idempotency tokens, paging members) and writes:

* ``servicecatalog_sdk/models/_enums.py``: every enum;
* one module per model class (``_record_detail.py``, ``_describe_record_output.py``,
  ...), so importing a model defines only the classes it refers to;
* ``servicecatalog_sdk/models/__init__.py``: the lazy index of every model;
* ``servicecatalog_sdk/_generated/``, per resource group (``GROUPS``, placed by
  ``GROUP_RULES``): the operation table (``operations_<group>.py``), one typed
  method per operation (``client_<group>.py``; those that start something take
  ``wait=True``) and one typed coroutine (``async_<group>.py``);
* ``operations.py``, ``client_methods.py``, ``async_methods.py``: the whole table
  and the client base classes, merged from the groups' parts.

Models are the structures a user reads or passes: every operation's output
and every structure nested in a request or a response. Two kinds of shape
get no model, because a class for them would mislead: an operation's top-level
input (the client methods take keyword arguments; no method accepts an input
object), and the error shapes (``ResourceNotFoundException``, ...), which
:mod:`servicecatalog_sdk.errors` models as real exceptions.

Output goes through the pinned ``ruff format`` so the files are byte-for-byte
reproducible. The parts beside this file: ``_gen_base.py`` (paths, naming,
annotations), ``_gen_models.py``, ``_gen_operations.py`` (resource groups,
operation tables) and ``_gen_methods.py`` (client methods and coroutines).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import botocore
import botocore.session
from botocore.model import ServiceModel

# The generator's parts sit beside this file; tools/ is not on sys.path when a
# test loads this file by its path.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gen_base import GENERATED_DIR, HEADER, MODELS_DIR, ROOT
from _gen_methods import MethodsWriter
from _gen_models import ModelsWriter
from _gen_operations import GROUP_RULES, GROUPS, group_of

__all__ = ["GROUPS", "GROUP_RULES", "Generator", "group_of", "load_model", "main", "stale_files"]


class Generator(ModelsWriter, MethodsWriter):
    """Turns one service model into the text of every generated file."""

    def files(self) -> dict[Path, str]:
        """Every generated file, by absolute path, formatted."""
        version = HEADER.format(version=botocore.__version__)
        raw: dict[Path, str] = {MODELS_DIR / k: v for k, v in self.model_files().items()}
        raw[GENERATED_DIR / "__init__.py"] = '"""Code generated from the service model."""\n'
        for file, text in {**self.operation_modules(), **self.client_modules()}.items():
            raw[GENERATED_DIR / file] = text
        return {path: version + ruff_format(path, text) for path, text in raw.items()}


def ruff_format(path: Path, text: str) -> str:
    """Run the pinned ruff's import sorting and formatter over one file's text."""
    rel = str(path.relative_to(ROOT))
    ruff = [sys.executable, "-m", "ruff"]
    fixed = subprocess.run(
        [*ruff, "check", "--select", "I,F401", "--fix-only", "--stdin-filename", rel, "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return subprocess.run(
        [*ruff, "format", "--stdin-filename", rel, "-"],
        input=fixed,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout


def load_model() -> ServiceModel:
    """Botocore's Service Catalog model, as installed."""
    return botocore.session.get_session().get_service_model("servicecatalog")


def stale_files(files: Mapping[Path, str]) -> list[Path]:
    """Generated files whose committed text differs, plus stray ones."""
    stale = [p for p, text in files.items() if not p.exists() or p.read_text() != text]
    for folder in (MODELS_DIR, GENERATED_DIR):
        stale += [p for p in folder.glob("*.py") if p not in files]
    return sorted(stale)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if files are stale")
    args = parser.parse_args(list(argv) if argv is not None else None)
    files = Generator(load_model()).files()
    if args.check:
        stale = stale_files(files)
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for folder in (MODELS_DIR, GENERATED_DIR):
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.py"):
            if old not in files:
                old.unlink()
    for path, text in files.items():
        path.write_text(text)
    print(f"wrote {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
