"""Showing a wait while it runs: a live line on a terminal, plain lines in a log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from servicecatalog_sdk.cli._output import Console

__all__ = ["Progress", "format_elapsed"]

#: Between status changes, a log gets a "still waiting" line this often (seconds).
LOG_EVERY: Final = 60.0
#: On a terminal, the elapsed time is refreshed this often while sleeping (seconds).
TICK: Final = 1.0

_CLEAR_LINE: Final = "\r\x1b[K"


def format_elapsed(seconds: float) -> str:
    """``1m05s``-style elapsed time."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class Progress:
    """Progress of one wait, fed by the waiter's ``on_poll`` and ``sleep``.

    ``status_of`` turns an observation into the status text shown. On a
    terminal the line is redrawn at each poll and every second of sleep; in a
    log a line is written when the status changes and once a minute otherwise.
    """

    def __init__(
        self,
        console: Console,
        what: str,
        *,
        status_of: Callable[[object], str],
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        self.console = console
        self.what = what
        self.status_of = status_of
        self.clock = clock
        self._sleep = sleep
        self.live = console.stderr_is_tty
        self.polls = 0
        self.status = "starting"
        self._started = clock()
        self._last_line_at: float | None = None
        self._drawn = False

    def on_poll(self, observation: object) -> None:
        """The waiter observed something: count it and show it."""
        self.polls += 1
        status = self.status_of(observation)
        changed = status != self.status
        self.status = status
        if self.live:
            self._draw()
        elif changed or self._due():
            self._log_line()

    def sleep(self, seconds: float) -> None:
        """Sleep like the waiter asked, redrawing the live line as time passes."""
        if not self.live:
            self._sleep(seconds)
            return
        remaining = seconds
        while remaining > 0:
            step = min(TICK, remaining)
            self._sleep(step)
            remaining -= step
            self._draw()

    def finish(self) -> None:
        """Leave the terminal line clean for the result."""
        if self.live and self._drawn:
            self.console.err(_CLEAR_LINE, end="")
            self._drawn = False

    def _elapsed(self) -> str:
        return format_elapsed(self.clock() - self._started)

    def _text(self) -> str:
        polls = f"{self.polls} poll" + ("" if self.polls == 1 else "s")
        return f"waiting for {self.what}: {self.status} (elapsed {self._elapsed()}, {polls})"

    def _draw(self) -> None:
        self.console.err(_CLEAR_LINE + self._text(), end="")
        self._drawn = True

    def _due(self) -> bool:
        return self._last_line_at is None or self.clock() - self._last_line_at >= LOG_EVERY

    def _log_line(self) -> None:
        self._last_line_at = self.clock()
        self.console.err(self._text())
