"""The fleet waiter's own decision: many provisioned products, one listing per round.

No status table describes a fleet: each round's answer is every product the
listing shows, each judged by the provisioned-product waiter's table (its
stale-read guard and ``accept_tainted`` included), and the wait ends once
every product settled. Pure, like every decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from servicecatalog_sdk._model_support import FrozenDict
from servicecatalog_sdk._waiting._decisions import Verdict, Waiter
from servicecatalog_sdk._waiting._settings import NOT_FOUND_RETRIES, check_id
from servicecatalog_sdk.errors import (
    ParamValidationError,
    ProvisionedProductsFailedError,
    WaiterError,
)

if TYPE_CHECKING:
    from servicecatalog_sdk.models import ProvisionedProductDetail

__all__ = ["FleetDecision", "FleetObservation", "summarize"]

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


class FleetDecision:
    """Judges a fleet, remembering who settled and how.

    ``product`` is the provisioned-product waiter, whose table judges each
    product; ``args`` are the fleet wait's (``ids``, ``record_ids``,
    ``accept_tainted``).
    """

    def __init__(self, product: Waiter[Any], fleet: Waiter[Any], args: Mapping[str, Any]) -> None:
        self.ids = _check_ids(args["ids"])
        self._wanted = frozenset(self.ids)
        self._record_ids: dict[str, str] = dict(args["record_ids"] or {})
        for pid, rid in self._record_ids.items():
            if pid not in self._wanted:
                raise ParamValidationError(f"record_ids names {pid!r}, which is not in ids")
            check_id(f"record_ids[{pid!r}]", rid)
        self._product = product
        self._table = product.table(args)
        self.what = f"{len(self.ids)} provisioned products"
        self.resource_id: str | None = None  # the fleet's error names every product
        self.results: dict[str, ProvisionedProductDetail] = {}
        self.failures: dict[str, ProvisionedProductDetail | None] = {}
        self.reasons: dict[str, str] = {}
        self._missing: dict[str, int] = {}
        self._seen: set[str] = set()

    def observe(self, answer: Iterable[ProvisionedProductDetail]) -> FleetObservation:
        """Each requested product's detail in one listing (``None``: not listed)."""
        found = {d.id: d for d in answer if d.id is not None and d.id in self._wanted}
        return FrozenDict({pid: found.get(pid) for pid in self.ids})

    def status(self, observation: FleetObservation) -> str:
        """How many products are in each status."""
        return summarize(observation)

    def judge(self, observation: FleetObservation) -> Verdict:
        """DONE once every product settled; raises once all did and any failed."""
        unknown = False
        for pid in self.ids:
            if pid in self.results or pid in self.failures:
                continue  # settled products stay settled
            detail = observation.get(pid)
            if detail is None:
                self._judge_missing(pid)
                continue
            self._seen.add(pid)
            guard = {"record_id": self._record_ids.get(pid)}
            try:
                verdict = self._product.judge_subject(self._table, detail, detail, guard)
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

    def result(self, observation: FleetObservation) -> Mapping[str, ProvisionedProductDetail]:
        """Each product's final detail, in the order of ``ids``."""
        return FrozenDict({pid: self.results[pid] for pid in self.ids})

    def _judge_missing(self, pid: str) -> None:
        # A new product can be missing from a listing for a moment; one seen
        # before and now gone was terminated under the wait.
        self._missing[pid] = self._missing.get(pid, 0) + 1
        if pid in self._seen or self._missing[pid] > NOT_FOUND_RETRIES:
            self.failures[pid] = None
            self.reasons[pid] = "not found"
