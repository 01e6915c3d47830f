"""provision, update, terminate, records and products through main(); secrets stay secret."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.stub import ANY, Stubber

from servicecatalog_sdk.cli import (
    EXIT_API_ERROR,
    EXIT_CHANGE_FAILED,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
)
from servicecatalog_sdk.cli._context import Context
from servicecatalog_sdk.cli._output import Console
from servicecatalog_sdk.errors import WaiterTimeoutError
from tests.waiters.waiter_helpers import WHEN, product, product_detail, record

from .conftest import Result

Cli = Callable[..., Result]
SECRET = "S3cr3t-SENTINEL"


def _started(record_id: str = "rec-1", record_type: str = "PROVISION_PRODUCT") -> dict[str, Any]:
    return {
        "RecordDetail": {
            "RecordId": record_id,
            "Status": "CREATED",
            "RecordType": record_type,
            "ProvisionedProductName": "orders-db",
            "CreatedTime": WHEN,
        }
    }


PROVISION_ARGS = (
    "provision",
    "--product-id",
    "prod-1",
    "--artifact-id",
    "pa-1",
    "--name",
    "orders-db",
    "--param",
    f"Password={SECRET}",
    "--param",
    "Size=small",
    "--tag",
    "team=data",
)


def expect_no_echo(
    stubber: Stubber,
    no_echo: tuple[str, ...] = ("Password",),
    *,
    product_id: str = "prod-1",
    artifact_id: str = "pa-1",
    plain: tuple[str, ...] = ("Size",),
) -> None:
    """DescribeProvisioningParameters answers that ``no_echo`` are NoEcho parameters."""
    parameters = [{"ParameterKey": k, "IsNoEcho": True} for k in no_echo]
    parameters += [{"ParameterKey": k, "IsNoEcho": False} for k in plain]
    stubber.add_response(
        "describe_provisioning_parameters",
        {"ProvisioningArtifactParameters": parameters},
        {"ProductId": product_id, "ProvisioningArtifactId": artifact_id},
    )


def _expect_provision(stubber: Stubber) -> None:
    expect_no_echo(stubber)
    stubber.add_response(
        "provision_product",
        _started(),
        {
            "ProvisionedProductName": "orders-db",
            "ProductId": "prod-1",
            "ProvisioningArtifactId": "pa-1",
            "ProvisioningParameters": [
                {"Key": "Password", "Value": SECRET},
                {"Key": "Size", "Value": "small"},
            ],
            "Tags": [{"Key": "team", "Value": "data"}],
            "ProvisionToken": ANY,
        },
    )


@pytest.mark.parametrize("flags", [(), ("--json",), ("--debug",), ("--json", "--debug")])
def test_provision_and_wait_never_prints_the_secret(
    cli: Cli, stubber: Stubber, flags: tuple[str, ...]
) -> None:
    _expect_provision(stubber)
    stubber.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
    stubber.add_response("describe_record", record("SUCCEEDED"), {"Id": "rec-1"})

    result = cli(*flags, *PROVISION_ARGS, "--wait")

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
    assert SECRET not in result.out + result.err
    if "--json" in flags:
        assert json.loads(result.out)["record_detail"]["status"] == "SUCCEEDED"


def test_provision_without_wait_prints_the_record(cli: Cli, stubber: Stubber) -> None:
    _expect_provision(stubber)

    result = cli("--json", *PROVISION_ARGS)

    assert result.code == EXIT_OK
    assert json.loads(result.out)["record_detail"]["record_id"] == "rec-1"
    assert SECRET not in result.out + result.err


def test_a_service_error_quoting_the_secret_is_masked(cli: Cli, stubber: Stubber) -> None:
    for flags in ((), ("--debug",)):
        expect_no_echo(stubber)
        stubber.add_client_error(
            "provision_product",
            "InvalidParametersException",
            f"Parameter Password value {SECRET} does not match pattern",
            400,
        )
        result = cli(*flags, *PROVISION_ARGS)
        assert result.code == EXIT_API_ERROR
        assert "InvalidParametersException" in result.err
        assert SECRET not in result.out + result.err
    stubber.assert_no_pending_responses()


def test_a_usage_error_never_echoes_a_value(cli: Cli) -> None:
    # The value typed without --param in front of it.
    result = cli(
        "provision", "--product-id", "p", "--artifact-id", "a", "--name", "n", f"Password={SECRET}"
    )

    assert result.code == EXIT_USAGE
    assert SECRET not in result.err
    assert "unrecognized arguments" in result.err


def test_param_without_equals_is_a_usage_error(cli: Cli) -> None:
    result = cli(
        "provision", "--product-id", "p", "--artifact-id", "a", "--name", "n", "--param", SECRET
    )

    assert result.code == EXIT_USAGE
    assert SECRET not in result.err


def test_duplicate_param_is_a_usage_error(cli: Cli) -> None:
    result = cli(*PROVISION_ARGS, "--param", "Size=large")

    assert result.code == EXIT_USAGE
    assert "Size" in result.err


def test_update_and_wait_that_fails_exits_1(cli: Cli, stubber: Stubber) -> None:
    # No --product-id: the product's current one, from DescribeProvisionedProduct.
    stubber.add_response(
        "describe_provisioned_product",
        {"ProvisionedProductDetail": {**product_detail("AVAILABLE"), "ProductId": "prod-1"}},
        {"Id": "pp-1"},
    )
    expect_no_echo(stubber, artifact_id="pa-2")
    stubber.add_response(
        "update_provisioned_product",
        _started("rec-2", "UPDATE_PROVISIONED_PRODUCT"),
        {
            "ProvisionedProductId": "pp-1",
            "ProvisioningArtifactId": "pa-2",
            "ProvisioningParameters": [
                {"Key": "Password", "Value": SECRET},
                {"Key": "Size", "UsePreviousValue": True},
            ],
            "UpdateToken": ANY,
        },
    )
    stubber.add_response("describe_record", record("IN_PROGRESS", record_id="rec-2"))
    stubber.add_response(
        "describe_record",
        record("FAILED", record_id="rec-2", errors=[("UpdateFailed", "resource in use")]),
    )

    result = cli(
        "update",
        "--id",
        "pp-1",
        "--artifact-id",
        "pa-2",
        "--param",
        f"Password={SECRET}",
        "--keep-param",
        "Size",
        "--wait",
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_CHANGE_FAILED
    assert "UpdateFailed" in result.err
    assert SECRET not in result.out + result.err


def test_terminate_and_wait_until_gone(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response(
        "terminate_provisioned_product",
        _started("rec-9", "TERMINATE_PROVISIONED_PRODUCT"),
        {"ProvisionedProductName": "orders-db", "TerminateToken": ANY},
    )
    stubber.add_response("describe_record", record("IN_PROGRESS", record_id="rec-9"))
    stubber.add_response("describe_record", record("SUCCEEDED", record_id="rec-9"))
    stubber.add_client_error(
        "describe_provisioned_product",
        "ResourceNotFoundException",
        "gone",
        400,
        {"Name": "orders-db"},
    )

    result = cli("terminate", "--name", "orders-db", "--wait")

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
    assert "SUCCEEDED" in result.out


def test_terminate_and_wait_keeps_one_deadline_for_both_waits(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response(
        "terminate_provisioned_product",
        _started("rec-9", "TERMINATE_PROVISIONED_PRODUCT"),
        {"ProvisionedProductId": "pp-1", "TerminateToken": ANY},
    )
    # The record takes 3-6 s (two jittered pauses), then the product never goes.
    for status in ("IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"):
        stubber.add_response("describe_record", record(status, record_id="rec-9"))
    for _ in range(12):
        stubber.add_response(
            "describe_provisioned_product",
            product("UNDER_CHANGE", last_record_id="rec-9"),
            {"Id": "pp-1"},
        )

    result = cli("terminate", "--id", "pp-1", "--wait", "--timeout", "8s")

    assert result.code == EXIT_TIMEOUT
    # One 8 s budget for the command; two full waits would end at 11-14 s.
    assert result.elapsed == pytest.approx(8.0)
    assert "timed out (--timeout 8s for the whole command)" in result.err
    assert "provisioned product pp-1" in result.err.splitlines()[-1]


def test_a_wait_with_no_time_left_times_out_at_once() -> None:
    now = [0.0]
    console = Console(io.StringIO(), io.StringIO())
    ctx = Context(
        args=argparse.Namespace(json=False),
        console=console,
        client_factory=lambda: pytest.fail("no call expected"),
        clock=lambda: now[0],
        sleep=lambda _: pytest.fail("no sleep expected"),
        timeout=8.0,
    )
    now[0] = 8.0  # a first wait used the whole budget

    with pytest.raises(WaiterTimeoutError, match="8s of --timeout were used up"):
        ctx.wait_gone(id="pp-1", name=None, record_id="rec-9")


def test_records_table_and_json(cli: Cli, stubber: Stubber) -> None:
    history = {
        "RecordDetails": [
            record("SUCCEEDED", record_id="rec-1")["RecordDetail"],
            record("FAILED", record_id="rec-2", record_type="UPDATE_PROVISIONED_PRODUCT")[
                "RecordDetail"
            ],
        ]
    }
    expected = {"SearchFilter": {"Key": "provisionedproduct", "Value": "pp-1"}}
    stubber.add_response("list_record_history", history, expected)
    stubber.add_response("list_record_history", history, expected)

    table = cli("records", "--id", "pp-1")
    as_json = cli("--json", "records", "--id", "pp-1")

    assert table.code == as_json.code == EXIT_OK
    lines = table.out.splitlines()
    assert lines[0].split() == ["RECORD", "TYPE", "STATUS", "PRODUCT", "UPDATED"]
    assert lines[2].split()[:3] == ["rec-2", "UPDATE_PROVISIONED_PRODUCT", "FAILED"]
    assert [r["record_id"] for r in json.loads(as_json.out)] == ["rec-1", "rec-2"]


def test_products_table(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response(
        "scan_provisioned_products",
        {
            "ProvisionedProducts": [
                product_detail("AVAILABLE"),
                product_detail("TAINTED", pid="pp-2"),
            ]
        },
        {"AccessLevelFilter": {"Key": "Account", "Value": "self"}},
    )

    result = cli("products", "--access-level", "account")

    assert result.code == EXIT_OK
    rows = [line.split() for line in result.out.splitlines()]
    assert rows[1][:3] == ["pp-1", "name-pp-1", "AVAILABLE"]
    assert rows[2][:3] == ["pp-2", "name-pp-2", "TAINTED"]
