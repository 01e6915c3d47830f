"""Fixtures of the waiter tests: a Stubber-backed client and a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient

from .waiter_helpers import FakeTime


@pytest.fixture
def raw_client() -> Any:
    """A real boto3 ``servicecatalog`` client (the suite's conftest fakes credentials)."""
    return boto3.client("servicecatalog", region_name="us-east-1")


@pytest.fixture
def stubber(raw_client: Any) -> Iterator[Stubber]:
    """botocore's Stubber on ``raw_client``."""
    with Stubber(raw_client) as stub:
        yield stub


@pytest.fixture
def sc(raw_client: Any, stubber: Stubber) -> ServiceCatalogClient:
    """Our client over the stubbed boto3 client."""
    return ServiceCatalogClient(raw_client)


@pytest.fixture
def fake_time() -> FakeTime:
    """A clock and sleep that never wait for real."""
    return FakeTime()


@pytest.fixture
def timing(fake_time: FakeTime) -> dict[str, Any]:
    """The keywords that put a waiter on the fake clock."""
    return {"clock": fake_time.clock, "sleep": fake_time.sleep}
