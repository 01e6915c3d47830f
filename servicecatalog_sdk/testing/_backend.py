"""Per account and region state of the emulator, reset by moto together with its own.

moto internals used: ``BaseBackend`` and ``BackendDict`` from ``moto.core.base_backend``.
A ``BackendDict`` that has been used registers itself, and moto's reset (the end of a
``mock_aws`` block, ``/moto-api/reset``) calls ``reset()`` on every backend in it,
which re-runs ``__init__``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend
from moto.utilities.utils import get_partition

from ._access import Identity, default_identity
from ._errors import invalid, not_found
from ._library_model import Link, ServiceAction, TagOption
from ._lifecycle_model import CopyTask, Plan
from ._model import Product, ProvisionedProduct, Record, now
from ._portfolio_model import Portfolio
from ._share_model import AcceptedShare, OrganizationsAccess, PortfolioShare, ShareOperation

PROVISION = "PROVISION_PRODUCT"
UPDATE = "UPDATE_PROVISIONED_PRODUCT"
TERMINATE = "TERMINATE_PROVISIONED_PRODUCT"
EXECUTE_ACTION = "EXECUTE_PROVISIONED_PRODUCT_SERVICE_ACTION"
# Record types that are no provisioning request: AWS leaves them out of a provisioned
# product's LastProvisioningRecordId and LastSuccessfulProvisioningRecordId.
PROPERTIES = "UPDATE_PROVISIONED_PRODUCT_PROPERTIES"
IMPORT = "IMPORT_PROVISIONED_PRODUCT"
NOT_PROVISIONING = (EXECUTE_ACTION, PROPERTIES)
# Record types whose failure rolls a running stack back (IN_PROGRESS_IN_ERROR, then TAINTED).
ROLLED_BACK = (UPDATE,)


class EmulatorBackend(BaseBackend):
    """Products, provisioned products and records of one account in one region."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.region_name: str = region_name
        self.account_id: str = account_id
        self.partition: str = get_partition(region_name)
        self.products: dict[str, Product] = {}
        self.pps: dict[str, ProvisionedProduct] = {}
        self.records: dict[str, Record] = {}
        self.portfolios: dict[str, Portfolio] = {}
        # Sharing (``_shares``): this account's shares and their operations by token, the
        # other accounts' portfolios it accepted, and its AWS Organizations access.
        self.portfolio_shares: list[PortfolioShare] = []
        self.share_operations: dict[str, ShareOperation] = {}
        self.accepted_shares: dict[str, AcceptedShare] = {}
        self.organizations_access = OrganizationsAccess()
        # TagOptions, and resource id -> ids of the TagOptions associated with it.
        self.tag_options: dict[str, TagOption] = {}
        self.tag_option_links: dict[str, list[str]] = {}
        # Resource id -> names of the budgets associated with it.
        self.budgets: dict[str, list[str]] = {}
        self.service_actions: dict[str, ServiceAction] = {}
        self.service_action_links: list[Link] = []
        # CopyProduct tasks by copy token; provisioned product plans by plan id.
        self.copies: dict[str, CopyTask] = {}
        self.plans: dict[str, Plan] = {}
        # (operation kind, client token) -> id of what the first request created.
        self.tokens: dict[tuple[str, str], str] = {}
        # Provisioned product name -> the message its next change fails with
        # (``ServiceCatalogEmulator.fail_next_change``).
        self.planned_failures: dict[str, str] = {}
        # How many observations a record spends IN_PROGRESS; the dispatcher sets it
        # from the active emulator before each request.
        self.in_progress_polls: int = 2
        self.stale_reads: int = 0
        # Set by the dispatcher when unsorted searches answer in no stable order.
        self.unstable_order: random.Random | None = None
        # A change also ends this many seconds of ``clock`` after it started (None: only
        # by observations); both set by the dispatcher from the active emulator.
        self.change_seconds: float | None = None
        self.clock: Callable[[], float] = time.monotonic
        # Who sends the request being answered, and whether portfolios' principals
        # decide what they see (both set by the dispatcher per request).
        self.caller: Identity | None = None
        self.enforce_access: bool = False
        # Imported portfolio id -> the (ARN, type) principals this account granted it.
        self.imported_principals: dict[str, list[tuple[str, str]]] = {}

    # -- lookups -------------------------------------------------------------

    def acting(self) -> Identity:
        """Who the request being answered acts as (the account's default identity if unknown)."""
        return self.caller or default_identity(self.account_id, self.partition)

    def owns(self, owner_arn: str | None, owner_session: str | None, level: str) -> bool:
        """Whether the caller sees what that owner made at AccessLevelFilter ``level``.

        ``Account``: everything of the account. ``Role``: what the caller's IAM
        identity (any session of its role) made. ``User``: what the caller's own
        session made, or what was given to the caller's identity as OWNER. Without
        access checks every level sees everything, as before.
        """
        if level == "Account" or not self.checks_access:
            return True
        me = self.acting()
        if level == "Role":
            return owner_arn == me.arn
        return owner_session in (me.session_arn, me.arn)

    @property
    def checks_access(self) -> bool:
        """Whether end-user requests see only what a portfolio grants their caller."""
        return self.enforce_access and self.caller is not None

    def pp(self, pp_id: str | None = None, name: str | None = None) -> ProvisionedProduct:
        """The live provisioned product with this id, else with this name (or ARN)."""
        if not pp_id and not name:
            raise invalid("Either the provisioned product Id or Name must be specified.")
        for pp in self.pps.values():
            if pp.id == pp_id or (not pp_id and name in (pp.name, pp.arn)):
                return pp
        raise not_found(f"Provisioned product {pp_id or name} not found.")

    def record(self, record_id: str) -> Record:
        """The record with this id."""
        found = self.records.get(record_id)
        if found is None:
            raise not_found(f"Record {record_id} not found.")
        return found

    # -- record lifecycle -----------------------------------------------------

    def start(self, pp: ProvisionedProduct, record: Record) -> None:
        """Register a new record as the provisioned product's latest change."""
        record.started_at = self.clock()
        me = self.acting()
        record.user_arn, record.user_session = me.arn, me.session_arn
        if pp.owner_arn is None:
            pp.owner_arn, pp.owner_session = me.arn, me.session_arn
        self.records[record.id] = record
        pp.status = "UNDER_CHANGE"
        pp.status_message = self.planned_failures.pop(record.pp_name, None)
        pp.last_record_id = record.id
        if record.type not in NOT_PROVISIONING:
            pp.last_provisioning_record_id = record.id

    def _due(self, record: Record) -> bool:
        # Whether the change has run for change_seconds, read or not.
        return (
            self.change_seconds is not None
            and self.clock() - record.started_at >= self.change_seconds
        )

    def observe(self, record: Record) -> None:
        """Count one look at ``record`` and move its status on when it is due."""
        if record.settled:
            return
        record.observations += 1
        due = self._due(record)
        if record.observations <= self.in_progress_polls and not due:
            if record.status != "IN_PROGRESS":
                record.status = "IN_PROGRESS"
                record.updated = now()
            return
        record.do_work()
        rolling_back = record.outcome == "FAILED" and record.type in ROLLED_BACK
        if rolling_back and record.status != "IN_PROGRESS_IN_ERROR" and not due:
            # A failed change to a running stack rolls back first: one look shows it.
            record.status = "IN_PROGRESS_IN_ERROR"
            record.updated = now()
            return
        self._settle(record)

    def catch_up(self) -> None:
        """End every change that has run for ``change_seconds``, whether read or not."""
        if self.change_seconds is None:
            return
        for record in list(self.records.values()):
            if not record.settled and self._due(record):
                record.do_work()
                self._settle(record)

    def observe_pp(self, pp: ProvisionedProduct) -> None:
        """Count one look at a provisioned product: a look at its latest record and plans."""
        if pp.last_record_id in self.records:
            self.observe(self.records[pp.last_record_id])
        for plan in list(self.plans.values()):
            if plan.pp_id == pp.id:
                self.observe_plan(plan)

    def observe_plan(self, plan: Plan) -> None:
        """Count one look at a plan being created; its product leaves PLAN_IN_PROGRESS after."""
        if plan.observe(self.in_progress_polls):
            pp = self.pps.get(plan.pp_id)
            if pp is not None and pp.status == "PLAN_IN_PROGRESS" and plan.pp_status_before:
                pp.status = plan.pp_status_before

    def _settle(self, record: Record) -> None:
        record.status = record.outcome
        record.updated = now()
        for plan in self.plans.values():
            if plan.record_id == record.id:
                # A plan's execution ends with its record, whatever read saw it end.
                plan.executed(record.status, [d for _, d in record.errors], record.updated)
        pp = self.pps.get(record.pp_id)
        if pp is None or pp.last_record_id != record.id:
            return
        if record.outcome == "SUCCEEDED":
            if record.type not in NOT_PROVISIONING:
                pp.last_successful_provisioning_record_id = record.id
            if record.type == TERMINATE:
                # A terminated product is gone; its records stay in the history.
                del self.pps[pp.id]
                return
            pp.status = "AVAILABLE"
            pp.product_id = record.product_id
            pp.artifact_id = record.artifact_id
            if record.type == UPDATE:
                pp.tags = dict(record.tags)  # an update's tags replace the product's
            return
        # A failed first launch leaves nothing running; a failed update rolled back.
        pp.status = "TAINTED" if record.type == UPDATE else "ERROR"
        pp.status_message = "; ".join(description for _, description in record.errors)

    def planned_failure(self, record: Record) -> bool:
        """Fail ``record`` if a test asked for its product's next change to fail.

        The failure is used up; True when it applied (the change must then do no work).
        """
        message = self.planned_failures.pop(record.pp_name, None)
        if message is None:
            return False
        record.errors.append(("StackFailure", message))
        return True

    # -- idempotency ------------------------------------------------------------

    def seen(self, kind: str, token: str | None) -> str | None:
        """The id created by an earlier request with this client token, if any."""
        return self.tokens.get((kind, token)) if token else None

    def remember(self, kind: str, token: str | None, created_id: str) -> None:
        """Remember what a request with this client token created."""
        if token:
            self.tokens[(kind, token)] = created_id


emulator_backends: Mapping[str, Any] = BackendDict(EmulatorBackend, "servicecatalog")


def region_backends(region: str) -> list[EmulatorBackend]:
    """The emulator state of every account that has used ``region`` since the last reset."""
    found: list[EmulatorBackend] = []
    accounts: Any = emulator_backends
    for account in list(dict.values(accounts)):
        # dict.get: indexing would create state for a region the account never used.
        backend = dict.get(account, region)
        if backend is not None:
            found.append(backend)
    return found


def backend_for(account_id: str, region: str) -> EmulatorBackend:
    """The emulator state of ``account_id`` in ``region``."""
    backend: EmulatorBackend = emulator_backends[account_id][region]
    return backend
