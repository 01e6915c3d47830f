"""The polling loop every waiter shares, on tenacity.

Two loops, one deadline. The outer loop polls until the judge says the change
is done, pausing with exponential backoff and equal jitter between the minimum
and maximum delay. The inner loop retries one failed poll request (throttling,
server faults, dropped connections) with its own backoff: a failed request is
not an observation, and it is never fatal before the deadline. Both loops sleep
no further than the deadline, so every wait ends by it.
"""

from __future__ import annotations

import enum
import inspect
import logging
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, NoReturn, TypeVar

import attrs
from tenacity import RetryCallState, Retrying, retry_if_exception, retry_if_result
from tenacity.wait import wait_base, wait_exponential, wait_random_exponential

from servicecatalog_sdk._deadline import retries_end_at
from servicecatalog_sdk._waiting._settings import NOT_FOUND_RETRIES, WaitSettings
from servicecatalog_sdk._warnings import warn
from servicecatalog_sdk.errors import (
    InternalServerError,
    ResourceNotFoundError,
    ServiceCatalogError,
    ThrottlingError,
    TransportError,
    UnknownValueWarning,
    WaiterError,
    WaiterTimeoutError,
)

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._history import HistoryPlan

__all__ = ["Poller", "Verdict", "is_transient", "timeout_error"]

T = TypeVar("T")

logger = logging.getLogger("servicecatalog_sdk.waiters")


class wait_equal_jitter(wait_base):
    """Exponential backoff with equal jitter: a random pause in ``[d/2, d]``.

    ``d`` doubles from ``minimum`` up to ``maximum``. The certain half keeps a
    long change polled about every three quarters of ``maximum`` (full jitter
    would average half of it, doubling the requests); the random half makes
    waiters started together drift apart. Failed poll requests use full jitter,
    since there spreading the load out is all that matters.
    """

    def __init__(self, minimum: float, maximum: float) -> None:
        self._minimum = minimum
        self._exponential = wait_exponential(multiplier=minimum, min=minimum, max=maximum)

    def __call__(self, retry_state: RetryCallState) -> float:
        high = self._exponential(retry_state)
        return max(self._minimum, random.uniform(high / 2, high))


class Verdict(enum.Enum):
    """What one observation means to a waiter."""

    DONE = "done"
    WAIT = "wait"
    UNKNOWN = "unknown"  # a status this SDK does not know: keep waiting, warn once


def is_transient(exc: BaseException) -> bool:
    """Whether a failed poll request is worth sending again."""
    if isinstance(exc, ThrottlingError | InternalServerError):
        return True
    if isinstance(exc, ServiceCatalogError):
        return exc.http_status is not None and exc.http_status >= 500
    return isinstance(exc, TransportError) and exc.retryable


@attrs.frozen
class _Outcome(Generic[T]):
    observation: T
    done: bool


def _format_seconds(seconds: float) -> str:
    whole = round(seconds)
    if whole % 60 == 0 and whole >= 60:
        return f"{whole // 60} min"
    return f"{seconds:g} s"


def timeout_error(
    what: str,
    timeout: float,
    *,
    last: object | None,
    status: str | None,
    polls: int,
    resource_id: str | None,
    failed_request: BaseException | None = None,
) -> WaiterTimeoutError:
    """The error of a wait that reached its deadline (pure: any driver raises it)."""
    seen = status or "none observed"
    if failed_request is None:
        detail = f" (last status: {seen}, {polls} polls)"
    else:
        detail = f": the last poll request failed ({failed_request}); last status: {seen}"
    return WaiterTimeoutError(
        f"{what} did not finish within {_format_seconds(timeout)}{detail}",
        last=last,
        status=status,
        resource_id=resource_id,
    )


class Poller(Generic[T]):
    """One wait: fetch an observation, judge it, repeat until done or the deadline.

    ``fetch`` makes the poll request; ``judge`` returns a :class:`Verdict` or
    raises the waiter's failure; ``status_of`` names the status for logs, the
    timeout error and change detection. ``tolerate_not_found`` lets a few
    ResourceNotFound answers pass before the first observation. ``resource_id``
    (the id or token waited on) goes on every ``WaiterError`` the wait raises.
    ``learn`` gets the first observation that is not done, once; the plan it
    returns (from the change's history) times the polls until it gives up, then
    the backoff does.
    """

    def __init__(
        self,
        what: str,
        settings: WaitSettings,
        *,
        fetch: Callable[[], T],
        judge: Callable[[T], Verdict],
        status_of: Callable[[T], str | None],
        on_poll: Callable[[T], object] | None = None,
        tolerate_not_found: bool = False,
        resource_id: str | None = None,
        learn: Callable[[T], HistoryPlan | None] | None = None,
    ) -> None:
        self.what = what
        self._learn = learn
        self._plan: HistoryPlan | None = None
        self.resource_id = resource_id
        self.settings = settings
        self._fetch = fetch
        self._judge = judge
        self._status_of = status_of
        self._on_poll = on_poll
        self._tolerate_not_found = tolerate_not_found
        self.polls = 0
        self.last: T | None = None
        self.status: str | None = None
        self._not_found = 0
        self._warned: set[str | None] = set()
        self._deadline = 0.0

    # -- the two loops -------------------------------------------------------------

    def run(self) -> T:
        """Poll until the judge says done; raise its failure or WaiterTimeoutError."""
        s = self.settings
        self._deadline = s.clock() + s.timeout
        backoff = wait_equal_jitter(s.min_delay, s.max_delay)
        polling = Retrying(
            sleep=s.sleep,
            stop=self._past_deadline,
            wait=lambda state: min(self._pause(backoff, state), self._remaining()),
            retry=retry_if_result(lambda outcome: not outcome.done),
            retry_error_callback=self._polls_timed_out,
        )
        outcome: _Outcome[T] = polling(self._poll_once)
        return outcome.observation

    def _fetch_with_retry(self) -> T:
        s = self.settings
        backoff = wait_random_exponential(multiplier=s.min_delay, min=s.min_delay, max=s.max_delay)
        requests = Retrying(
            sleep=s.sleep,
            stop=self._past_deadline,
            wait=lambda state: min(backoff(state), self._remaining()),
            retry=retry_if_exception(self._retryable),
            before_sleep=self._log_retry,
            retry_error_callback=self._requests_timed_out,
        )
        return requests(self._fetch_within_deadline)

    def _fetch_within_deadline(self) -> T:
        # botocore's own retries of this poll end at the wait's deadline too.
        with retries_end_at(self.settings.clock, self._deadline):
            return self._fetch()

    def _poll_once(self) -> _Outcome[T]:
        observation = self._fetch_with_retry()
        verdict = self._observe(observation)
        if verdict is not Verdict.DONE and self._learn is not None:
            learn, self._learn = self._learn, None  # one history read per wait
            with retries_end_at(self.settings.clock, self._deadline):
                self._plan = learn(observation)
        return _Outcome(observation, verdict is Verdict.DONE)

    def _observe(self, observation: T) -> Verdict:
        """Log, report and judge one observation."""
        reported = self._note(observation)
        if inspect.isawaitable(reported):
            if inspect.iscoroutine(reported):
                reported.close()  # never awaited: close it rather than leak a warning
            raise TypeError(
                f"on_poll returned an awaitable ({type(reported).__name__}), which a blocking "
                "wait cannot await: pass a plain function, or wait with the asyncio client"
            )
        return self._verdict(observation)

    def _note(self, observation: T) -> object:
        """Count and log one observation and hand it to ``on_poll``; return what that returned.

        I/O-free and shared with the asyncio driver, which awaits an awaitable result.
        """
        self.polls += 1
        self.last = observation
        status = self._status_of(observation)
        if status != self.status:
            logger.info("%s: %s", self.what, status or "no status")
        self.status = status
        return None if self._on_poll is None else self._on_poll(observation)

    def _verdict(self, observation: T) -> Verdict:
        """Judge one observation (raising the waiter's failure); warn of an unknown status once."""
        status = self.status
        try:
            verdict = self._judge(observation)
        except WaiterError as exc:
            if exc.resource_id is None:
                exc.resource_id = self.resource_id
            raise
        if verdict is Verdict.UNKNOWN:
            self._warn_unknown(status)
        return verdict

    # -- tenacity hooks -----------------------------------------------------------------

    def _pause(self, backoff: wait_base, state: RetryCallState) -> float:
        planned = self._plan.delay(self.settings.clock()) if self._plan is not None else None
        return backoff(state) if planned is None else planned

    def _remaining(self) -> float:
        return max(0.0, self._deadline - self.settings.clock())

    def _past_deadline(self, _: RetryCallState) -> bool:
        return self.settings.clock() >= self._deadline

    def _retryable(self, exc: BaseException) -> bool:
        if is_transient(exc):
            return True
        if self._tolerate_not_found and self.polls == 0 and isinstance(exc, ResourceNotFoundError):
            self._not_found += 1
            return self._not_found <= NOT_FOUND_RETRIES
        return False

    def _log_retry(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        logger.debug("%s: poll request failed, sending it again: %s", self.what, exc)

    def _timeout_error(self, failed_request: BaseException | None = None) -> WaiterTimeoutError:
        return timeout_error(
            self.what,
            self.settings.timeout,
            last=self.last,
            status=self.status,
            polls=self.polls,
            resource_id=self.resource_id,
            failed_request=failed_request,
        )

    def _polls_timed_out(self, _: RetryCallState) -> NoReturn:
        raise self._timeout_error()

    def _requests_timed_out(self, state: RetryCallState) -> NoReturn:
        exc = state.outcome.exception() if state.outcome is not None else None
        raise self._timeout_error(exc) from exc

    def _warn_unknown(self, status: str | None) -> None:
        if status in self._warned:
            return
        self._warned.add(status)
        message = (
            f"{self.what} has status {status!r}, which this SDK version does not know; "
            "still waiting (the timeout bounds the wait)"
        )
        logger.warning("%s", message)
        warn(message, UnknownValueWarning)  # at the line that called the waiter
