"""Fixtures of the end-to-end tests: the emulator in both modes, and no real sleeping.

The end-to-end tests run the SDK against :class:`ServiceCatalogEmulator`, moto with
the Service Catalog lifecycle added. Records settle after a fixed number of
observations, so no test needs to wait in real time: ``time.sleep`` is replaced for
every test here, which covers botocore's retry back-off and the waiters' default
sleep (both look ``time.sleep`` up at call time).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .e2e_helpers import FakeClock


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every ``time.sleep`` requested during the test; none really sleeps."""
    requested: list[float] = []
    monkeypatch.setattr("time.sleep", requested.append)
    return requested


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock and sleep to hand to the waiters."""
    return FakeClock()


@pytest.fixture(params=[False, True], ids=["in-process", "server"])
def emulator(request: pytest.FixtureRequest) -> Iterator[ServiceCatalogEmulator]:
    """The emulator in-process and, as a second run, as moto's server on 127.0.0.1.

    Server mode is started and stopped here, by the test run itself.
    """
    server: bool = request.param
    with ServiceCatalogEmulator(server=server, in_progress_polls=2) as emu:
        if server:
            assert emu.endpoint_url is not None
            assert emu.endpoint_url.startswith("http://127.0.0.1:")
        else:
            assert emu.endpoint_url is None
        yield emu


@pytest.fixture
def local_emulator() -> Iterator[ServiceCatalogEmulator]:
    """An in-process emulator, for tests whose point does not depend on the transport."""
    with ServiceCatalogEmulator(in_progress_polls=2) as emu:
        yield emu


@pytest.fixture
def sc(emulator: ServiceCatalogEmulator) -> ServiceCatalogClient:
    """The SDK's client bound to :func:`emulator`."""
    return emulator.client()
