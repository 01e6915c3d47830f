"""``servicecatalog-sdk emulator`` / ``python -m servicecatalog_sdk emulator``: a server process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from typing import Any

import boto3
import pytest
from botocore.config import Config

from servicecatalog_sdk.cli import EXIT_USAGE, main

_START_TIMEOUT = 60.0
_STOP_TIMEOUT = 30.0
_COMMAND = (sys.executable, "-m", "servicecatalog_sdk", "emulator")


def _first_line(process: subprocess.Popen[str]) -> str:
    """The process's first line of output, or fail after a bounded wait."""
    lines: list[str] = []
    stdout = process.stdout
    assert stdout is not None
    reader = threading.Thread(target=lambda: lines.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(_START_TIMEOUT)
    if not lines:
        process.kill()
        pytest.fail(f"no endpoint line within {_START_TIMEOUT}s")
    return lines[0].strip()


def _client(endpoint: str) -> Any:
    return boto3.session.Session().client(
        "servicecatalog",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(proxies={}, retries={"max_attempts": 1}),
    )


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_the_command_serves_another_process_and_stops_cleanly(stop_signal: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(
        [*_COMMAND, "--port", "0", "--in-progress-polls", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        endpoint = _first_line(process)
        assert endpoint.startswith("http://127.0.0.1:")
        assert int(endpoint.rsplit(":", 1)[1]) > 0
        sc = _client(endpoint)
        created = sc.create_portfolio(
            DisplayName="served", ProviderName="platform", IdempotencyToken="t-1"
        )
        portfolio_id = created["PortfolioDetail"]["Id"]
        listed = sc.list_portfolios()["PortfolioDetails"]
        assert [p["Id"] for p in listed] == [portfolio_id]
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=_STOP_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=_STOP_TIMEOUT)
    assert process.returncode == 0, err
    assert out.rstrip().endswith("Stopped.")


def test_without_moto_the_command_is_a_usage_error() -> None:
    # moto made unimportable in a fresh interpreter, as without the testing extra.
    script = (
        "import sys; sys.modules['moto'] = None\n"
        "from servicecatalog_sdk.cli import main\n"
        "sys.exit(main(['emulator']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=_STOP_TIMEOUT
    )
    assert done.returncode == EXIT_USAGE
    assert "pip install 'servicecatalog-sdk[testing]'" in done.stderr
    assert done.stdout == ""


def test_bad_options_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["emulator", "--port", "-1"]) == EXIT_USAGE
    assert main(["emulator", "--in-progress-polls", "many"]) == EXIT_USAGE
    assert "emulator" in capsys.readouterr().err
