"""``tools/test_matrix.sh`` on a machine that lacks an interpreter: loud skip, or fail in CI.

Only the decisions before any venv is built are run here (no interpreter is
found, so nothing is installed): a developer without Python 3.12 is told so
and the run goes on, CI is not allowed to pass without it, and a session name
the script does not know is a usage error. The ``oldest`` session's
constraints (each dependency at its declared lower bound) are generated from a
pyproject.toml the tests write, without installing anything.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
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


def test_oldest_runs_on_python_3_10(tmp_path: Path) -> None:
    done = run_matrix(tmp_path, "oldest")
    assert done.returncode == 0, done.stderr
    assert "!! SKIPPED oldest: no Python 3.10 interpreter" in done.stderr
    assert "skipped: oldest" in done.stdout


def test_the_default_sessions_include_oldest(tmp_path: Path) -> None:
    # PATH has no Python 3.10, 3.12 or 3.13 here: every default session is skipped.
    done = run_matrix(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "skipped: 3.10 3.12 3.13 newest oldest newest-async" in done.stdout


# The oldest session's constraints, generated from a pyproject.toml: run on a copy
# of the script in a directory whose pyproject.toml the test writes.

_AWSCLI_BOTOCORE = re.search(
    r"^OLDEST_AWSCLI_FOR_BOTOCORE=(\S+)$", SCRIPT.read_text(), re.MULTILINE
)
_AWSCLI = re.search(r"^OLDEST_AWSCLI=(\S+)$", SCRIPT.read_text(), re.MULTILINE)


def oldest_constraints(
    tmp_path: Path, dependencies: list[str], extras: dict[str, list[str]]
) -> subprocess.CompletedProcess[str]:
    """``--oldest-constraints`` of a project declaring these requirements."""
    (tmp_path / "tools").mkdir()
    shutil.copy(SCRIPT, tmp_path / "tools" / "test_matrix.sh")
    lines = ["[project]", f"dependencies = {json.dumps(dependencies)}"]
    lines += ["[project.optional-dependencies]"]
    lines += [f"{name} = {json.dumps(reqs)}" for name, reqs in extras.items()]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHON": sys.executable}
    return subprocess.run(
        ["bash", str(tmp_path / "tools" / "test_matrix.sh"), "--oldest-constraints"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_oldest_pins_every_dependency_and_extra_at_its_lower_bound(tmp_path: Path) -> None:
    assert _AWSCLI_BOTOCORE is not None
    assert _AWSCLI is not None
    botocore = _AWSCLI_BOTOCORE.group(1)
    done = oldest_constraints(
        tmp_path,
        [
            "boto3>=1.43,<2",
            f"botocore >= {botocore}, <2",
            "Attrs>=24.1",
            "tenacity<10,>=8.2; python_version >= '3.10'",
        ],
        {
            "testing": ["moto[server,cloudformation,s3]>=5.2.1,<5.3"],
            "async": ["aiobotocore>=3.9.0,<4"],
            # the dev pins are the other sessions' business
            "dev": ["boto3==1.99.0", "pytest==9.2.0"],
        },
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "boto3==1.43",
        f"botocore=={botocore}",
        "attrs==24.1",
        "tenacity==8.2",
        "moto==5.2.1",
        "aiobotocore==3.9.0",
        f"awscli=={_AWSCLI.group(1)}",  # the AWS CLI release of that botocore
    ]


def test_a_dependency_without_a_lower_bound_stops_oldest(tmp_path: Path) -> None:
    assert _AWSCLI_BOTOCORE is not None
    done = oldest_constraints(
        tmp_path, [f"botocore>={_AWSCLI_BOTOCORE.group(1)}", "cattrs<30"], {"dev": []}
    )
    assert done.returncode != 0
    assert "'cattrs<30' declares no single lower bound" in done.stderr
    assert done.stdout == ""


def test_a_botocore_bound_without_its_aws_cli_stops_oldest(tmp_path: Path) -> None:
    done = oldest_constraints(tmp_path, ["botocore>=1.0.1"], {"dev": []})
    assert done.returncode != 0
    assert "botocore's lower bound is 1.0.1" in done.stderr
    assert "OLDEST_AWSCLI" in done.stderr
