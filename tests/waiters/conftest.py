"""Fixtures of the waiter tests: a Stubber-backed client and a fake clock."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient

from .waiter_helpers import FakeTime


@pytest.fixture
def sc(raw_client: Any, stubber: Stubber) -> ServiceCatalogClient:
    """Our client over the stubbed boto3 client."""
    return ServiceCatalogClient(raw_client, strict=True)


@pytest.fixture
def fake_time() -> FakeTime:
    """A clock and sleep that never wait for real."""
    return FakeTime()


@pytest.fixture
def timing(fake_time: FakeTime) -> dict[str, Any]:
    """The keywords that put a waiter on the fake clock."""
    return {"clock": fake_time.clock, "sleep": fake_time.sleep}
