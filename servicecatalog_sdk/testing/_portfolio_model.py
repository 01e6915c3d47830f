"""The administrator's state: portfolios, their products, principals and constraints.

Everything that hangs off a portfolio lives on the ``Portfolio`` itself, so a
portfolio shared into another account carries its launch paths and constraints
with it. Plain dataclasses, like ``_model``; this module imports nothing of the
emulator's, so ``_backend`` can import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ._model import now


@dataclass
class Constraint:
    """A constraint on one product in one portfolio; ``parameters`` is the JSON text."""

    id: str
    type: str
    portfolio_id: str
    product_id: str
    owner: str
    parameters: str
    description: str | None = None


@dataclass
class Portfolio:
    """A portfolio and what is associated with it."""

    id: str
    arn: str
    display_name: str
    provider_name: str
    owner: str
    description: str | None = None
    created: datetime = field(default_factory=now)
    tags: dict[str, str] = field(default_factory=dict)
    # Product id -> the id of the launch path that this association opens.
    products: dict[str, str] = field(default_factory=dict)
    # (principal ARN, principal type) pairs, in the order they were associated.
    principals: list[tuple[str, str]] = field(default_factory=list)
    constraints: dict[str, Constraint] = field(default_factory=dict)


@dataclass(frozen=True)
class LaunchPath:
    """One way to launch a product: through one portfolio that holds it."""

    id: str
    portfolio: Portfolio
    product_id: str

    @property
    def name(self) -> str:
        """The path's name, which is the portfolio's display name."""
        return self.portfolio.display_name
