"""Write servicecatalog_sdk's generated code from botocore's Service Catalog model.

    python tools/generate.py            # rewrite the generated files
    python tools/generate.py --check    # exit 1 if the committed files are stale

It reads facts (shape and member names, types, enum values, required-ness,
idempotency tokens, paging members) from the model, and the facts the model
lacks from ``overrides.py``; it writes:

* ``servicecatalog_sdk/models/_enums.py``: every enum;
* one module per model class (``_record_detail.py``, ``_describe_record_output.py``,
  ...), so importing a model defines only the classes it refers to;
* ``servicecatalog_sdk/models/__init__.py``: the lazy index of every model;
* ``servicecatalog_sdk/_generated/operations.py``: the operation table, one
  ``OperationSpec`` per operation;
* ``servicecatalog_sdk/_generated/client_methods.py``: one typed method per
  operation (those that start something take ``wait=True``), and
  ``async_methods.py``: the same signatures as coroutines.

Models are the structures a user reads or passes: every operation's output
and every structure nested in a request or a response. Two kinds of shape
get no model, because a class for them would mislead: an operation's top-level
input (the client methods take keyword arguments; no method accepts an input
object), and the error shapes (``ResourceNotFoundException``, ...), which
:mod:`servicecatalog_sdk.errors` models as real exceptions.

A new operation in botocore's model needs nothing: it is generated as a plain
call, and the run names it (on stderr) so someone can check whether it needs
facts in ``overrides.py`` (``wait=True``, alternatives, ...).

Output goes through the pinned ``ruff`` (import sorting and ``format``) so the
files are byte-for-byte reproducible. The parts beside this file: ``overrides.py``
(the hand-curated facts), ``_gen_base.py`` (paths, naming, annotations),
``_gen_models.py``, ``_gen_operations.py`` (the operation table) and
``_gen_methods.py`` (client methods and coroutines).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import botocore
import botocore.session
from botocore.model import ServiceModel

# The generator's parts sit beside this file; tools/ is not on sys.path when a
# test loads this file by its path.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gen_base import GENERATED_DIR, HEADER, MODELS_DIR, ROOT, notice
from _gen_methods import MethodsWriter
from _gen_models import ModelsWriter

__all__ = ["Generator", "load_model", "main", "stale_files"]


class Generator(ModelsWriter, MethodsWriter):
    """Turns one service model into the text of every generated file."""

    def files(self) -> dict[Path, str]:
        """Every generated file, by absolute path, formatted."""
        self.announce_new_operations()
        version = HEADER.format(version=botocore.__version__)
        raw: dict[Path, str] = {MODELS_DIR / k: v for k, v in self.model_files().items()}
        raw[GENERATED_DIR / "__init__.py"] = '"""Code generated from the service model."""\n'
        for file, text in {**self.operation_modules(), **self.client_modules()}.items():
            raw[GENERATED_DIR / file] = text
        return {path: version + text for path, text in ruff_format(raw).items()}

    def announce_new_operations(self) -> None:
        """Name the operations the committed table lacks: new in this botocore."""
        table = GENERATED_DIR / "operations.py"
        if not table.exists():
            return
        known = set(re.findall(r'^\s+name="(\w+)",$', table.read_text(), re.M))
        for name in self.operations:
            if known and name not in known:
                notice(
                    f"new operation {name}: generated as a plain call; if it starts "
                    "something to wait for, or takes alternatives, say so in overrides.py"
                )


def ruff_format(files: Mapping[Path, str]) -> dict[Path, str]:
    """The pinned ruff's import sorting and formatter over every file's text.

    Two ruff runs over a scratch copy of the files (at the same paths under the
    scratch root, with this project's settings), not two per file.
    """
    ruff = [sys.executable, "-m", "ruff"]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
        for path, text in files.items():
            copy = root / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(text)
        for command in (["check", "--select", "I,F401", "--fix-only", "-q"], ["format", "-q"]):
            subprocess.run([*ruff, *command, "."], check=True, cwd=root)
        return {path: (root / path.relative_to(ROOT)).read_text() for path in files}


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
