"""The administrator's flow driven by the AWS CLI (``aws servicecatalog ...``) against the server."""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import BUCKET_TEMPLATE

_TIMEOUT = 60.0
# A path that never exists (os.devnull is read, and refused, as a config file).
_NO_FILE = str(Path(__file__).with_name("no-such-aws-config-file"))


def _aws_command() -> list[str]:
    # The aws script installed next to this interpreter (the dev extra pins it).
    script = Path(sys.executable).with_name("aws")
    if script.exists():
        return [sys.executable, str(script)]
    found = shutil.which("aws")
    if found is None:
        pytest.fail("the AWS CLI is not installed: pip install -e '.[dev]'")
    return [found]


@pytest.fixture(scope="module")
def served() -> Iterator[ServiceCatalogEmulator]:
    """A server-mode emulator whose changes settle on the first look."""
    with ServiceCatalogEmulator(server=True, in_progress_polls=0) as emulator:
        yield emulator


def _environment(emulator: ServiceCatalogEmulator) -> dict[str, str]:
    """This process's environment without AWS settings, plus the emulator's fake ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(emulator.environment())
    # No shared config or credentials files: only the fake environment counts.
    env.update({"AWS_CONFIG_FILE": _NO_FILE, "AWS_SHARED_CREDENTIALS_FILE": _NO_FILE})
    return env


def _arguments(emulator: ServiceCatalogEmulator, args: tuple[str, ...]) -> list[str]:
    endpoint = emulator.endpoint_url
    assert endpoint is not None
    return ["servicecatalog", *args, "--endpoint-url", endpoint, "--output", "json"]


def _run(emulator: ServiceCatalogEmulator, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``aws`` program (``aws servicecatalog ARGS``) in a process of its own."""
    return subprocess.run(
        [*_aws_command(), *_arguments(emulator, args)],
        env=_environment(emulator),
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
    )


@contextlib.contextmanager
def _only_environment(env: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@functools.lru_cache(maxsize=1)
def _driver(endpoint: str | None) -> Any:
    """One CLI driver per server: its session loads the service models once.

    The driver's session finds its data (the CLI's ``cli.json``, the service
    models) through a loader built here from the installed packages' own
    directories. Left to itself, the session builds that loader at its first
    command from whatever ``AWS_DATA_PATH`` (and ``HOME``) the process-wide
    environment holds at that moment: the value ``import awscli`` put there
    must then survive every test in between, in an environment ``_aws``
    replaces per command while the emulator's server thread runs.
    """
    import awscli  # type: ignore[import-untyped]
    from awscli.clidriver import create_clidriver  # type: ignore[import-untyped]
    from botocore.loaders import Loader

    driver = create_clidriver()
    cli_data = str(Path(awscli.__file__).resolve().with_name("data"))
    driver.session.register_component(
        "data_loader",
        Loader(
            extra_search_paths=[cli_data, Loader.BUILTIN_DATA_PATH],
            # not ~/.aws/models: a developer's own models must not change the test
            include_default_search_paths=False,
        ),
    )
    # Loaded now, so a missing file fails here, naming the cause.
    driver.session.get_data("cli")
    return driver


def _aws(emulator: ServiceCatalogEmulator, *args: str) -> Any:
    """Run ``aws servicecatalog ARGS``; return its JSON output.

    The CLI's own driver runs in this process (the same argument parsing,
    serialization and HTTP to the server as the ``aws`` program, without a Python
    start-up and a model load per command); ``_run`` covers the program itself.
    """
    driver = _driver(emulator.endpoint_url)
    env = _environment(emulator)
    out, err = io.StringIO(), io.StringIO()
    with (
        _only_environment(env),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = driver.main(_arguments(emulator, args))
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue()) if out.getvalue().strip() else {}


def test_the_admin_flow_through_the_aws_cli(served: ServiceCatalogEmulator) -> None:
    url = served.upload_template(BUCKET_TEMPLATE)
    portfolio = _aws(
        served,
        "create-portfolio",
        "--display-name",
        "cli-portfolio",
        "--provider-name",
        "platform-team",
        "--idempotency-token",
        "cli-portfolio-1",
    )["PortfolioDetail"]
    product = _aws(
        served,
        "create-product",
        "--name",
        "cli-product",
        "--owner",
        "platform-team",
        "--product-type",
        "CLOUD_FORMATION_TEMPLATE",
        "--provisioning-artifact-parameters",
        json.dumps({"Name": "v1", "Info": {"LoadTemplateFromURL": url}}),
        "--idempotency-token",
        "cli-product-1",
    )
    product_id = product["ProductViewDetail"]["ProductViewSummary"]["ProductId"]
    artifact_id = product["ProvisioningArtifactDetail"]["Id"]
    _aws(
        served,
        "associate-product-with-portfolio",
        "--product-id",
        product_id,
        "--portfolio-id",
        portfolio["Id"],
    )
    _aws(
        served,
        "associate-principal-with-portfolio",
        "--portfolio-id",
        portfolio["Id"],
        "--principal-arn",
        served.caller_arn(),  # who the CLI's (fake) credentials act as
        "--principal-type",
        "IAM",
    )
    paths = _aws(served, "list-launch-paths", "--product-id", product_id)["LaunchPathSummaries"]
    assert [p["Name"] for p in paths] == ["cli-portfolio"]

    record = _aws(
        served,
        "provision-product",
        "--product-id",
        product_id,
        "--provisioning-artifact-id",
        artifact_id,
        "--path-name",
        "cli-portfolio",
        "--provisioned-product-name",
        "cli-launch",
        "--provisioning-parameters",
        "Key=BucketName,Value=cli-bucket",
        "--provision-token",
        "cli-launch-1",
    )["RecordDetail"]
    assert record["PathId"] == paths[0]["Id"]
    described = _aws(served, "describe-record", "--id", record["RecordId"])
    assert described["RecordDetail"]["Status"] == "SUCCEEDED"
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described["RecordOutputs"]}
    assert outputs["BucketName"] == "cli-bucket"

    done = _aws(
        served,
        "terminate-provisioned-product",
        "--provisioned-product-name",
        "cli-launch",
        "--terminate-token",
        "cli-terminate-1",
    )["RecordDetail"]
    finished = _aws(served, "describe-record", "--id", done["RecordId"])
    assert finished["RecordDetail"]["Status"] == "SUCCEEDED"
    scanned = _aws(served, "scan-provisioned-products")
    assert scanned["ProvisionedProducts"] == []


def test_an_aws_cli_error_is_the_modelled_one(served: ServiceCatalogEmulator) -> None:
    done = _run(served, "describe-portfolio", "--id", "port-nothing")
    assert done.returncode == 255  # the AWS CLI v1's exit code for a service error
    assert "(ResourceNotFoundException)" in done.stderr


def test_the_cli_finds_its_data_whatever_the_environment_says(
    served: ServiceCatalogEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A new driver whose first command runs with AWS_DATA_PATH pointing at an
    # empty directory (as if the value importing awscli set were lost or
    # replaced) and HOME elsewhere: it still finds cli.json and the models.
    importlib.import_module("awscli")  # its import-time AWS_DATA_PATH is already spent
    _driver.cache_clear()
    served.boto3_client().create_portfolio(
        DisplayName="data-path", ProviderName="platform-team", IdempotencyToken="data-path"
    )
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    listed = _aws(served, "list-portfolios")["PortfolioDetails"]
    expected = served.boto3_client().list_portfolios()["PortfolioDetails"]
    assert [p["Id"] for p in listed] == [p["Id"] for p in expected]
