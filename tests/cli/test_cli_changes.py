"""provision, update, terminate, records and products through main(); secrets stay secret."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.stub import ANY, Stubber

from servicecatalog_sdk.cli import EXIT_API_ERROR, EXIT_CHANGE_FAILED, EXIT_OK, EXIT_USAGE
from tests.waiters.waiter_helpers import WHEN, product_detail, record

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


def _expect_provision(stubber: Stubber) -> None:
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
    stubber.add_client_error(
        "provision_product",
        "InvalidParametersException",
        f"Parameter Password value {SECRET} does not match pattern",
        400,
    )

    for flags in ((), ("--debug",)):
        result = cli(*flags, *PROVISION_ARGS)
        assert result.code == EXIT_API_ERROR
        assert "InvalidParametersException" in result.err
        assert SECRET not in result.out + result.err
        stubber.add_client_error(
            "provision_product", "InvalidParametersException", f"bad {SECRET}", 400
        )


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
