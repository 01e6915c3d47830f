"""Fixtures of the reliability tests: the emulator, SDK-built clients, fake time, figures.

Nothing here sleeps for real: the waiters run on :class:`FakeTime`, and botocore's
retry back-off (``time.sleep`` in ``botocore.endpoint``) is recorded instead of slept.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import botocore.endpoint
import pytest

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.models import ProductType, ProvisioningArtifactProperties
from servicecatalog_sdk.testing import ServiceCatalogEmulator

#: Every wait in these tests gets this long (seconds of fake time).
WAIT_TIMEOUT = 600.0

#: The figures each scenario reported, for the terminal summary.
FIGURES_KEY = pytest.StashKey[list[str]]()

#: A template with a NoEcho password, a constrained size, a real bucket and outputs
#: that never echo the password.
TEMPLATE: dict[str, Any] = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {
        "BucketName": {"Type": "String"},
        "Size": {"Type": "String", "Default": "small", "AllowedValues": ["small", "large"]},
        "DbPassword": {"Type": "String", "NoEcho": "true", "Default": "unset-password"},
    },
    "Resources": {
        "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "BucketName"}}}
    },
    "Outputs": {"Size": {"Value": {"Ref": "Size"}}},
}

#: Version 2: one more output.
TEMPLATE_V2: dict[str, Any] = {
    **TEMPLATE,
    "Outputs": {**TEMPLATE["Outputs"], "Version": {"Value": "2"}},
}


class FakeTime:
    """A monotonic clock that only moves when a waiter sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        """The fake time."""
        return self.now

    def sleep(self, seconds: float) -> None:
        """Advance the fake time instead of sleeping."""
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class BotocoreSleeps:
    """Stands in for the ``time`` module of ``botocore.endpoint``: records retry back-offs."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.fixture(autouse=True)
def botocore_sleeps(monkeypatch: pytest.MonkeyPatch) -> BotocoreSleeps:
    """botocore's retry back-offs, recorded and never slept (one per retry)."""
    fake = BotocoreSleeps()
    monkeypatch.setattr(botocore.endpoint, "time", fake)
    return fake


@pytest.fixture(autouse=True)
def _default_retry_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # The SDK's own retry settings, not a developer's environment.
    for name in ("AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_time() -> FakeTime:
    """The clock and sleep of the waits."""
    return FakeTime()


@pytest.fixture
def emulator() -> Iterator[ServiceCatalogEmulator]:
    """An in-process emulator; records stay in flight for two observations."""
    with ServiceCatalogEmulator(in_progress_polls=2) as emu:
        yield emu


_SESSION: list[Any] = []


def boto3_session() -> Any:
    """One session with the fake credentials (a new one reloads botocore's data: slow)."""
    if not _SESSION:
        _SESSION.append(
            boto3.Session(
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
                region_name="us-east-1",
            )
        )
    return _SESSION[0]


def sdk_client(fake_time: FakeTime | None = None, **client_kwargs: Any) -> ServiceCatalogClient:
    """A client built by ``from_session`` (standard retries, MAX_ATTEMPTS, timeouts).

    Built while the in-process emulator runs, moto's mock answers it; the waits
    run on ``fake_time``.
    """
    built = ServiceCatalogClient.from_session(
        boto3_session(), region_name="us-east-1", **{"strict": True, **client_kwargs}
    )
    if fake_time is None:
        return built
    return ServiceCatalogClient(
        built.raw, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=built.strict
    )


@pytest.fixture
def sc(emulator: ServiceCatalogEmulator, fake_time: FakeTime) -> ServiceCatalogClient:
    """The SDK's client on the emulator, with botocore standard retries, on fake time."""
    return sdk_client(fake_time)


def create_product(
    sc: ServiceCatalogClient,
    emulator: ServiceCatalogEmulator,
    name: str,
    template: dict[str, Any] | None = None,
    *,
    idempotency_token: str | None = None,
) -> tuple[str, str]:
    """Create a CloudFormation product through the SDK; return (product id, artifact id)."""
    url = emulator.upload_template(TEMPLATE if template is None else template)
    out = sc.create_product(
        name=name,
        idempotency_token=idempotency_token,
        owner="platform-team",
        product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1", info={"LoadTemplateFromURL": url}
        ),
    )
    assert out.product_view_detail is not None
    assert out.product_view_detail.product_view_summary is not None
    assert out.provisioning_artifact_detail is not None
    product_id = out.product_view_detail.product_view_summary.product_id
    artifact_id = out.provisioning_artifact_detail.id
    assert product_id is not None
    assert artifact_id is not None
    emulator.grant_access(product_id)  # as a portfolio would grant it on AWS
    return product_id, artifact_id


def add_version(
    sc: ServiceCatalogClient,
    emulator: ServiceCatalogEmulator,
    product_id: str,
    name: str,
    *,
    idempotency_token: str | None = None,
) -> str:
    """Add TEMPLATE_V2 as a new version of the product; return its artifact id."""
    url = emulator.upload_template(TEMPLATE_V2)
    out = sc.create_provisioning_artifact(
        product_id=product_id,
        idempotency_token=idempotency_token,
        parameters=ProvisioningArtifactProperties(name=name, info={"LoadTemplateFromURL": url}),
    )
    assert out.provisioning_artifact_detail is not None
    artifact_id = out.provisioning_artifact_detail.id
    assert artifact_id is not None
    return artifact_id


Report = Callable[..., str]


@pytest.fixture
def report(
    request: pytest.FixtureRequest, record_property: Callable[[str, object], None]
) -> Report:
    """Report one scenario's figures: printed, in the junit properties, and in the summary."""

    def emit(scenario: str, **figures: object) -> str:
        line = f"[{scenario}] " + " ".join(f"{k}={v}" for k, v in figures.items())
        print(line)
        for key, value in figures.items():
            record_property(f"{scenario}.{key}", value)
        request.config.stash.setdefault(FIGURES_KEY, []).append(line)
        return line

    return emit


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """The fault-matrix figures, quotable from any pytest run that collected them."""
    lines = config.stash.get(FIGURES_KEY, [])
    if lines:
        terminalreporter.section("reliability figures")
        for line in lines:
            terminalreporter.write_line(line)
