"""A rollout whose process is killed with SIGKILL mid-flight, then resumed: nothing twice."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.rollout._catalog import PRODUCT, ROLE, assert_one_launch_each, make_catalog

A, B = "111111111111", "222222222222"
REGIONS = ["us-east-1", "eu-west-1"]
TARGETS = {(a, r) for a in (A, B) for r in REGIONS}
# Changes stay IN_PROGRESS for this many reads: the apply is mid-flight when killed.
pytestmark = pytest.mark.servicecatalog_emulator(server=True, in_progress_polls=100_000)

pytest.importorskip("dbos")


def _rollout_cli(emulator: ServiceCatalogEmulator, *argv: str, **kwargs: Any) -> Any:
    env = {**os.environ, **emulator.environment()}
    return subprocess.Popen(
        [sys.executable, "-m", "servicecatalog_sdk", "rollout", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _first_submitted(fifo: Path, process: Any, timeout: float = 60.0) -> dict[str, Any]:
    """Read the apply's events (a FIFO, so no polling) until a target was submitted."""
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    buffer = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if not ready:
                assert process.poll() is None, process.communicate()
                continue
            chunk = os.read(fd, 65536)
            if not chunk:  # no writer yet, or it closed: wait for data or the process
                assert process.poll() is None, process.communicate()
                select.select([], [], [], 0.05)
                continue
            buffer += chunk
            for line in buffer.decode().splitlines():
                event = json.loads(line) if line.endswith("}") else {}
                if event.get("event") == "submitted":
                    return event
        raise AssertionError("the apply submitted nothing in time")
    finally:
        os.close(fd)


def test_an_apply_killed_mid_flight_is_finished_by_resume(
    servicecatalog_emulator: ServiceCatalogEmulator, tmp_path: Path
) -> None:
    emulator = servicecatalog_emulator
    make_catalog(emulator, [A, B], REGIONS)
    path = tmp_path / "rollout.json"
    path.write_text(
        json.dumps(
            {
                "product": PRODUCT,
                "version": "v1",
                "name": "vpc-{account}-{region}",
                "parameters": {"CidrBlock": "10.0.0.0/16"},
                "targets": {"accounts": [A, B], "regions": REGIONS},
                "role": ROLE,
                "preferences": {"max_concurrent": 1},
            }
        )
    )
    state = str(tmp_path / "state.db")
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    polls = ("--poll-min", "0.01", "--poll-max", "0.05")
    apply = _rollout_cli(
        emulator, "apply", str(path), "--job", "killed", "--state", state,
        "--events", str(fifo), *polls, cwd=tmp_path,
    )  # fmt: skip
    try:
        submitted = _first_submitted(fifo, apply)
    finally:
        apply.send_signal(signal.SIGKILL)
        apply.communicate(timeout=30)
    assert apply.returncode == -signal.SIGKILL
    assert submitted["record_id"]

    emulator.in_progress_polls = 1  # the changes in flight can end now
    resume = _rollout_cli(emulator, "resume", "killed", "--state", state, "--json", *polls)
    try:
        out, err = resume.communicate(timeout=60)
    finally:
        if resume.poll() is None:  # timed out: leave no process behind
            resume.kill()
            resume.communicate()
    assert resume.returncode == 0, err
    document = json.loads(out)
    assert {(t["account"], t["region"]): t["status"] for t in document["targets"]} == dict.fromkeys(
        TARGETS, "SUCCEEDED"
    )
    submitted_target = next(
        t
        for t in document["targets"]
        if (t["account"], t["region"]) == (submitted["account"], submitted["region"])
    )
    assert submitted_target["record_id"] == submitted["record_id"]  # followed, not re-sent

    assert_one_launch_each(emulator, TARGETS)
