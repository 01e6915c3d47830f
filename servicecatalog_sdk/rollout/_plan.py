"""Classify each target from what its account shows: CREATE, UPDATE, NOOP, TERMINATE, BLOCKED."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from servicecatalog_sdk.errors import (
    ProvisionedProductPlanFailedError,
    ServiceCatalogError,
    WaiterTimeoutError,
)
from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    ChangeAction,
    ProvisionedProductAttribute,
    ProvisionedProductPlanType,
    ProvisionedProductStatus,
    ProvisionedProductViewFilterBy,
    Replacement,
    ResourceChange,
)
from servicecatalog_sdk.rollout._aws import Clients, RoleError
from servicecatalog_sdk.rollout._targets import TargetSettings

__all__ = [
    "NO_UPDATES",
    "Action",
    "DeepPlanTiming",
    "PlanEntry",
    "change_arguments",
    "deep_plan",
    "describe_resource_changes",
    "find_provisioned_product",
    "plan_target",
]

Action = Literal["CREATE", "UPDATE", "NOOP", "TERMINATE", "BLOCKED"]

#: What CloudFormation shows for a NoEcho parameter instead of its value.
_MASKED = "****"
_BUSY = (ProvisionedProductStatus.UNDER_CHANGE, ProvisionedProductStatus.PLAN_IN_PROGRESS)
_BROKEN = (ProvisionedProductStatus.ERROR, ProvisionedProductStatus.TAINTED)
#: CloudFormation's answer, as the plan's status message, when nothing would change.
NO_UPDATES = "No updates are to be performed."


@attrs.frozen(kw_only=True)
class PlanEntry:
    """One target's planned action, with the reason and the ids apply needs."""

    account: str
    region: str
    action: Action
    reason: str
    provisioned_product_name: str
    provisioned_product_id: str | None = None
    product_id: str | None = None
    provisioning_artifact_id: str | None = None
    path_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain-data form (JSON)."""
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanEntry:
        """The inverse of :meth:`to_dict`."""
        return cls(**data)


def find_provisioned_product(sc: Any, name: str) -> ProvisionedProductAttribute | None:
    """The account's provisioned product of exactly this name, if any."""
    for item in sc.search_provisioned_products(
        access_level_filter=AccessLevelFilter(key=AccessLevelFilterKey.ACCOUNT, value="self"),
        filters={ProvisionedProductViewFilterBy.SEARCH_QUERY: [f"name:{name}"]},
    ):
        if item.name == name:
            return item  # type: ignore[no-any-return]
    return None


def _launched_path(sc: Any, current: ProvisionedProductAttribute) -> str | None:
    # The launch path is not on the provisioned product: it is on the record of
    # its last provisioning (the last successful one, when there is one).
    record = current.last_successful_provisioning_record_id or current.last_provisioning_record_id
    if record is None:
        return None
    detail = sc.describe_record(id=record).record_detail
    return None if detail is None else detail.path_id


def _stack_parameters(cfn: Any, stack: str) -> dict[str, str] | None:
    from botocore.exceptions import ClientError

    try:
        stacks = cfn.describe_stacks(StackName=stack)["Stacks"]
    except ClientError:
        return None
    if not stacks:
        return None
    return {p["ParameterKey"]: p.get("ParameterValue", "") for p in stacks[0].get("Parameters", [])}


def plan_target(
    settings: TargetSettings,
    clients: Clients,
    *,
    terminate: bool,
    repair: bool = False,
) -> PlanEntry:
    """Read the target account and decide what the rollout would do there.

    With ``repair`` (a retry of failed targets), a provisioned product of the
    rollout's name left ``ERROR`` or ``TAINTED`` by the failure is updated,
    not reported as blocked.
    """
    base: dict[str, Any] = {
        "account": settings.account,
        "region": settings.region,
        "provisioned_product_name": settings.name,
    }
    try:
        sc = clients.servicecatalog(settings.account, settings.region)
        current = find_provisioned_product(sc, settings.name)
    except RoleError as exc:
        return PlanEntry(**base, action="BLOCKED", reason=str(exc))
    pp_id = current.id if current is not None else None
    if current is not None and current.status in _BUSY:
        return PlanEntry(
            **base,
            action="BLOCKED",
            reason=f"provisioned product {settings.name} is {current.status.value}",
            provisioned_product_id=pp_id,
        )
    if terminate:
        if current is None:
            return PlanEntry(**base, action="NOOP", reason="not provisioned")
        return PlanEntry(
            **base, action="TERMINATE", reason="provisioned", provisioned_product_id=pp_id
        )
    try:
        if settings.product.startswith("prod-"):
            product = sc.describe_product(id=settings.product)
        else:
            product = sc.describe_product(name=settings.product)
    except ServiceCatalogError as exc:
        return PlanEntry(
            **base,
            action="BLOCKED",
            reason=f"product {settings.product} is not visible in this account ({exc.code})",
        )
    summary = product.product_view_summary
    product_id = summary.product_id if summary is not None else None
    artifact = next(
        (
            a
            for a in product.provisioning_artifacts
            if settings.version in (a.id, a.name) and a.id is not None
        ),
        None,
    )
    if artifact is None or product_id is None:
        return PlanEntry(
            **base,
            action="BLOCKED",
            reason=f"version {settings.version} of {settings.product} is not visible here",
        )
    path_id = None
    if settings.path is not None:
        path_id = next(
            (
                p.id
                for p in sc.list_launch_paths(product_id=product_id)
                if settings.path in (p.id, p.name)
            ),
            None,
        )
        if path_id is None:
            return PlanEntry(
                **base,
                action="BLOCKED",
                reason=f"launch path {settings.path} is not available here",
            )
    ids: dict[str, Any] = {
        "product_id": product_id,
        "provisioning_artifact_id": artifact.id,
        "path_id": path_id,
    }
    if current is None:
        return PlanEntry(**base, **ids, action="CREATE", reason="not provisioned yet")
    if current.status in _BROKEN and repair:
        return PlanEntry(
            **base,
            **ids,
            action="UPDATE",
            reason=f"repair: provisioned product {settings.name} is {current.status.value}",
            provisioned_product_id=pp_id,
        )
    if current.status in _BROKEN:
        return PlanEntry(
            **base,
            **ids,
            action="BLOCKED",
            reason=f"provisioned product {settings.name} is {current.status.value}"
            + (f": {current.status_message}" if current.status_message else ""),
            provisioned_product_id=pp_id,
        )
    differences: list[str] = []
    notes: list[str] = []
    if current.product_id != product_id:
        differences.append(f"product {current.product_id} -> {product_id}")
    if current.provisioning_artifact_id != artifact.id:
        differences.append(
            f"version {current.provisioning_artifact_name or current.provisioning_artifact_id}"
            f" -> {artifact.name or artifact.id}"
        )
    have_tags = {t.key: t.value for t in current.tags}
    changed_tags = sorted(k for k, v in settings.tags.items() if have_tags.get(k) != v)
    if changed_tags:
        differences.append(f"tags {', '.join(changed_tags)}")
    if path_id is not None:
        have_path = _launched_path(sc, current)
        if have_path != path_id:
            differences.append(f"path {have_path or '(unknown)'} -> {settings.path}")
    stack = current.physical_id
    have = (
        _stack_parameters(clients.cloudformation(settings.account, settings.region), stack)
        if stack
        else None
    )
    if have is None:
        notes.append("parameters not compared (stack not readable)")
    else:
        changed: list[str] = []
        for key, value in settings.parameters.items():
            if have.get(key) == _MASKED:
                notes.append(f"{key} not compared (NoEcho)")
            elif have.get(key) != value:
                changed.append(key)  # the name only: values may be secrets
        if changed:
            differences.append(f"parameters {', '.join(sorted(changed))}")
    if differences:
        return PlanEntry(
            **base,
            **ids,
            action="UPDATE",
            reason="; ".join(differences + notes),
            provisioned_product_id=pp_id,
        )
    return PlanEntry(
        **base,
        **ids,
        action="NOOP",
        reason="; ".join(["up to date", *notes]),
        provisioned_product_id=pp_id,
    )


def change_arguments(entry: PlanEntry, settings: TargetSettings) -> dict[str, Any]:
    """What a launch, an update and a deep plan of the target all send, the same way:
    product, version, path, parameters and tags (keywords of the typed client)."""
    return {
        "product_id": entry.product_id,
        "provisioning_artifact_id": entry.provisioning_artifact_id,
        "path_id": entry.path_id,
        "provisioning_parameters": dict(settings.parameters),
        "tags": dict(settings.tags) or None,
    }


@attrs.frozen(kw_only=True)
class DeepPlanTiming:
    """How long a deep plan waits for CloudFormation, and how often it looks."""

    timeout: float
    min_delay: float
    max_delay: float


def deep_plan(
    entry: PlanEntry,
    settings: TargetSettings,
    clients: Clients,
    timing: DeepPlanTiming,
) -> PlanEntry:
    """Ask CloudFormation what the target's change would do, through a provisioned product plan.

    For a target planned ``CREATE``, ``UPDATE`` or ``NOOP`` (a product of the
    rollout's name exists), a plan is created with the rollout's version,
    parameters, tags and path, waited for, read and deleted. Its resource
    changes are added to the reason; CloudFormation's ``No updates are to be
    performed.`` is no change, not a failure. The action stays what apply
    will do, with one exception: a plan CloudFormation refuses or fails makes
    the target ``BLOCKED`` with CloudFormation's reason, since the change
    would fail the same way. A ``NOOP`` whose plan finds changes (a value the
    plan could not read differs, such as a NoEcho parameter) stays ``NOOP``:
    apply compares only what it can read. Other actions are returned as they are.
    """
    if entry.action not in ("CREATE", "UPDATE", "NOOP"):
        return entry
    if entry.product_id is None or entry.provisioning_artifact_id is None:
        return entry
    sc = clients.servicecatalog(entry.account, entry.region)
    try:
        created = sc.create_provisioned_product_plan(
            plan_name=f"{settings.name}-rollout-plan",
            plan_type=ProvisionedProductPlanType.CLOUDFORMATION,
            provisioned_product_name=settings.name,
            idempotency_token=uuid.uuid4().hex,  # each deep plan is a new question
            **change_arguments(entry, settings),
        )
    except ServiceCatalogError as exc:
        return attrs.evolve(
            entry,
            action="BLOCKED",
            reason=f"CloudFormation plan refused: {exc.code}: {exc.message}",
        )
    plan_id = created.plan_id
    if plan_id is None:
        return attrs.evolve(
            entry, reason=f"{entry.reason}; CloudFormation plan: no plan id returned"
        )
    try:
        outcome = _plan_outcome(sc, entry, plan_id, timing)
    finally:
        left = _delete_plan(sc, plan_id)
    if left:
        outcome = attrs.evolve(outcome, reason=f"{outcome.reason}; {left}")
    return outcome


def _plan_outcome(sc: Any, entry: PlanEntry, plan_id: str, timing: DeepPlanTiming) -> PlanEntry:
    try:
        sc.wait_for_provisioned_product_plan(
            plan_id=plan_id,
            timeout=timing.timeout,
            min_delay=timing.min_delay,
            max_delay=timing.max_delay,
        )
    except ProvisionedProductPlanFailedError as exc:
        if exc.status_message == NO_UPDATES:
            return _unchanged(entry)
        why = exc.status_message or exc.status or "failed"
        return attrs.evolve(entry, action="BLOCKED", reason=f"CloudFormation plan failed: {why}")
    except WaiterTimeoutError:
        return attrs.evolve(
            entry,
            reason=f"{entry.reason}; CloudFormation plan not done after {timing.timeout:.0f} s",
        )
    changes = sc.describe_provisioned_product_plan(plan_id=plan_id).resource_changes
    if not changes:
        return _unchanged(entry)
    described = describe_resource_changes(changes)
    if entry.action == "NOOP":
        return attrs.evolve(
            entry,
            reason=f"{entry.reason}; CloudFormation would change {described}: a value the"
            " plan cannot read differs (apply leaves it)",
        )
    return attrs.evolve(entry, reason=f"{entry.reason}; CloudFormation: {described}")


def _unchanged(entry: PlanEntry) -> PlanEntry:
    # CloudFormation would change nothing: "No updates are to be performed.",
    # or a plan without resource changes.
    note = "no changes" if entry.action == "NOOP" else "no resource changes"
    return attrs.evolve(entry, reason=f"{entry.reason}; CloudFormation: {note}")


def _delete_plan(sc: Any, plan_id: str) -> str:
    # A plan left behind is said, not raised: the answer was read already.
    try:
        sc.delete_provisioned_product_plan(plan_id=plan_id, ignore_errors=True)
    except ServiceCatalogError as exc:
        return f"plan {plan_id} not deleted ({exc.code})"
    return ""


def describe_resource_changes(changes: Iterable[ResourceChange]) -> str:
    """``1 to add (Topic), 1 to modify (Bucket replaced)``: a plan's changes, by action."""
    verbs = {ChangeAction.ADD: "add", ChangeAction.MODIFY: "modify", ChangeAction.REMOVE: "remove"}
    groups: dict[str, list[str]] = {}
    for change in changes:
        verb = verbs.get(change.action, str(change.action).lower()) if change.action else "change"
        name = change.logical_resource_id or change.resource_type or "?"
        if change.replacement == Replacement.TRUE:
            name += " replaced"
        elif change.replacement == Replacement.CONDITIONAL:
            name += " may be replaced"
        groups.setdefault(verb, []).append(name)
    parts = []
    for verb, names in groups.items():
        shown = ", ".join(names[:5]) + (f", {len(names) - 5} more" if len(names) > 5 else "")
        parts.append(f"{len(names)} to {verb} ({shown})")
    return ", ".join(parts)
