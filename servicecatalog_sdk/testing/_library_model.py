"""State of the catalog's libraries: TagOptions and self-service actions.

Plain dataclasses, like ``_model``; the backend holds them, and the handlers in
``_tag_options`` and ``_service_actions`` work on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: An association of a service action with a version: (action id, product id, artifact id).
Link = tuple[str, str, str]


@dataclass
class TagOption:
    """One allowed key/value pair of the TagOption library."""

    id: str
    key: str
    value: str
    owner: str
    active: bool = True

    def detail(self) -> dict[str, Any]:
        """TagOptionDetail."""
        return {
            "Key": self.key,
            "Value": self.value,
            "Active": self.active,
            "Id": self.id,
            "Owner": self.owner,
        }


@dataclass
class ServiceAction:
    """A self-service action: an SSM automation document to run against provisioned products."""

    id: str
    name: str
    definition_type: str
    definition: dict[str, str]
    description: str | None = None
    # The parsed Definition["Parameters"]: (name, type) pairs.
    parameters: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """ServiceActionSummary."""
        out: dict[str, Any] = {
            "Id": self.id,
            "Name": self.name,
            "DefinitionType": self.definition_type,
        }
        if self.description is not None:
            out["Description"] = self.description
        return out

    def detail(self) -> dict[str, Any]:
        """ServiceActionDetail."""
        return {"ServiceActionSummary": self.summary(), "Definition": dict(self.definition)}
