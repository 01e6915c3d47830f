"""Fixtures shared by the emulator's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from servicecatalog_sdk.testing import ServiceCatalogEmulator

# The plugin's fixture, available here before the package (and its pytest11 entry
# point) is installed.
from servicecatalog_sdk.testing.pytest_plugin import servicecatalog_emulator

__all__ = ["servicecatalog_emulator"]


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceCatalogEmulator]:
    """An in-process emulator whose records stay IN_PROGRESS for two observations."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with ServiceCatalogEmulator(in_progress_polls=2) as emu:
        yield emu


@pytest.fixture
def sc(emulator: ServiceCatalogEmulator) -> Any:
    """The emulator's raw boto3 servicecatalog client."""
    return emulator.boto3_client()
