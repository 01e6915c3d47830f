"""The CLI's parts on their own: durations, progress display, JSON, the real client factory."""

from __future__ import annotations

import argparse
import io
import json
import logging
import subprocess
import sys
import warnings
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.cli import EXIT_API_ERROR, EXIT_OK, ClientOptions, main
from servicecatalog_sdk.cli._output import Console, to_json
from servicecatalog_sdk.cli._parser import parse_duration
from servicecatalog_sdk.cli._progress import Progress, format_elapsed
from servicecatalog_sdk.cli._run import default_client_factory
from servicecatalog_sdk.models import ProvisioningParameter, RecordStatus
from tests.waiters.waiter_helpers import FakeTime, record


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("30s", 30), ("45m", 2700), ("1h", 3600), ("1h30m", 5400), ("1.5m", 90)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "-5", "5x", "m", "1h 2d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_duration(text)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _progress(stderr: io.StringIO, fake_time: FakeTime) -> Progress:
    return Progress(
        Console(io.StringIO(), stderr),
        "record rec-1",
        status_of=str,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    )


def test_live_progress_line_on_a_terminal() -> None:
    stderr, fake_time = _Terminal(), FakeTime()
    progress = _progress(stderr, fake_time)

    progress.on_poll("IN_PROGRESS")
    progress.sleep(2.5)  # redrawn every second while sleeping
    progress.on_poll("SUCCEEDED")
    progress.finish()

    text = stderr.getvalue()
    assert "\n" not in text  # one line, redrawn in place
    frames = [f for f in text.split("\r\x1b[K") if f]
    assert frames[0] == "waiting for record rec-1: IN_PROGRESS (elapsed 0s, 1 poll)"
    assert "elapsed 2s" in frames[-2]
    assert frames[-1] == "waiting for record rec-1: SUCCEEDED (elapsed 2s, 2 polls)"
    assert fake_time.sleeps == [1.0, 1.0, 0.5]


def test_plain_progress_lines_in_a_log() -> None:
    stderr, fake_time = io.StringIO(), FakeTime()
    progress = _progress(stderr, fake_time)

    for _ in range(3):
        progress.on_poll("IN_PROGRESS")
        progress.sleep(25)
    progress.on_poll("IN_PROGRESS")  # 75 s in: a "still waiting" line
    progress.on_poll("SUCCEEDED")
    progress.finish()

    lines = stderr.getvalue().splitlines()
    assert [line.split(": ")[1].split(" ")[0] for line in lines] == [
        "IN_PROGRESS",
        "IN_PROGRESS",
        "SUCCEEDED",
    ]
    assert "1m15s" in lines[1]


def test_elapsed_format() -> None:
    assert [format_elapsed(s) for s in (0, 59, 65, 3600 + 61)] == ["0s", "59s", "1m05s", "1h01m01s"]


def test_json_redacts_secret_members() -> None:
    data = json.loads(
        to_json([ProvisioningParameter(key="Password", value="hunter22"), RecordStatus.FAILED])
    )
    assert data == [{"key": "Password", "value": "***"}, "FAILED"]


class _Collect(logging.Handler):
    """A host program's handler: keeps what it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _logging_and_warnings() -> tuple[object, ...]:
    sdk = logging.getLogger("servicecatalog_sdk")
    root = logging.getLogger()
    return (
        sdk.level,
        tuple(sdk.handlers),
        sdk.propagate,
        sdk.disabled,
        root.level,
        tuple(root.handlers),
        tuple(warnings.filters),
    )


def test_main_as_a_function_leaves_logging_and_warnings_as_they_were(
    raw_client: Any, stubber: Stubber, capsys: pytest.CaptureFixture[str]
) -> None:
    sdk = logging.getLogger("servicecatalog_sdk")
    host = _Collect()
    host_records = host.records
    saved = (sdk.level, sdk.propagate)
    # A host program's own setup of the SDK's logger.
    sdk.addHandler(host)
    sdk.setLevel(logging.ERROR)
    during: list[tuple[object, ...]] = []

    def factory(_: ClientOptions) -> ServiceCatalogClient:
        during.append(_logging_and_warnings())
        return ServiceCatalogClient(raw_client, strict=True)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            before = _logging_and_warnings()
            stubber.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
            stubber.add_response("describe_record", record("SUCCEEDED"), {"Id": "rec-1"})
            stubber.add_client_error("describe_record", "AccessDeniedException", "no", 400)
            fake_time = FakeTime()
            ok, denied = (
                main(argv, client_factory=factory, clock=fake_time.clock, sleep=fake_time.sleep)
                for argv in (["--debug", "wait", "record", "rec-1"], ["wait", "record", "rec-1"])
            )
            after = _logging_and_warnings()
            sdk.error("the host's log line")
    finally:
        sdk.removeHandler(host)
        sdk.setLevel(saved[0])
        sdk.propagate = saved[1]

    assert (ok, denied) == (EXIT_OK, EXIT_API_ERROR)
    # While it ran, the CLI had its own handler, level and filters ...
    assert all(state != before for state in during)
    assert "info: record rec-1: IN_PROGRESS" in capsys.readouterr().err
    assert host_records == [host_records[-1]]  # the CLI's lines went to its console only
    # ... and after each run the host's setup is back, untouched.
    assert after == before
    assert host_records[-1].getMessage() == "the host's log line"


def test_default_factory_builds_a_configured_client() -> None:
    sc = default_client_factory(
        ClientOptions(region="eu-west-1", endpoint_url="http://127.0.0.1:9")
    )
    assert sc.raw.meta.region_name == "eu-west-1"
    assert sc.raw.meta.endpoint_url == "http://127.0.0.1:9"


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "servicecatalog_sdk", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0
    # The epilog lists every exit code a script can see.
    epilog = " ".join(done.stdout[done.stdout.index("exit codes") :].split())
    for code in ("0 success", "1 the change failed", "2 usage error", "3 timed out"):
        assert code in epilog
    assert "4 AWS API error, 5 local AWS configuration problem" in epilog
