"""Only secret parameter values are masked: NoEcho ones, and those given with --secret-param."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.stub import ANY, Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.cli import EXIT_API_ERROR, EXIT_CHANGE_FAILED, EXIT_OK, EXIT_USAGE
from servicecatalog_sdk.cli._output import Console
from servicecatalog_sdk.cli._secrets import Artifact, SecretParameters
from tests.waiters.waiter_helpers import product_detail, record

from .conftest import Result
from .test_cli_changes import expect_no_echo

Cli = Callable[..., Result]
PASSWORD = "Pa55-SENTINEL-noecho"
BUCKET = "orders-bucket"
LAUNCH = ("provision", "--product-id", "prod-1", "--artifact-id", "pa-1", "--name", "orders-db")
BUCKET_ARN = f"arn:aws:s3:::{BUCKET}"


def _expect_provision(stubber: Stubber, parameters: list[dict[str, str]]) -> None:
    stubber.add_response(
        "provision_product",
        {"RecordDetail": {"RecordId": "rec-1", "Status": "CREATED"}},
        {
            "ProvisionedProductName": "orders-db",
            "ProductId": "prod-1",
            "ProvisioningArtifactId": "pa-1",
            "ProvisioningParameters": parameters,
            "ProvisionToken": ANY,
        },
    )


def _succeeded(*outputs: tuple[str, str]) -> dict[str, Any]:
    return record("SUCCEEDED", outputs=outputs)


@pytest.mark.parametrize("flags", [(), ("--json",), ("--debug",)])
def test_ordinary_outputs_in_clear_and_no_echo_values_masked(
    cli: Cli, stubber: Stubber, flags: tuple[str, ...]
) -> None:
    expect_no_echo(stubber, ("Password",), plain=("BucketName", "Size"))
    _expect_provision(
        stubber,
        [
            {"Key": "BucketName", "Value": BUCKET},
            {"Key": "Password", "Value": PASSWORD},
            {"Key": "Size", "Value": "small"},
        ],
    )
    stubber.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
    outputs = [("BucketName", BUCKET), ("BucketArn", BUCKET_ARN), ("Size", "small")]
    # A template may output a NoEcho value: it stays masked.
    outputs.append(("Echo", PASSWORD))
    stubber.add_response("describe_record", _succeeded(*outputs), {"Id": "rec-1"})

    result = cli(
        *flags,
        *LAUNCH,
        *("--param", f"BucketName={BUCKET}", "--param", f"Password={PASSWORD}"),
        *("--param", "Size=small", "--wait"),
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
    assert PASSWORD not in result.out + result.err
    if "--json" in flags:
        got = {o["output_key"]: o["output_value"] for o in json.loads(result.out)["record_outputs"]}
        assert got == {
            "BucketName": BUCKET,
            "BucketArn": BUCKET_ARN,
            "Size": "small",
            "Echo": "***",
        }
    else:
        assert f"BucketName = {BUCKET}" in result.out
        assert f"BucketArn = {BUCKET_ARN}" in result.out
        assert "Size = small" in result.out
        assert "Echo = ***" in result.out
    # The progress lines name the record in clear too.
    assert "waiting for record rec-1: SUCCEEDED" in result.err


def test_a_secret_param_is_masked_though_not_no_echo(cli: Cli, stubber: Stubber) -> None:
    token = "tok-SENTINEL-user-secret"
    expect_no_echo(stubber, (), plain=("BucketName",))
    _expect_provision(
        stubber, [{"Key": "BucketName", "Value": BUCKET}, {"Key": "ApiToken", "Value": token}]
    )
    stubber.add_response(
        "describe_record", _succeeded(("BucketName", BUCKET), ("Token", token)), {"Id": "rec-1"}
    )

    result = cli(
        "--json",
        *LAUNCH,
        *("--param", f"BucketName={BUCKET}", "--secret-param", f"ApiToken={token}", "--wait"),
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
    assert token not in result.out + result.err
    got = {o["output_key"]: o["output_value"] for o in json.loads(result.out)["record_outputs"]}
    assert got == {"BucketName": BUCKET, "Token": "***"}


def test_only_secret_params_ask_nothing_about_no_echo(cli: Cli, stubber: Stubber) -> None:
    _expect_provision(stubber, [{"Key": "Password", "Value": PASSWORD}])

    result = cli("--json", *LAUNCH, "--secret-param", f"Password={PASSWORD}")

    stubber.assert_no_pending_responses()  # no DescribeProvisioningParameters
    assert result.code == EXIT_OK
    assert PASSWORD not in result.out + result.err


def test_an_error_masks_the_no_echo_value_and_quotes_the_ordinary_one(
    cli: Cli, stubber: Stubber
) -> None:
    expect_no_echo(stubber, ("Password",), plain=("BucketName",))
    stubber.add_client_error(
        "provision_product",
        "InvalidParametersException",
        f"BucketName {BUCKET} is taken; Password {PASSWORD} is too short",
        400,
    )

    result = cli(*LAUNCH, "--param", f"BucketName={BUCKET}", "--param", f"Password={PASSWORD}")

    assert result.code == EXIT_API_ERROR
    assert f"BucketName {BUCKET} is taken; Password *** is too short" in result.err
    assert PASSWORD not in result.out + result.err


@pytest.mark.parametrize(
    ("code", "reason"),
    [("AccessDeniedException", "AccessDeniedException"), ("NotImplemented", "NotImplemented")],
)
def test_unreadable_no_echo_masks_every_param_and_says_so_once(
    cli: Cli, stubber: Stubber, code: str, reason: str
) -> None:
    stubber.add_client_error("describe_provisioning_parameters", code, f"no {BUCKET}", 400)
    _expect_provision(
        stubber, [{"Key": "BucketName", "Value": BUCKET}, {"Key": "Password", "Value": PASSWORD}]
    )
    stubber.add_response(
        "describe_record",
        record("FAILED", errors=[("Bad", f"bucket {BUCKET} exists")]),
        {"Id": "rec-1"},
    )

    result = cli(
        *LAUNCH, "--param", f"BucketName={BUCKET}", "--param", f"Password={PASSWORD}", "--wait"
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_CHANGE_FAILED
    # Fail safe: every --param value is masked, the ordinary one too.
    assert BUCKET not in result.out + result.err
    assert PASSWORD not in result.out + result.err
    assert "bucket *** exists" in result.err
    warnings = [line for line in result.err.splitlines() if "NoEcho" in line]
    assert warnings == [
        f"warning: could not read which parameters are NoEcho ({reason}); "
        "every --param value is masked in this run"
    ]


def test_update_without_artifact_reads_no_echo_of_the_current_one(
    cli: Cli, stubber: Stubber
) -> None:
    current = {
        **product_detail("AVAILABLE"),
        "ProductId": "prod-7",
        "ProvisioningArtifactId": "pa-7",
    }
    stubber.add_response(
        "describe_provisioned_product",
        {"ProvisionedProductDetail": current},
        {"Name": "orders-db"},
    )
    expect_no_echo(stubber, ("Password",), product_id="prod-7", artifact_id="pa-7")
    stubber.add_response(
        "update_provisioned_product",
        {"RecordDetail": {"RecordId": "rec-2", "Status": "CREATED"}},
        {
            "ProvisionedProductName": "orders-db",
            "ProvisioningParameters": [
                {"Key": "Size", "Value": "large"},
                {"Key": "Password", "Value": PASSWORD},
            ],
            "UpdateToken": ANY,
        },
    )
    stubber.add_response(
        "describe_record",
        record("SUCCEEDED", record_id="rec-2", outputs=[("Size", "large"), ("P", PASSWORD)]),
        {"Id": "rec-2"},
    )

    result = cli(
        "update",
        *("--name", "orders-db", "--param", "Size=large", "--param", f"Password={PASSWORD}"),
        "--wait",
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
    assert "Size = large" in result.out
    assert "P = ***" in result.out
    assert PASSWORD not in result.out + result.err


def test_a_key_given_as_param_and_secret_param_is_a_usage_error(cli: Cli) -> None:
    result = cli(*LAUNCH, "--param", "Password=a", "--secret-param", f"Password={PASSWORD}")

    assert result.code == EXIT_USAGE
    assert "Password is given twice" in result.err
    assert PASSWORD not in result.err


def test_no_echo_is_read_once_per_artifact(raw_client: Any, stubber: Stubber) -> None:
    expect_no_echo(stubber, ("Password",))
    expect_no_echo(stubber, ("Token",), artifact_id="pa-2")
    console = Console(io.StringIO(), io.StringIO())
    secrets = SecretParameters(console)
    sc = ServiceCatalogClient(raw_client, strict=True)

    def first() -> Artifact:
        return Artifact("prod-1", "pa-1")

    secrets.protect(sc, {"Password": "first-secret", "Size": "small"}, first)
    secrets.protect(sc, {"Password": "second-secret"}, first)  # cached: no second call
    secrets.protect(sc, {"Token": "third-secret"}, lambda: Artifact("prod-1", "pa-2"))

    stubber.assert_no_pending_responses()
    masked = console.redact("first-secret second-secret third-secret small")
    assert masked == "*** *** *** small"
