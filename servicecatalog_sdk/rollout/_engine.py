"""The durable job on DBOS Transact: one workflow per job, one per target.

The job workflow plans, then runs :class:`Scheduler`: it enqueues target
workflows (ids ``JOB/ACCOUNT/REGION/ATTEMPT``) on one queue and receives
their ``submitted`` and ``done`` messages. Everything that touches AWS runs
in a step, whose result DBOS records, so a recovered workflow replays what
was done and only re-runs the step that was in progress. The provisioning
call of a re-run step sends the same idempotency token (derived from job,
target, action and attempt), so AWS answers with the record it already made.

Imported only when a rollout is applied: it imports ``dbos``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import attrs
from dbos import DBOS, DBOSClient, SetWorkflowID

from servicecatalog_sdk.errors import RecordFailedError, ServiceCatalogError, WaiterTimeoutError
from servicecatalog_sdk.rollout._aws import Clients, RoleError
from servicecatalog_sdk.rollout._plan import PlanEntry, find_provisioned_product, plan_target
from servicecatalog_sdk.rollout._schedule import Scheduler, ordered_regions
from servicecatalog_sdk.rollout._spec import RolloutSpec, spec_from_json
from servicecatalog_sdk.rollout._sqlite_compat import fit_sqlite
from servicecatalog_sdk.rollout._targets import TargetSettings, resolve_accounts, settings_for

__all__ = [
    "JobStateError",
    "Retry",
    "Runtime",
    "idempotency_token",
    "is_postgres",
    "join_job",
    "prepare_retry",
    "read_status",
    "run_job",
    "run_retry",
    "run_worker",
    "send_cancel",
    "state_url",
]

QUEUE = "servicecatalog-rollout-targets"
TOPIC = "rollout"
_APP = "servicecatalog-rollout"
_STATUS_EVENT = "status"


def idempotency_token(job: str, account: str, region: str, action: str, attempt: int) -> str:
    """The token a target's change is sent with: the same for the same step, always."""
    digest = hashlib.sha256(f"{job}\n{account}\n{region}\n{action}\n{attempt}".encode())
    return "rollout-" + digest.hexdigest()[:48]


def state_url(state: str | None, directory: Path | None = None) -> str:
    """The DBOS system database URL: ``--state`` as given, a SQLite path, or the default file."""
    if state is not None and "://" in state:
        return state
    path = Path(state) if state else (directory or Path.cwd()) / ".servicecatalog-rollout/state.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


class EventLog:
    """Appends one JSON object per line, flushed as it happens (``--events``)."""

    def __init__(self, stream: IO[str]) -> None:
        """``stream`` is open for appending text."""
        self._stream = stream
        self._lock = threading.Lock()

    def write(self, record: Mapping[str, Any]) -> None:
        """Write and flush one event."""
        with self._lock:
            self._stream.write(json.dumps(record, sort_keys=True) + "\n")
            self._stream.flush()


@attrs.define(kw_only=True)
class Runtime:
    """What this process brings to the workflows it runs: clients, waits, event output."""

    poll_min: float = 2.0
    poll_max: float = 30.0
    wait_timeout: float = 3600.0
    events: EventLog | None = None
    on_progress: Callable[[Mapping[str, Any]], None] | None = None
    session: Any | None = None
    _clients: dict[str | None, Clients] = attrs.field(factory=dict)
    _lock: threading.Lock = attrs.field(factory=threading.Lock)

    def clients(self, role: str | None) -> Clients:
        """The process's clients for this role."""
        with self._lock:
            if role not in self._clients:
                self._clients[role] = Clients(role, session=self.session)
            return self._clients[role]

    def close(self) -> None:
        """Close every client."""
        for clients in self._clients.values():
            clients.close()
        self._clients.clear()


_runtime = Runtime()
_queue: Any = None


def _the_queue() -> Any:
    if _queue is None:
        raise RuntimeError("DBOS is not running (see dbos_running)")
    return _queue


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# -- planning --------------------------------------------------------------------


def plan_spec(
    spec: RolloutSpec,
    runtime: Runtime,
    *,
    workers: int = 16,
    only: set[tuple[str, str]] | None = None,
    repair: bool = False,
) -> list[PlanEntry]:
    """Resolve the targets once and classify each, reading the target accounts in parallel.

    ``only`` limits the plan to these (account, region) targets; ``repair`` as
    for :func:`plan_target`.
    """
    clients = runtime.clients(spec.role)
    organizations = None
    if spec.targets.organizational_units or spec.targets.account_tags:
        organizations = clients.organizations()
    accounts = resolve_accounts(spec, organizations)
    settings = [
        settings_for(spec, a, r)
        for r in spec.targets.regions
        for a in accounts
        if only is None or (a, r) in only
    ]
    terminate = spec.action == "terminate"

    def plan_one(target: TargetSettings) -> PlanEntry:
        return plan_target(target, clients, terminate=terminate, repair=repair)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(settings)))) as pool:
        return list(pool.map(plan_one, settings))


# -- the workflows -----------------------------------------------------------------


def _emit(job: str, account: str, region: str, event: str, **fields: Any) -> None:
    record = {"time": _now(), "job": job, "account": account, "region": region, "event": event}
    record.update(fields)
    if _runtime.events is not None:
        _runtime.events.write(record)
    if _runtime.on_progress is not None:
        _runtime.on_progress(record)


@DBOS.step()
def _plan_step(spec_json: str, only: list[list[str]] | None, repair: bool) -> list[dict[str, Any]]:
    spec = spec_from_json(spec_json)
    wanted = None if only is None else {(a, r) for a, r in only}
    return [e.to_dict() for e in plan_spec(spec, _runtime, only=wanted, repair=repair)]


@DBOS.step()
def _events_step(job: str, records: list[dict[str, Any]]) -> None:
    # A step, so a replayed job does not write its events twice.
    for record in records:
        fields = {k: v for k, v in record.items() if k not in ("account", "region", "event")}
        _emit(job, record["account"], record["region"], record["event"], **fields)


@DBOS.step()
def _submit_step(
    job: str, role: str | None, entry: dict[str, Any], settings: dict[str, Any], attempt: int
) -> dict[str, Any]:
    plan = PlanEntry.from_dict(entry)
    target = TargetSettings(**settings)
    try:
        sc = _runtime.clients(role).servicecatalog(plan.account, plan.region)
    except RoleError as exc:
        return {"error": str(exc)}
    token = idempotency_token(job, plan.account, plan.region, plan.action, attempt)
    out: Any
    try:
        if plan.action == "CREATE":
            # Reconcile first: a product of this name made by an earlier try of the
            # same step has this step's token; anything else is someone else's.
            found = find_provisioned_product(sc, plan.provisioned_product_name)
            if found is not None and found.idempotency_token not in (None, token):
                return {"error": f"{plan.provisioned_product_name} already exists (not ours)"}
            out = sc.provision_product(
                provisioned_product_name=plan.provisioned_product_name,
                provision_token=token,
                product_id=plan.product_id,
                provisioning_artifact_id=plan.provisioning_artifact_id,
                path_id=plan.path_id,
                provisioning_parameters=dict(target.parameters),
                tags=dict(target.tags) or None,
            )
        elif plan.action == "UPDATE":
            out = sc.update_provisioned_product(
                update_token=token,
                provisioned_product_id=plan.provisioned_product_id,
                product_id=plan.product_id,
                provisioning_artifact_id=plan.provisioning_artifact_id,
                path_id=plan.path_id,
                provisioning_parameters=dict(target.parameters),
                tags=dict(target.tags) or None,
            )
        else:
            out = sc.terminate_provisioned_product(
                terminate_token=token, provisioned_product_id=plan.provisioned_product_id
            )
    except ServiceCatalogError as exc:
        return {"error": f"{exc.code}: {exc.message}"}
    detail = out.record_detail
    if detail is None or detail.record_id is None:
        return {"error": "the service returned no record"}
    return {
        "record_id": detail.record_id,
        "provisioned_product_id": detail.provisioned_product_id or plan.provisioned_product_id,
    }


@DBOS.step()
def _wait_step(role: str | None, account: str, region: str, record_id: str) -> dict[str, Any]:
    sc = _runtime.clients(role).servicecatalog(account, region)
    try:
        sc.wait_for_record(
            record_id,
            timeout=_runtime.wait_timeout,
            min_delay=_runtime.poll_min,
            max_delay=_runtime.poll_max,
            use_history=False,
        )
    except RecordFailedError as exc:
        reasons = "; ".join(e.description or e.code or "" for e in exc.errors)
        return {"ok": False, "message": reasons or "the change failed"}
    except WaiterTimeoutError:
        return {"ok": False, "message": f"timed out after {_runtime.wait_timeout:.0f} s"}
    return {"ok": True, "message": ""}


@DBOS.workflow()
def _target_workflow(
    job: str,
    parent: str,
    role: str | None,
    entry: dict[str, Any],
    settings: dict[str, Any],
    attempt: int,
) -> dict[str, Any]:
    key = {"account": entry["account"], "region": entry["region"]}
    submitted = _submit_step(job, role, entry, settings, attempt)
    if "error" in submitted:
        result = {**key, "kind": "done", "ok": False, "message": submitted["error"]}
        DBOS.send(parent, result, topic=TOPIC)
        return result
    DBOS.send(parent, {**key, "kind": "submitted", **submitted}, topic=TOPIC)
    waited = _wait_step(role, entry["account"], entry["region"], submitted["record_id"])
    result = {**key, "kind": "done", **submitted, **waited}
    DBOS.send(parent, result, topic=TOPIC)
    return result


def _summary(targets: list[dict[str, Any]]) -> dict[str, int]:
    summary: dict[str, int] = {"total": len(targets)}
    for target in targets:
        summary[target["status"]] = summary.get(target["status"], 0) + 1
    return summary


@DBOS.workflow()
def _job_workflow(
    job: str, spec_json: str, attempt: int, only: list[list[str]] | None, repair: bool
) -> Any:
    # The job's own workflow (id JOB, attempt 1), or a retry of some of its
    # targets (id JOB~retryN, attempt N + 1, ``only`` those targets, repairing).
    spec = spec_from_json(spec_json)
    entries = [PlanEntry.from_dict(e) for e in _plan_step(spec_json, only, repair)]
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    by_key = {(e.account, e.region): e for e in entries}
    events: list[dict[str, Any]] = []
    work: dict[str, list[tuple[str, str]]] = {}
    blocked: list[tuple[str, str]] = []
    for e in entries:
        key = (e.account, e.region)
        rows[key] = {
            "account": e.account,
            "region": e.region,
            "action": e.action,
            "status": "NOOP" if e.action == "NOOP" else "NOT_STARTED",
            "record_id": None,
            "provisioned_product_id": e.provisioned_product_id,
            "message": e.reason,
        }
        events.append({"account": e.account, "region": e.region, "event": "planned"})
        events[-1].update(action=e.action, reason=e.reason)
        if e.action == "NOOP":
            events.append({"account": e.account, "region": e.region, "event": "skipped"})
            continue
        work.setdefault(e.region, []).append(key)
        if e.action == "BLOCKED":
            blocked.append(key)
    regions = ordered_regions(spec.targets.regions, spec.preferences.region_order)
    scheduler = Scheduler(spec.preferences, regions, work)
    for key in blocked:
        scheduler.fail_unstarted(key)
        rows[key].update(status="FAILED", message=f"blocked: {rows[key]['message']}")
        events.append({"account": key[0], "region": key[1], "event": "failed"})
        events[-1]["message"] = rows[key]["message"]

    def publish() -> None:
        targets = list(rows.values())
        DBOS.set_event(
            _STATUS_EVENT, {"job": job, "targets": targets, "summary": _summary(targets)}
        )

    cancelled = False

    def take(message: dict[str, Any]) -> None:
        # One message into the rows, the events and the scheduler; no I/O.
        nonlocal cancelled
        if message.get("kind") == "cancel":
            if not cancelled:
                cancelled = True
                for key in scheduler.cancel():
                    rows[key].update(status="CANCELLED", message="cancelled before it started")
                    events.append({"account": key[0], "region": key[1], "event": "cancelled"})
            return
        key = (message["account"], message["region"])
        row = rows[key]
        if message["kind"] == "submitted":
            row.update(
                record_id=message["record_id"],
                provisioned_product_id=message.get("provisioned_product_id"),
            )
            events.append({"account": key[0], "region": key[1], "event": "submitted"})
            events[-1]["record_id"] = message["record_id"]
            return
        ok = bool(message.get("ok"))
        scheduler.finish(key, ok=ok)
        row.update(
            status="SUCCEEDED" if ok else "FAILED",
            message=message.get("message", ""),
            record_id=message.get("record_id", row["record_id"]),
            provisioned_product_id=message.get(
                "provisioned_product_id", row["provisioned_product_id"]
            ),
        )
        if ok:
            events.append({"account": key[0], "region": key[1], "event": "succeeded"})
            events[-1]["record_id"] = row["record_id"]
        else:
            events.append({"account": key[0], "region": key[1], "event": "failed"})
            events[-1]["message"] = row["message"]

    def start() -> None:
        for key in scheduler.start_next():
            entry = by_key[key]
            settings = attrs.asdict(settings_for(spec, key[0], key[1]))
            with SetWorkflowID(f"{job}/{key[0]}/{key[1]}/{attempt}"):
                _the_queue().enqueue(
                    _target_workflow, job, DBOS.workflow_id or job, spec.role,
                    entry.to_dict(), settings, attempt,
                )  # fmt: skip
            rows[key].update(status="IN_PROGRESS", message="")

    # The job takes every message already waiting (recv without waiting) before
    # it writes their events and publishes the document once: DBOS keeps each
    # publication, so one per message would make the state, and the time spent
    # writing it, grow with the square of the targets. A freed slot is refilled
    # as soon as its message is taken, and a batch ends after ``limit``
    # messages, so a steady stream still gets published. Deterministic on
    # replay: each recv's result, None included, is recorded and replayed in order.
    limit = max(16, len(rows) // 4)
    start()
    while not scheduler.done:
        if events:
            _events_step(job, events)
            events = []
        publish()
        message = None
        while message is None:  # nothing changes until a message comes
            message = DBOS.recv(TOPIC, timeout_seconds=60)
        taken = 0
        while message is not None:
            take(message)
            start()
            taken += 1
            if taken == limit or scheduler.done:
                break
            message = DBOS.recv(TOPIC, timeout_seconds=0)
    for key in scheduler.not_started():
        rows[key]["message"] = "not started: the failure tolerance was exceeded"
    if events:
        _events_step(job, events)
    targets = list(rows.values())
    document = {"job": job, "targets": targets, "summary": _summary(targets)}
    DBOS.set_event(_STATUS_EVENT, document)
    return document


# -- running ---------------------------------------------------------------------------


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """DBOS's log lines to whatever ``sys.stderr`` is now (DBOS's own handler keeps the first)."""

    @property  # type: ignore[override,unused-ignore]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _quiet_dbos_logs() -> None:
    logger = logging.getLogger("dbos")
    if not any(isinstance(h, _CurrentStderr) for h in logger.handlers):
        logger.handlers.clear()
        handler = _CurrentStderr()
        handler.name = "__dbos_console_log_handler__"
        handler.setFormatter(logging.Formatter("%(levelname)s dbos: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


@contextmanager
def dbos_running(
    url: str, *, executor_id: str | None = None, run_targets: bool = True
) -> Iterator[None]:
    """DBOS launched on this system database for the block, destroyed after it.

    Launching recovers this executor's unfinished workflows: that is resume.
    With ``run_targets=False`` this process dequeues no target: workers do.
    """
    config: Any = {
        "name": _APP,
        "system_database_url": url,
        "notification_listener_polling_interval_sec": 0.05,
        "log_level": "WARNING",
    }
    if executor_id is not None:
        config["executor_id"] = executor_id
    _quiet_dbos_logs()
    fit_sqlite(url)
    DBOS(config=config)
    try:
        global _queue
        if not run_targets:
            DBOS.listen_queues([])
        DBOS.launch()
        _queue = DBOS.register_queue(QUEUE, polling_interval_sec=0.05)
        yield
    finally:
        DBOS.destroy(workflow_completion_timeout_sec=0)


def run_job(spec: RolloutSpec, job: str) -> dict[str, Any]:
    """Start (or join, when it exists) the job's workflow in the running DBOS; its document."""
    with SetWorkflowID(job):
        handle = DBOS.start_workflow(_job_workflow, job, json.dumps(spec.to_dict()), 1, None, False)
    return dict(handle.get_result())


def join_job(job: str) -> dict[str, Any]:
    """Wait for a job and its retries (recovered at launch) to end; the merged document."""
    DBOS.retrieve_workflow(job).get_result()
    merged = _merged(_running_event, job)
    assert merged is not None  # the job ended, so it published its document
    for workflow in merged[1][1:]:
        DBOS.retrieve_workflow(workflow).get_result()
    final = _merged(_running_event, job)
    assert final is not None
    return final[0]


def _running_event(workflow: str) -> Any:
    return DBOS.get_event(workflow, _STATUS_EVENT, timeout_seconds=0)


def _retry_id(job: str, n: int) -> str:
    return f"{job}~retry{n}"


def _merged(get_event: Callable[[str], Any], job: str) -> tuple[dict[str, Any], list[str]] | None:
    # The job's document with each retry's rows laid over it, and the workflow ids read.
    document = get_event(job)
    if document is None:
        return None
    rows = {(t["account"], t["region"]): t for t in document["targets"]}
    workflows = [job]
    while True:
        retry = get_event(_retry_id(job, len(workflows)))
        if retry is None:
            break
        workflows.append(_retry_id(job, len(workflows)))
        rows.update({(t["account"], t["region"]): t for t in retry["targets"]})
    targets = list(rows.values())
    return {"job": job, "targets": targets, "summary": _summary(targets)}, workflows


def _client_event(client: Any) -> Callable[[str], Any]:
    return lambda workflow: client.get_event(workflow, _STATUS_EVENT, timeout_seconds=0)


def _sqlite_missing(url: str) -> bool:
    # A SQLite state that was never written holds no job (and DBOS would make an empty file).
    return url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists()


def read_status(url: str, job: str) -> dict[str, Any] | None:
    """The job's status document (retries merged), without running anything; None if unknown.

    ``state`` is DBOS's status of the last workflow: ``SUCCESS`` once it ended,
    ``PENDING`` while it runs or after its process died (``resume`` finishes it).
    """
    if _sqlite_missing(url):
        return None
    fit_sqlite(url)
    client = DBOSClient(system_database_url=url)
    try:
        merged = _merged(_client_event(client), job)
        if merged is None:
            return None
        document, workflows = merged
        document["state"] = client.retrieve_workflow(workflows[-1]).get_status().status
        return document
    finally:
        client.destroy()


_RETRIED = ("FAILED", "NOT_STARTED")


@attrs.frozen(kw_only=True)
class Retry:
    """What ``retry-failed`` will run: a workflow id, its attempt and its targets."""

    workflow_id: str
    attempt: int
    spec_json: str
    targets: list[list[str]]


class JobStateError(Exception):
    """The job cannot be retried now (unknown, or still running)."""


def prepare_retry(url: str, job: str) -> Retry | None:
    """The next retry of the job's FAILED and NOT_STARTED targets; None when there are none."""
    if _sqlite_missing(url):
        raise JobStateError(f"no job {job}")
    fit_sqlite(url)
    client = DBOSClient(system_database_url=url)
    try:
        merged = _merged(_client_event(client), job)
        if merged is None:
            raise JobStateError(f"no job {job}")
        document, workflows = merged
        last = client.retrieve_workflow(workflows[-1]).get_status().status
        if last in ("PENDING", "ENQUEUED"):
            raise JobStateError(
                f"{workflows[-1]} has not ended: wait for it, or `rollout resume {job}`"
            )
        targets = [
            [t["account"], t["region"]] for t in document["targets"] if t["status"] in _RETRIED
        ]
        if not targets:
            return None
        (status,) = client.list_workflows(workflow_ids=[job], load_input=True)
        if status.input is None:
            raise JobStateError(f"{job}: its rollout file was not recorded")
        spec_json = str(status.input["args"][1])  # _job_workflow(job, spec_json, ...)
    finally:
        client.destroy()
    n = len(workflows)
    return Retry(workflow_id=_retry_id(job, n), attempt=n + 1, spec_json=spec_json, targets=targets)


def run_retry(job: str, retry: Retry) -> dict[str, Any]:
    """Run the retry in the running DBOS to its end; the job's merged document."""
    with SetWorkflowID(retry.workflow_id):
        handle = DBOS.start_workflow(
            _job_workflow, job, retry.spec_json, retry.attempt, retry.targets, True
        )
    handle.get_result()
    merged = _merged(_running_event, job)
    assert merged is not None  # the job's own document exists: the retry was prepared from it
    return merged[0]


def send_cancel(url: str, job: str) -> None:
    """Ask a running job to start nothing more."""
    fit_sqlite(url)
    client = DBOSClient(system_database_url=url)
    try:
        client.send(job, {"kind": "cancel"}, topic=TOPIC)
    finally:
        client.destroy()


# -- workers (Postgres) --------------------------------------------------------------

WORKER_PREFIX = "rollout-worker-"
# The advisory-lock namespace of worker liveness (pg_advisory_lock's first key).
_LIVENESS_LOCKS = 0x5C21


def is_postgres(url: str) -> bool:
    """Whether a state URL is a Postgres database (workers need one)."""
    return url.startswith(("postgresql://", "postgres://", "postgresql+", "postgres+"))


def _libpq_url(url: str) -> str:
    # SQLAlchemy's "postgresql+psycopg://" is DBOS's; libpq wants the plain scheme.
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest if "+" in scheme else url


def _dead_workers(probe: Any, executor: str) -> list[str]:
    # A live worker holds its liveness lock for as long as its connection lives,
    # and Postgres drops the lock with the connection when the process dies.
    pending = DBOS.list_workflows(
        status="PENDING", queue_name=QUEUE, load_input=False, load_output=False
    )
    owners = sorted(
        {
            w.executor_id
            for w in pending
            if w.executor_id and w.executor_id.startswith(WORKER_PREFIX)
            if w.executor_id != executor
        }
    )
    dead = []
    for owner in owners:
        args = (_LIVENESS_LOCKS, owner)
        row = probe.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", args).fetchone()
        if row is not None and row[0]:
            probe.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", args)
            dead.append(owner)
    return dead


def run_worker(
    url: str,
    stop: threading.Event,
    *,
    on_ready: Callable[[str], None] | None = None,
    on_recovered: Callable[[str, int], None] | None = None,
    interval: float = 1.0,
) -> None:
    """Run target workflows from the queue on this Postgres state until ``stop`` is set.

    Every ``interval`` seconds the worker also looks for workers that died
    (their liveness lock is free) with targets in flight, and puts those
    targets back on the queue (DBOS recovery of another executor), where this
    worker or another takes them. A recovered target replays its recorded
    steps: a change already submitted is followed, not sent again.
    """
    import psycopg

    if not is_postgres(url):
        raise ValueError("a worker needs a postgresql:// state")
    executor = WORKER_PREFIX + uuid.uuid4().hex[:12]
    conninfo = _libpq_url(url)
    with (
        psycopg.connect(conninfo, autocommit=True) as alive,
        psycopg.connect(conninfo, autocommit=True) as probe,
    ):
        # Taken before launch: any target this executor dequeues, it dequeued alive.
        alive.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", (_LIVENESS_LOCKS, executor))
        with dbos_running(url, executor_id=executor):
            if on_ready is not None:
                on_ready(executor)
            while True:
                dead = _dead_workers(probe, executor)
                for owner in dead:
                    handles = DBOS._recover_pending_workflows([owner])
                    if on_recovered is not None:
                        on_recovered(owner, len(handles))
                if stop.wait(interval):
                    break


def set_runtime(runtime: Runtime) -> None:
    """Use this runtime for the workflows this process runs."""
    global _runtime
    _runtime = runtime
