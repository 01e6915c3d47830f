"""Reading a change's past once, to time the polls of its wait (see ``_schedule``).

After a waiter's first observation says the change is still going, it may make
one ``ListRecordHistory`` call: the newest page of the records of the same
provisioned product (or, for a provisioning or a termination, which happen once
per provisioned product, of the same product), at the caller's ``User`` access
level unless the client or the wait asks for ``Account``. The succeeded
records of the same type give past durations (``UpdatedTime - CreatedTime``);
the current record's ``CreatedTime`` says how far into the change the wait
starts. A history with nothing usable, or a read the service fails
(throttling, a server fault, a dropped connection, an answer that does not
parse), leaves the wait on its usual backoff; a read the caller is not allowed
(AccessDenied) also turns that access level's history off for the client, so no
later wait asks again. Both are logged at DEBUG only. Any other exception is a
bug and propagates.

Nothing here does I/O: which level to read at (:func:`history_level`), the
query from an observation (:func:`record_query`, :func:`product_query`), the
request (:meth:`HistoryQuery.request`), what a failed read means
(:func:`history_failed`) and the plan from the records
(:func:`plan_from_records`) serve the engine; the drivers read the one page.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import attrs

from servicecatalog_sdk._waiting._schedule import Expectation, expect, next_delay
from servicecatalog_sdk.errors import (
    AccessDeniedError,
    ParamValidationError,
    ResponseParseError,
    ServiceCatalogError,
    TransportError,
)

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._settings import WaitSettings
    from servicecatalog_sdk.models import (
        DescribeProvisionedProductOutput,
        DescribeRecordOutput,
        RecordDetail,
    )

__all__ = [
    "ACCESS_LEVELS",
    "DEFAULT_ACCESS_LEVEL",
    "PROVISION",
    "READ_FAILURES",
    "TERMINATE",
    "HistoryPlan",
    "HistoryQuery",
    "history_failed",
    "history_level",
    "past_durations",
    "plan_from_records",
    "product_query",
    "record_query",
    "wants_history",
]

logger = logging.getLogger("servicecatalog_sdk.waiters")

PROVISION: Final = "PROVISION_PRODUCT"
TERMINATE: Final = "TERMINATE_PROVISIONED_PRODUCT"
#: Record types that happen once per provisioned product: their past is the product's.
_ONCE_PER_PROVISIONED_PRODUCT: Final = frozenset({PROVISION, TERMINATE})
#: ListRecordHistory's largest page: the history read is this one page.
_PAGE_SIZE: Final = 20
#: The ``AccessLevelFilter`` keys a history read may use: ``User`` (the caller's
#: own records, which every end-user policy allows) or ``Account`` (everyone's).
ACCESS_LEVELS: Final = ("User", "Account")
DEFAULT_ACCESS_LEVEL: Final = "User"
#: Failures of the history read that leave the wait on its backoff: what the
#: service or the network answered. Anything else is a bug and propagates.
READ_FAILURES: Final = (ServiceCatalogError, TransportError, ResponseParseError)
# Where a client keeps the access levels whose history reads were refused.
_REFUSED: Final = "_waiter_history_refused"


def wants_history(client: object, use_history: object) -> bool:
    """``use_history``, or when it is ``None`` the client's ``waiter_use_history`` (default on)."""
    if use_history is None:
        use_history = getattr(client, "waiter_use_history", True)
    if not isinstance(use_history, bool):
        raise ParamValidationError(f"use_history must be True, False or None, got {use_history!r}")
    return use_history


def _access_level(client: object, access_level: object) -> str:
    if access_level is None:
        access_level = getattr(client, "waiter_history_access_level", DEFAULT_ACCESS_LEVEL)
        name = "waiter_history_access_level"
    else:
        name = "history_access_level"
    if not isinstance(access_level, str) or access_level not in ACCESS_LEVELS:
        raise ParamValidationError(f"{name} must be 'User' or 'Account', got {access_level!r}")
    return str(access_level)  # the plain value of an AccessLevelFilterKey member


def history_level(client: object, use_history: object, access_level: object) -> str | None:
    """The access level a wait reads its change's history at; ``None``: no history read.

    ``use_history`` and ``access_level`` are the wait's (``None``: the client's
    ``waiter_use_history``, default on, and ``waiter_history_access_level``,
    default ``User``), both checked before anything is sent. A level whose
    read this client was refused before is not asked again.
    """
    level = _access_level(client, access_level)
    if not wants_history(client, use_history):
        return None
    if level in getattr(client, _REFUSED, ()):
        return None
    return level


def history_failed(client: object, query: HistoryQuery, what: str, exc: BaseException) -> None:
    """Account for a failed history read (one of :data:`READ_FAILURES`); the wait goes on.

    A refusal (AccessDenied and the like) turns that level's history off for
    ``client``: the caller's policy will not change during the process, and a
    read per wait would only add denied calls to its audit trail. It is logged
    once, when it happens.
    """
    level = query.access_level
    if isinstance(exc, AccessDeniedError):
        refused = frozenset(getattr(client, _REFUSED, ()))
        # A client that takes no new attributes asks again on each wait. A new set,
        # bound at once: threads sharing the client see the old one or the new.
        with contextlib.suppress(AttributeError):
            setattr(client, _REFUSED, refused | {level})
        logger.debug(
            "%s: ListRecordHistory at %s level refused (%s); history off for this client "
            "at that level; usual backoff",
            what,
            level,
            exc.code,
        )
        return
    logger.debug("%s: record history unusable (%s); usual backoff", what, exc)


class HistoryPlan:
    """The poll timing of one wait, placed by the durations of past changes."""

    def __init__(
        self,
        expectation: Expectation,
        *,
        change_started: float,
        min_delay: float,
        max_delay: float,
        jitter: float,
    ) -> None:
        #: The fitted durations the polls are placed by.
        self.expectation = expectation
        # The change's start on the wait's (monotonic) clock.
        self._change_started = change_started
        self._min_delay = min_delay
        self._max_delay = max_delay
        self._jitter = jitter

    def delay(self, now: float) -> float | None:
        """The pause before the next poll at clock time ``now``; ``None``: use the backoff."""
        return next_delay(
            self.expectation,
            now - self._change_started,
            min_delay=self._min_delay,
            max_delay=self._max_delay,
            jitter=self._jitter,
        )


@attrs.frozen(kw_only=True)
class HistoryQuery:
    """Which history one wait reads, and what it knows of the current change.

    ``key`` / ``value`` are the ``SearchFilter`` (``product`` or
    ``provisionedproduct`` and its id). ``record_type`` is the change's type
    when known, else a guess the current record overrides once found in the
    page by ``current_id``; ``current`` is that record when the waiter already
    has it; ``started`` the change's start when its record is not at hand.
    ``access_level`` is the ``AccessLevelFilter`` key (``User`` or ``Account``).
    """

    key: str
    value: str
    record_type: str | None
    current_id: str | None
    current: RecordDetail | None = None
    started: datetime | None = None
    access_level: str = DEFAULT_ACCESS_LEVEL

    def request(self) -> dict[str, Any]:
        """The ``list_record_history`` keywords: one page, the newest, at ``access_level``."""
        from servicecatalog_sdk.models import (
            AccessLevelFilter,
            AccessLevelFilterKey,
            ListRecordHistorySearchFilter,
        )

        return {
            # User: the caller's own changes (any end user may read them); Account:
            # everyone's, for callers allowed to (pipelines, administrators).
            "access_level_filter": AccessLevelFilter(
                key=AccessLevelFilterKey(self.access_level), value="self"
            ),
            "search_filter": ListRecordHistorySearchFilter(key=self.key, value=self.value),
            "page_size": _PAGE_SIZE,
        }


def _key_for(record_type: str | None) -> str:
    return "product" if record_type in _ONCE_PER_PROVISIONED_PRODUCT else "provisionedproduct"


def record_query(
    out: DescribeRecordOutput, *, access_level: str = DEFAULT_ACCESS_LEVEL
) -> HistoryQuery | None:
    """The history to read for ``wait_for_record``: the record names its product and type."""
    detail = out.record_detail
    if detail is None:
        return None
    key = _key_for(detail.record_type)
    value = detail.product_id if key == "product" else detail.provisioned_product_id
    if not value:
        return None
    return HistoryQuery(
        key=key,
        value=value,
        record_type=detail.record_type,
        current_id=detail.record_id,
        current=detail,
        access_level=access_level,
    )


def product_query(
    out: DescribeProvisionedProductOutput | None,
    *,
    record_id: str | None,
    terminating: bool,
    access_level: str = DEFAULT_ACCESS_LEVEL,
) -> HistoryQuery | None:
    """The history to read for the provisioned-product waiters.

    The change is the product's last record (or ``record_id``). A termination,
    or a first provisioning (no successful provisioning yet), learns from the
    product's other provisioned products; any other change from this
    provisioned product's past, its record in the page giving its type.
    """
    detail = out.provisioned_product_detail if out is not None else None
    if detail is None:
        return None
    record_type: str | None = None
    started: datetime | None = None
    if terminating:
        record_type = TERMINATE
    elif detail.last_successful_provisioning_record_id is None:
        # Never provisioned yet: this is its provisioning, begun when it was created.
        record_type, started = PROVISION, detail.created_time
    key = _key_for(record_type)
    value = detail.product_id if key == "product" else detail.id
    if not value:
        return None
    return HistoryQuery(
        key=key,
        value=value,
        record_type=record_type,
        current_id=record_id if record_id is not None else detail.last_record_id,
        started=started,
        access_level=access_level,
    )


def past_durations(
    records: Sequence[RecordDetail], *, record_type: str, current_id: str | None
) -> list[float]:
    """Seconds each succeeded record of ``record_type`` took (not the current one)."""
    from servicecatalog_sdk.models import RecordStatus

    durations: list[float] = []
    for rec in records:
        if rec.record_id == current_id or rec.record_type != record_type:
            continue
        if rec.status is not RecordStatus.SUCCEEDED:
            continue
        if rec.created_time is None or rec.updated_time is None:
            continue
        seconds = (rec.updated_time - rec.created_time).total_seconds()
        if seconds > 0:
            durations.append(seconds)
    return durations


def plan_from_records(
    query: HistoryQuery,
    records: Sequence[RecordDetail],
    *,
    settings: WaitSettings,
    clock_now: float,
    wall_now: datetime,
    jitter: Callable[[], float],
    what: str = "wait",
) -> HistoryPlan | None:
    """Fit the history page; ``None`` (logged at DEBUG) when it says nothing usable.

    ``clock_now`` is the wait's clock and ``wall_now`` UTC wall time, both
    read now: together they place the record's ``CreatedTime`` on the clock.
    ``jitter`` is called once, only when a plan is made (so a wait without
    one draws the same backoff as a wait that never read its history).
    """
    current = query.current
    if current is None and query.current_id is not None:
        current = next((r for r in records if r.record_id == query.current_id), None)
    record_type = query.record_type
    if current is not None and current.record_type is not None:
        record_type = current.record_type
    if record_type is None:
        logger.debug("%s: the current change is not in its history; usual backoff", what)
        return None
    durations = past_durations(records, record_type=record_type, current_id=query.current_id)
    expectation = expect(durations)
    if expectation is None:
        logger.debug(
            "%s: %d usable past %s, none to plan by; usual backoff",
            what,
            len(durations),
            record_type,
        )
        return None
    started = current.created_time if current is not None else query.started
    # A local clock behind AWS's gives a negative age: read as "just started".
    age = 0.0 if started is None else max(0.0, (wall_now - started).total_seconds())
    logger.debug(
        "%s: %d past %s, median %.0f s; polling around it (%.0f s in)",
        what,
        expectation.samples,
        record_type,
        expectation.median,
        age,
    )
    return HistoryPlan(
        expectation,
        change_started=clock_now - age,
        min_delay=settings.min_delay,
        max_delay=settings.max_delay,
        jitter=jitter(),
    )
