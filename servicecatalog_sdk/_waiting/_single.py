"""Waiting on one record, one provisioned product, or one termination."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from servicecatalog_sdk._waiting._engine import Poller, Verdict
from servicecatalog_sdk._waiting._history import learner, product_history, record_history
from servicecatalog_sdk._waiting._settings import (
    DEFAULT_TIMEOUT,
    MAX_DELAY,
    MIN_DELAY,
    Clock,
    Sleep,
    Timeout,
    check_id,
    check_id_or_name,
    make_settings,
)
from servicecatalog_sdk.errors import (
    ProvisionedProductFailedError,
    ProvisionedProductTaintedError,
    RecordFailedError,
    ResourceNotFoundError,
)
from servicecatalog_sdk.models import ProvisionedProductStatus, RecordStatus

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._protocol import WaiterClient
    from servicecatalog_sdk.models import (
        DescribeProvisionedProductOutput,
        DescribeRecordOutput,
        ProvisionedProductDetail,
    )

__all__ = [
    "judge_product",
    "judge_termination",
    "termination_status",
    "wait_for_provisioned_product",
    "wait_for_record",
    "wait_for_termination",
]

_RECORD_PENDING = frozenset(
    {RecordStatus.CREATED, RecordStatus.IN_PROGRESS, RecordStatus.IN_PROGRESS_IN_ERROR}
)
_PRODUCT_PENDING = frozenset(
    {ProvisionedProductStatus.UNDER_CHANGE, ProvisionedProductStatus.PLAN_IN_PROGRESS}
)


def _record_status(out: DescribeRecordOutput) -> str | None:
    detail = out.record_detail
    return None if detail is None or detail.status is None else str(detail.status)


def _judge_record(out: DescribeRecordOutput) -> Verdict:
    detail = out.record_detail
    status = detail.status if detail is not None else None
    if status is RecordStatus.SUCCEEDED:
        return Verdict.DONE
    if status is RecordStatus.FAILED and detail is not None:
        raise RecordFailedError(detail)
    return Verdict.WAIT if status in _RECORD_PENDING else Verdict.UNKNOWN


def wait_for_record(
    client: WaiterClient,
    record_id: str,
    *,
    timeout: Timeout = DEFAULT_TIMEOUT,
    on_poll: Callable[[DescribeRecordOutput], object] | None = None,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    use_history: bool | None = None,
    history_access_level: Literal["User", "Account"] | None = None,
) -> DescribeRecordOutput:
    """Poll ``DescribeRecord`` until the record is ``SUCCEEDED``; return that output.

    ``FAILED`` raises :class:`~servicecatalog_sdk.errors.RecordFailedError`;
    ``CREATED``, ``IN_PROGRESS`` and ``IN_PROGRESS_IN_ERROR`` keep waiting, and so
    does a status this SDK does not know (with one ``UnknownValueWarning``). The
    wait ends by ``timeout`` (seconds or a timedelta) with
    :class:`~servicecatalog_sdk.errors.WaiterTimeoutError`. ``on_poll`` gets
    every observation; ``clock`` and ``sleep`` replace ``time.monotonic`` and
    ``time.sleep`` (tests pass fakes).

    While the record is still going after the first poll, one
    ``ListRecordHistory`` call reads how long the same kind of change took
    before, and the polls gather around the expected end (see the waiters
    guide); a history that cannot be read or holds nothing usable leaves the
    usual backoff. ``use_history=False`` skips it (``None``: the client's
    ``waiter_use_history``, default on). The read is at the caller's ``User``
    access level (its own records, which end-user policies allow);
    ``history_access_level="Account"`` reads every user's (``None``: the
    client's ``waiter_history_access_level``, default ``"User"``).
    """
    check_id("record_id", record_id)
    settings = make_settings(
        timeout=timeout,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
        on_poll=on_poll,
        client=client,
    )
    what = f"record {record_id}"
    history = record_history(client, use_history, history_access_level)
    return Poller(
        what,
        settings,
        fetch=lambda: client.describe_record(id=record_id),
        judge=_judge_record,
        status_of=_record_status,
        on_poll=on_poll,
        tolerate_not_found=True,
        resource_id=record_id,
        learn=None if history is None else learner(client, settings, what, history),
    ).run()


def _product_status(out: DescribeProvisionedProductOutput | None) -> str | None:
    detail = out.provisioned_product_detail if out is not None else None
    return None if detail is None or detail.status is None else str(detail.status)


def judge_product(
    detail: ProvisionedProductDetail | None, *, record_id: str | None, accept_tainted: bool
) -> Verdict:
    """Verdict on one provisioned product; raises when it settled as a failure."""
    status = detail.status if detail is not None else None
    if detail is None or status is None or not status.is_known:
        return Verdict.UNKNOWN
    if record_id is not None and detail.last_record_id != record_id:
        return Verdict.WAIT  # a state from before the change took effect
    if status is ProvisionedProductStatus.AVAILABLE:
        return Verdict.DONE
    if status is ProvisionedProductStatus.TAINTED:
        if accept_tainted:
            return Verdict.DONE
        raise ProvisionedProductTaintedError(detail)
    if status is ProvisionedProductStatus.ERROR:
        raise ProvisionedProductFailedError(detail)
    return Verdict.WAIT if status in _PRODUCT_PENDING else Verdict.UNKNOWN


def judge_termination(
    out: DescribeProvisionedProductOutput | None, *, record_id: str | None
) -> Verdict:
    """Verdict on a product being terminated (``None``: it is gone); raises on a failure."""
    if out is None:
        return Verdict.DONE
    detail = out.provisioned_product_detail
    status = detail.status if detail is not None else None
    if detail is None or status is None or not status.is_known:
        return Verdict.UNKNOWN
    settled_badly = status in (
        ProvisionedProductStatus.TAINTED,
        ProvisionedProductStatus.ERROR,
    )
    if settled_badly and (record_id is None or detail.last_record_id == record_id):
        judge_product(detail, record_id=None, accept_tainted=False)  # raises
    # AVAILABLE, or a failure from before the termination: still going.
    return Verdict.WAIT


def termination_status(out: DescribeProvisionedProductOutput | None) -> str | None:
    """The status a termination wait logs: ``TERMINATED`` once the product is gone."""
    return "TERMINATED" if out is None else _product_status(out)


def _describe_what(id: str | None, name: str | None) -> str:
    return f"provisioned product {id}" if id is not None else f"provisioned product named {name}"


def wait_for_provisioned_product(
    client: WaiterClient,
    *,
    id: str | None = None,
    name: str | None = None,
    record_id: str | None = None,
    accept_tainted: bool = False,
    timeout: Timeout = DEFAULT_TIMEOUT,
    on_poll: Callable[[DescribeProvisionedProductOutput], object] | None = None,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    use_history: bool | None = None,
    history_access_level: Literal["User", "Account"] | None = None,
) -> DescribeProvisionedProductOutput:
    """Poll ``DescribeProvisionedProduct`` (by ``id`` or ``name``) until ``AVAILABLE``.

    ``ERROR`` raises :class:`~servicecatalog_sdk.errors.ProvisionedProductFailedError`;
    ``TAINTED`` raises :class:`~servicecatalog_sdk.errors.ProvisionedProductTaintedError`
    unless ``accept_tainted``. ``UNDER_CHANGE`` and ``PLAN_IN_PROGRESS`` keep waiting.
    With ``record_id``, a status read before that change took effect (the
    product's last record is another) is no answer: the wait goes on. The other
    keywords work as in :func:`wait_for_record` (``use_history`` and
    ``history_access_level`` included: the history read is that of the
    provisioned product, or of its product for a first provisioning).
    """
    check_id_or_name(id, name)
    if record_id is not None:
        check_id("record_id", record_id)
    settings = make_settings(
        timeout=timeout,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
        on_poll=on_poll,
        client=client,
    )

    def judge(out: DescribeProvisionedProductOutput) -> Verdict:
        detail = out.provisioned_product_detail
        return judge_product(detail, record_id=record_id, accept_tainted=accept_tainted)

    what = _describe_what(id, name)
    history = product_history(
        client, use_history, history_access_level, record_id=record_id, terminating=False
    )
    return Poller(
        what,
        settings,
        fetch=lambda: client.describe_provisioned_product(id=id, name=name),
        judge=judge,
        status_of=_product_status,
        on_poll=on_poll,
        tolerate_not_found=True,
        resource_id=id if id is not None else name,
        learn=None if history is None else learner(client, settings, what, history),
    ).run()


def wait_for_termination(
    client: WaiterClient,
    *,
    id: str | None = None,
    name: str | None = None,
    record_id: str | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    on_poll: Callable[[DescribeProvisionedProductOutput | None], object] | None = None,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    use_history: bool | None = None,
    history_access_level: Literal["User", "Account"] | None = None,
) -> None:
    """Poll ``DescribeProvisionedProduct`` until the product is gone (ResourceNotFound).

    A product that settles ``TAINTED`` or ``ERROR`` raises, as the termination
    failed. Give the termination's ``record_id`` to ignore a ``TAINTED`` or
    ``ERROR`` state from before it (terminating a tainted product is common).
    ``on_poll`` receives ``None`` once the product is gone. ``use_history``
    and ``history_access_level`` are as for :func:`wait_for_record`: past
    terminations of the same product time the polls.
    """
    check_id_or_name(id, name)
    if record_id is not None:
        check_id("record_id", record_id)
    settings = make_settings(
        timeout=timeout,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
        on_poll=on_poll,
        client=client,
    )

    def fetch() -> DescribeProvisionedProductOutput | None:
        try:
            return client.describe_provisioned_product(id=id, name=name)
        except ResourceNotFoundError:
            return None  # gone: the answer waited for

    def judge(out: DescribeProvisionedProductOutput | None) -> Verdict:
        return judge_termination(out, record_id=record_id)

    what = _describe_what(id, name)
    history = product_history(
        client, use_history, history_access_level, record_id=record_id, terminating=True
    )
    Poller(
        what,
        settings,
        fetch=fetch,
        judge=judge,
        status_of=termination_status,
        on_poll=on_poll,
        resource_id=id if id is not None else name,
        learn=None if history is None else learner(client, settings, what, history),
    ).run()
