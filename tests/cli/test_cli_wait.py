"""Exit codes and output of ``wait``, proven through main() with Stubber-backed clients."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk.cli import (
    EXIT_API_ERROR,
    EXIT_CHANGE_FAILED,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    ClientOptions,
)
from servicecatalog_sdk.waiters import NOT_FOUND_RETRIES
from tests.waiters.waiter_helpers import product, product_detail, record

from .conftest import Result

Cli = Callable[..., Result]
REC = {"Id": "rec-1"}
PP = {"Id": "pp-1"}


def test_wait_record_succeeds(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("describe_record", record("IN_PROGRESS"), REC)
    stubber.add_response(
        "describe_record", record("SUCCEEDED", outputs=[("Url", "https://x")]), REC
    )

    result = cli("wait", "record", "rec-1")

    assert result.code == EXIT_OK
    assert "SUCCEEDED" in result.out
    assert "Url = https://x" in result.out
    # Not a terminal: plain progress lines, one per status change.
    progress = result.err.splitlines()
    assert len(progress) == 2
    assert "IN_PROGRESS" in progress[0]
    assert "SUCCEEDED" in progress[1]


def test_wait_record_json_parses(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("describe_record", record("SUCCEEDED"), REC)

    # Global options work after the subcommand too.
    result = cli("wait", "record", "rec-1", "--json")

    assert result.code == EXIT_OK
    data = json.loads(result.out)
    assert data["record_detail"]["status"] == "SUCCEEDED"
    assert data["record_detail"]["created_time"] == "2024-05-01T12:00:00+00:00"


def test_wait_record_failed_exits_1_with_one_line(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("describe_record", record("CREATED"), REC)
    stubber.add_response(
        "describe_record",
        record("FAILED", errors=[("InvalidTemplate", "bad"), ("StackRollback", "rolled back")]),
        REC,
    )

    result = cli("--json", "wait", "record", "rec-1")

    assert result.code == EXIT_CHANGE_FAILED
    error = [line for line in result.err.splitlines() if "error:" in line]
    assert len(error) == 1
    assert "InvalidTemplate" in error[0]
    assert "StackRollback" in error[0]
    assert "Traceback" not in result.err
    # --json still gives jq the final record.
    assert json.loads(result.out)["status"] == "FAILED"


def test_wait_record_times_out_with_exit_3(cli: Cli, stubber: Stubber) -> None:
    for _ in range(20):
        stubber.add_response("describe_record", record("IN_PROGRESS"), REC)

    result = cli("--timeout", "30s", "wait", "record", "rec-1")

    assert result.code == EXIT_TIMEOUT
    assert "timed out" in result.err
    assert "IN_PROGRESS" in result.err.splitlines()[-1]


def test_wait_record_not_found_exits_4(cli: Cli, stubber: Stubber) -> None:
    for _ in range(NOT_FOUND_RETRIES + 1):
        stubber.add_client_error("describe_record", "ResourceNotFoundException", "no rec-1", 400)

    result = cli("wait", "record", "rec-1")

    assert result.code == EXIT_API_ERROR
    assert "ResourceNotFoundException" in result.err
    assert "Traceback" not in result.err


def test_access_denied_exits_4_and_debug_shows_the_traceback(cli: Cli, stubber: Stubber) -> None:
    stubber.add_client_error("describe_record", "AccessDeniedException", "not allowed", 400)
    stubber.add_client_error("describe_record", "AccessDeniedException", "not allowed", 400)

    quiet = cli("wait", "record", "rec-1")
    loud = cli("--debug", "wait", "record", "rec-1")

    assert quiet.code == loud.code == EXIT_API_ERROR
    assert "Traceback" not in quiet.err
    assert "AccessDeniedException" in quiet.err
    assert "Traceback" in loud.err


@pytest.mark.parametrize(
    "argv",
    [
        (),
        ("wait",),
        ("wait", "provisioned-product"),
        ("wait", "provisioned-product", "--id", "pp-1", "--name", "db"),
        ("--timeout", "soon", "wait", "record", "rec-1"),
        ("--timeout", "0", "wait", "record", "rec-1"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2(cli: Cli, argv: tuple[str, ...]) -> None:
    result = cli(*argv)

    assert result.code == EXIT_USAGE
    # One line on stderr: the cause, and where the full usage is.
    assert result.err.count("\n") == 1
    assert result.err.startswith("servicecatalog-sdk: error: ")
    assert "--help" in result.err
    assert "Traceback" not in result.err


def test_help_exits_0(cli: Cli) -> None:
    assert cli("--help").code == EXIT_OK


def test_wait_product_tainted_exits_1_unless_accepted(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response(
        "describe_provisioned_product", product("TAINTED", message="rolled back"), PP
    )
    stubber.add_response("describe_provisioned_product", product("TAINTED"), PP)

    tainted = cli("wait", "provisioned-product", "--id", "pp-1")
    accepted = cli("wait", "provisioned-product", "--id", "pp-1", "--accept-tainted")

    assert tainted.code == EXIT_CHANGE_FAILED
    assert "TAINTED" in tainted.err
    assert "rolled back" in tainted.err
    assert accepted.code == EXIT_OK


def test_wait_product_error_exits_1(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("describe_provisioned_product", product("ERROR", message="stack gone"), PP)

    result = cli("wait", "provisioned-product", "--id", "pp-1")

    assert result.code == EXIT_CHANGE_FAILED
    assert "stack gone" in result.err


def test_wait_product_with_record_id_skips_the_stale_state(cli: Cli, stubber: Stubber) -> None:
    by_name = {"Name": "orders-db"}
    stubber.add_response(
        "describe_provisioned_product", product("AVAILABLE", last_record_id="rec-0"), by_name
    )
    stubber.add_response(
        "describe_provisioned_product", product("AVAILABLE", last_record_id="rec-1"), by_name
    )

    result = cli(
        "--json", "wait", "provisioned-product", "--name", "orders-db", "--record-id", "rec-1"
    )

    assert result.code == EXIT_OK
    stubber.assert_no_pending_responses()
    assert json.loads(result.out)["provisioned_product_detail"]["last_record_id"] == "rec-1"


def test_connection_options_reach_the_client_factory(
    cli: Cli, stubber: Stubber, factory_calls: list[ClientOptions]
) -> None:
    stubber.add_response("describe_record", record("SUCCEEDED"), REC)

    cli(
        "--region",
        "eu-west-1",
        "wait",
        "record",
        "rec-1",
        "--profile",
        "ops",
        "--endpoint-url",
        "http://localhost:5000",
    )

    assert factory_calls == [
        ClientOptions(region="eu-west-1", profile="ops", endpoint_url="http://localhost:5000")
    ]


def test_wait_fleet_lists_every_product_and_exits_0(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response(
        "scan_provisioned_products",
        {"ProvisionedProducts": [product_detail("UNDER_CHANGE", pid="pp-1")]},
        {},
    )
    stubber.add_response(
        "scan_provisioned_products",
        {
            "ProvisionedProducts": [
                product_detail("AVAILABLE", pid="pp-1"),
                product_detail("AVAILABLE", pid="pp-2"),
            ]
        },
        {},
    )

    result = cli("wait", "fleet", "pp-1", "pp-2")

    assert result.code == EXIT_OK
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "STATUS", "LAST", "RECORD"]
    assert [line.split()[0] for line in lines[1:]] == ["pp-1", "pp-2"]
    assert "AVAILABLE=" in result.err  # the progress named the statuses


def test_wait_fleet_with_a_tainted_product_exits_1_naming_it(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response(
        "scan_provisioned_products",
        {
            "ProvisionedProducts": [
                product_detail("AVAILABLE", pid="pp-1"),
                product_detail("TAINTED", pid="pp-2"),
            ]
        },
        {},
    )

    result = cli("wait", "fleet", "pp-1", "pp-2", "--json")

    assert result.code == EXIT_CHANGE_FAILED
    assert "pp-2" in result.err
    assert "1 of 2 failed" in result.err
