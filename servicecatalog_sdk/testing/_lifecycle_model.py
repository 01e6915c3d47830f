"""State of the lifecycle extras: product copies and provisioned product plans.

Kept apart from the handlers so that ``_backend`` can import these classes
without importing the handlers (which import ``_backend``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ._model import now


@dataclass
class CopyTask:
    """A CopyProduct request; its work is done on arrival, its status revealed per look."""

    token: str
    source_product_id: str
    target_product_id: str | None
    status_detail: str | None = None
    observations: int = 0

    @property
    def failed(self) -> bool:
        """True when nothing could be copied."""
        return self.target_product_id is None


@dataclass
class Plan:
    """A provisioned product plan: a proposed provision or update, and what it would change."""

    id: str
    name: str
    pp_name: str
    product_id: str
    artifact_id: str
    # The provisioned product the plan updates, or will create when executed.
    pp_id: str
    parameters: list[dict[str, Any]] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    notification_arns: list[str] = field(default_factory=list)
    path_id: str | None = None
    status: str = "CREATE_IN_PROGRESS"
    # What the plan ends as once created: CREATE_SUCCESS, or CREATE_FAILED with a message.
    outcome: str = "CREATE_SUCCESS"
    status_message: str | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    observations: int = 0
    # The product's status before the plan made it PLAN_IN_PROGRESS, to go back to.
    pp_status_before: str | None = None
    # True when the plan launches a new product (listed PLAN_IN_PROGRESS until it runs).
    new_product: bool = False
    record_id: str | None = None
    created: datetime = field(default_factory=now)
    updated: datetime = field(default_factory=now)

    def observe(self, in_progress_polls: int) -> bool:
        """Count one look while the plan is being created; True when this look settled it."""
        if self.status != "CREATE_IN_PROGRESS":
            return False
        self.observations += 1
        if self.observations <= in_progress_polls:
            return False
        self.status = self.outcome
        self.updated = now()
        return True

    def executed(self, record_status: str, errors: list[str], when: datetime) -> None:
        """End the plan's execution as its record ended (SUCCEEDED or FAILED)."""
        if self.status != "EXECUTE_IN_PROGRESS":
            return
        self.status = "EXECUTE_SUCCESS" if record_status == "SUCCEEDED" else "EXECUTE_FAILED"
        self.status_message = "; ".join(errors) or None
        self.updated = when
