"""The deadline of the wait a poll request is sent for, and botocore's retries of it.

botocore retries a throttled request, a server fault (HTTP 5xx) and a request
that timed out or could not connect, up to the client's attempt count, pausing
between attempts (exponential backoff: up to 20 s a pause in ``standard``
mode). A waiter marks its poll requests with its deadline here
(:func:`retries_end_at`), and the transports register
:func:`stop_retrying_past_deadline` first on botocore's ``needs-retry`` event:
it refuses every retry that could start after the deadline, whatever the
failure. The waiter's own retry loop, whose pauses never cross the deadline,
then decides, so a wait ends within about one request of its timeout instead of
after every attempt's pause.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final, Literal

__all__ = ["longest_retry_pause", "past_deadline", "retries_end_at", "stop_retrying_past_deadline"]

_current: ContextVar[tuple[Callable[[], float], float] | None] = ContextVar(
    "servicecatalog_sdk_wait_deadline", default=None
)

#: Past this many attempts the bound below no longer grows (and never overflows).
_BOUND_ATTEMPTS: Final = 32


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


def longest_retry_pause(attempts: int) -> float:
    """The longest pause botocore can take before the retry that follows ``attempts`` attempts.

    Its ``standard``, ``adaptive`` and ``legacy`` modes all back off by a random
    fraction of ``2 ** (attempts - 1)`` seconds (``standard`` caps it at 20 s);
    the bound holds for all three.
    """
    return 2.0 ** (min(max(attempts, 1), _BOUND_ATTEMPTS) - 1)


def stop_retrying_past_deadline(attempts: int = 1, **_: Any) -> Literal[False] | None:
    """botocore's ``needs-retry`` handler: no retry that could start past a wait's deadline.

    ``False`` (registered first, the answer botocore takes) ends the attempts:
    botocore raises the last attempt's exception or returns its error
    response, which the transport turns into the SDK's error as usual. That is
    the answer once the deadline has passed, or when the pause before the
    retry could reach it. ``None`` leaves the decision to botocore's own retry
    handler: outside a wait, or with time to spare.
    """
    current = _current.get()
    if current is None:
        return None
    clock, deadline = current
    if clock() + longest_retry_pause(attempts) < deadline:
        return None
    return False
