"""Suite-wide settings: fake AWS credentials and the raw clients tests share.

Strictness is not set here: there is no process-wide switch. Every client a
test builds passes ``strict=True`` (the emulator's ``client()`` is strict too),
so a response member the models lack fails a test instead of being dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber


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
