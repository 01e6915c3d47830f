"""Virtual time for the emulator's own clients: it moves only when they sleep.

The emulator moves a change on per observation, so its clients have nothing to
wait for between polls; sleeping for real would only slow tests down, and a
no-op sleep on the real clock would make a wait on a change that never ends spin
through its whole (real) timeout. On virtual time a waiter's pause advances its
clock instead: a 30-minute wait ends after the polls a 30-minute wait makes, in
milliseconds.

Each thread and each asyncio task has a timeline of its own (a context
variable), so clients shared between threads do not age each other's waits.

botocore's own retries of a throttled or failed request (HTTP 5xx, a lost
connection) pause with ``time.sleep``; the emulator's clients answer botocore's
``needs-retry`` event themselves: the same retry conditions and attempts as an
SDK-built client in botocore's ``standard`` mode, the backoff taken on virtual time.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from typing import Any, Final, Literal

from botocore.retries.standard import ExponentialBackoff, RetryContext, StandardRetryConditions

from servicecatalog_sdk._deadline import past_deadline
from servicecatalog_sdk.client import MAX_ATTEMPTS

#: Attempts per request of the emulator's clients: as many as an SDK-built client's.
RETRY_ATTEMPTS: Final = MAX_ATTEMPTS

_now: ContextVar[float] = ContextVar("servicecatalog_emulator_virtual_time", default=0.0)
_conditions = StandardRetryConditions(max_attempts=RETRY_ATTEMPTS)
_backoff = ExponentialBackoff()


def virtual_clock() -> float:
    """Seconds of virtual time in this thread or task."""
    return _now.get()


def virtual_sleep(seconds: float) -> None:
    """Advance this thread's or task's virtual time by ``seconds``, at once."""
    _now.set(_now.get() + max(0.0, seconds))


async def virtual_async_sleep(seconds: float) -> None:
    """Advance virtual time, and let other tasks run as a real pause would."""
    virtual_sleep(seconds)
    await asyncio.sleep(0)


def retry_on_virtual_time(
    attempts: int,
    response: Any = None,
    caught_exception: Exception | None = None,
    operation: Any = None,
    request_dict: Any = None,
    **_: Any,
) -> Literal[False, 0]:
    """botocore's ``needs-retry`` handler of the emulator's clients (registered first).

    ``0`` retries at once, the pause taken on virtual time; ``False`` ends the
    attempts: past a wait's deadline, after ``RETRY_ATTEMPTS``, or for an
    answer botocore's standard mode would not retry.
    """
    if past_deadline():
        return False
    http_response, parsed = response if response is not None else (None, None)
    context = RetryContext(
        attempt_number=attempts,
        operation_model=operation,
        parsed_response=parsed,
        http_response=http_response,
        caught_exception=caught_exception,
        request_context=(request_dict or {}).get("context", {}),
    )
    if not _conditions.is_retryable(context):
        return False
    virtual_sleep(_backoff.delay_amount(context))
    return 0
