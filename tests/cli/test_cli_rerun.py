"""Re-runnable changes: --provision-token, names instead of ids, and where parameters come from."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import botocore.exceptions
import pytest
from botocore.stub import ANY, Stubber

from servicecatalog_sdk.cli import (
    EXIT_API_ERROR,
    EXIT_CHANGE_FAILED,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
)
from tests.waiters.waiter_helpers import product_detail, record

from .conftest import Result
from .test_cli_changes import expect_no_echo

Cli = Callable[..., Result]
TOKEN = "deploy-2024-05-01_7"
PASSWORD = "Pa55-SENTINEL-rerun"
LAUNCH = ("provision", "--product-id", "prod-1", "--artifact-id", "pa-1", "--name", "orders-db")
STARTED = {"RecordDetail": {"RecordId": "rec-1", "Status": "CREATED"}}


def _provision_request(**members: Any) -> dict[str, Any]:
    return {
        "ProvisionedProductName": "orders-db",
        "ProductId": "prod-1",
        "ProvisioningArtifactId": "pa-1",
        "ProvisionToken": TOKEN,
        **members,
    }


def _sent_params(raw_client: Any, operation: str) -> list[dict[str, Any]]:
    """The parameters of every ``operation`` call, as botocore is about to send them."""
    sent: list[dict[str, Any]] = []

    def keep(params: dict[str, Any], **_: Any) -> None:
        sent.append(params)

    # Before the Stubber checks or answers, after the CLI chose the token.
    raw_client.meta.events.register(f"provide-client-params.servicecatalog.{operation}", keep)
    return sent


# -- --provision-token --------------------------------------------------------------


def test_provision_sends_the_token_and_prints_it(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("provision_product", STARTED, _provision_request())
    stubber.add_response("provision_product", STARTED, _provision_request())

    text = cli(*LAUNCH, "--provision-token", TOKEN)
    as_json = cli(*LAUNCH, "--provision-token", TOKEN, "--json")

    stubber.assert_no_pending_responses()
    assert text.code == as_json.code == EXIT_OK
    assert f"--provision-token {TOKEN}" in text.err
    assert TOKEN not in text.out
    data = json.loads(as_json.out)
    assert data["provision_token"] == TOKEN
    assert data["record_detail"]["record_id"] == "rec-1"


def test_without_a_token_the_one_made_is_the_one_printed(
    cli: Cli, stubber: Stubber, raw_client: Any
) -> None:
    sent = _sent_params(raw_client, "ProvisionProduct")
    stubber.add_response("provision_product", STARTED, _provision_request(ProvisionToken=ANY))
    stubber.add_response("provision_product", STARTED, _provision_request(ProvisionToken=ANY))

    text = cli(*LAUNCH)
    as_json = cli(*LAUNCH, "--json")

    first, second = (p["ProvisionToken"] for p in sent)
    assert first != second  # a fresh token per run
    assert text.err.splitlines()[-1].endswith(f"--provision-token {first}")
    assert json.loads(as_json.out)["provision_token"] == second


def test_update_and_terminate_send_it_as_their_own_token(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response(
        "update_provisioned_product",
        {"RecordDetail": {"RecordId": "rec-2", "Status": "CREATED"}},
        {
            "ProvisionedProductName": "orders-db",
            "ProvisioningArtifactName": "v2",
            "UpdateToken": TOKEN,
        },
    )
    stubber.add_response(
        "terminate_provisioned_product",
        {"RecordDetail": {"RecordId": "rec-3", "Status": "CREATED"}},
        {"ProvisionedProductId": "pp-1", "TerminateToken": TOKEN},
    )

    update = cli(
        "update", "--name", "orders-db", "--artifact-name", "v2", "--provision-token", TOKEN
    )
    terminate = cli("terminate", "--id", "pp-1", "--provision-token", TOKEN, "--json")

    stubber.assert_no_pending_responses()
    assert update.code == terminate.code == EXIT_OK
    assert f"update: record rec-2 (CREATED); --provision-token {TOKEN}" in update.err
    assert json.loads(terminate.out)["provision_token"] == TOKEN


@pytest.mark.parametrize("token", ["", "-starts-with-dash", "has space", "x" * 129, "a.b"])
def test_a_token_the_service_would_refuse_is_a_usage_error(cli: Cli, token: str) -> None:
    result = cli(*LAUNCH, "--provision-token", token)

    assert result.code == EXIT_USAGE
    assert "--provision-token" in result.err


def test_a_timeout_says_how_to_resume(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("provision_product", STARTED, _provision_request())
    for _ in range(20):
        stubber.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})

    result = cli(*LAUNCH, "--provision-token", TOKEN, "--wait", "--timeout", "20s", "--json")

    assert result.code == EXIT_TIMEOUT
    last = result.err.splitlines()[-1]
    assert "timed out" in last
    assert last.endswith(f"re-run with --provision-token {TOKEN} to resume it")
    # jq still gets the token, beside the last state seen.
    data = json.loads(result.out)
    assert data["provision_token"] == TOKEN
    assert data["record_detail"]["status"] == "IN_PROGRESS"


def test_a_transport_failure_of_the_change_says_how_to_resume(
    cli: Cli, stubber: Stubber, raw_client: Any
) -> None:
    def no_answer(**_: Any) -> None:
        raise botocore.exceptions.EndpointConnectionError(endpoint_url="https://example.invalid")

    # Raised from inside the botocore call, before the Stubber could answer: to
    # the SDK it is a connection refused after botocore's retries.
    raw_client.meta.events.register(
        "provide-client-params.servicecatalog.ProvisionProduct", no_answer
    )

    result = cli(*LAUNCH, "--provision-token", TOKEN, "--wait", "--json")

    assert result.code == EXIT_API_ERROR
    last = result.err.splitlines()[-1]
    assert "Could not connect" in last
    assert last.endswith(f"re-run with --provision-token {TOKEN} to resume it")
    assert json.loads(result.out) == {"provision_token": TOKEN}


def test_a_failed_change_or_a_refused_one_has_nothing_to_resume(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("provision_product", STARTED, _provision_request())
    stubber.add_response(
        "describe_record", record("FAILED", errors=[("Rollback", "bad")]), {"Id": "rec-1"}
    )
    stubber.add_client_error("provision_product", "DuplicateResourceException", "name taken", 400)

    failed = cli(*LAUNCH, "--provision-token", TOKEN, "--wait")
    refused = cli(*LAUNCH, "--provision-token", TOKEN)

    stubber.assert_no_pending_responses()
    assert failed.code == EXIT_CHANGE_FAILED
    assert refused.code == EXIT_API_ERROR
    assert "re-run" not in failed.err + refused.err


# -- names beside ids ---------------------------------------------------------------


def test_provision_by_names(cli: Cli, stubber: Stubber) -> None:
    names = {"ProductName": "Orders DB", "ProvisioningArtifactName": "v1", "PathName": "Dev"}
    stubber.add_response(
        "describe_provisioning_parameters",
        {"ProvisioningArtifactParameters": [{"ParameterKey": "Size", "IsNoEcho": False}]},
        names,
    )
    stubber.add_response(
        "provision_product",
        STARTED,
        {
            "ProvisionedProductName": "orders-db",
            "ProvisionToken": TOKEN,
            "ProvisioningParameters": [{"Key": "Size", "Value": "small"}],
            **names,
        },
    )

    result = cli(
        *("provision", "--product-name", "Orders DB", "--artifact-name", "v1"),
        *("--path-name", "Dev", "--name", "orders-db", "--param", "Size=small"),
        *("--provision-token", TOKEN),
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("provision", "--product-id", "p", "--product-name", "P", "--artifact-id", "a"),
            "--product-name: not allowed with argument --product-id",
        ),
        (
            ("provision", "--product-id", "p", "--name", "n"),
            "one of the arguments --artifact-id --artifact-name is required",
        ),
        (
            ("update", "--id", "pp-1", "--path-id", "lpv2-1", "--path-name", "Dev"),
            "--path-name: not allowed with argument --path-id",
        ),
    ],
)
def test_an_id_and_a_name_for_the_same_thing_is_a_usage_error(
    cli: Cli, argv: tuple[str, ...], message: str
) -> None:
    result = cli(*argv)

    assert result.code == EXIT_USAGE
    assert result.err.count("\n") == 1
    assert message in result.err


# -- --params-file, --param, --param-from-env -----------------------------------------


def test_params_file_values_as_written_with_params_overriding(
    cli: Cli, stubber: Stubber, tmp_path: Path
) -> None:
    params = tmp_path / "params.json"
    params.write_text('{"Size": "small", "Count": 3, "Ratio": 1.50, "Public": false, "Zone": "a"}')
    expect_no_echo(stubber, (), plain=("Size", "Count", "Ratio", "Public", "Zone"))
    stubber.add_response(
        "provision_product",
        STARTED,
        _provision_request(
            ProvisioningParameters=[
                {"Key": "Size", "Value": "large"},
                {"Key": "Count", "Value": "3"},
                {"Key": "Ratio", "Value": "1.50"},
                {"Key": "Public", "Value": "false"},
                {"Key": "Zone", "Value": "a"},
            ]
        ),
    )

    result = cli(
        *LAUNCH, "--params-file", str(params), "--param", "Size=large", "--provision-token", TOKEN
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK


def test_params_file_in_yaml_keeps_every_value_as_written(
    cli: Cli, stubber: Stubber, tmp_path: Path
) -> None:
    pytest.importorskip("yaml")
    params = tmp_path / "params.yaml"
    params.write_text("Mode: 0755\nPublic: yes\nSize: small\n")
    expect_no_echo(stubber, (), plain=("Mode", "Public", "Size"))
    stubber.add_response(
        "provision_product",
        STARTED,
        _provision_request(
            ProvisioningParameters=[
                {"Key": "Mode", "Value": "0755"},
                {"Key": "Public", "Value": "yes"},
                {"Key": "Size", "Value": "small"},
            ]
        ),
    )

    result = cli(*LAUNCH, "--params-file", str(params), "--provision-token", TOKEN)

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK


def test_yaml_without_pyyaml_is_a_usage_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = tmp_path / "params.yml"
    params.write_text("Size: small\n")
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml now fails

    result = cli(*LAUNCH, "--params-file", str(params))

    assert result.code == EXIT_USAGE
    assert "needs PyYAML" in result.err
    assert "JSON" in result.err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("p.json", '{"Password": ["' + PASSWORD + '"]}', "parameter 'Password' is a list"),
        ("p.json", '{"Password": null}', "parameter 'Password' is null"),
        ("p.json", '{"Password": {"v": "' + PASSWORD + '"}}', "parameter 'Password' is an object"),
        ("p.json", '{"A": "1", "A": "' + PASSWORD + '"}', "parameter 'A' is given twice"),
        ("p.json", '["' + PASSWORD + '"]', "one object of parameter key -> value"),
        ("p.json", '{"Password": "' + PASSWORD + '",}', "not valid JSON"),
        ("p.yaml", "Password: [" + PASSWORD + "]\n", "parameter 'Password' is a list"),
        ("p.yaml", "Password: '" + PASSWORD + "\n", "not valid YAML"),
        ("p.yaml", "A: x\nA: " + PASSWORD + "\n", "parameter 'A' is given twice"),
    ],
)
def test_a_bad_params_file_is_a_usage_error_that_quotes_no_value(
    cli: Cli, tmp_path: Path, name: str, content: str, message: str
) -> None:
    if name.endswith(".yaml"):
        pytest.importorskip("yaml")
    params = tmp_path / name
    params.write_text(content)

    result = cli(*LAUNCH, "--params-file", str(params))

    assert result.code == EXIT_USAGE
    assert message in result.err
    assert str(params) in result.err
    assert PASSWORD not in result.err
    assert result.err.count("\n") == 1


def test_a_missing_params_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli(*LAUNCH, "--params-file", str(tmp_path / "nope.json"))

    assert result.code == EXIT_USAGE
    assert "cannot read --params-file" in result.err
    assert "nope.json" in result.err


def test_param_from_env_is_sent_and_masked_when_no_echo(
    cli: Cli, stubber: Stubber, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DB_PASSWORD", PASSWORD)
    params = tmp_path / "params.json"
    # The file's value for the key is overridden by the environment's.
    params.write_text('{"Password": "placeholder", "Size": "small"}')
    expect_no_echo(stubber, ("Password",), plain=("Size",))
    stubber.add_response(
        "provision_product",
        STARTED,
        _provision_request(
            ProvisioningParameters=[
                {"Key": "Password", "Value": PASSWORD},
                {"Key": "Size", "Value": "small"},
            ]
        ),
    )
    # The template echoes the password in an output, and a plain value in another.
    stubber.add_response(
        "describe_record",
        record("SUCCEEDED", outputs=[("Echo", PASSWORD), ("Size", "small")]),
        {"Id": "rec-1"},
    )

    result = cli(
        *LAUNCH,
        *("--params-file", str(params), "--param-from-env", "Password=DB_PASSWORD"),
        *("--provision-token", TOKEN, "--wait", "--json", "--debug"),
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
    outputs = {o["output_key"]: o["output_value"] for o in json.loads(result.out)["record_outputs"]}
    assert outputs == {"Echo": "***", "Size": "small"}
    assert PASSWORD not in result.out + result.err


@pytest.mark.parametrize(("value", "problem"), [(None, "is not set"), ("", "is empty")])
def test_param_from_env_without_a_value_is_a_usage_error_naming_the_variable(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, value: str | None, problem: str
) -> None:
    if value is None:
        monkeypatch.delenv("DB_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("DB_PASSWORD", value)

    result = cli(*LAUNCH, "--param-from-env", "Password=DB_PASSWORD")

    assert result.code == EXIT_USAGE
    assert f"environment variable DB_PASSWORD {problem}" in result.err


def test_param_from_env_and_param_for_one_key_is_a_usage_error(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DB_PASSWORD", PASSWORD)

    result = cli(*LAUNCH, "--param", "Password=other", "--param-from-env", "Password=DB_PASSWORD")

    assert result.code == EXIT_USAGE
    assert "Password is given twice" in result.err
    assert PASSWORD not in result.err


def test_keep_param_overrides_the_params_file(cli: Cli, stubber: Stubber, tmp_path: Path) -> None:
    params = tmp_path / "params.json"
    params.write_text('{"Size": "large", "Password": "from-file"}')
    expect_no_echo(stubber, ("Password",), product_id="prod-1", artifact_id="pa-2")
    stubber.add_response(
        "update_provisioned_product",
        {"RecordDetail": {"RecordId": "rec-2", "Status": "CREATED"}},
        {
            "ProvisionedProductId": "pp-1",
            "ProductId": "prod-1",
            "ProvisioningArtifactId": "pa-2",
            "ProvisioningParameters": [
                {"Key": "Size", "Value": "large"},
                {"Key": "Password", "UsePreviousValue": True},
            ],
            "UpdateToken": TOKEN,
        },
    )

    result = cli(
        *("update", "--id", "pp-1", "--product-id", "prod-1", "--artifact-id", "pa-2"),
        *("--params-file", str(params), "--keep-param", "Password", "--provision-token", TOKEN),
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK


# -- wait fleet --access-level --------------------------------------------------------


@pytest.mark.parametrize(("level", "key"), [("user", "User"), ("account", "Account")])
def test_wait_fleet_access_level_filters_the_listing(
    cli: Cli, stubber: Stubber, level: str, key: str
) -> None:
    stubber.add_response(
        "scan_provisioned_products",
        {"ProvisionedProducts": [product_detail("AVAILABLE", pid="pp-1")]},
        {"AccessLevelFilter": {"Key": key, "Value": "self"}},
    )

    result = cli("wait", "fleet", "pp-1", "--access-level", level)

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
