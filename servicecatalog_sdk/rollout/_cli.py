"""``servicecatalog-sdk rollout ...``: plan, apply, status, resume, retry-failed, cancel, worker."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicecatalog_sdk.rollout._progress import LiveProgress

__all__ = ["build_parser", "main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_AWS = 4
EXIT_CONFIG = 5
EXIT_INTERRUPTED = 130
_GOOD = ("SUCCEEDED", "NOOP")


def build_parser(prog: str = "servicecatalog-sdk rollout") -> argparse.ArgumentParser:
    """The rollout command's parser."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Roll one product out across accounts and regions."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, *, polls: bool = False) -> None:
        p.add_argument(
            "--state",
            help="SQLite path or postgresql:// URL (default .servicecatalog-rollout/state.db)",
        )
        p.add_argument("--json", action="store_true", help="print the JSON document")
        if polls:
            p.add_argument("--events", help="append one JSON object per event to this file")
            p.add_argument("--poll-min", type=float, default=2.0, help="seconds (default 2)")
            p.add_argument("--poll-max", type=float, default=30.0, help="seconds (default 30)")

    plan = sub.add_parser("plan", help="what apply would do, per target")
    plan.add_argument("file")
    plan.add_argument("--json", action="store_true", help="print the JSON document")
    plan.add_argument(
        "--deep",
        action="store_true",
        help="ask CloudFormation what each change would do (a provisioned product plan per target)",
    )
    plan.add_argument("--poll-min", type=float, default=2.0, help="--deep: seconds (default 2)")
    plan.add_argument("--poll-max", type=float, default=30.0, help="--deep: seconds (default 30)")
    apply = sub.add_parser("apply", help="run a durable job to its end")
    apply.add_argument("file")
    apply.add_argument("--job", help="job id (default: a new one)")
    apply.add_argument(
        "--workers-only",
        action="store_true",
        help="leave the targets to `rollout worker` processes (Postgres state)",
    )
    common(apply, polls=True)
    status = sub.add_parser("status", help="a job's status")
    status.add_argument("job")
    common(status)
    resume = sub.add_parser("resume", help="finish a job whose process died")
    resume.add_argument("job")
    common(resume, polls=True)
    retry = sub.add_parser("retry-failed", help="run a job's FAILED and NOT_STARTED targets again")
    retry.add_argument("job")
    common(retry, polls=True)
    cancel = sub.add_parser("cancel", help="start no new targets; in-flight ones finish")
    cancel.add_argument("job")
    common(cancel)
    worker = sub.add_parser(
        "worker", help="run targets of the jobs on a Postgres state until stopped"
    )
    worker.add_argument("--state", required=True, help="postgresql:// URL of the jobs' state")
    worker.add_argument("--poll-min", type=float, default=2.0, help="seconds (default 2)")
    worker.add_argument("--poll-max", type=float, default=30.0, help="seconds (default 30)")
    return parser


def _summary_line(document: Mapping[str, Any]) -> str:
    summary = document.get("summary", {})
    parts = [f"{k} {v}" for k, v in sorted(summary.items()) if k != "total"]
    return f"job {document.get('job')}: {summary.get('total', 0)} targets: " + ", ".join(parts)


def _print_document(document: Mapping[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(document, indent=2, sort_keys=True))
        return
    for t in document["targets"]:
        line = f"{t['account']}  {t['region']:<15} {t['status']:<12} {t.get('record_id') or ''}"
        print(line.rstrip() + (f"  {t['message']}" if t.get("message") else ""))
    print(_summary_line(document))


def _exit_for(document: Mapping[str, Any]) -> int:
    return EXIT_OK if all(t["status"] in _GOOD for t in document["targets"]) else EXIT_FAILED


def _progress(as_json: bool) -> LiveProgress | None:
    # A live display on a terminal only: never with --json, never into a pipe or file.
    if as_json or not sys.stderr.isatty():
        return None
    from servicecatalog_sdk.rollout._progress import LiveProgress

    return LiveProgress(sys.stderr).start()


@contextmanager
def _shown(progress: LiveProgress | None) -> Iterator[LiveProgress | None]:
    # The display is closed (its area replaced by a summary line) before
    # anything else reaches the terminal: the document, an error, a hint.
    try:
        yield progress
    finally:
        if progress is not None:
            progress.close()


def _plan(args: argparse.Namespace) -> int:
    from servicecatalog_sdk.rollout import Rollout

    rollout = Rollout.from_file(args.file, poll_min=args.poll_min, poll_max=args.poll_max)
    entries = rollout.plan(deep=args.deep)
    summary: dict[str, int] = {"total": len(entries)}
    for e in entries:
        summary[e.action] = summary.get(e.action, 0) + 1
    if args.json:
        targets = [
            {"account": e.account, "region": e.region, "action": e.action, "reason": e.reason}
            for e in entries
        ]
        print(json.dumps({"targets": targets, "summary": summary}, indent=2, sort_keys=True))
    else:
        for e in entries:
            print(f"{e.account}  {e.region:<15} {e.action:<9} {e.reason}")
        print(", ".join(f"{k} {v}" for k, v in summary.items()))
    return EXIT_OK


def _apply(args: argparse.Namespace) -> int:
    from servicecatalog_sdk.rollout import Rollout

    rollout = Rollout.from_file(
        args.file, state=args.state, poll_min=args.poll_min, poll_max=args.poll_max
    )
    if args.workers_only:
        from servicecatalog_sdk.rollout import _engine

        if not _engine.is_postgres(_engine.state_url(args.state)):
            print("error: --workers-only needs --state postgresql://...", file=sys.stderr)
            return EXIT_USAGE
    with _shown(_progress(args.json)) as progress:
        document = rollout.apply(
            job_id=args.job,
            events=args.events,
            on_progress=progress,
            on_start=progress.set_total if progress is not None else None,
            workers_only=args.workers_only,
        )
    _print_document(document, args.json)
    return _exit_for(document)


#: What a target's status in a job's document looks like as an event.
_ENDED_AS = {
    "SUCCEEDED": "succeeded",
    "NOOP": "skipped",
    "FAILED": "failed",
    "CANCELLED": "cancelled",
}


def _run_recorded(
    args: argparse.Namespace,
    url: str,
    work: Any,
    targets: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    # Run ``work()`` in DBOS on this state, with this process's runtime (events,
    # progress). ``targets`` are the document rows the work may touch: a resumed
    # job replays its recorded events without writing them again, so the
    # display starts from the ends the document already holds.
    from servicecatalog_sdk.rollout import _engine

    stream = open(args.events, "a", encoding="utf-8") if args.events else None  # noqa: SIM115
    with _shown(_progress(args.json)) as progress:
        if progress is not None:
            regions = list(dict.fromkeys(t["region"] for t in targets))
            progress.set_total(len(targets), regions)
            for t in targets:
                if t.get("status") in _ENDED_AS:
                    progress({**t, "event": _ENDED_AS[t["status"]]})
        runtime = _engine.Runtime(
            poll_min=args.poll_min,
            poll_max=args.poll_max,
            events=_engine.EventLog(stream) if stream is not None else None,
            on_progress=progress,
        )
        _engine.set_runtime(runtime)
        try:
            with _engine.dbos_running(url):
                return dict(work())
        finally:
            runtime.close()
            if stream is not None:
                stream.close()


def _resume(args: argparse.Namespace) -> int:
    from servicecatalog_sdk.rollout import _engine

    url = _engine.state_url(args.state)
    known = _engine.read_status(url, args.job)
    if known is None:
        print(f"no job {args.job} in {url}", file=sys.stderr)
        return EXIT_USAGE
    document = _run_recorded(args, url, lambda: _engine.join_job(args.job), known["targets"])
    _print_document(document, args.json)
    return _exit_for(document)


def _retry_failed(args: argparse.Namespace) -> int:
    from servicecatalog_sdk.rollout import _engine

    url = _engine.state_url(args.state)
    try:
        retry = _engine.prepare_retry(url, args.job)
    except _engine.JobStateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if retry is None:
        document = _engine.read_status(url, args.job)
        assert document is not None  # prepare_retry found the job
        document.pop("state", None)
        print("nothing to retry: no target FAILED or NOT_STARTED", file=sys.stderr)
    else:
        targets = [{"account": a, "region": r} for a, r in retry.targets]
        document = _run_recorded(args, url, lambda: _engine.run_retry(args.job, retry), targets)
    _print_document(document, args.json)
    return _exit_for(document)


def _status(args: argparse.Namespace) -> int:
    from servicecatalog_sdk.rollout import _engine

    document = _engine.read_status(_engine.state_url(args.state), args.job)
    if document is None:
        print(f"no job {args.job}", file=sys.stderr)
        return EXIT_USAGE
    _print_document(document, args.json)
    return EXIT_OK


def _cancel(args: argparse.Namespace) -> int:
    from servicecatalog_sdk.rollout import _engine

    url = _engine.state_url(args.state)
    if _engine.read_status(url, args.job) is None:
        print(f"no job {args.job}", file=sys.stderr)
        return EXIT_USAGE
    _engine.send_cancel(url, args.job)
    print(f"job {args.job}: cancel requested; in-flight targets finish")
    return EXIT_OK


def _worker(args: argparse.Namespace) -> int:
    import signal

    from servicecatalog_sdk.rollout import _engine

    url = args.state
    if not _engine.is_postgres(url):
        print("error: a worker needs --state postgresql://...", file=sys.stderr)
        return EXIT_USAGE
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())

    def ready(executor: str) -> None:
        print(f"worker {executor} ready", file=sys.stderr, flush=True)

    def recovered(owner: str, count: int) -> None:
        print(f"recovered {count} workflows of {owner}", file=sys.stderr, flush=True)

    runtime = _engine.Runtime(poll_min=args.poll_min, poll_max=args.poll_max)
    _engine.set_runtime(runtime)

    def reconnected(message: str) -> None:
        print(f"worker: {message}", file=sys.stderr, flush=True)

    import psycopg

    try:
        _engine.run_worker(
            url, stop, on_ready=ready, on_recovered=recovered, on_reconnected=reconnected
        )
    except psycopg.OperationalError as exc:
        print(f"error: the state database cannot be reached: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    finally:
        runtime.close()
    print("worker stopped; its unfinished targets go to the other workers", file=sys.stderr)
    return EXIT_OK


_COMMANDS = {
    "plan": _plan,
    "apply": _apply,
    "status": _status,
    "resume": _resume,
    "retry-failed": _retry_failed,
    "cancel": _cancel,
    "worker": _worker,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run a rollout command; the exit code (0 ok, 1 failed, 2 usage, 4 AWS, 5 config, 130)."""
    from botocore.exceptions import BotoCoreError, ClientError

    from servicecatalog_sdk.errors import ServiceCatalogError
    from servicecatalog_sdk.rollout._spec import SpecError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return _COMMANDS[args.command](args)
    except SpecError as exc:
        print(f"error: rollout file: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ServiceCatalogError, ClientError, BotoCoreError) as exc:
        # Once a job runs, AWS errors end single targets (reported FAILED); one
        # that reaches here came before any target was reached.
        print(f"error: AWS (nothing was started): {exc}", file=sys.stderr)
        return EXIT_AWS
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        print("interrupted: `rollout resume JOB` finishes the job", file=sys.stderr)
        return EXIT_INTERRUPTED
