"""Roll one product out across accounts and regions: planned, tolerant of failure, durable.

Needs the ``rollout`` extra (``pip install "servicecatalog-sdk[rollout]"``):
the durable job runs on DBOS Transact, with a SQLite file by default.

```python
from servicecatalog_sdk.rollout import Rollout

rollout = Rollout.from_file("vpc-baseline.yaml")
for entry in rollout.plan():
    print(entry.account, entry.region, entry.action, entry.reason)
document = rollout.apply(job_id="vpc-2024-06")
```
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from servicecatalog_sdk.rollout._plan import PlanEntry
from servicecatalog_sdk.rollout._schedule import Scheduler
from servicecatalog_sdk.rollout._spec import (
    Override,
    Preferences,
    RolloutSpec,
    SpecError,
    Targets,
    load_spec,
    parse_spec,
)

__all__ = [
    "Override",
    "PlanEntry",
    "Preferences",
    "Rollout",
    "RolloutSpec",
    "Scheduler",
    "SpecError",
    "Targets",
    "load_spec",
    "parse_spec",
]


class Rollout:
    """One rollout file, planned and applied.

    ``state`` is where the durable job lives: a SQLite path (default
    ``.servicecatalog-rollout/state.db`` in the working directory) or a
    ``postgresql://`` URL. ``poll_min`` / ``poll_max`` bound the waits between
    record polls (seconds); ``session`` is the caller's ``boto3.Session``.
    """

    def __init__(
        self,
        spec: RolloutSpec,
        *,
        state: str | None = None,
        session: Any | None = None,
        poll_min: float = 2.0,
        poll_max: float = 30.0,
        wait_timeout: float = 3600.0,
    ) -> None:
        """Wrap a validated spec (see :func:`parse_spec`)."""
        self.spec = spec
        self.state = state
        self._session = session
        self._poll = (poll_min, poll_max, wait_timeout)

    @classmethod
    def from_file(cls, path: str | Path, **kwargs: Any) -> Rollout:
        """Load and validate a rollout file; keywords as for the constructor."""
        return cls(load_spec(path), **kwargs)

    def _runtime(
        self,
        events: str | Path | None = None,
        on_progress: Callable[[Mapping[str, Any]], None] | None = None,
        on_start: Callable[[int, Sequence[str]], None] | None = None,
    ) -> Any:
        from servicecatalog_sdk.rollout._engine import EventLog, Runtime

        stream = open(events, "a", encoding="utf-8") if events is not None else None  # noqa: SIM115
        return Runtime(
            poll_min=self._poll[0],
            poll_max=self._poll[1],
            wait_timeout=self._poll[2],
            events=EventLog(stream) if stream is not None else None,
            on_progress=on_progress,
            on_start=on_start,
            session=self._session,
        ), stream

    def plan(self, *, deep: bool = False) -> list[PlanEntry]:
        """Resolve the targets and classify each (no change is made).

        ``deep`` also asks CloudFormation what each change would do: a
        provisioned product plan per target (created, waited for with this
        rollout's polls, read, deleted). Its resource changes join the reason;
        a plan CloudFormation fails makes the target ``BLOCKED``.
        """
        from servicecatalog_sdk.rollout._engine import plan_spec

        runtime, _ = self._runtime()
        try:
            return plan_spec(self.spec, runtime, deep=deep)
        finally:
            runtime.close()

    def apply(
        self,
        job_id: str | None = None,
        *,
        events: str | Path | None = None,
        on_progress: Callable[[Mapping[str, Any]], None] | None = None,
        on_start: Callable[[int, Sequence[str]], None] | None = None,
        workers_only: bool = False,
    ) -> dict[str, Any]:
        """Run (or, with a known ``job_id``, resume) the job to its end; its status document.

        ``on_progress`` receives each event (the ``--events`` records) as it
        happens; ``on_start`` is told a new job's target count and its regions
        in run order once the targets are resolved. ``workers_only`` (Postgres state) leaves every target to ``rollout
        worker`` processes: this process runs the job, not its targets.
        """
        from servicecatalog_sdk.rollout import _engine

        job = job_id or f"rollout-{uuid.uuid4().hex[:12]}"
        url = _engine.state_url(self.state)
        if workers_only and not _engine.is_postgres(url):
            raise ValueError("workers_only needs a postgresql:// state")
        runtime, stream = self._runtime(events, on_progress, on_start)
        _engine.set_runtime(runtime)
        try:
            with _engine.dbos_running(url, run_targets=not workers_only):
                return _engine.run_job(self.spec, job)
        finally:
            runtime.close()
            if stream is not None:
                stream.close()

    def retry_failed(
        self,
        job_id: str,
        *,
        events: str | Path | None = None,
        on_progress: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """Run the job's ``FAILED`` and ``NOT_STARTED`` targets again; the job's merged document.

        The retry uses the rollout file the job recorded (not this object's),
        re-plans those targets, repairs products the failure left ``ERROR`` or
        ``TAINTED``, and sends new idempotency tokens (the next attempt). Raises
        ``JobStateError`` for an unknown job or one that has not ended.
        """
        from servicecatalog_sdk.rollout import _engine

        url = _engine.state_url(self.state)
        retry = _engine.prepare_retry(url, job_id)
        if retry is None:
            document = _engine.read_status(url, job_id)
            assert document is not None  # prepare_retry found it
            document.pop("state", None)
            return document
        runtime, stream = self._runtime(events, on_progress)
        _engine.set_runtime(runtime)
        try:
            with _engine.dbos_running(url):
                return _engine.run_retry(job_id, retry)
        finally:
            runtime.close()
            if stream is not None:
                stream.close()

    def status(self, job_id: str) -> dict[str, Any] | None:
        """The job's status document, or None for an unknown job."""
        return status(job_id, state=self.state)


def status(job_id: str, *, state: str | None = None) -> dict[str, Any] | None:
    """A job's status document from the state, or None for an unknown job."""
    from servicecatalog_sdk.rollout import _engine

    return _engine.read_status(_engine.state_url(state), job_id)
