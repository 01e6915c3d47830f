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
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import attrs
from botocore.exceptions import BotoCoreError, ClientError
from dbos import DBOS, DBOSClient, SetWorkflowID

from servicecatalog_sdk.errors import (
    DuplicateResourceError,
    RecordFailedError,
    ServiceCatalogError,
    ServiceCatalogSDKError,
    WaiterTimeoutError,
)
from servicecatalog_sdk.rollout._aws import Clients, RoleError
from servicecatalog_sdk.rollout._plan import (
    DeepPlanTiming,
    PlanEntry,
    change_arguments,
    deep_plan,
    find_provisioned_product,
    plan_target,
)
from servicecatalog_sdk.rollout._schedule import Scheduler, ordered_regions
from servicecatalog_sdk.rollout._spec import RolloutSpec, spec_from_json
from servicecatalog_sdk.rollout._sqlite_state import prepare_sqlite_state
from servicecatalog_sdk.rollout._targets import TargetSettings, resolve_accounts, settings_for

__all__ = [
    "JobStateError",
    "Retry",
    "Runtime",
    "idempotency_token",
    "is_postgres",
    "join_job",
    "prepare_retry",
    "plan_spec",
    "read_status",
    "resolve_targets",
    "run_job",
    "run_retry",
    "run_worker",
    "send_cancel",
    "state_url",
    "submit_change",
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
    #: Told a new job's target count and its regions in run order, once resolved.
    on_start: Callable[[int, Sequence[str]], None] | None = None
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


def resolve_targets(spec: RolloutSpec, runtime: Runtime) -> list[str]:
    """The file's accounts, resolved once in the caller's account (Organizations for OUs
    and tags); the caller's credentials are checked on the way (STS ``GetCallerIdentity``).

    Everything here happens before a job exists, so its AWS errors propagate
    ("an AWS error before anything started").
    """
    clients = runtime.clients(spec.role)
    clients.caller_account()
    organizations = None
    if spec.targets.organizational_units or spec.targets.account_tags:
        organizations = clients.organizations()
    return resolve_accounts(spec, organizations)


def target_keys(
    spec: RolloutSpec, accounts: list[str], only: set[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    """The (account, region) targets, region by region, in the file's region order."""
    return [
        (a, r) for r in spec.targets.regions for a in accounts if only is None or (a, r) in only
    ]


def plan_spec(
    spec: RolloutSpec, runtime: Runtime, *, deep: bool = False, workers: int = 16
) -> list[PlanEntry]:
    """Resolve the targets once and classify each, reading the target accounts in parallel.

    ``deep`` also asks CloudFormation, per target, what the change would do
    (:func:`deep_plan`), waiting as the runtime's polls say.
    """
    clients = runtime.clients(spec.role)
    keys = target_keys(spec, resolve_targets(spec, runtime))
    terminate = spec.action == "terminate"
    timing = DeepPlanTiming(
        timeout=runtime.wait_timeout, min_delay=runtime.poll_min, max_delay=runtime.poll_max
    )

    def plan_one(key: tuple[str, str]) -> PlanEntry:
        settings = settings_for(spec, *key)
        entry = plan_target(settings, clients, terminate=terminate)
        return deep_plan(entry, settings, clients, timing) if deep else entry

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(keys)))) as pool:
        return list(pool.map(plan_one, keys))


# -- the workflows -----------------------------------------------------------------


def _emit(job: str, account: str, region: str, event: str, **fields: Any) -> None:
    record = {"time": _now(), "job": job, "account": account, "region": region, "event": event}
    record.update(fields)
    if _runtime.events is not None:
        _runtime.events.write(record)
    if _runtime.on_progress is not None:
        _runtime.on_progress(record)


@DBOS.step()
def _events_step(job: str, records: list[dict[str, Any]]) -> None:
    # A step, so a replayed job does not write its events twice.
    for record in records:
        fields = {k: v for k, v in record.items() if k not in ("account", "region", "event")}
        _emit(job, record["account"], record["region"], record["event"], **fields)


@DBOS.step()
def _plan_step(
    role: str | None, settings: dict[str, Any], terminate: bool, repair: bool
) -> dict[str, Any]:
    # Read right before acting: a target of a late wave (or a later SEQUENTIAL
    # region) is judged on what its account shows then, not at the job's start.
    target = TargetSettings(**settings)
    clients = _runtime.clients(role)
    return plan_target(target, clients, terminate=terminate, repair=repair).to_dict()


def submit_change(sc: Any, plan: PlanEntry, target: TargetSettings, token: str) -> dict[str, Any]:
    """Send the target's change with ``token``; ``{"record_id", "provisioned_product_id"}``
    or ``{"error"}``.

    Sent again with the same token (a step re-run after a crash), AWS answers
    with the record it already made. A launch whose name is taken is
    reconciled: the product is found by name, and if it carries this token it
    is ours (made by an earlier try whose token AWS no longer remembers) and
    its record is followed; anyone else's is an error.
    """
    out: Any
    try:
        if plan.action == "CREATE":
            out = sc.provision_product(
                provisioned_product_name=plan.provisioned_product_name,
                provision_token=token,
                **change_arguments(plan, target),
            )
        elif plan.action == "UPDATE":
            out = sc.update_provisioned_product(
                update_token=token,
                provisioned_product_id=plan.provisioned_product_id,
                **change_arguments(plan, target),
            )
        else:
            out = sc.terminate_provisioned_product(
                terminate_token=token, provisioned_product_id=plan.provisioned_product_id
            )
    except DuplicateResourceError as exc:
        found = find_provisioned_product(sc, plan.provisioned_product_name)
        record = None if found is None else found.last_provisioning_record_id
        if found is None or found.idempotency_token != token or record is None:
            return {"error": f"{plan.provisioned_product_name} already exists (not ours): {exc.message}"}  # fmt: skip
        return {"record_id": record, "provisioned_product_id": found.id}
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
def _submit_step(
    job: str, role: str | None, entry: dict[str, Any], settings: dict[str, Any], attempt: int
) -> dict[str, Any]:
    plan = PlanEntry.from_dict(entry)
    sc = _runtime.clients(role).servicecatalog(plan.account, plan.region)
    token = idempotency_token(job, plan.account, plan.region, plan.action, attempt)
    return submit_change(sc, plan, TargetSettings(**settings), token)


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


#: What a target's steps may raise that ends that target (FAILED, with the
#: message), never the job: the service's and the SDK's errors, botocore's
#: (connection, credentials), and an account that cannot be reached.
_TARGET_ERRORS = (ServiceCatalogSDKError, ClientError, BotoCoreError, RoleError)


@DBOS.workflow()
def _target_workflow(
    job: str,
    parent: str,
    role: str | None,
    settings: dict[str, Any],
    terminate: bool,
    attempt: int,
    repair: bool,
) -> dict[str, Any]:
    # Plan, submit, wait: each a recorded step. The job hears "submitted" (with
    # the record) and "done"; both carry the plan's action and reason.
    result: dict[str, Any] = {
        "account": settings["account"],
        "region": settings["region"],
        "kind": "done",
    }
    try:
        entry = _plan_step(role, settings, terminate, repair)
        result.update(
            action=entry["action"],
            reason=entry["reason"],
            provisioned_product_id=entry["provisioned_product_id"],
        )
        if entry["action"] == "NOOP":
            result.update(ok=True, noop=True, message=entry["reason"])
        elif entry["action"] == "BLOCKED":
            result.update(ok=False, message=f"blocked: {entry['reason']}")
        else:
            submitted = _submit_step(job, role, entry, settings, attempt)
            if "error" in submitted:
                result.update(ok=False, message=submitted["error"])
            else:
                result.update(submitted)
                DBOS.send(parent, {**result, "kind": "submitted"}, topic=TOPIC)
                result.update(
                    _wait_step(role, result["account"], result["region"], submitted["record_id"])
                )
    except _TARGET_ERRORS as exc:
        result.update(ok=False, message=f"{type(exc).__name__}: {exc}")
    DBOS.send(parent, result, topic=TOPIC)
    return result


def _target_id(job: str, key: tuple[str, str], attempt: int) -> str:
    return f"{job}/{key[0]}/{key[1]}/{attempt}"


#: How long the job waits for a message before it checks its in-flight targets
#: for one whose workflow ended without reporting (an error nobody foresaw).
WATCH_SECONDS = 60.0


@DBOS.step()
def _lost_targets_step(workflows: list[list[str]]) -> list[dict[str, Any]]:
    # [workflow id, account, region] of in-flight targets -> a "done" message
    # for each whose workflow ended in error, so the job never waits forever.
    lost = []
    for workflow, account, region in workflows:
        status = DBOS.get_workflow_status(workflow)
        if status is None or status.status in ("PENDING", "ENQUEUED", "SUCCESS"):
            continue
        error = f": {type(status.error).__name__}: {status.error}" if status.error else ""
        lost.append(
            {
                "account": account,
                "region": region,
                "kind": "done",
                "ok": False,
                "message": f"the target's workflow ended {status.status}{error}",
            }
        )
    return lost


def _summary(targets: list[dict[str, Any]]) -> dict[str, int]:
    summary: dict[str, int] = {"total": len(targets)}
    for target in targets:
        summary[target["status"]] = summary.get(target["status"], 0) + 1
    return summary


@DBOS.workflow()
def _job_workflow(
    job: str,
    spec_json: str,
    accounts: list[str],
    attempt: int,
    only: list[list[str]] | None,
    repair: bool,
) -> Any:
    # The job's own workflow (id JOB, attempt 1), or a retry of some of its
    # targets (id JOB~retryN, attempt N + 1, ``only`` those targets, repairing).
    # ``accounts`` were resolved before the job existed; each target plans itself.
    spec = spec_from_json(spec_json)
    terminate = spec.action == "terminate"
    keys = target_keys(spec, accounts, None if only is None else {(a, r) for a, r in only})
    rows: dict[tuple[str, str], dict[str, Any]] = {
        key: {
            "account": key[0],
            "region": key[1],
            "action": None,
            "status": "NOT_STARTED",
            "record_id": None,
            "provisioned_product_id": None,
            "message": "",
        }
        for key in keys
    }
    work: dict[str, list[tuple[str, str]]] = {}
    for key in keys:
        work.setdefault(key[1], []).append(key)
    regions = ordered_regions(spec.targets.regions, spec.preferences.region_order)
    scheduler = Scheduler(spec.preferences, regions, work)
    events: list[dict[str, Any]] = []
    parent = DBOS.workflow_id or job

    def publish() -> None:
        targets = list(rows.values())
        DBOS.set_event(
            _STATUS_EVENT, {"job": job, "targets": targets, "summary": _summary(targets)}
        )

    def event(key: tuple[str, str], name: str, **fields: Any) -> None:
        events.append({"account": key[0], "region": key[1], "event": name, **fields})

    cancelled = False

    def take(message: dict[str, Any]) -> None:
        # One message into the rows, the events and the scheduler; no I/O.
        nonlocal cancelled
        if message.get("kind") == "cancel":
            if not cancelled:
                cancelled = True
                for key in scheduler.cancel():
                    rows[key].update(status="CANCELLED", message="cancelled before it started")
                    event(key, "cancelled")
            return
        key = (message["account"], message["region"])
        row = rows[key]
        if row["status"] != "IN_PROGRESS":
            return  # a late word on a target already ended (from a run DBOS fenced off)
        if row["action"] is None and message.get("action"):
            row["action"] = message["action"]
            event(key, "planned", action=message["action"], reason=message["reason"])
            if message["action"] == "NOOP":
                event(key, "skipped")
        if message["kind"] == "submitted":
            row.update(
                record_id=message["record_id"],
                provisioned_product_id=message.get("provisioned_product_id"),
            )
            event(key, "submitted", record_id=message["record_id"])
            return
        ok = bool(message.get("ok"))
        scheduler.finish(key, ok=ok)
        status = ("NOOP" if message.get("noop") else "SUCCEEDED") if ok else "FAILED"
        row.update(
            status=status,
            message=message.get("message", ""),
            record_id=message.get("record_id", row["record_id"]),
            provisioned_product_id=message.get("provisioned_product_id")
            or row["provisioned_product_id"],
        )
        if status == "SUCCEEDED":
            event(key, "succeeded", record_id=row["record_id"])
        elif status == "FAILED":
            event(key, "failed", message=row["message"])

    def start() -> None:
        for key in scheduler.start_next():
            settings = attrs.asdict(settings_for(spec, key[0], key[1]))
            with SetWorkflowID(_target_id(job, key, attempt)):
                _the_queue().enqueue(
                    _target_workflow, job, parent, spec.role, settings, terminate, attempt,
                    repair,
                )  # fmt: skip
            rows[key].update(status="IN_PROGRESS")

    # The job takes every message already waiting (recv without waiting) before
    # it writes their events and publishes the document once: DBOS keeps each
    # publication, so one per message would make the state, and the time spent
    # writing it, grow with the square of the targets. A freed slot is refilled
    # as soon as its message is taken, and a batch ends after ``limit``
    # messages, so a steady stream still gets published. Deterministic on
    # replay: each recv's result, None included, is recorded and replayed in order.
    limit = max(16, len(rows) // 4)
    start()
    changed = True
    while not scheduler.done:
        if events:
            _events_step(job, events)
            events = []
        if changed:
            publish()
        message = DBOS.recv(TOPIC, timeout_seconds=WATCH_SECONDS)
        batch = [message] if message is not None else []
        if message is None:
            in_flight = [
                [_target_id(job, key, attempt), key[0], key[1]]
                for key, row in rows.items()
                if row["status"] == "IN_PROGRESS"
            ]
            batch = _lost_targets_step(in_flight)
        changed = bool(batch)
        taken = 0
        while batch:
            for message in batch:
                take(message)
                start()
                taken += 1
            if taken >= limit or scheduler.done:
                break
            message = DBOS.recv(TOPIC, timeout_seconds=0)
            batch = [message] if message is not None else []
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
    prepare_sqlite_state(url)
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
    """Start (or join, when it exists) the job's workflow in the running DBOS; its document.

    A new job's targets are resolved first, before the job is recorded: an
    AWS error there (credentials, Organizations) propagates and leaves no job
    behind, so the same job id can be applied again once it is fixed.
    """
    if DBOS.get_workflow_status(job) is None:
        accounts = resolve_targets(spec, _runtime)
        if _runtime.on_start is not None:
            regions = ordered_regions(spec.targets.regions, spec.preferences.region_order)
            _runtime.on_start(len(target_keys(spec, accounts)), regions)
        with SetWorkflowID(job):
            handle = DBOS.start_workflow(
                _job_workflow, job, json.dumps(spec.to_dict()), accounts, 1, None, False
            )
    else:
        handle = DBOS.retrieve_workflow(job)
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
    prepare_sqlite_state(url)
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
    prepare_sqlite_state(url)
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
        accounts = sorted({account for account, _ in retry.targets})
        handle = DBOS.start_workflow(
            _job_workflow, job, retry.spec_json, accounts, retry.attempt, retry.targets, True
        )
    handle.get_result()
    merged = _merged(_running_event, job)
    assert merged is not None  # the job's own document exists: the retry was prepared from it
    return merged[0]


def send_cancel(url: str, job: str) -> None:
    """Ask a running job to start nothing more."""
    prepare_sqlite_state(url)
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


def _recover_dead_workers(probe: Any, executor: str) -> dict[str, int]:
    # A live worker holds its liveness lock for as long as its connection lives,
    # and Postgres drops the lock with the connection when the process dies.
    # The dead worker's lock is held while its targets are put back on the
    # queue, and they are listed again under it: two workers never recover the
    # same target, and one already taken over is not moved again.
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
    recovered: dict[str, int] = {}
    for owner in owners:
        args = (_LIVENESS_LOCKS, owner)
        row = probe.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", args).fetchone()
        if row is None or not row[0]:
            continue  # alive, or another worker is recovering it right now
        try:
            stranded = DBOS.list_workflows(
                status="PENDING",
                queue_name=QUEUE,
                executor_id=owner,
                load_input=False,
                load_output=False,
            )
            for workflow in stranded:
                # Back on the queue (DBOS's public resume); whoever dequeues it
                # replays its recorded steps, and DBOS fences off the old owner.
                DBOS.resume_workflow(workflow.workflow_id, queue_name=QUEUE)
            recovered[owner] = len(stranded)
        finally:
            probe.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", args)
    return recovered


def _liveness(conninfo: str, executor: str) -> Any:
    import psycopg

    # Named, so an operator (or a test) can tell a worker's liveness connection.
    alive = psycopg.connect(conninfo, autocommit=True, application_name=f"{executor}-liveness")
    # Taken before any target is dequeued: any target this executor holds, it took alive.
    alive.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", (_LIVENESS_LOCKS, executor))
    return alive


def run_worker(
    url: str,
    stop: threading.Event,
    *,
    on_ready: Callable[[str], None] | None = None,
    on_recovered: Callable[[str, int], None] | None = None,
    on_reconnected: Callable[[str], None] | None = None,
    interval: float = 1.0,
) -> None:
    """Run target workflows from the queue on this Postgres state until ``stop`` is set.

    Every ``interval`` seconds the worker also looks for workers that died
    (their liveness lock is free) with targets in flight, and puts those
    targets back on the queue, where this worker or another takes them. A
    recovered target replays its recorded steps: a change already submitted
    is followed, not sent again.

    A worker whose liveness connection drops (a network blip) is taken for
    dead by the others, who may take over its targets; it reconnects, takes
    its lock again and goes on. Its own runs of targets taken over are fenced
    off by DBOS, and a change sent by both resends the same idempotency token,
    so AWS makes it once.
    """
    import psycopg

    if not is_postgres(url):
        raise ValueError("a worker needs a postgresql:// state")
    executor = WORKER_PREFIX + uuid.uuid4().hex[:12]
    conninfo = _libpq_url(url)
    alive = _liveness(conninfo, executor)
    try:
        with (
            psycopg.connect(conninfo, autocommit=True) as probe,
            dbos_running(url, executor_id=executor),
        ):
            if on_ready is not None:
                on_ready(executor)
            while True:
                try:
                    alive.execute("SELECT 1")
                except psycopg.OperationalError as lost:
                    alive.close()
                    alive = _liveness(conninfo, executor)
                    if on_reconnected is not None:
                        on_reconnected(f"liveness connection lost ({lost}); reconnected")
                for owner, count in _recover_dead_workers(probe, executor).items():
                    if on_recovered is not None:
                        on_recovered(owner, count)
                if stop.wait(interval):
                    break
    finally:
        alive.close()


def set_runtime(runtime: Runtime) -> None:
    """Use this runtime for the workflows this process runs."""
    global _runtime
    _runtime = runtime
