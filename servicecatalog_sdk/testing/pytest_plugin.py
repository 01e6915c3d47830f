"""pytest plugin of the ``testing`` extra: the ``servicecatalog_emulator`` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from servicecatalog_sdk.testing.emulator import ServiceCatalogEmulator


@pytest.fixture
def servicecatalog_emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceCatalogEmulator]:
    """An in-process :class:`ServiceCatalogEmulator`, fresh for each test.

    Fake credentials and a region are set in the environment for the test's duration,
    and any ``AWS_ENDPOINT_URL`` is removed, so boto3 clients the test creates
    itself never find real credentials and reach the emulator, not an endpoint
    set for the whole run.
    """
    # Imported here so that loading the plugin, which pytest does for every run once
    # the extra is installed, does not import moto.
    from servicecatalog_sdk.testing.emulator import ServiceCatalogEmulator

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SERVICE_CATALOG", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with ServiceCatalogEmulator() as emulator:
        yield emulator
