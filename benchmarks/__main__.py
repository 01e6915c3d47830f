"""Print the SDK's performance figures, each beside its target, as one JSON object.

Figures: call_ratio_own_client, call_ratio_user_client, convert_vs_floor,
convert_vs_pydantic, import_ms, cold_start, lazy_memory_ratio, waiter, waiter_history,
async_call_ratio_user_client, async_call_ratio_own_client, concurrent_waits.
Progress goes to stderr. ``--quick`` is a smoke run (few repetitions, 10 pages
for the memory figure): its numbers show the benchmark works, not how fast the
SDK is.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any, Final

from benchmarks._timing import Settings, progress
from benchmarks._wire import fake_aws_environment

Section = Callable[[Settings], dict[str, Any]]

#: Every figure with a target, by its path in the JSON object.
TARGETED: Final = (
    "call_ratio_own_client",
    "call_ratio_user_client",
    "convert_vs_floor",
    "import_ms.import",
    "cold_start",
    "lazy_memory_ratio",
    "lazy_memory_ratio.per_object",
    "waiter",
    "waiter_history",
    "async_call_ratio_user_client",
)


def _at(figures: Mapping[str, Any], path: str) -> dict[str, Any] | None:
    found: Any = figures
    for part in path.split("."):
        if not isinstance(found, Mapping) or part not in found:
            return None
        found = found[part]
    return dict(found) if isinstance(found, Mapping) and "met" in found else None


#: Section name -> the figures it prints.
SECTIONS: Final[Mapping[str, tuple[str, ...]]] = {
    "calls": ("call_ratio_own_client", "call_ratio_user_client"),
    "conversion": ("convert_vs_floor", "convert_vs_pydantic"),
    "imports": ("import_ms", "cold_start"),
    "memory": ("lazy_memory_ratio",),
    "waiting": ("waiter",),
    "history": ("waiter_history",),
    "aio": ("async_call_ratio_user_client", "async_call_ratio_own_client", "concurrent_waits"),
}


def _section(name: str) -> Section:
    # Imported here, after the fake AWS environment is in place.
    from benchmarks import aio, calls, conversion, imports, memory, waiting, waiting_history

    runs: dict[str, Section] = {
        "calls": calls.run,
        "conversion": conversion.run,
        "imports": imports.run,
        "memory": memory.run,
        "waiting": waiting.run,
        "history": waiting_history.run,
        "aio": aio.run,
    }
    return runs[name]


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _tree() -> str | None:
    """The commit measured, with ``-dirty`` when the work tree has changes."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "boto3": _version("boto3"),
        "botocore": _version("botocore"),
        "attrs": _version("attrs"),
        "cattrs": _version("cattrs"),
        "pydantic": _version("pydantic"),
        "servicecatalog_sdk": _version("servicecatalog-sdk"),
        "tree": _tree(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a fast smoke run: few repetitions")
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(SECTIONS),
        help="run only this section (repeatable); default: all",
    )
    args = parser.parse_args(argv)
    settings = Settings.make(quick=args.quick)
    fake_aws_environment()
    started = time.perf_counter()
    figures: dict[str, Any] = {}
    for name in args.only or list(SECTIONS):
        figures.update(_section(name)(settings))
    checked: dict[str, dict[str, Any]] = {}
    for path in TARGETED:
        found = _at(figures, path)
        if found is not None:
            checked[path] = found
    report: dict[str, Any] = {
        **figures,
        "summary": {
            "targets_met": sum(1 for f in checked.values() if f.get("met") is True),
            "targets": len(checked),
            "missed": [path for path, f in checked.items() if f.get("met") is False],
        },
        "quick": settings.quick,
        "elapsed_s": round(time.perf_counter() - started, 1),
        "machine": machine(),
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    progress(f"done in {report['elapsed_s']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
