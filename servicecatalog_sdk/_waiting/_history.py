"""Reading a change's past once, to time the polls of its wait (see ``_schedule``).

After a waiter's first observation says the change is still going, it may make
one ``ListRecordHistory`` call: the newest page of the records of the same
provisioned product (or, for a provisioning or a termination, which happen once
per provisioned product, of the same product), at account level. The succeeded
records of the same type give past durations (``UpdatedTime - CreatedTime``);
the current record's ``CreatedTime`` says how far into the change the wait
starts. Any failure of that call (AccessDenied for a caller without
account-level access, throttling, anything) or a history with nothing usable
leaves the wait on its usual backoff; it is logged at DEBUG only.

Only :func:`learner` does I/O. Building the query from an observation
(:func:`record_query`, :func:`product_query`), the request
(:meth:`HistoryQuery.request`) and the plan from the records
(:func:`plan_from_records`) are pure, for an asyncio driver to reuse.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from servicecatalog_sdk._waiting._schedule import Expectation, expect, next_delay
from servicecatalog_sdk.errors import ParamValidationError

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._protocol import WaiterClient
    from servicecatalog_sdk._waiting._settings import WaitSettings
    from servicecatalog_sdk.models import (
        DescribeProvisionedProductOutput,
        DescribeRecordOutput,
        RecordDetail,
    )

__all__ = [
    "PROVISION",
    "TERMINATE",
    "HistoryPlan",
    "HistoryQuery",
    "learner",
    "past_durations",
    "plan_from_records",
    "product_learner",
    "product_query",
    "record_query",
    "wants_history",
]

T = TypeVar("T")

logger = logging.getLogger("servicecatalog_sdk.waiters")

PROVISION: Final = "PROVISION_PRODUCT"
TERMINATE: Final = "TERMINATE_PROVISIONED_PRODUCT"
#: Record types that happen once per provisioned product: their past is the product's.
_ONCE_PER_PROVISIONED_PRODUCT: Final = frozenset({PROVISION, TERMINATE})
#: ListRecordHistory's largest page: the history read is this one page.
_PAGE_SIZE: Final = 20


def wants_history(client: object, use_history: object) -> bool:
    """``use_history``, or when it is ``None`` the client's ``waiter_use_history`` (default on)."""
    if use_history is None:
        use_history = getattr(client, "waiter_use_history", True)
    if not isinstance(use_history, bool):
        raise ParamValidationError(f"use_history must be True, False or None, got {use_history!r}")
    return use_history


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
    """

    key: str
    value: str
    record_type: str | None
    current_id: str | None
    current: RecordDetail | None = None
    started: datetime | None = None

    def request(self) -> dict[str, Any]:
        """The ``list_record_history`` keywords: one page, the newest, account-wide."""
        from servicecatalog_sdk.models import (
            AccessLevelFilter,
            AccessLevelFilterKey,
            ListRecordHistorySearchFilter,
        )

        return {
            # Account level: the product's changes by every user, not only this caller's.
            "access_level_filter": AccessLevelFilter(
                key=AccessLevelFilterKey.ACCOUNT, value="self"
            ),
            "search_filter": ListRecordHistorySearchFilter(key=self.key, value=self.value),
            "page_size": _PAGE_SIZE,
        }


def _key_for(record_type: str | None) -> str:
    return "product" if record_type in _ONCE_PER_PROVISIONED_PRODUCT else "provisionedproduct"


def record_query(out: DescribeRecordOutput) -> HistoryQuery | None:
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
    )


def product_query(
    out: DescribeProvisionedProductOutput | None, *, record_id: str | None, terminating: bool
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


def learner(
    client: WaiterClient,
    settings: WaitSettings,
    what: str,
    query_of: Callable[[T], HistoryQuery | None],
) -> Callable[[T], HistoryPlan | None]:
    """What the sync engine calls with its first unfinished observation: one history read."""

    def learn(observation: T) -> HistoryPlan | None:
        try:
            query = query_of(observation)
            if query is None:
                logger.debug("%s: nothing names the history to read; usual backoff", what)
                return None
            listing = client.list_record_history(**query.request())
            page = next(iter(listing.pages()), None)  # the newest page only: one request
            records = () if page is None else page.record_details
            return plan_from_records(
                query,
                records,
                settings=settings,
                clock_now=settings.clock(),
                wall_now=datetime.now(timezone.utc),
                jitter=random.random,  # waits on one product do not poll in step
                what=what,
            )
        except Exception as exc:  # any failure: the wait goes on as it would have
            logger.debug("%s: record history unusable (%s); usual backoff", what, exc)
            return None

    return learn


def product_learner(
    client: WaiterClient,
    settings: WaitSettings,
    what: str,
    *,
    record_id: str | None,
    terminating: bool = False,
) -> Callable[[DescribeProvisionedProductOutput | None], HistoryPlan | None]:
    """:func:`learner` for the provisioned-product waiters (see :func:`product_query`)."""

    def query_of(out: DescribeProvisionedProductOutput | None) -> HistoryQuery | None:
        return product_query(out, record_id=record_id, terminating=terminating)

    return learner(client, settings, what, query_of)
