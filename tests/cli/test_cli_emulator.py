"""End to end: the CLI's real client factory against the local emulator in server mode."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from servicecatalog_sdk.cli import (
    EXIT_API_ERROR,
    EXIT_CHANGE_FAILED,
    EXIT_OK,
    EXIT_TIMEOUT,
    main,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.emulator.emulator_helpers import BUCKET_TEMPLATE_V2, add_version, create_product
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
    # Outputs that echo a parameter value are masked like the parameter itself.
    assert outputs["BucketName"] == "***"
    assert outputs["BucketArn"] == "arn:aws:s3:::***"

    assert cli("wait", "provisioned-product", "--name", "e2e")[0] == EXIT_OK

    # "huge" is outside the template's AllowedValues: the update fails and taints.
    update = ("update", "--name", "e2e", "--artifact-id", v2, "--param", "Size=huge")
    assert cli(*update, "--keep-param", "BucketName", "--wait")[0] == EXIT_CHANGE_FAILED
    assert cli("wait", "provisioned-product", "--name", "e2e")[0] == EXIT_CHANGE_FAILED
    tainted = cli("wait", "provisioned-product", "--name", "e2e", "--accept-tainted")
    assert tainted[0] == EXIT_OK

    assert cli("terminate", "--name", "e2e", "--wait")[0] == EXIT_OK
    assert cli("wait", "provisioned-product", "--name", "e2e")[0] == EXIT_API_ERROR
