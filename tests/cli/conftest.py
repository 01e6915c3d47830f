"""Fixtures of the CLI tests: main() over a Stubber-backed client and fake time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.cli import ClientOptions, main
from tests.waiters.waiter_helpers import FakeTime


@attrs.frozen
class Result:
    """What one ``main([...])`` run did."""

    code: int
    out: str
    err: str
    #: Seconds of fake time the run slept.
    elapsed: float = 0.0


@pytest.fixture
def factory_calls() -> list[ClientOptions]:
    """The connection options each CLI run built its client with."""
    return []


@pytest.fixture
def cli(
    raw_client: Any,
    stubber: Stubber,
    capsys: pytest.CaptureFixture[str],
    factory_calls: list[ClientOptions],
) -> Callable[..., Result]:
    """Run ``main(argv)`` against the stubbed client on fake time; capture its output."""

    def factory(options: ClientOptions) -> ServiceCatalogClient:
        factory_calls.append(options)
        return ServiceCatalogClient(raw_client, strict=True)

    def run(*argv: str) -> Result:
        fake_time = FakeTime()
        capsys.readouterr()
        code = main(
            list(argv), client_factory=factory, clock=fake_time.clock, sleep=fake_time.sleep
        )
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err, fake_time.elapsed)

    return run
