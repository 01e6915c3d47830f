"""The rollout's live progress display, replayed through a tiny terminal emulator."""

from __future__ import annotations

import io
import itertools
import re
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from servicecatalog_sdk.rollout._progress import LiveProgress

A, B, C, D = "111111111111", "222222222222", "333333333333", "444444444444"
_CSI = re.compile(r"\x1b\[(\d*)([AK])")


class Screen:
    """Just enough of a terminal: \\r, \\n (as CR LF), ESC[K, ESC[nA, and wrapping at ``width``."""

    def __init__(self, width: int | None = None) -> None:
        self.width = width
        self.rows = [""]
        self.row = self.col = 0

    def feed(self, text: str) -> Screen:
        i = 0
        while i < len(text):
            char = text[i]
            if char == "\x1b":
                match = _CSI.match(text, i)
                assert match is not None, f"unexpected escape {text[i : i + 8]!r}"
                if match.group(2) == "K":
                    self.rows[self.row] = self.rows[self.row][: self.col]
                else:
                    self.row = max(self.row - int(match.group(1) or 1), 0)
                i = match.end()
                continue
            if char == "\r":
                self.col = 0
            elif char == "\n":
                self._down()
            else:
                assert char >= " ", f"control character {char!r} reached the terminal"
                if self.width is not None and self.col == self.width:
                    self._down()  # auto-wrap: the next character past the last column
                line = self.rows[self.row].ljust(self.col)
                self.rows[self.row] = line[: self.col] + char + line[self.col + 1 :]
                self.col += 1
            i += 1
        return self

    def _down(self) -> None:
        self.row += 1
        self.col = 0
        if self.row == len(self.rows):
            self.rows.append("")

    def text(self) -> list[str]:
        """The rows, without the blank ones at the bottom."""
        rows = list(self.rows)
        while rows and not rows[-1]:
            rows.pop()
        return rows


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _progress(
    clock: Clock, *, width: int = 200, height: int = 50, interval: float = 0.1
) -> tuple[LiveProgress, io.StringIO]:
    stream = io.StringIO()
    return LiveProgress(stream, clock=clock, width=width, height=height, interval=interval), stream


def _event(event: str, account: str, region: str, **fields: Any) -> dict[str, Any]:
    record = {"time": "2024-06-01T00:00:00Z", "job": "j", "account": account, "region": region}
    return {**record, "event": event, **fields}


def _screen(stream: io.StringIO, width: int | None = None) -> list[str]:
    return Screen(width).feed(stream.getvalue()).text()


def _mixed_run() -> list[dict[str, Any]]:
    return [
        _event("planned", A, "us-east-1", action="CREATE", reason="new"),
        _event("planned", B, "us-east-1", action="NOOP", reason="up to date"),
        _event("skipped", B, "us-east-1"),
        _event("planned", A, "eu-west-1", action="UPDATE", reason="v1 -> v2"),
        _event("planned", B, "eu-west-1", action="BLOCKED", reason="no launch role"),
        _event("failed", B, "eu-west-1", message="blocked: no launch role"),
        _event("planned", C, "eu-west-1", action="CREATE", reason="new"),
        _event("planned", D, "eu-west-1", action="CREATE", reason="new"),
        _event("submitted", A, "us-east-1", record_id="rec-1"),
        _event("submitted", A, "eu-west-1", record_id="rec-2"),
        _event("succeeded", A, "us-east-1", record_id="rec-1"),
        _event("cancelled", C, "eu-west-1"),
    ]


def test_counts_and_region_lines_after_a_sequence_of_events() -> None:
    clock = Clock()
    progress, stream = _progress(clock)
    for record in _mixed_run():
        clock.now += 1.0
        progress(record)
    assert _screen(stream) == [
        f"{B} eu-west-1 failed: blocked: no launch role",
        "2/6 done, 1 in progress, 1 failed, 1 cancelled, 1 waiting, 0:12",
        "  us-east-1 [####################] 2/2",
        "  eu-west-1 [xxxxx----->>>>>.....] 0/4, 1 in progress, 1 failed, 1 cancelled",
    ]


def test_redraws_at_most_once_per_interval_of_the_clock() -> None:
    clock = Clock()
    progress, stream = _progress(clock, interval=0.25)
    progress(_event("planned", A, "us-east-1"))
    first = stream.getvalue()
    assert _screen(stream) == ["0/1 done, 0 in progress, 0 failed, 0 cancelled, 1 waiting, 0:00"]
    clock.now = 0.1
    progress(_event("planned", B, "us-east-1"))
    clock.now = 0.249
    progress(_event("submitted", A, "us-east-1", record_id="rec-1"))
    progress.tick()
    assert stream.getvalue() == first  # nothing drawn inside the interval
    clock.now = 0.25
    progress(_event("submitted", B, "us-east-1", record_id="rec-2"))
    assert _screen(stream) == ["0/2 done, 2 in progress, 0 failed, 0 cancelled, 0 waiting, 0:00"]
    drawn = stream.getvalue()
    clock.now = 0.4
    progress.tick()
    assert stream.getvalue() == drawn
    clock.now = 0.9
    progress.tick()  # the interval has passed, but nothing on screen would change
    assert stream.getvalue() == drawn
    clock.now = 1.0
    progress.tick()  # the elapsed time moved
    assert _screen(stream) == ["0/2 done, 2 in progress, 0 failed, 0 cancelled, 0 waiting, 0:01"]


def test_a_failure_is_printed_at_once_and_stays_above_the_area() -> None:
    clock = Clock()
    progress, stream = _progress(clock)
    progress(_event("planned", A, "us-east-1"))
    progress(_event("planned", B, "us-east-1"))
    progress(_event("submitted", A, "us-east-1", record_id="rec-1"))
    progress(_event("failed", A, "us-east-1", message="stack rolled back"))
    # Inside the interval: the failure line is there, the area waits for its next redraw.
    assert _screen(stream) == [f"{A} us-east-1 failed: stack rolled back"]
    for now in (1.0, 2.0, 3.0):
        clock.now = now
        progress.tick()
    clock.now = 4.0
    progress(_event("failed", B, "us-east-1"))  # due: the line and the area in one write
    assert _screen(stream) == [
        f"{A} us-east-1 failed: stack rolled back",
        f"{B} us-east-1 failed",
        "0/2 done, 0 in progress, 2 failed, 0 cancelled, 0 waiting, 0:04",
    ]


def test_a_region_line_each_for_a_few_regions_one_line_for_many_or_a_short_terminal() -> None:
    def lines(regions: list[str], height: int) -> list[str]:
        progress, stream = _progress(Clock(), height=height, interval=0.0)
        for region in regions:
            progress(_event("planned", A, region))
        return _screen(stream)

    three = ["us-east-1", "eu-west-1", "ap-south-1"]
    assert lines(three, 50) == [
        "0/3 done, 0 in progress, 0 failed, 0 cancelled, 3 waiting, 0:00",
        "  us-east-1  [....................] 0/1",
        "  eu-west-1  [....................] 0/1",
        "  ap-south-1 [....................] 0/1",
    ]
    assert len(lines(three, 8)) == 4
    assert len(lines(three, 7)) == 1  # 4 lines want a terminal of 8 rows
    assert len(lines([f"r-{i}" for i in range(8)], 50)) == 9
    assert len(lines([f"r-{i}" for i in range(9)], 50)) == 1
    assert len(lines(["us-east-1"], 50)) == 1  # a region line would repeat the summary


def test_the_bars_round_each_boundary_and_fill_their_width() -> None:
    progress, stream = _progress(Clock(), interval=0.0)
    for account in (A, B, C):
        for region in ("us-east-1", "eu-west-1"):
            progress(_event("planned", account, region))
    progress(_event("succeeded", A, "us-east-1"))
    progress(_event("succeeded", A, "eu-west-1"))
    progress(_event("succeeded", B, "eu-west-1"))
    progress(_event("submitted", C, "eu-west-1"))
    assert _screen(stream)[1:] == [
        "  us-east-1 [#######.............] 1/3",  # 6.67 cells rounds to 7
        "  eu-west-1 [#############>>>>>>>] 2/3, 1 in progress",
    ]


def test_set_total_counts_the_targets_not_yet_seen_and_orders_the_regions() -> None:
    progress, stream = _progress(Clock(), interval=0.0)
    progress(_event("planned", A, "us-east-1"))
    progress.set_total(10, ["eu-west-1", "us-east-1"])
    progress(_event("succeeded", A, "us-east-1"))
    assert _screen(stream) == [
        "1/10 done, 0 in progress, 0 failed, 0 cancelled, 9 waiting, 0:00",
        "  eu-west-1 [....................] 0/0",
        "  us-east-1 [####################] 1/1",
    ]


def test_area_lines_are_cut_to_the_width_so_the_cursor_arithmetic_holds() -> None:
    clock = Clock()
    progress, stream = _progress(clock, width=30)
    events = _mixed_run()
    for record in events:
        clock.now += 1.0
        progress(record)
        # Wrapped at 30 columns like a terminal; each area line fits, so nothing wrapped.
        rows = _screen(stream, width=30)
        assert all(len(row) <= 29 for row in rows[-3:])
    failure = f"{B} eu-west-1 failed: blocked: no launch role"
    expected = [
        failure[:30],  # a permanent line is kept whole: it may wrap
        failure[30:],
        "2/6 done, 1 in progress, 1 fa",
        "  us-east-1 [################",
        "  eu-west-1 [xxxxx----->>>>>.",
    ]
    assert _screen(stream, width=30) == expected


def test_the_width_defaults_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "25")
    monkeypatch.setenv("LINES", "40")
    stream = io.StringIO()  # no terminal behind it: shutil's answer, from the environment
    progress = LiveProgress(stream, clock=Clock())
    progress(_event("planned", A, "us-east-1"))
    assert _screen(stream) == ["0/1 done, 0 in progress,"]


def test_close_leaves_the_failures_and_a_final_summary_and_is_idempotent() -> None:
    clock = Clock()
    progress, stream = _progress(clock)
    for record in _mixed_run():
        progress(record)  # all inside one interval: most of them not drawn
    clock.now = 75.0
    progress.close()
    expected = [
        f"{B} eu-west-1 failed: blocked: no launch role",
        "2/6 done, 1 in progress, 1 failed, 1 cancelled, 1 waiting, 1:15",
    ]
    screen = Screen().feed(stream.getvalue())
    assert screen.text() == expected
    assert (screen.row, screen.col) == (2, 0)  # the cursor on a fresh line below
    written = stream.getvalue()
    progress.close()
    progress(_event("failed", A, "us-east-1", message="late"))
    progress.set_total(3, ["us-east-1"])
    progress.tick()
    assert stream.getvalue() == written


def test_close_without_any_event_writes_nothing() -> None:
    progress, stream = _progress(Clock())
    progress.close()
    assert stream.getvalue() == ""


def test_unknown_events_and_malformed_records_are_ignored() -> None:
    progress, stream = _progress(Clock(), interval=0.0)
    progress(_event("retrying", A, "us-east-1"))
    progress({"event": "failed", "account": A})  # no region
    progress({"event": "failed", "account": 42, "region": "us-east-1"})
    progress({})
    assert stream.getvalue() == ""
    progress(_event("planned", A, "us-east-1"))
    progress(_event("submitted", A, "us-east-1", record_id="rec-1"))
    progress(_event("succeeded", A, "us-east-1", record_id="rec-1"))
    progress(_event("submitted", A, "us-east-1", record_id="rec-1"))  # late: no step back
    progress(_event("planned", B, "us-east-1"))
    progress(_event("submitted", B, "us-east-1", record_id="rec-2"))
    progress(_event("planned", B, "us-east-1"))  # late: still in progress
    assert _screen(stream) == ["1/2 done, 1 in progress, 0 failed, 0 cancelled, 0 waiting, 0:00"]


def test_a_retry_plans_a_failed_target_again() -> None:
    progress, stream = _progress(Clock(), interval=0.0)
    progress(_event("failed", A, "us-east-1", message="boom"))
    progress(_event("planned", A, "us-east-1", action="UPDATE", reason="retry"))
    assert _screen(stream) == [
        f"{A} us-east-1 failed: boom",
        "0/1 done, 0 in progress, 0 failed, 0 cancelled, 1 waiting, 0:00",
    ]


def test_control_characters_in_a_message_never_reach_the_terminal() -> None:
    progress, stream = _progress(Clock(), interval=0.0)
    progress(_event("failed", A, "us-east-1", message="bad\x1b[2J\r\nthing\x07"))
    assert "\x07" not in stream.getvalue()
    assert "\x1b[2J" not in stream.getvalue()
    assert _screen(stream)[0] == f"{A} us-east-1 failed: bad [2J thing "


def test_a_broken_stream_stops_the_display_without_failing_the_caller() -> None:
    class Broken(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            raise BrokenPipeError

    stream = Broken()
    progress = LiveProgress(stream, clock=Clock(), width=80, height=24, interval=0.0)
    progress(_event("planned", A, "us-east-1"))
    progress(_event("failed", A, "us-east-1", message="boom"))
    progress.close()
    assert stream.writes == 1


def test_many_threads_at_once_give_exact_counts_and_an_intact_screen() -> None:
    class Watched(io.StringIO):
        """Counts writes that began while another was still under way."""

        overlaps = 0
        busy = False

        def write(self, text: str) -> int:
            if self.busy:
                self.overlaps += 1
            self.busy = True
            for _ in range(200):  # stay inside write() long enough for a thread switch
                pass
            count = super().write(text)
            self.busy = False
            return count

    ticks = itertools.count()
    stream = Watched()
    progress = LiveProgress(
        stream, clock=lambda: float(next(ticks)), width=120, height=50, interval=0.5
    )
    threads, per_thread = 16, 40
    regions = ["us-east-1", "eu-west-1", "ap-south-1"]
    barrier = threading.Barrier(threads)

    def run(n: int) -> None:
        barrier.wait()
        for i in range(per_thread):
            account, region = f"{n:06d}{i:06d}", regions[i % 3]
            progress(_event("planned", account, region))
            progress(_event("submitted", account, region, record_id=f"rec-{n}-{i}"))
            if i % 7 == 0:
                progress(_event("failed", account, region, message="boom"))
            else:
                progress(_event("succeeded", account, region, record_id=f"rec-{n}-{i}"))

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(switch)
    progress.close()
    assert stream.overlaps == 0
    rows = _screen(stream, width=120)
    failed = threads * len(range(0, per_thread, 7))
    total = threads * per_thread
    assert sorted(rows[:-1]) == sorted(
        f"{n:06d}{i:06d} {regions[i % 3]} failed: boom"
        for n in range(threads)
        for i in range(0, per_thread, 7)
    )
    assert rows[-1].startswith(
        f"{total - failed}/{total} done, 0 in progress, {failed} failed, 0 cancelled, 0 waiting"
    )


def test_a_whole_run_leaves_exactly_the_failure_lines_and_the_summary() -> None:
    clock = Clock()
    progress, stream = _progress(clock, width=100, height=40, interval=1.0)
    regions = ["us-east-1", "eu-west-1", "ap-south-1"]
    accounts = [f"{n:012d}" for n in range(1, 6)]
    progress.set_total(len(accounts) * len(regions), regions)
    steps: Iterator[float] = itertools.cycle([0.3, 0.05, 0.9, 1.7, 0.0])
    failures: list[str] = []
    screen = Screen(100)
    seen = 0

    def send(record: dict[str, Any]) -> None:
        nonlocal seen
        clock.now += next(steps)
        progress(record)
        text = stream.getvalue()
        screen.feed(text[seen:])
        seen = len(text)
        rows = screen.text()
        # At every moment: the failures so far, in order, then at most the area.
        assert rows[: len(failures)] == failures
        assert len(rows) - len(failures) <= 1 + len(regions)

    for account in accounts:
        for region in regions:
            send(_event("planned", account, region, action="CREATE", reason="new"))
    for n, account in enumerate(accounts):
        for region in regions:
            if n == 4:
                send(_event("cancelled", account, region))
                continue
            send(_event("submitted", account, region, record_id=f"rec-{account}-{region}"))
            if (n + len(region)) % 4 == 0:
                failures.append(f"{account} {region} failed: Stack rolled back ({n})")
                send(_event("failed", account, region, message=f"Stack rolled back ({n})"))
            else:
                send(_event("succeeded", account, region, record_id=f"rec-{account}-{region}"))
    clock.now = 3725.0
    progress.close()
    screen.feed(stream.getvalue()[seen:])
    done = 15 - len(failures) - 3
    assert failures
    assert screen.text() == [
        *failures,
        f"{done}/15 done, 0 in progress, {len(failures)} failed, 3 cancelled, 0 waiting, 1:02:05",
    ]


def test_the_ticker_moves_the_elapsed_time_between_events() -> None:
    written = threading.Event()

    class Signalling(io.StringIO):
        def write(self, text: str) -> int:
            count = super().write(text)
            if "0:05" in text:
                written.set()
            return count

    clock = Clock()
    stream = Signalling()
    with LiveProgress(stream, clock=clock, width=80, height=24, interval=0.01) as progress:
        assert progress.start() is progress
        progress(_event("planned", A, "us-east-1"))
        clock.now = 5.0
        assert written.wait(timeout=10)
    assert not [t for t in threading.enumerate() if t.name == "rollout-progress"]
    assert _screen(stream) == ["0/1 done, 0 in progress, 0 failed, 0 cancelled, 1 waiting, 0:05"]
