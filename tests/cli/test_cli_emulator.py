"""End to end: the CLI's real client factory against the local emulator in server mode."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servicecatalog_sdk.cli import (
    EXIT_API_ERROR,
    EXIT_CHANGE_FAILED,
    EXIT_OK,
    EXIT_TIMEOUT,
    main,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.emulator.emulator_helpers import (
    BUCKET_TEMPLATE,
    BUCKET_TEMPLATE_V2,
    add_version,
    create_product,
)
from tests.waiters.waiter_helpers import FakeTime

#: Records stay in flight for this many observations, so a short timeout can hit.
IN_FLIGHT_POLLS = 3


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceCatalogEmulator]:
    """A server-mode emulator; only --endpoint-url points the CLI at it."""
    with ServiceCatalogEmulator(server=True, in_progress_polls=IN_FLIGHT_POLLS) as emu:
        for name, value in emu.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("AWS_ENDPOINT_URL")
        yield emu


def test_provision_update_wait_terminate_exit_codes(
    emulator: ServiceCatalogEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    endpoint = emulator.endpoint_url
    assert endpoint is not None

    def cli(*argv: str) -> tuple[int, str]:
        fake_time = FakeTime()
        capsys.readouterr()
        code = main(
            ["--endpoint-url", endpoint, "--region", "us-east-1", *argv],
            clock=fake_time.clock,
            sleep=fake_time.sleep,
        )
        return code, capsys.readouterr().out

    def provision(name: str, *extra: str) -> tuple[int, str]:
        return cli(
            *("provision", "--product-id", product_id, "--artifact-id", v1, "--name", name),
            *("--param", f"BucketName={name}-bucket", *extra),
        )

    # Still in flight when a 2 s wait runs out.
    assert provision("slow", "--wait", "--timeout", "2s")[0] == EXIT_TIMEOUT

    code, out = provision("e2e", "--wait", "--json")
    assert code == EXIT_OK
    outputs = {o["output_key"]: o["output_value"] for o in json.loads(out)["record_outputs"]}
    assert outputs["Size"] == "small"
    # No parameter is NoEcho: the outputs are printed as the service returns them.
    assert outputs["BucketName"] == "e2e-bucket"
    assert outputs["BucketArn"] == "arn:aws:s3:::e2e-bucket"

    assert cli("wait", "provisioned-product", "--name", "e2e")[0] == EXIT_OK

    # "huge" is outside the template's AllowedValues: the update fails and taints.
    update = ("update", "--name", "e2e", "--artifact-id", v2, "--param", "Size=huge")
    assert cli(*update, "--keep-param", "BucketName", "--wait")[0] == EXIT_CHANGE_FAILED
    assert cli("wait", "provisioned-product", "--name", "e2e")[0] == EXIT_CHANGE_FAILED
    tainted = cli("wait", "provisioned-product", "--name", "e2e", "--accept-tainted")
    assert tainted[0] == EXIT_OK

    assert cli("terminate", "--name", "e2e", "--wait")[0] == EXIT_OK
    assert cli("wait", "provisioned-product", "--name", "e2e")[0] == EXIT_API_ERROR


#: A bucket product whose template also takes a NoEcho password (and, carelessly, outputs it).
NO_ECHO_TEMPLATE: dict[str, Any] = {
    **BUCKET_TEMPLATE,
    "Parameters": {
        **BUCKET_TEMPLATE["Parameters"],
        "Password": {"Type": "String", "NoEcho": "true"},
    },
    "Outputs": {**BUCKET_TEMPLATE["Outputs"], "PasswordEcho": {"Value": {"Ref": "Password"}}},
}


def test_provision_prints_outputs_in_clear_and_never_a_no_echo_value(
    emulator: ServiceCatalogEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    product_id, v1 = create_product(emulator, NO_ECHO_TEMPLATE, name="secret-product")
    password = "Pa55-SENTINEL-e2e"
    fake_time = FakeTime()
    assert emulator.endpoint_url is not None

    code = main(
        [
            *("--endpoint-url", emulator.endpoint_url, "--region", "us-east-1"),
            *("provision", "--product-id", product_id, "--artifact-id", v1, "--name", "app"),
            *("--param", "BucketName=app-orders-bucket", "--param", f"Password={password}"),
            *("--wait", "--json", "--debug"),
        ],
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    )

    captured = capsys.readouterr()
    assert code == EXIT_OK
    outputs = {
        o["output_key"]: o["output_value"] for o in json.loads(captured.out)["record_outputs"]
    }
    assert outputs["BucketName"] == "app-orders-bucket"
    assert outputs["BucketArn"] == "arn:aws:s3:::app-orders-bucket"
    assert outputs["PasswordEcho"] == "***"
    assert password not in captured.out + captured.err


def _run(endpoint: str, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    fake_time = FakeTime()
    capsys.readouterr()
    code = main(
        ["--endpoint-url", endpoint, "--region", "us-east-1", *argv],
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_provision_by_names_from_a_params_file_twice_with_one_token_makes_one_product(
    emulator: ServiceCatalogEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    create_product(emulator, name="orders-bucket")
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"BucketName": "rerun-bucket", "Size": "small"}))
    endpoint = emulator.endpoint_url
    assert endpoint is not None
    argv = (
        *("provision", "--product-name", "orders-bucket", "--artifact-name", "v1"),
        *("--name", "rerun", "--params-file", str(params)),
        *("--provision-token", "deploy-42", "--wait", "--json"),
    )

    first = _run(endpoint, capsys, *argv)
    # A deployment job killed and started again: the same command, the same token.
    second = _run(endpoint, capsys, *argv)

    assert first[0] == second[0] == EXIT_OK
    record, again = json.loads(first[1]), json.loads(second[1])
    # The same record, outputs and all; only the response's request id differs.
    assert record.pop("response_metadata") != again.pop("response_metadata")
    assert record == again
    assert record["provision_token"] == "deploy-42"
    assert record["record_detail"]["status"] == "SUCCEEDED"
    outputs = {o["output_key"]: o["output_value"] for o in record["record_outputs"]}
    assert outputs["BucketName"] == "rerun-bucket"
    assert "--provision-token deploy-42" in first[2]
    assert "--provision-token deploy-42" in second[2]
    products = list(emulator.client().scan_provisioned_products())
    assert [p.name for p in products] == ["rerun"]
    assert emulator.calls["ProvisionProduct"] == 2


def test_param_from_env_no_echo_value_never_printed(
    emulator: ServiceCatalogEmulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    product_id, v1 = create_product(emulator, NO_ECHO_TEMPLATE, name="secret-product")
    password = "Pa55-SENTINEL-from-env"
    monkeypatch.setenv("DB_PASSWORD", password)
    assert emulator.endpoint_url is not None

    code, out, err = _run(
        emulator.endpoint_url,
        capsys,
        *("provision", "--product-id", product_id, "--artifact-id", v1, "--name", "envapp"),
        *("--param", "BucketName=envapp-bucket", "--param-from-env", "Password=DB_PASSWORD"),
        *("--wait", "--json", "--debug"),
    )

    assert code == EXIT_OK
    outputs = {o["output_key"]: o["output_value"] for o in json.loads(out)["record_outputs"]}
    assert outputs["PasswordEcho"] == "***"  # the template echoes it; it reached the stack
    assert outputs["BucketName"] == "envapp-bucket"
    assert password not in out + err
