"""Classify each target from what its account shows: CREATE, UPDATE, NOOP, TERMINATE, BLOCKED."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from servicecatalog_sdk.errors import ServiceCatalogError
from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    ProvisionedProductAttribute,
    ProvisionedProductStatus,
    ProvisionedProductViewFilterBy,
)
from servicecatalog_sdk.rollout._aws import Clients, RoleError
from servicecatalog_sdk.rollout._targets import TargetSettings

__all__ = ["Action", "PlanEntry", "find_provisioned_product", "plan_target"]

Action = Literal["CREATE", "UPDATE", "NOOP", "TERMINATE", "BLOCKED"]

#: What CloudFormation shows for a NoEcho parameter instead of its value.
_MASKED = "****"
_BUSY = (ProvisionedProductStatus.UNDER_CHANGE, ProvisionedProductStatus.PLAN_IN_PROGRESS)
_BROKEN = (ProvisionedProductStatus.ERROR, ProvisionedProductStatus.TAINTED)


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
