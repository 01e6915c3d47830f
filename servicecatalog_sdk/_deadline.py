"""The deadline of the wait a poll request is sent for.

botocore retries a request that timed out or could not connect up to the
client's attempt count, each attempt bounded only by the read timeout: on an
SDK-built client, minutes. A waiter marks its poll requests with its deadline
here, and the transport's ``needs-retry`` hook ends botocore's attempts once
that deadline has passed, so a wait overshoots its timeout by one attempt at
most, not by every attempt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["past_deadline", "retries_end_at"]

_current: ContextVar[tuple[Callable[[], float], float] | None] = ContextVar(
    "servicecatalog_sdk_wait_deadline", default=None
)


@contextmanager
def retries_end_at(clock: Callable[[], float], deadline: float) -> Iterator[None]:
    """While inside, requests stop being retried once ``clock()`` reaches ``deadline``."""
    token = _current.set((clock, deadline))
    try:
        yield
    finally:
        _current.reset(token)


def past_deadline() -> bool:
    """Whether the request being sent belongs to a wait whose deadline has passed."""
    current = _current.get()
    return current is not None and current[0]() >= current[1]
