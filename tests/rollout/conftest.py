"""The rollout tests' fixtures."""

from __future__ import annotations

import pytest

from servicecatalog_sdk.testing import ServiceCatalogEmulator


@pytest.fixture
def emulator(
    servicecatalog_emulator: ServiceCatalogEmulator, monkeypatch: pytest.MonkeyPatch
) -> ServiceCatalogEmulator:
    """The test's emulator, with this process's AWS environment pointing at it
    (credentials, region, endpoint), as a user's CLI run would have it."""
    for key, value in servicecatalog_emulator.environment().items():
        monkeypatch.setenv(key, value)
    return servicecatalog_emulator
