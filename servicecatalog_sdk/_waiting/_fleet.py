"""Waiting on a fleet of provisioned products with one listing per round."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from servicecatalog_sdk._model_support import FrozenDict
from servicecatalog_sdk._waiting._engine import Poller, Verdict
from servicecatalog_sdk._waiting._settings import (
    DEFAULT_TIMEOUT,
    MAX_DELAY,
    MIN_DELAY,
    NOT_FOUND_RETRIES,
    Clock,
    Sleep,
    Timeout,
    check_id,
    make_settings,
)
from servicecatalog_sdk._waiting._single import judge_product
from servicecatalog_sdk.errors import (
    ParamValidationError,
    ProvisionedProductsFailedError,
    WaiterError,
)

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._protocol import WaiterClient
    from servicecatalog_sdk.models import AccessLevelFilter, ProvisionedProductDetail

__all__ = [
    "FleetObservation",
    "ProvisionedProductsFailedError",
    "summarize",
    "wait_for_provisioned_products",
]

#: One round's view of the fleet: each requested id and its detail (``None``: not listed).
FleetObservation = Mapping[str, "ProvisionedProductDetail | None"]


def summarize(observation: FleetObservation) -> str:
    """``AVAILABLE=3 UNDER_CHANGE=1``: how many products of a fleet are in each status."""
    counts: dict[str, int] = {}
    for detail in observation.values():
        status = "NOT_FOUND" if detail is None else str(detail.status or "NO_STATUS")
        counts[status] = counts.get(status, 0) + 1
    return " ".join(f"{status}={n}" for status, n in sorted(counts.items()))


def _check_ids(ids: object) -> tuple[str, ...]:
    if isinstance(ids, str) or not isinstance(ids, Iterable):
        raise ParamValidationError(f"ids must be a list of provisioned product ids, got {ids!r}")
    checked = tuple(dict.fromkeys(check_id("ids[]", i) for i in ids))
    if not checked:
        raise ParamValidationError("ids must not be empty")
    return checked


class _Fleet:
    """The judge of a fleet wait: remembers who settled and how."""

    def __init__(
        self, ids: tuple[str, ...], record_ids: Mapping[str, str], accept_tainted: bool
    ) -> None:
        self.ids = ids
        self.record_ids = record_ids
        self.accept_tainted = accept_tainted
        self.results: dict[str, ProvisionedProductDetail] = {}
        self.failures: dict[str, ProvisionedProductDetail | None] = {}
        self.reasons: dict[str, str] = {}
        self._missing: dict[str, int] = {}
        self._seen: set[str] = set()

    def judge(self, observation: FleetObservation) -> Verdict:
        unknown = False
        for pid in self.ids:
            if pid in self.results or pid in self.failures:
                continue  # settled products stay settled
            detail = observation.get(pid)
            if detail is None:
                self._judge_missing(pid)
                continue
            self._seen.add(pid)
            try:
                verdict = judge_product(
                    detail, record_id=self.record_ids.get(pid), accept_tainted=self.accept_tainted
                )
            except WaiterError as exc:
                self.failures[pid] = detail
                self.reasons[pid] = str(exc)
                continue
            if verdict is Verdict.DONE:
                self.results[pid] = detail
            unknown = unknown or verdict is Verdict.UNKNOWN
        if len(self.results) + len(self.failures) < len(self.ids):
            return Verdict.UNKNOWN if unknown else Verdict.WAIT
        if self.failures:
            raise ProvisionedProductsFailedError(self.failures, self.reasons, self.results)
        return Verdict.DONE

    def _judge_missing(self, pid: str) -> None:
        # A new product can be missing from a listing for a moment; one seen
        # before and now gone was terminated under the wait.
        self._missing[pid] = self._missing.get(pid, 0) + 1
        if pid in self._seen or self._missing[pid] > NOT_FOUND_RETRIES:
            self.failures[pid] = None
            self.reasons[pid] = "not found"


def wait_for_provisioned_products(
    client: WaiterClient,
    ids: Iterable[str],
    *,
    record_ids: Mapping[str, str] | None = None,
    accept_tainted: bool = False,
    access_level_filter: AccessLevelFilter | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    on_poll: Callable[[FleetObservation], object] | None = None,
    min_delay: float = MIN_DELAY,
    max_delay: float = MAX_DELAY,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
) -> Mapping[str, ProvisionedProductDetail]:
    """Wait until every product in ``ids`` settles; return each one's final detail.

    Each round is one ``ScanProvisionedProducts`` listing (all its pages), not
    one describe per product; ``access_level_filter`` widens it (by default the
    service lists the caller's own products). Statuses mean what they mean to
    :func:`wait_for_provisioned_product`; ``record_ids`` maps product ids to the
    record of their change, for the same stale-state check. A product missing
    from the listing for more than a few rounds counts as failed. Once every
    product settled, any failure raises one
    :class:`ProvisionedProductsFailedError` listing them all. The result maps
    each id, in the order given, to its detail.
    """
    wanted = _check_ids(ids)
    record_ids = dict(record_ids or {})
    for pid, rid in record_ids.items():
        if pid not in wanted:
            raise ParamValidationError(f"record_ids names {pid!r}, which is not in ids")
        check_id(f"record_ids[{pid!r}]", rid)
    settings = make_settings(
        timeout=timeout,
        min_delay=min_delay,
        max_delay=max_delay,
        clock=clock,
        sleep=sleep,
        on_poll=on_poll,
        client=client,
    )
    fleet = _Fleet(wanted, record_ids, accept_tainted)

    def fetch() -> FleetObservation:
        found: dict[str, ProvisionedProductDetail] = {}
        for detail in client.scan_provisioned_products(access_level_filter=access_level_filter):
            if detail.id is not None and detail.id in wanted:
                found[detail.id] = detail
        return FrozenDict({pid: found.get(pid) for pid in wanted})

    Poller(
        f"{len(wanted)} provisioned products",
        settings,
        fetch=fetch,
        judge=fleet.judge,
        status_of=summarize,
        on_poll=on_poll,
    ).run()
    return FrozenDict({pid: fleet.results[pid] for pid in wanted})
