"""Small helpers shared by the client tests (imported by plain name: no package here)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any, Final

#: (operation name, parameters) of each call the boto3 client was asked to make.
SentCalls = list[tuple[str, dict[str, Any]]]

#: A naive timestamp as a stub hands it over; the SDK must return it tz-aware (UTC).
NAIVE_WHEN: Final = datetime(2017, 6, 15, 12, 30, 0)
#: The same instant, as the typed result must hold it.
WHEN: Final = NAIVE_WHEN.replace(tzinfo=timezone.utc)


def assert_uuid(token: object) -> str:
    """``token`` is a UUID string (as the SDK generates idempotency tokens)."""
    assert isinstance(token, str)
    assert str(uuid.UUID(token)) == token
    return token


def assert_plain_wire(value: object) -> None:
    """``value`` holds only plain wire types: no enums, no models, no tuples."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str, f"key {key!r} is a {type(key).__name__}"
            assert_plain_wire(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain_wire(item)
    else:
        assert type(value) in (str, int, bool, float, datetime), (
            f"{value!r} is a {type(value).__name__}, not a plain wire value"
        )
