"""Fixtures of the asyncio client's tests: the emulator's server, stubs, fake time.

aiobotocore talks HTTP, so the emulator runs in server mode on 127.0.0.1. The
tests run under pytest-asyncio (strict mode: each module marks its tests).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import pytest_asyncio
from aiobotocore.session import get_session
from aiobotocore.stub import AioStubber

from servicecatalog_sdk.aio import AsyncServiceCatalogClient
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.waiters.waiter_helpers import FakeTime


class AsyncFakeTime(FakeTime):
    """:class:`FakeTime` with an async sleep, for the asyncio waiters."""

    async def async_sleep(self, seconds: float) -> None:
        """Advance the fake time instead of sleeping."""
        self.sleep(seconds)


@pytest.fixture
def emulator() -> Iterator[ServiceCatalogEmulator]:
    """The emulator as moto's server on 127.0.0.1, fresh for each test."""
    with ServiceCatalogEmulator(server=True, in_progress_polls=2) as emu:
        yield emu


@pytest_asyncio.fixture
async def sc(emulator: ServiceCatalogEmulator) -> AsyncIterator[AsyncServiceCatalogClient]:
    """The asyncio client bound to :func:`emulator`, open for the test."""
    async with emulator.async_client() as client:
        yield client


@pytest.fixture
def fake() -> AsyncFakeTime:
    """A fake clock and async sleep."""
    return AsyncFakeTime()


@pytest_asyncio.fixture
async def raw_aio() -> AsyncIterator[Any]:
    """A real aiobotocore ``servicecatalog`` client (fake credentials, never sent)."""
    session = get_session()
    async with session.create_client(
        "servicecatalog",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ) as raw:
        yield raw


@pytest.fixture
def stub(raw_aio: Any) -> Iterator[AioStubber]:
    """aiobotocore's stubber on :func:`raw_aio`; every queued answer must be used."""
    with AioStubber(raw_aio) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def stubbed(raw_aio: Any, stub: AioStubber, fake: AsyncFakeTime) -> AsyncServiceCatalogClient:
    """The asyncio client over :func:`stub`, its waits on :func:`fake` time."""
    return AsyncServiceCatalogClient(
        raw_aio, waiter_clock=fake.clock, waiter_sleep=fake.async_sleep, strict=True
    )
