"""Local AWS configuration problems exit 5 with one line; the service refusing stays 4.

These run the CLI's real client factory in an environment with no AWS
configuration at all; nothing reaches the network (the endpoint is a closed
local port, and the instance metadata lookup is switched off).
"""

from __future__ import annotations

import os
from pathlib import Path

import botocore.exceptions
import pytest

from servicecatalog_sdk.cli import EXIT_API_ERROR, EXIT_CONFIG_ERROR, main
from servicecatalog_sdk.cli._run import exit_code_for
from servicecatalog_sdk.errors import TransportError
from tests.waiters.waiter_helpers import FakeTime

#: Nothing listens there: a request that got this far would fail with exit 4.
CLOSED_PORT = "http://127.0.0.1:9"
LAUNCH = ("provision", "--product-id", "prod-1", "--artifact-id", "pa-1", "--name", "orders-db")


@pytest.fixture(autouse=True)
def no_aws_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No AWS_* variables; empty config and credentials files."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    empty = tmp_path / "empty"
    empty.write_text("")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    # botocore's last credential source is the EC2 instance metadata service.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    fake_time = FakeTime()
    code = main(list(argv), clock=fake_time.clock, sleep=fake_time.sleep)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize(
    "command",
    [
        ("wait", "record", "rec-1"),
        # The NoEcho lookup is its first call: the problem is not taken for a
        # missing permission (which would mask every value and go on).
        (*LAUNCH, "--param", "Size=small", "--wait"),
    ],
)
def test_no_credentials_exits_5(
    capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    code, output = _cli(capsys, "--region", "us-east-1", "--endpoint-url", CLOSED_PORT, *command)

    assert code == EXIT_CONFIG_ERROR
    assert output.splitlines() == [
        "servicecatalog-sdk: error: AWS configuration: no AWS credentials found: set "
        "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, configure ~/.aws/credentials or SSO, "
        "or choose a --profile"
    ]


def test_unknown_profile_exits_5(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = _cli(capsys, "--profile", "no-such-profile", "products")

    assert code == EXIT_CONFIG_ERROR
    assert output.count("\n") == 1
    assert "no-such-profile" in output
    assert "Traceback" not in output


def test_no_region_exits_5(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = _cli(capsys, "wait", "record", "rec-1")

    assert code == EXIT_CONFIG_ERROR
    assert output.count("\n") == 1
    assert "no AWS region configured: pass --region or set AWS_REGION" in output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--endpoint-url", "not a url"), "use http:// or https://"),
        (("--endpoint-url", "localhost:4566"), "use http:// or https://"),
        (("--endpoint-url", "ftp://127.0.0.1:21"), "use http:// or https://"),
        (("--endpoint-url", "http://127.0.0.1:99999"), "out of range"),
        (("--endpoint-url", "http://"), "no host"),
        (("--region", "us east 1"), "us east 1"),
    ],
)
def test_a_bad_endpoint_or_region_exits_5(
    capsys: pytest.CaptureFixture[str], options: tuple[str, ...], message: str
) -> None:
    code, output = _cli(capsys, "--region", "us-east-1", *options, "wait", "record", "rec-1")

    assert code == EXIT_CONFIG_ERROR
    assert output.count("\n") == 1
    assert message in output


def test_a_bad_endpoint_from_the_environment_exits_5(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "not a url")

    code, output = _cli(capsys, "--region", "us-east-1", "wait", "record", "rec-1")

    assert code == EXIT_CONFIG_ERROR
    assert "invalid endpoint: Invalid endpoint: not a url" in output


def test_configuration_error_is_found_by_its_cause() -> None:
    # An SDK error that carries botocore's configuration error as its cause.
    wrapped = TransportError("no credentials", operation="DescribeRecord", retryable=False)
    wrapped.__cause__ = botocore.exceptions.NoCredentialsError()
    refused = TransportError("connection refused", operation="DescribeRecord", retryable=True)

    assert exit_code_for(wrapped) == EXIT_CONFIG_ERROR
    assert exit_code_for(refused) == EXIT_API_ERROR
