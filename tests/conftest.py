"""Suite-wide settings: the strict converter and fake AWS credentials."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import set_strict


@pytest.fixture(autouse=True, scope="session")
def _strict_converter() -> Iterator[None]:
    # Strict mode rejects response members our models lack, so a gap in the
    # generated models fails a test instead of dropping data silently.
    set_strict(True)
    yield
    set_strict(False)


@pytest.fixture(autouse=True)
def _fake_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # No test may reach AWS: fake credentials, a fixed region, no profiles.
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def raw_client() -> Any:
    """A real boto3 ``servicecatalog`` client (on the fake credentials above)."""
    return boto3.client("servicecatalog", region_name="us-east-1")


@pytest.fixture
def stubber(raw_client: Any) -> Iterator[Stubber]:
    """botocore's Stubber on ``raw_client``."""
    with Stubber(raw_client) as stub:
        yield stub
