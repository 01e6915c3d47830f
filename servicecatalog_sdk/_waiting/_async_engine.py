"""The asyncio driver of the shared polling loop, on tenacity's ``AsyncRetrying``.

:class:`AsyncPoller` is :class:`~servicecatalog_sdk._waiting._engine.Poller`
with its two loops awaited: the same backoff, deadline, retry decisions,
observation handling (``Poller._note`` and ``Poller._verdict``: logging,
``on_poll``, the judge, the unknown-status warning) and timeout errors. Only
the fetch, the sleep and an awaitable returned by ``on_poll`` are awaited.
Cancelling the task that awaits :meth:`AsyncPoller.run` ends the wait at once:
the ``CancelledError`` raised in the sleep or the request is never retried, so
no request follows the cancellation. No thread is used.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tenacity import AsyncRetrying, retry_if_exception, retry_if_result
from tenacity.wait import wait_random_exponential

from servicecatalog_sdk._deadline import retries_end_at
from servicecatalog_sdk._waiting._engine import Poller, Verdict, _Outcome, wait_equal_jitter
from servicecatalog_sdk._waiting._settings import WaitSettings

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._history import HistoryPlan

__all__ = ["AsyncPoller", "AsyncSleep"]

T = TypeVar("T")

#: Pauses for the given seconds without blocking the event loop (``asyncio.sleep``).
AsyncSleep = Callable[[float], Awaitable[None]]


class AsyncPoller(Poller[T], Generic[T]):
    """One awaited wait: ``fetch`` is a coroutine function, ``sleep`` an async sleep.

    ``on_poll`` may be a plain function or a coroutine function: what it
    returns is awaited when it is awaitable.

    ``learn``, a coroutine function, reads the change's history once, as the
    blocking engine's ``learn`` does; the plan it returns times the polls.
    """

    def __init__(
        self,
        what: str,
        settings: WaitSettings,
        *,
        fetch: Callable[[], Awaitable[T]],
        sleep: AsyncSleep,
        judge: Callable[[T], Verdict],
        status_of: Callable[[T], str | None],
        on_poll: Callable[[T], object] | None = None,
        tolerate_not_found: bool = False,
        resource_id: str | None = None,
        learn: Callable[[T], Awaitable[HistoryPlan | None]] | None = None,
    ) -> None:
        super().__init__(
            what,
            settings,
            fetch=_no_blocking_fetch,
            judge=judge,
            status_of=status_of,
            on_poll=on_poll,
            tolerate_not_found=tolerate_not_found,
            resource_id=resource_id,
        )
        self._async_fetch = fetch
        self._async_sleep = sleep
        self._async_learn = learn

    async def run(self) -> T:  # type: ignore[override]
        """Poll until the judge says done; raise its failure or WaiterTimeoutError."""
        s = self.settings
        self._deadline = s.clock() + s.timeout
        backoff = wait_equal_jitter(s.min_delay, s.max_delay)
        polling = AsyncRetrying(
            sleep=self._async_sleep,
            stop=self._past_deadline,
            wait=lambda state: min(self._pause(backoff, state), self._remaining()),
            retry=retry_if_result(lambda outcome: not outcome.done),
            retry_error_callback=self._polls_timed_out,
        )
        outcome: _Outcome[T] = await polling(self._poll_once_async)
        return outcome.observation

    async def _poll_once_async(self) -> _Outcome[T]:
        observation = await self._fetch_with_retry_async()
        reported = self._note(observation)
        if inspect.isawaitable(reported):
            await reported  # an async on_poll runs before the observation is judged
        verdict = self._verdict(observation)
        if verdict is not Verdict.DONE and self._async_learn is not None:
            learn, self._async_learn = self._async_learn, None  # one history read per wait
            with retries_end_at(self.settings.clock, self._deadline):
                self._plan = await learn(observation)
        return _Outcome(observation, verdict is Verdict.DONE)

    async def _fetch_with_retry_async(self) -> T:
        s = self.settings
        backoff = wait_random_exponential(multiplier=s.min_delay, min=s.min_delay, max=s.max_delay)
        requests = AsyncRetrying(
            sleep=self._async_sleep,
            stop=self._past_deadline,
            wait=lambda state: min(backoff(state), self._remaining()),
            retry=retry_if_exception(self._retryable),
            before_sleep=self._log_retry,
            retry_error_callback=self._requests_timed_out,
        )
        result: T = await requests(self._fetch_within_deadline_async)
        return result

    async def _fetch_within_deadline_async(self) -> T:
        # The deadline is a context variable: each task has its own, and
        # aiobotocore's retries of this poll see it as botocore's would.
        with retries_end_at(self.settings.clock, self._deadline):
            return await self._async_fetch()


def _no_blocking_fetch() -> Any:
    raise AssertionError("AsyncPoller fetches with await only")  # pragma: no cover
