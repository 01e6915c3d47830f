"""The emulator's state: products, provisioning artifacts, provisioned products, records.

Plain dataclasses on purpose: moto's ``BaseModel`` registers classes by their module
path and misbehaves for classes defined outside moto.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

_ID_ALPHABET = string.ascii_lowercase + string.digits


def new_id(prefix: str) -> str:
    """An id in AWS's form: ``prefix`` + ``-`` + 13 lowercase alphanumerics."""
    return prefix + "-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(13))


def now() -> datetime:
    """The current time, timezone-aware, as AWS reports it."""
    return datetime.now(timezone.utc)


@dataclass
class Artifact:
    """A provisioning artifact (a product version) and the template it was created from."""

    id: str
    type: str
    info: dict[str, str]
    name: str | None = None
    description: str | None = None
    created: datetime = field(default_factory=now)
    active: bool = True
    guidance: str = "DEFAULT"
    template_url: str | None = None
    # Service Catalog keeps its own copy of the template, taken at creation time;
    # None when validation was disabled and the template could not be read then.
    template_body: str | None = None


@dataclass
class Product:
    """A product (as the admin sees it) together with its one product view."""

    id: str
    view_id: str
    arn: str
    name: str
    owner: str
    type: str
    description: str | None = None
    distributor: str | None = None
    support_description: str | None = None
    support_email: str | None = None
    support_url: str | None = None
    created: datetime = field(default_factory=now)
    tags: dict[str, str] = field(default_factory=dict)
    artifacts: dict[str, Artifact] = field(default_factory=dict)
    source_product_id: str | None = None


@dataclass
class Record:
    """A provisioning request and its progress.

    ``work`` (the stack created, updated or deleted) runs when the change is due to
    end: after ``in_progress_polls`` observations in IN_PROGRESS, or
    ``change_seconds`` after ``started_at``. ``outcome`` is what the record then
    reports: FAILED once ``errors`` holds anything.
    """

    id: str
    type: str
    pp_id: str
    pp_name: str
    product_id: str
    artifact_id: str
    outcome: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[dict[str, str]] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    path_id: str | None = None
    launch_role_arn: str | None = None
    # What an UPDATE_PROVISIONED_PRODUCT_PROPERTIES record set (OWNER, LAUNCH_ROLE).
    properties: dict[str, str] = field(default_factory=dict)
    # Who asked for the change: IAM identity and session (ListRecordHistory's filter).
    user_arn: str | None = None
    user_session: str | None = None
    status: str = "CREATED"
    observations: int = 0
    created: datetime = field(default_factory=now)
    updated: datetime = field(default_factory=now)
    # The emulator clock's reading when the change started (``EmulatorBackend.start``).
    started_at: float = 0.0
    work: Callable[[Record], None] | None = field(default=None, repr=False, compare=False)

    def do_work(self) -> None:
        """Run the change's work once; a failure in it makes the record FAILED."""
        work, self.work = self.work, None
        if work is not None:
            work(self)
        if self.errors:
            self.outcome = "FAILED"

    @property
    def settled(self) -> bool:
        """True once the record shows its final status."""
        return self.status in ("SUCCEEDED", "FAILED")


@dataclass
class ProvisionedProduct:
    """A provisioned product and the moto CloudFormation stack behind it."""

    id: str
    name: str
    arn: str
    token: str
    product_id: str
    artifact_id: str
    status: str = "UNDER_CHANGE"
    status_message: str | None = None
    created: datetime = field(default_factory=now)
    last_record_id: str | None = None
    last_provisioning_record_id: str | None = None
    last_successful_provisioning_record_id: str | None = None
    stack_id: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    # What DescribeProvisionedProduct still shows, for a few looks, right after a
    # change: the service's reads are eventually consistent (see stale_reads).
    stale_view: dict[str, Any] | None = None
    stale_reads_left: int = 0
    # The launch path it was provisioned through and the role a LAUNCH constraint set.
    path_id: str | None = None
    launch_role_arn: str | None = None
    # Who owns it: the IAM identity that launched it (or the OWNER property set
    # later), and the session that did (SearchProvisionedProducts' UserArn and
    # UserArnSession); AccessLevelFilter User and Role select by them.
    owner_arn: str | None = None
    owner_session: str | None = None


def record_of(pp: ProvisionedProduct, kind: str) -> Record:
    """A new record of ``kind`` for ``pp`` as it stands.

    Its product, version, tags, launch path and launch role are the product's
    own: a termination, a properties update or a service action changes none of
    them, and AWS's RecordDetail names them all.
    """
    return Record(
        id=new_id("rec"),
        type=kind,
        pp_id=pp.id,
        pp_name=pp.name,
        product_id=pp.product_id,
        artifact_id=pp.artifact_id,
        outcome="SUCCEEDED",
        tags=dict(pp.tags),
        path_id=pp.path_id,
        launch_role_arn=pp.launch_role_arn,
    )
