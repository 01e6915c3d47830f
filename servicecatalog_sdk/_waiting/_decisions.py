"""The waiters' vocabulary, and what an observation means: pure, I/O-free decisions.

A :class:`Waiter` is one waiter as data (every declaration is in
:mod:`._declarations`): the operation it polls, its arguments, where the
status is in an answer, which statuses mean done, failed or still going, and
what ``wait=True`` reads from the operation that started the change.
:class:`TableDecision` judges each observation by that declaration; a waiter
that no table describes brings a decision of its own with the same members
(the fleet's, in :mod:`._fleet`). Nothing here sends a request, sleeps or
reads a clock, so the blocking and asyncio drivers share every decision.
"""

from __future__ import annotations

import dataclasses
import enum
import string
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Generic, Literal, NamedTuple, Protocol, TypeVar

from servicecatalog_sdk._waiting._settings import (
    DEFAULT_TIMEOUT,
    MAX_DELAY,
    MIN_DELAY,
    check_id,
    check_id_or_name,
)
from servicecatalog_sdk.errors import ParamValidationError, WaiterError

__all__ = [
    "Arg",
    "Decision",
    "Fails",
    "TIMING_DEFAULTS",
    "StatusTable",
    "Started",
    "TableDecision",
    "Verdict",
    "Waiter",
    "fails",
    "ident",
    "optional_ident",
]

#: What a wait returns (covariant: a waiter of ``X`` is a waiter of ``X | None``).
T_co = TypeVar("T_co", covariant=True)

#: The timing keywords every waiter takes, at their defaults.
TIMING_DEFAULTS: Mapping[str, object] = MappingProxyType(
    {
        "timeout": DEFAULT_TIMEOUT,
        "on_poll": None,
        "min_delay": MIN_DELAY,
        "max_delay": MAX_DELAY,
        "clock": None,
        "sleep": None,
    }
)


class Verdict(enum.Enum):
    """What one observation means to a waiter that did not fail."""

    DONE = "done"
    WAIT = "wait"
    UNKNOWN = "unknown"  # a status this SDK does not know: keep waiting, warn once


class StatusTable(NamedTuple):
    """The statuses of one wait: still changing, done, or settled as a failure.

    A status in none of the three is one this SDK does not know: the wait goes
    on (the engine warns once) and the timeout bounds it.
    """

    pending: frozenset[str]
    done: frozenset[str]
    failed: frozenset[str]

    def verdict(self, status: str | None) -> Verdict:
        """DONE, WAIT or UNKNOWN for a status that is not a failure."""
        if status in self.done:
            return Verdict.DONE
        return Verdict.WAIT if status in self.pending else Verdict.UNKNOWN


@dataclasses.dataclass(frozen=True)
class Arg:
    """One of a waiter's own arguments (the timing and history keywords are every waiter's)."""

    name: str
    #: Its type, as the generated signatures write it.
    annotation: str
    #: Its default (``...``: required).
    default: object = ...
    #: Before the ``*``: the subject of the wait (``record_id``, ``ids``).
    positional: bool = False
    #: Checks the value before anything is sent (an optional one only when given).
    check: Callable[[str, object], object] | None = None


def ident(name: str, *, positional: bool = False) -> Arg:
    """A required id or token: a non-empty string."""
    return Arg(name, "str", positional=positional, check=check_id)


def optional_ident(name: str) -> Arg:
    """An id that may be left out; checked when given."""
    return Arg(name, "str | None", None, check=check_id)


@dataclasses.dataclass(frozen=True)
class Fails:
    """Statuses that end a wait as a failure, and the error it raises."""

    error: Callable[..., WaiterError]
    statuses: frozenset[str]
    #: The error's keywords, each the wait argument it is (``{"product_id": "id"}``):
    #: the error takes the observation and these. ``None``: it takes the subject alone.
    ids: Mapping[str, str] | None = None


def fails(
    error: Callable[..., WaiterError], *statuses: str, ids: Mapping[str, str] | None = None
) -> Fails:
    """``statuses`` raise ``error``."""
    return Fails(error, frozenset(statuses), None if ids is None else MappingProxyType(dict(ids)))


@dataclasses.dataclass(frozen=True)
class Started:
    """Where ``wait=True`` finds one argument of its wait, once the operation returned."""

    argument: str
    #: Attribute paths in the operation's output, tried in turn: the first whose
    #: first attribute the output has (outputs of one waiter differ in shape).
    paths: tuple[tuple[str, ...], ...] = ()
    #: Or the request parameter that holds it (``ProductId``).
    request: str | None = None
    #: When it is absent, nothing was started to wait for (no parse error).
    optional: bool = False


# Compared and hashed by identity: each declaration is one waiter.
@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class Waiter(Generic[T_co]):
    """One waiter, declared: what it polls and what each answer means.

    ``T_co`` is what the wait returns. The generated signatures (the function
    forms, and the blocking and asyncio methods) are written from ``name``,
    ``args``, ``observation``, ``returns``, ``history``, ``summary`` and ``doc``.
    """

    #: ``record``: the waiter is ``wait_for_record``.
    name: str
    #: One line for the methods' docstrings, e.g. "Wait until the record is ``SUCCEEDED``".
    summary: str
    #: The docstring of the function form.
    doc: str = dataclasses.field(repr=False)
    #: The client method polled (``describe_record``).
    operation: str
    #: Its keywords, each the wait argument it is (``{"id": "record_id"}``).
    request: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: Whether the operation is a listing: every item of every page is one answer.
    listing: bool = False
    args: tuple[Arg, ...] = ()
    #: Exactly one of these arguments must be given (``id`` or ``name``).
    one_of: tuple[str, ...] = ()
    #: Formats of the wait's label, over its arguments: the first whose fields are all given.
    what: tuple[str, ...] = ()
    #: Arguments naming what is waited on (``WaiterError.resource_id``): the first given.
    resource_id: tuple[str, ...] = ()
    #: The attribute path from an observation to the resource (``()``: the observation).
    subject: tuple[str, ...] = ()
    #: The resource's status attribute.
    status: str = "status"
    pending: frozenset[str] = frozenset()
    done: frozenset[str] = frozenset()
    failures: tuple[Fails, ...] = ()
    #: Done statuses an ``expect=`` argument picks one of; the others then mean a
    #: read from before the change took effect: progress.
    expect: tuple[str, ...] = ()
    #: Flag arguments that make a failed status success (``{"accept_tainted": "TAINTED"}``).
    accept: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: The stale-read guard: the resource's attribute naming its last change,
    #: which must be the ``record_id`` argument (when given) for a read to count.
    stale: str | None = None
    #: Whether a few ResourceNotFound answers may pass before the first observation.
    tolerate_not_found: bool = True
    #: The status logged once ResourceNotFound says the resource is gone, which is
    #: what the wait waits for (``None``: ResourceNotFound is no answer).
    gone: str | None = None
    #: Whose past changes time the polls (see :mod:`._history`); ``None``: no history read.
    history: Literal["record", "product", "termination"] | None = None
    #: What ``wait=True`` reads from the starting operation, one per argument.
    started: tuple[Started, ...] = ()
    #: A decision of its own, for a waiter no table describes (``None``: TableDecision).
    decide: Callable[[Waiter[Any], Mapping[str, Any]], Decision] | None = None
    #: The type of one observation (``on_poll``'s argument), for the generated signatures.
    observation: str
    #: The type the wait returns, when not the observation.
    returns: str | None = None

    @property
    def method(self) -> str:
        """The waiter's function and method name."""
        return f"wait_for_{self.name}"

    @property
    def statuses(self) -> StatusTable:
        """Every status the declaration names, by what it means without options."""
        failed = frozenset(s for f in self.failures for s in f.statuses)
        return StatusTable(self.pending, self.done, failed)

    def arguments(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every keyword of the waiter's signature: ``given``, the others at their defaults."""
        found = {a.name: a.default for a in self.args if a.default is not ...}
        if self.expect:
            found["expect"] = None
        if self.history is not None:
            found.update(use_history=None, history_access_level=None)
        found.update(TIMING_DEFAULTS)
        found.update(given)
        return found

    def check(self, args: Mapping[str, Any]) -> None:
        """Reject bad arguments before anything is sent (ParamValidationError)."""
        if self.one_of:
            check_id_or_name(*(args[name] for name in self.one_of))
        for arg in self.args:
            given = args[arg.name] is not None or arg.default is ...  # a required None is bad
            if arg.check is not None and given and arg.name not in self.one_of:
                arg.check(arg.name, args[arg.name])
        expect = args.get("expect") if self.expect else None
        if expect is not None and (not isinstance(expect, str) or expect not in self.expect):
            allowed = ", ".join(repr(s) for s in self.expect)
            raise ParamValidationError(f"expect must be {allowed} or None, got {expect!r}")

    def table(self, args: Mapping[str, Any]) -> StatusTable:
        """The statuses of one wait, as its ``expect`` and accepting flags shape them."""
        pending, done, failed = self.statuses
        if self.expect and args["expect"] is not None:
            expected = frozenset({str(args["expect"])})
            pending, done = pending | (done - expected), expected
        for flag, status in self.accept.items():
            if args[flag]:
                done, failed = done | {status}, failed - {status}
        return StatusTable(pending, done, failed)

    def label(self, args: Mapping[str, Any]) -> str:
        """The wait's label for logs and errors, e.g. ``record rec-123``."""
        for form in self.what:
            fields = [f for _, f, _, _ in string.Formatter().parse(form) if f]
            if all(args.get(f) is not None for f in fields):
                return form.format_map(args)
        return self.name  # pragma: no cover - every declaration ends with a label it can fill

    def named(self, args: Mapping[str, Any]) -> str | None:
        """The id or token waited on (``WaiterError.resource_id``)."""
        return next((args[n] for n in self.resource_id if args[n] is not None), None)

    def subject_of(self, observation: object) -> Any:
        """The resource in one observation (``None``: the answer holds none)."""
        value: Any = observation
        for attr in self.subject:
            value = getattr(value, attr, None)
        return value

    def status_text(self, subject: object) -> str | None:
        """The status of one resource, as text (``None``: none given)."""
        status = getattr(subject, self.status, None)
        return None if status is None else str(status)

    def failure(
        self, status: str, observation: object, subject: object, args: Mapping[str, Any]
    ) -> WaiterError:
        """The error of a wait that settled as ``status``, a failure."""
        found = next(f for f in self.failures if status in f.statuses)
        if found.ids is None:
            return found.error(subject)
        return found.error(observation, **{kw: args[arg] for kw, arg in found.ids.items()})

    def judge_subject(
        self,
        table: StatusTable,
        observation: object,
        subject: object,
        args: Mapping[str, Any],
    ) -> Verdict:
        """The verdict on one resource; raises the waiter's failure when it settled as one."""
        status = self.status_text(subject)
        if status not in table.pending | table.done | table.failed:
            return Verdict.UNKNOWN
        if self.stale is not None:
            record_id, last = args.get("record_id"), getattr(subject, self.stale, None)
            if record_id is not None and last != record_id:
                return Verdict.WAIT  # a state from before the change took effect
        if status in table.failed:
            raise self.failure(status, observation, subject, args)
        return table.verdict(status)


class Decision(Protocol):
    """How one wait judges what it sees: :class:`TableDecision`, or a waiter's own."""

    #: The wait's label (``record rec-123``).
    what: str
    #: The id or token waited on, set on every ``WaiterError`` the wait raises.
    resource_id: str | None

    def observe(self, answer: Any) -> Any:
        """The observation of one poll's answer (a listing's answer is every item)."""
        ...

    def status(self, observation: Any) -> str | None:
        """The observation's status as text, for logs, errors and ``UnknownValueWarning``."""
        ...

    def judge(self, observation: Any) -> Verdict:
        """The verdict on one observation; raises the waiter's failure."""
        ...

    def result(self, observation: Any) -> Any:
        """What the wait returns once ``observation`` was judged done."""
        ...


class TableDecision:
    """Judges each observation by its waiter's declaration: the decision of most waiters."""

    def __init__(self, waiter: Waiter[Any], args: Mapping[str, Any]) -> None:
        waiter.check(args)
        self._waiter = waiter
        self._args = args
        self._table = waiter.table(args)
        self.what = waiter.label(args)
        self.resource_id = waiter.named(args)

    def observe(self, answer: Any) -> Any:
        """The answer itself (``None`` once a resource waited away is gone)."""
        return answer

    def status(self, observation: Any) -> str | None:
        """The resource's status, or the waiter's ``gone`` status once it is gone."""
        if observation is None and self._waiter.gone is not None:
            return self._waiter.gone
        return self._waiter.status_text(self._waiter.subject_of(observation))

    def judge(self, observation: Any) -> Verdict:
        """By the table; a resource waited away is done once it is gone."""
        if observation is None and self._waiter.gone is not None:
            return Verdict.DONE
        subject = self._waiter.subject_of(observation)
        return self._waiter.judge_subject(self._table, observation, subject, self._args)

    def result(self, observation: Any) -> Any:
        """The observation that was judged done."""
        return observation
