"""``tools/test_matrix.sh`` on a machine that lacks an interpreter: loud skip, or fail in CI.

Only the decisions before any venv is built are run here (no interpreter is
found, so nothing is installed): a developer without Python 3.12 is told so
and the run goes on, CI is not allowed to pass without it, and a session name
the script does not know is a usage error.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "test_matrix.sh"


def run_matrix(
    tmp_path: Path, *sessions: str, ci: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The script with no Python 3.12 anywhere it looks (PATH, pyenv)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYENV_ROOT": str(tmp_path / "no-pyenv"),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        ["bash", str(SCRIPT), *sessions],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_missing_interpreter_is_skipped_loudly_on_a_developer_machine(tmp_path: Path) -> None:
    done = run_matrix(tmp_path, "3.12")
    assert done.returncode == 0, done.stderr
    assert "!! SKIPPED 3.12: no Python 3.12 interpreter" in done.stderr
    assert "PYTHON_3_12" in done.stderr  # says how to point it at one
    assert "skipped: 3.12" in done.stdout


def test_a_missing_interpreter_fails_the_run_in_ci(tmp_path: Path) -> None:
    done = run_matrix(tmp_path, "3.12", ci="true")
    assert done.returncode == 1
    assert "ERROR: 3.12: no Python 3.12 interpreter" in done.stderr
    assert "failed: 3.12(no-python)" in done.stdout


def test_ci_false_is_a_developer_machine(tmp_path: Path) -> None:
    done = run_matrix(tmp_path, "3.12", ci="false")
    assert done.returncode == 0
    assert "SKIPPED 3.12" in done.stderr


def test_an_unknown_session_is_a_usage_error(tmp_path: Path) -> None:
    done = run_matrix(tmp_path, "3.9")
    assert done.returncode == 2
    assert "unknown session '3.9'" in done.stderr
