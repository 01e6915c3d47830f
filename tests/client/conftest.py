"""Fixtures of the client tests: a real boto3 client, botocore's Stubber, our client.

No test here reaches AWS: the credentials are fake, the Stubber answers every call
at ``before-call``, and the HTTP-level tests answer at ``before-send``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from tests.client.client_helpers import SentCalls


@pytest.fixture
def stubber(raw_client: Any) -> Iterator[Stubber]:
    """botocore's Stubber on ``raw_client`` (root conftest); every queued answer must be used."""
    with Stubber(raw_client) as stub:
        yield stub
        stub.assert_no_pending_responses()


@pytest.fixture
def sent(raw_client: Any, stubber: Stubber) -> SentCalls:
    """Every call's parameters as botocore received them (after the Stubber's check).

    The Stubber compares with ``==``, and a ``str`` enum equals its value; this
    record lets a test check that the wire request holds plain values.
    """
    calls: SentCalls = []

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        calls.append((model.name, copy.deepcopy(params)))

    raw_client.meta.events.register("before-parameter-build.servicecatalog", record)
    return calls


@pytest.fixture
def sc(raw_client: Any) -> ServiceCatalogClient:
    """Our client over ``raw_client``."""
    return ServiceCatalogClient(raw_client, strict=True)
