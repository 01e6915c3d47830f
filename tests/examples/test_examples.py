"""Run each script in ``examples/`` as a subprocess against a server-mode emulator.

The emulator runs in this process as moto's threaded server on 127.0.0.1; the
scripts find it through ``emulator.environment()`` (``AWS_ENDPOINT_URL`` and
fake credentials), exactly as a user would point them at another endpoint. No
fake clock reaches another process, so the scripts get short poll delays
(``--poll-min``/``--poll-max``); emulator records move on per observation, so
the waits are short and deterministic.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from servicecatalog_sdk import RecordFailedError, ServiceCatalogClient
from servicecatalog_sdk.models import ProductType, ProvisioningArtifactProperties
from servicecatalog_sdk.testing import ServiceCatalogEmulator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

#: Observations a record stays IN_PROGRESS: five polls to settle, so a wait of
#: three polls (the timeout case) can never see the end.
IN_PROGRESS_POLLS = 4
#: Poll delays for the scripts: every successful wait takes a fraction of a second.
FAST = ("--poll-min", "0.01", "--poll-max", "0.05")

TEMPLATE = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {
        "BucketName": {"Type": "String"},
        "Tier": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]},
    },
    "Resources": {
        "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "BucketName"}}}
    },
    "Outputs": {"BucketName": {"Value": {"Ref": "Bucket"}}, "Tier": {"Value": {"Ref": "Tier"}}},
}


@attrs.frozen
class Run:
    """What one script run did."""

    code: int
    out: str
    err: str


@attrs.frozen
class Catalog:
    """The running emulator, with one product (``bucket``, version ``v1``) in it."""

    emulator: ServiceCatalogEmulator
    env: dict[str, str]

    def run(self, script: str, *args: str) -> Run:
        """Run ``examples/<script>`` with ``args`` against the emulator."""
        done = subprocess.run(
            [sys.executable, str(EXAMPLES / script), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    def deploy(self, name: str, *args: str) -> Run:
        """``deploy.py`` of the ``bucket`` product at ``v1`` as ``name``."""
        return self.run(
            "deploy.py", "--product", "bucket", "--version", "v1", "--name", name, *FAST, *args
        )

    def client(self) -> ServiceCatalogClient:
        """An SDK client in this process, for setting up and checking (its waits never sleep)."""
        return ServiceCatalogClient(
            self.emulator.boto3_client(), waiter_sleep=_no_sleep, strict=True
        )

    def launch(self, name: str, *, tier: str = "dev", tags: dict[str, str] | None = None) -> None:
        """Provision ``bucket`` as ``name`` from this process and wait (faster than deploy.py)."""
        # A bad tier fails the record: what the test asking for one wants.
        with contextlib.suppress(RecordFailedError):
            self.client().provision_product(
                provisioned_product_name=name,
                product_name="bucket",
                provisioning_artifact_name="v1",
                provisioning_parameters={"BucketName": f"{name}-bucket", "Tier": tier},
                tags=tags,
                wait=True,
            )


def _no_sleep(seconds: float) -> None:
    """The emulator moves on per poll, not with time: waits in this process need no pause."""


def _clean_environment(emulator: ServiceCatalogEmulator) -> dict[str, str]:
    # Nothing of the developer's AWS setup may leak in: no profile, no config
    # files, no real keys; only the emulator's endpoint and fake credentials.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(emulator.environment())
    env.update(
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_SESSION_TOKEN="testing",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


@pytest.fixture(scope="module")
def catalog() -> Iterator[Catalog]:
    """A server-mode emulator for the whole module, with the ``bucket`` product."""
    with ServiceCatalogEmulator(server=True, in_progress_polls=IN_PROGRESS_POLLS) as emulator:
        url = emulator.upload_template(TEMPLATE)
        created = emulator.client().create_product(
            name="bucket",
            owner="platform",
            product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
            provisioning_artifact_parameters=ProvisioningArtifactProperties(
                name="v1", info={"LoadTemplateFromURL": url}
            ),
        )
        assert created.product_view_detail is not None
        assert created.product_view_detail.product_view_summary is not None
        product_id = created.product_view_detail.product_view_summary.product_id
        assert product_id is not None
        emulator.grant_access(product_id)
        yield Catalog(emulator, _clean_environment(emulator))


def _status(catalog: Catalog, name: str) -> str:
    detail = catalog.client().describe_provisioned_product(name=name).provisioned_product_detail
    assert detail is not None
    return str(detail.status)


# -- deploy.py --------------------------------------------------------------------


def test_deploy_provisions_then_updates(catalog: Catalog) -> None:
    first = catalog.deploy("app-a", "--param", "BucketName=app-a-bucket", "--tag", "env=preview")
    assert first.code == 0, first.err
    assert "app-a: PROVISION_PRODUCT SUCCEEDED" in first.out
    assert "BucketName = app-a-bucket" in first.out
    assert "Tier = dev" in first.out

    second = catalog.deploy("app-a", "--param", "BucketName=app-a-bucket", "--param", "Tier=prod")
    assert second.code == 0, second.err
    assert "app-a: UPDATE_PROVISIONED_PRODUCT SUCCEEDED" in second.out
    assert "Tier = prod" in second.out
    assert _status(catalog, "app-a") == "AVAILABLE"


def test_deploy_exits_1_when_the_change_fails(catalog: Catalog) -> None:
    run = catalog.deploy("app-bad", "--param", "BucketName=app-bad-bucket", "--param", "Tier=huge")
    assert run.code == 1
    assert "the change failed" in run.err
    assert "FAILED" not in run.out
    assert _status(catalog, "app-bad") == "ERROR"


def test_deploy_exits_3_when_it_times_out(catalog: Catalog) -> None:
    # Three polls fit in 0.2 s with 0.15 s between them; the record needs five.
    run = catalog.deploy(
        "app-slow",
        "--param",
        "BucketName=app-slow-bucket",
        "--timeout",
        "0.2",
        "--poll-min",
        "0.15",
        "--poll-max",
        "0.15",
    )
    assert run.code == 3, run.err
    assert "timed out" in run.err
    assert "IN_PROGRESS" in run.err


def test_deploy_exits_2_on_a_usage_error(catalog: Catalog) -> None:
    run = catalog.run("deploy.py", "--product", "bucket", "--name", "x")
    assert run.code == 2
    assert "--version" in run.err


def test_deploy_exits_4_on_an_api_error(catalog: Catalog) -> None:
    run = catalog.run(
        "deploy.py", "--product", "no-such-product", "--version", "v1", "--name", "app-x", *FAST
    )
    assert run.code == 4
    assert "AWS API error" in run.err
    assert "ResourceNotFoundException" in run.err


# -- report.py --------------------------------------------------------------------


def test_report_lists_products_by_status(catalog: Catalog) -> None:
    catalog.launch("app-r")
    catalog.launch("app-r-bad", tier="no")

    run = catalog.run("report.py")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].split()[:3] == ["STATUS", "NAME", "ID"]
    rows = {line.split()[1]: line.split()[0] for line in lines[1:] if line.strip()}
    assert rows["app-r"] == "AVAILABLE"
    assert rows["app-r-bad"] == "ERROR"
    # Problems first: every ERROR row comes before every AVAILABLE row.
    statuses = [line.split()[0] for line in lines[1:] if line.split()]
    assert max(i for i, s in enumerate(statuses) if s == "ERROR") < min(
        i for i, s in enumerate(statuses) if s == "AVAILABLE"
    )
    assert "provisioned products:" in lines[-1]
    assert "ERROR" in lines[-1]
    assert "AVAILABLE" in lines[-1]

    strict = catalog.run("report.py", "--fail-on-problems")
    assert strict.code == 1
    assert "app-r-bad" in strict.out


# -- cleanup.py -------------------------------------------------------------------


def test_cleanup_terminates_by_tag(catalog: Catalog) -> None:
    for name, env in (("pr-1", "pr-42"), ("pr-2", "pr-42"), ("keep", "prod")):
        catalog.launch(name, tags={"env": env})

    dry = catalog.run("cleanup.py", "--tag-key", "env", "--tag-value", "pr-42", "--dry-run")
    assert dry.code == 0, dry.err
    assert dry.out.count("would terminate") == 2
    assert "pr-1" in dry.out
    assert "pr-2" in dry.out
    assert "keep" not in dry.out
    assert _status(catalog, "pr-1") == "AVAILABLE"

    run = catalog.run("cleanup.py", "--tag-key", "env", "--tag-value", "pr-42", *FAST)
    assert run.code == 0, run.err
    assert run.out.count("terminated ") == 2
    names = {p.name for p in catalog.client().scan_provisioned_products()}
    assert "pr-1" not in names
    assert "pr-2" not in names
    assert "keep" in names

    again = catalog.run("cleanup.py", "--tag-key", "env", "--tag-value", "pr-42", *FAST)
    assert again.code == 0
    assert "no provisioned product matches" in again.out


# -- test_deployment_example.py ---------------------------------------------------


def test_the_pytest_example_passes(catalog: Catalog) -> None:
    # Its own in-process emulator (the servicecatalog_emulator fixture) in a
    # fresh pytest process: one emulator per process, and this one's is busy.
    # Without AWS_ENDPOINT_URL: clients the example builds itself must reach
    # its in-process emulator, not this module's server.
    env = {k: v for k, v in catalog.env.items() if k != "AWS_ENDPOINT_URL"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(EXAMPLES / "test_deployment_example.py"),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 passed" in done.stdout
