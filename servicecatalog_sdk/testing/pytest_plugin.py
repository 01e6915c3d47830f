"""pytest plugin of the ``testing`` extra: the ``servicecatalog_emulator`` fixtures.

* ``servicecatalog_emulator``: a fresh emulator for each test. Its options come
  from the ``servicecatalog_emulator`` marker, e.g.
  ``@pytest.mark.servicecatalog_emulator(server=True, in_progress_polls=3)``
  (any keyword of :class:`~servicecatalog_sdk.testing.ServiceCatalogEmulator`).
* ``servicecatalog_emulator_session``: one emulator for the whole session, for
  suites that want speed; its tests share its state. Its options come from the
  session fixture ``servicecatalog_emulator_options``, which a ``conftest.py``
  can override.

Only one emulator runs at a time in a process, so one test uses one of the two.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from servicecatalog_sdk.testing.emulator import ServiceCatalogEmulator

_MARKER = "servicecatalog_emulator"


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker, so ``--strict-markers`` suites may use it."""
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(**options): keyword options of the ServiceCatalogEmulator that the "
        "servicecatalog_emulator fixture starts (server=, in_progress_polls=, stale_reads=, ...)",
    )


def _isolate(patch: pytest.MonkeyPatch, region_name: str) -> None:
    # Fake credentials and no endpoint override: clients a test builds itself can
    # neither find real credentials nor reach an endpoint set for the whole run.
    patch.setenv("AWS_ACCESS_KEY_ID", "testing")
    patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    patch.setenv("AWS_SESSION_TOKEN", "testing")
    patch.setenv("AWS_DEFAULT_REGION", region_name)
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SERVICE_CATALOG", "AWS_PROFILE"):
        patch.delenv(name, raising=False)


def _started(options: dict[str, Any], patch: pytest.MonkeyPatch) -> ServiceCatalogEmulator:
    # Imported here so that loading the plugin, which pytest does for every run once
    # the extra is installed, does not import moto.
    from servicecatalog_sdk.testing.emulator import ServiceCatalogEmulator

    emulator = ServiceCatalogEmulator(**options)
    _isolate(patch, emulator.region_name)
    emulator.start()
    return emulator


@pytest.fixture
def servicecatalog_emulator(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ServiceCatalogEmulator]:
    """A :class:`ServiceCatalogEmulator`, fresh for each test (in-process by default).

    Options come from the test's ``servicecatalog_emulator`` marker. Fake
    credentials and the emulator's region are set in the environment for the
    test's duration, and any ``AWS_ENDPOINT_URL`` or ``AWS_PROFILE`` is removed.
    """
    marker = request.node.get_closest_marker(_MARKER)
    if marker is not None and marker.args:
        raise pytest.UsageError(f"@pytest.mark.{_MARKER} takes keyword options only")
    emulator = _started(dict(marker.kwargs) if marker is not None else {}, monkeypatch)
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture(scope="session")
def servicecatalog_emulator_options() -> dict[str, Any]:
    """Options of ``servicecatalog_emulator_session``; override it in a ``conftest.py``."""
    return {}


@pytest.fixture(scope="session")
def servicecatalog_emulator_session(
    servicecatalog_emulator_options: dict[str, Any],
) -> Iterator[ServiceCatalogEmulator]:
    """One :class:`ServiceCatalogEmulator` for the whole session; its tests share its state.

    Started once, so a suite of many short tests does not pay a start per test.
    Tests see what earlier ones created: give resources unique names, and call
    ``clear_faults()`` after injecting faults. The environment is set as for
    ``servicecatalog_emulator``, for the whole session.
    """
    with pytest.MonkeyPatch.context() as patch:
        emulator = _started(dict(servicecatalog_emulator_options), patch)
        try:
            yield emulator
        finally:
            emulator.stop()
