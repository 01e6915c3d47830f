"""A live progress display for ``rollout apply|resume|retry-failed`` on a terminal.

Our own, small, rather than a dependency: a status area at the bottom of the
terminal, redrawn in place (carriage return, erase-line, cursor-up), with each
failure printed above it as a permanent line. The CLI builds one only for a
terminal: never under ``--json`` or when stderr is not a TTY.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

__all__ = ["LiveProgress"]

_ERASE_LINE = "\x1b[K"
# More regions than this, or a terminal too short for a line each, and the area is one line.
_MAX_REGION_LINES = 8
_BAR_WIDTH = 20
# Control characters (ESC above all) in an error message would move the cursor
# under our feet, or let a message rewrite the terminal: shown as spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")

_WAITING = "waiting"
_RUNNING = "in progress"
_SUCCEEDED = "succeeded"
_NOOP = "noop"
_FAILED = "failed"
_CANCELLED = "cancelled"
_FINAL = frozenset({_SUCCEEDED, _NOOP, _FAILED, _CANCELLED})
_STATE_AFTER = {
    "planned": _WAITING,
    "skipped": _NOOP,
    "submitted": _RUNNING,
    "succeeded": _SUCCEEDED,
    "failed": _FAILED,
    "cancelled": _CANCELLED,
}
# A region's bar, left to right: what is over first, then what is running, then what waits.
_BAR_CHARS = ((_SUCCEEDED, "#"), (_NOOP, "#"), (_FAILED, "x"), (_CANCELLED, "-"), (_RUNNING, ">"))


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def _elapsed(seconds: float) -> str:
    hours, rest = divmod(int(max(seconds, 0.0)), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _bar(counts: Counter[str], total: int) -> str:
    if total <= 0:
        return "." * _BAR_WIDTH
    cells: list[str] = []
    done = drawn = 0
    for state, char in _BAR_CHARS:
        done += counts[state]
        # Round each boundary, not each segment, so the segments always fill the bar exactly.
        end = (done * _BAR_WIDTH + total // 2) // total
        cells.append(char * (end - drawn))
        drawn = end
    return "".join(cells) + "." * (_BAR_WIDTH - drawn)


class LiveProgress:
    """A rollout's progress on a terminal: counts redrawn in place, failures kept above.

    Call the instance with each event of the job (the ``on_progress`` callback);
    events arrive from several threads, and names it does not know are ignored.
    The status area (one summary line, plus one line per region when there are
    2 to 8 regions and the terminal has room) is redrawn at most once per
    ``interval`` seconds of ``clock()``; a failure is printed at once as
    ``ACCOUNT REGION failed: message`` above it. :meth:`close` replaces the area
    with a final summary line. Nothing else may write to ``stream`` meanwhile:
    the cursor movements count the lines the area drew.

    ``width`` and ``height`` default to the terminal's size, read at each redraw.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        clock: Callable[[], float] | None = None,
        width: int | None = None,
        height: int | None = None,
        interval: float = 0.1,
    ) -> None:
        self._stream = stream
        # time.monotonic looked up at call time, not bound as a default (see DESIGN.md).
        self._clock: Callable[[], float] = clock or (lambda: time.monotonic())
        self._width = width
        self._height = height
        self._interval = interval
        self._lock = threading.Lock()
        self._started = self._clock()
        self._targets: dict[tuple[str, str], str] = {}
        self._counts: Counter[str] = Counter()
        self._by_region: dict[str, Counter[str]] = {}
        self._total: int | None = None
        self._last_draw: float | None = None
        self._area: list[str] = []  # the status lines on screen now; the cursor is on the last
        self._closed = False
        self._broken = False
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __enter__(self) -> LiveProgress:
        """The display itself; leaving the block closes it."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the display, whatever ended the block."""
        self.close()

    def __call__(self, record: Mapping[str, Any]) -> None:
        """Take one event (``planned``, ``skipped``, ``submitted``, ``succeeded``, ``failed``, ``cancelled``)."""
        event, account, region = record.get("event"), record.get("account"), record.get("region")
        if not (isinstance(event, str) and isinstance(account, str) and isinstance(region, str)):
            return
        state = _STATE_AFTER.get(event)
        if state is None:
            return
        with self._lock:
            if self._closed:
                return
            key = (account, region)
            old = self._targets.get(key)
            # ``planned`` starts an attempt (a retry plans a failed target again);
            # it and ``submitted`` never take a target back from a later state.
            late = event == "planned" and old is not None and old not in _FINAL
            if not late and not (event == "submitted" and old in _FINAL):
                self._move(key, old, state)
            permanent = []
            if event == "failed":
                message = record.get("message")
                line = f"{account} {region} failed" + (f": {message}" if message else "")
                permanent.append(_clean(line))
            self._render(permanent)

    def set_total(self, n: int, regions: Sequence[str]) -> None:
        """The job's number of targets and its regions in order, when known before the events."""
        with self._lock:
            if self._closed:
                return
            self._total = max(int(n), 0)
            seen = self._by_region
            self._by_region = {r: seen.get(r, Counter()) for r in regions}
            self._by_region.update(seen)
            self._render([])

    def tick(self) -> None:
        """Redraw if ``interval`` has passed and the area changed (the elapsed time moves)."""
        with self._lock:
            if not self._closed and (self._targets or self._total is not None):
                self._render([])

    def start(self) -> LiveProgress:
        """Tick every ``interval`` seconds from a daemon thread until :meth:`close`; returns self."""
        with self._lock:
            if self._ticker is None and not self._closed:
                self._ticker = threading.Thread(
                    target=self._tick_until_closed, name="rollout-progress", daemon=True
                )
                self._ticker.start()
        return self

    def close(self) -> None:
        """Replace the status area with one final summary line; later calls do nothing."""
        self._stop.set()
        ticker = self._ticker
        if ticker is not None and ticker is not threading.current_thread():
            ticker.join()
        with self._lock:
            if self._closed:
                return
            self._closed = True
            final = [self._summary(self._clock())] if self._targets or self._total else []
            if final or self._area:
                self._write(self._frame(final, []))
            self._area = []

    # -- inside the lock ---------------------------------------------------------

    def _tick_until_closed(self) -> None:
        while not self._stop.wait(self._interval):
            self.tick()

    def _move(self, key: tuple[str, str], old: str | None, new: str) -> None:
        region = self._by_region.setdefault(key[1], Counter())
        if old is not None:
            self._counts[old] -= 1
            region[old] -= 1
        self._counts[new] += 1
        region[new] += 1
        self._targets[key] = new

    def _render(self, permanent: list[str]) -> None:
        now = self._clock()
        due = self._last_draw is None or now - self._last_draw >= self._interval
        if not due:
            if permanent:
                # A failure is never held back; the area comes back at the next redraw.
                self._write(self._frame(permanent, []))
                self._area = []
            return
        lines = self._lines(now)
        if permanent or lines != self._area:
            self._write(self._frame(permanent, lines))
            self._area = lines
            self._last_draw = now

    def _frame(self, permanent: list[str], lines: list[str]) -> str:
        # From the area's first line: the permanent lines, then the new area, then
        # blank what is left of the old area. Permanent lines may wrap: the cursor
        # only ever moves back over the area, whose lines are cut to the width.
        parts = ["\r"]
        if len(self._area) > 1:
            parts.append(f"\x1b[{len(self._area) - 1}A")
        parts.extend(line + _ERASE_LINE + "\n" for line in permanent)
        parts.append("\n".join(line + _ERASE_LINE for line in lines) if lines else _ERASE_LINE)
        left = len(self._area) - len(permanent) - max(len(lines), 1)
        if left > 0:
            parts.append(("\n" + _ERASE_LINE) * left + f"\x1b[{left}A")
        return "".join(parts)

    def _write(self, text: str) -> None:
        if self._broken:
            return
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            # A closed or broken terminal must not fail the rollout's step (which
            # would run again and repeat its events): the display just stops.
            self._broken = True

    def _size(self) -> tuple[int, int]:
        if self._width is not None and self._height is not None:
            return self._width, self._height
        try:  # the stream's own terminal: stdout, which shutil asks, may be redirected
            size = os.get_terminal_size(self._stream.fileno())
        except (OSError, ValueError):
            size = shutil.get_terminal_size()
        return self._width or size.columns, self._height or size.lines

    def _summary(self, now: float) -> str:
        c = self._counts
        total = max(self._total or 0, len(self._targets))
        done = c[_SUCCEEDED] + c[_NOOP]
        waiting = total - done - c[_RUNNING] - c[_FAILED] - c[_CANCELLED]
        return (
            f"{done}/{total} done, {c[_RUNNING]} in progress, {c[_FAILED]} failed, "
            f"{c[_CANCELLED]} cancelled, {waiting} waiting, {_elapsed(now - self._started)}"
        )

    def _lines(self, now: float) -> list[str]:
        width, height = self._size()
        lines = [self._summary(now)]
        regions = self._by_region
        if 2 <= len(regions) <= _MAX_REGION_LINES and len(regions) + 1 <= height // 2:
            name_width = max(len(r) for r in regions)
            for region, counts in regions.items():
                total = sum(counts.values())
                done = counts[_SUCCEEDED] + counts[_NOOP]
                line = f"  {_clean(region):<{name_width}} [{_bar(counts, total)}] {done}/{total}"
                for state in (_RUNNING, _FAILED, _CANCELLED):
                    if counts[state]:
                        line += f", {counts[state]} {state}"
                lines.append(line)
        # One column short of the width: a line that fills the last column wraps
        # on some terminals, and a wrapped line breaks the cursor-up arithmetic.
        limit = max(width - 1, 1)
        return [line[:limit] for line in lines]
