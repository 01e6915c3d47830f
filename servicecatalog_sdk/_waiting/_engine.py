"""The waiters' engine: an answer in; "done", "failed" or "poll again after d seconds" out.

One :class:`Waiting` per wait holds what the wait knows and decides: its
arguments (checked before anything is sent), its deadline, its polls and last
observation, its judgement (the waiter's decision), which failed poll requests
are worth sending again, and every pause. tenacity runs the loops: for each,
the engine hands a driver tenacity's ``retry``, ``wait``, ``stop`` and
``before_sleep`` decisions (:meth:`Waiting.poll_loop`,
:meth:`Waiting.request_loop`), plain functions of tenacity's ``RetryCallState``.
It sends no request, never sleeps and reads no clock: a driver (:mod:`._drive`
on ``Retrying``, :mod:`._async_drive` on ``AsyncRetrying``) does those, and
hands it the answer, the failure or the time it read, the way h11's state
machine serves whatever does the I/O.

Two loops, one deadline. The outer loop polls until the decision says done,
pausing with exponential backoff and equal jitter between the minimum and
maximum delay, or as the change's history plans (:mod:`._history`). The inner
loop sends a failed poll request again (throttling, server faults, dropped
connections) with full jitter: a failed request is not an observation, and it
is never fatal before the deadline. No pause crosses the deadline, so every
wait ends by it.
"""

from __future__ import annotations

import inspect
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypedDict, TypeVar

from tenacity import RetryCallState, retry_if_exception, retry_if_result
from tenacity.retry import retry_base
from tenacity.wait import wait_exponential

from servicecatalog_sdk._waiting._decisions import Decision, TableDecision, Verdict, Waiter
from servicecatalog_sdk._waiting._history import (
    HistoryPlan,
    HistoryQuery,
    history_failed,
    history_level,
    plan_from_records,
    product_query,
    record_query,
)
from servicecatalog_sdk._waiting._settings import NOT_FOUND_RETRIES, make_settings
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
    from servicecatalog_sdk.models import ListRecordHistoryOutput

__all__ = [
    "POLL_FAILURES",
    "Loop",
    "Waiting",
    "is_transient",
    "timeout_error",
    "wait_equal_jitter",
    "wait_full_jitter",
]

T = TypeVar("T")

logger = logging.getLogger("servicecatalog_sdk.waiters")

#: Failures of a poll request the engine judges (:meth:`Waiting.request_loop`); any
#: other exception is a bug, or a cancellation, and goes straight through.
POLL_FAILURES = (ServiceCatalogError, TransportError)


class wait_equal_jitter(wait_exponential):
    """tenacity's exponential backoff with equal jitter: random in ``[d/2, d]``.

    ``d`` doubles per attempt from ``low`` up to ``high``. The certain half
    keeps a long change polled about every three quarters of ``high`` (full
    jitter would average half of it, doubling the requests); the random half
    makes waiters started together drift apart.
    """

    def __init__(self, low: float, high: float) -> None:
        super().__init__(multiplier=low, min=low, max=high)

    def __call__(self, retry_state: RetryCallState) -> float:
        """The pause after attempt ``retry_state.attempt_number``."""
        bound = super().__call__(retry_state)
        return max(self.min, random.uniform(bound / 2, bound))


class wait_full_jitter(wait_exponential):
    """tenacity's exponential backoff with full jitter: random in ``[low, d]`` (spreads the load).

    tenacity's ``wait_random_exponential`` draws the same from tenacity 9.0 on;
    before that it drew from 0 and ignored ``min``, so a throttled request could
    be sent again at once.
    """

    def __init__(self, low: float, high: float) -> None:
        super().__init__(multiplier=low, min=low, max=high)

    def __call__(self, retry_state: RetryCallState) -> float:
        """The pause after failed attempt ``retry_state.attempt_number``."""
        return random.uniform(self.min, super().__call__(retry_state))


class Loop(TypedDict):
    """One loop's decisions: keywords of tenacity's ``Retrying`` and ``AsyncRetrying``."""

    retry: retry_base
    wait: Callable[[RetryCallState], float]
    stop: Callable[[RetryCallState], bool]
    before_sleep: Callable[[RetryCallState], None] | None
    retry_error_callback: Callable[[RetryCallState], NoReturn]


def is_transient(exc: BaseException) -> bool:
    """Whether a failed poll request is worth sending again."""
    if isinstance(exc, ThrottlingError | InternalServerError):
        return True
    if isinstance(exc, ServiceCatalogError):
        return exc.http_status is not None and exc.http_status >= 500
    return isinstance(exc, TransportError) and exc.retryable


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
    """The error of a wait that reached its deadline."""
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


class Waiting(Generic[T]):
    """One wait of ``waiter`` on ``client``, called with ``arguments`` (every keyword).

    ``awaits`` says whether the driver awaits what ``on_poll`` returns (the
    asyncio one); a blocking wait rejects a coroutine function before the first
    request, and an awaitable returned by a plain function when it comes.
    """

    def __init__(
        self, waiter: Waiter[T], client: object, arguments: Mapping[str, Any], *, awaits: bool
    ) -> None:
        decide = waiter.decide or TableDecision
        self.decision: Decision = decide(waiter, arguments)  # checks the waiter's own arguments
        self.settings = make_settings(
            timeout=arguments["timeout"],
            min_delay=arguments["min_delay"],
            max_delay=arguments["max_delay"],
            clock=arguments["clock"],
            sleep=arguments["sleep"],
            on_poll=arguments["on_poll"],
            client=client,
            awaits_on_poll=awaits,
        )
        #: The access level of the one history read still to make (``None``: none).
        self._history_level: str | None = None
        if waiter.history is not None:
            self._history_level = history_level(
                client, arguments["use_history"], arguments["history_access_level"]
            )
        self._arguments = arguments
        self._waiter = waiter
        self._client = client
        self._on_poll = arguments["on_poll"]
        self._awaits = awaits
        #: The keywords of each poll request.
        self.request = {kw: arguments[arg] for kw, arg in waiter.request.items()}
        self.what = self.decision.what
        self.deadline = 0.0
        self._now = 0.0  # the clock time the driver read last
        self.polls = 0
        self.last: Any = None
        self.status: str | None = None
        self._not_found = 0
        self._warned: set[str | None] = set()
        self._plan: HistoryPlan | None = None

    def start(self, now: float) -> None:
        """The wait starts at clock time ``now``: its deadline is set."""
        self.deadline = now + self.settings.timeout
        self._now = now

    def tick(self, now: float) -> None:
        """The time is ``now``: the driver reads its clock in tenacity's ``after`` hook.

        tenacity calls that hook when an attempt is to be followed by another,
        just before the ``wait`` and ``stop`` decisions, which are taken at ``now``.
        """
        self._now = now

    # -- tenacity's decisions -----------------------------------------------------------

    def poll_loop(self) -> Loop:
        """tenacity's decisions for the polls; an attempt polls once and says if the wait is done.

        Another poll follows one not done, after the history plan's pause or
        else equal jitter; past the deadline WaiterTimeoutError ends the wait.
        What an attempt raises (the waiter's failure, say) ends it too.
        """
        s = self.settings
        backoff = wait_equal_jitter(s.min_delay, s.max_delay)

        def pause(state: RetryCallState) -> float:
            planned = None if self._plan is None else self._plan.delay(self._now)
            return min(backoff(state) if planned is None else planned, self._left())

        return Loop(
            retry=retry_if_result(lambda done: not done),
            wait=pause,
            stop=self._past_deadline,
            before_sleep=None,
            retry_error_callback=self._polls_timed_out,
        )

    def request_loop(self) -> Loop:
        """tenacity's decisions for one poll request: sent again after a transient failure.

        The pauses are full jitter. A failure another try would not fix is
        raised as it is; past the deadline, WaiterTimeoutError, its cause the last failure.
        """
        s = self.settings
        backoff = wait_full_jitter(s.min_delay, s.max_delay)
        return Loop(
            retry=retry_if_exception(self._retryable),
            wait=lambda state: min(backoff(state), self._left()),
            stop=self._past_deadline,
            before_sleep=self._log_retry,
            retry_error_callback=self._requests_timed_out,
        )

    def _past_deadline(self, _: RetryCallState) -> bool:
        return self._now >= self.deadline

    def _left(self) -> float:
        return max(0.0, self.deadline - self._now)

    def _polls_timed_out(self, _: RetryCallState) -> NoReturn:
        raise self._timeout()

    def _requests_timed_out(self, state: RetryCallState) -> NoReturn:
        exc = None if state.outcome is None else state.outcome.exception()
        raise self._timeout(exc) from exc

    def _log_retry(self, state: RetryCallState) -> None:
        exc = None if state.outcome is None else state.outcome.exception()
        logger.debug("%s: poll request failed, sending it again: %s", self.what, exc)

    # -- a failed poll request -------------------------------------------------------

    def gone(self, exc: BaseException) -> bool:
        """Whether a failed poll request says the resource waited away is gone: the answer."""
        return self._waiter.gone is not None and isinstance(exc, ResourceNotFoundError)

    def _retryable(self, exc: BaseException) -> bool:
        if is_transient(exc):
            return True
        tolerated = self._waiter.tolerate_not_found and self.polls == 0
        if tolerated and isinstance(exc, ResourceNotFoundError):
            self._not_found += 1
            return self._not_found <= NOT_FOUND_RETRIES
        return False

    # -- an answer ---------------------------------------------------------------------

    def observe(self, answer: Any) -> tuple[Any, Awaitable[object] | None]:
        """Count, log and report one answer; the observation, and ``on_poll``'s awaitable."""
        observation = self.decision.observe(answer)
        self.polls += 1
        self.last = observation
        status = self.decision.status(observation)
        if status != self.status:
            logger.info("%s: %s", self.what, status or "no status")
        self.status = status
        reported = None if self._on_poll is None else self._on_poll(observation)
        if not inspect.isawaitable(reported):
            return observation, None
        if self._awaits:
            return observation, reported  # awaited before the observation is judged
        if inspect.iscoroutine(reported):
            reported.close()  # never awaited: close it rather than leak a warning
        raise TypeError(
            f"on_poll returned an awaitable ({type(reported).__name__}), which a blocking "
            "wait cannot await: pass a plain function, or wait with the asyncio client"
        )

    def judge(self, observation: Any) -> bool:
        """Whether the wait is done; raises the waiter's failure, warns of an unknown status once."""
        try:
            verdict = self.decision.judge(observation)
        except WaiterError as exc:
            if exc.resource_id is None:
                exc.resource_id = self.decision.resource_id
            raise
        if verdict is Verdict.UNKNOWN and self.status not in self._warned:
            self._warned.add(self.status)
            message = (
                f"{self.what} has status {self.status!r}, which this SDK version does not "
                "know; still waiting (the timeout bounds the wait)"
            )
            logger.warning("%s", message)
            warn(message, UnknownValueWarning)  # at the line that called the waiter
        return verdict is Verdict.DONE

    def result(self, observation: Any) -> T:
        """What the wait returns, once ``observation`` was judged done."""
        value: T = self.decision.result(observation)
        return value

    # -- the change's history: read once, on the first answer that is not done --------

    def history_query(self, observation: Any) -> HistoryQuery | None:
        """The history to read now (``None``: none, or read already)."""
        level, self._history_level = self._history_level, None  # one history read per wait
        if level is None:
            return None
        if self._waiter.history == "record":
            query = record_query(observation, access_level=level)
        else:
            query = product_query(
                observation,
                record_id=self._arguments["record_id"],
                terminating=self._waiter.history == "termination",
                access_level=level,
            )
        if query is None:
            logger.debug("%s: nothing names the history to read; usual backoff", self.what)
        return query

    def history_failed(self, query: HistoryQuery, exc: BaseException) -> None:
        """The history read failed (one of ``READ_FAILURES``): the usual backoff goes on."""
        history_failed(self._client, query, self.what, exc)

    def plan(
        self, query: HistoryQuery, page: ListRecordHistoryOutput | None, now: float, wall: datetime
    ) -> None:
        """Time the polls by the history page read (``None``: none came; ``wall``: UTC now)."""
        self._plan = plan_from_records(
            query,
            () if page is None else page.record_details,
            settings=self.settings,
            clock_now=now,
            wall_now=wall,
            jitter=random.random,  # waits on one product do not poll in step
            what=self.what,
        )

    def _timeout(self, failed_request: BaseException | None = None) -> WaiterTimeoutError:
        return timeout_error(
            self.what,
            self.settings.timeout,
            last=self.last,
            status=self.status,
            polls=self.polls,
            resource_id=self.decision.resource_id,
            failed_request=failed_request,
        )
