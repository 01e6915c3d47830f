"""Waiter defaults, argument checks, and the clock and sleep a wait runs on."""

from __future__ import annotations

import inspect
import math
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Final, NamedTuple

from servicecatalog_sdk.errors import ParamValidationError

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_DELAY",
    "MIN_DELAY",
    "NOT_FOUND_RETRIES",
    "AsyncSleep",
    "Clock",
    "Sleep",
    "Timeout",
    "WaitSettings",
    "asyncio_sleep",
    "check_id",
    "check_id_or_name",
    "check_timeout",
    "is_async_callable",
    "make_settings",
    "time_sleep",
]

#: Overall wait when the caller gives none: provisioning can take this long.
DEFAULT_TIMEOUT: Final = timedelta(minutes=30)
#: Shortest pause between two polls, in seconds.
MIN_DELAY: Final = 2.0
#: Longest pause between two polls, in seconds: a settled change is seen at most this
#: late. A minute keeps a half-hour change to about 45 polls (fixed 3 s polling: 600).
MAX_DELAY: Final = 60.0
#: ResourceNotFound answers tolerated before a waiter's first observation: right
#: after ProvisionProduct the new product or record can be invisible for a moment.
NOT_FOUND_RETRIES: Final = 3

#: How long a wait may take: seconds, or a timedelta.
Timeout = float | timedelta
#: A monotonic clock in seconds (``time.monotonic`` by default).
Clock = Callable[[], float]
#: Pauses for the given seconds (``time.sleep`` by default).
Sleep = Callable[[float], None]
#: Pauses for the given seconds without blocking the event loop (``asyncio.sleep``).
AsyncSleep = Callable[[float], Awaitable[None]]


def _monotonic() -> float:
    # Looked up on every call, so a patched ``time.monotonic`` is honoured.
    return time.monotonic()


def time_sleep(seconds: float) -> None:
    """``time.sleep``, looked up on every call (so a patched one is honoured)."""
    time.sleep(seconds)


async def asyncio_sleep(seconds: float) -> None:
    """``asyncio.sleep``, looked up on every call (so a patched one is honoured)."""
    import asyncio  # only an asyncio wait needs it: blocking code never loads it

    await asyncio.sleep(seconds)


class WaitSettings(NamedTuple):
    """Validated timing of one wait: its length, its delays and its clock.

    The sleep is the driver's: the blocking one's and the asyncio one's differ.
    """

    timeout: float
    min_delay: float
    max_delay: float
    clock: Clock


def _seconds(name: str, value: object) -> float:
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        raise ParamValidationError(
            f"{name} must be a number of seconds or a timedelta, got {value!r}"
        )
    if not math.isfinite(seconds) or seconds <= 0:
        # An infinite wait is what the deadline exists to prevent.
        raise ParamValidationError(f"{name} must be positive and finite, got {value!r}")
    return seconds


def check_timeout(timeout: object) -> None:
    """Reject a bad waiter timeout (``None`` means the default) before anything is sent."""
    if timeout is not None:
        _seconds("timeout", timeout)


def is_async_callable(value: object) -> bool:
    """Whether calling ``value`` makes a coroutine: an ``async def`` function or ``__call__``."""
    return inspect.iscoroutinefunction(value) or inspect.iscoroutinefunction(
        getattr(value, "__call__", None)  # noqa: B004 - the method itself is inspected
    )


def make_settings(
    *,
    timeout: object,
    min_delay: object,
    max_delay: object,
    clock: object,
    sleep: object,
    on_poll: object = None,
    client: object = None,
    awaits_on_poll: bool = False,
) -> WaitSettings:
    """Check a waiter's timing arguments and resolve the default clock.

    A ``clock`` not given falls back to the ``client``'s ``waiter_clock``, then
    to ``time.monotonic``: the function form of a waiter times like the method
    form and ``wait=True``. ``sleep``, or else the client's ``waiter_sleep``,
    must be callable; the driver picks its own when neither is given.
    A coroutine function as ``on_poll`` is a ``TypeError`` unless the driver
    ``awaits_on_poll`` (the asyncio one): a blocking wait would only make
    coroutines that never run.
    """
    if clock is None:
        clock = getattr(client, "waiter_clock", None)
    if sleep is None:
        sleep = getattr(client, "waiter_sleep", None)
    total = _seconds("timeout", timeout)
    low = _seconds("min_delay", min_delay)
    high = _seconds("max_delay", max_delay)
    if low > high:
        raise ParamValidationError(f"min_delay ({low}) must not exceed max_delay ({high})")
    for name, value in (("clock", clock), ("sleep", sleep), ("on_poll", on_poll)):
        if value is not None and not callable(value):
            raise ParamValidationError(f"{name} must be callable, got {value!r}")
    if not awaits_on_poll and is_async_callable(on_poll):
        raise TypeError(
            f"on_poll {on_poll!r} is a coroutine function, which a blocking wait cannot await: "
            "pass a plain function, or wait with the asyncio client"
        )
    return WaitSettings(
        timeout=total,
        min_delay=low,
        max_delay=high,
        clock=clock if callable(clock) else _monotonic,
    )


def check_id(name: str, value: object) -> str:
    """A non-empty string id, or ParamValidationError."""
    if not isinstance(value, str) or not value.strip():
        raise ParamValidationError(f"{name} must be a non-empty string, got {value!r}")
    return value


def check_id_or_name(id: object, name: object) -> None:
    """Exactly one of ``id`` and ``name``, as a non-empty string."""
    if (id is None) == (name is None):
        raise ParamValidationError("give exactly one of id and name")
    if id is not None:
        check_id("id", id)
    else:
        check_id("name", name)
