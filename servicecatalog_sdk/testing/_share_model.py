"""Portfolio shares between accounts, as plain dataclasses.

The sharing account keeps its shares and the status of each share operation; the
receiving account keeps the shares it accepted. This module imports nothing of
the emulator's, so ``_backend`` can import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone


def _now() -> datetime:
    return datetime.now(timezone.utc)


#: How a share names its recipients (DescribePortfolioShareType): an account shared
#: with directly, or an organization node (a whole organization, an OU, or a member
#: account reached through AWS Organizations).
ACCOUNT = "ACCOUNT"
ORGANIZATION = "ORGANIZATION"
ORGANIZATIONAL_UNIT = "ORGANIZATIONAL_UNIT"
ORGANIZATION_MEMBER_ACCOUNT = "ORGANIZATION_MEMBER_ACCOUNT"
#: Share types by the OrganizationNode ``Type`` they are created with.
NODE_SHARE_TYPES = {
    "ORGANIZATION": ORGANIZATION,
    "ORGANIZATIONAL_UNIT": ORGANIZATIONAL_UNIT,
    "ACCOUNT": ORGANIZATION_MEMBER_ACCOUNT,
}


@dataclass
class PortfolioShare:
    """One share of a portfolio, kept by the sharing account."""

    portfolio_id: str
    type: str
    principal: str
    share_tag_options: bool = False
    share_principals: bool = False
    created: datetime = field(default_factory=_now)

    @property
    def node_type(self) -> str | None:
        """The OrganizationNode type of an organization share; None for an account share."""
        for node_type, share_type in NODE_SHARE_TYPES.items():
            if share_type == self.type:
                return node_type
        return None


@dataclass
class ShareOperation:
    """A create, update or delete of a share, observed through its token."""

    token: str
    portfolio_id: str
    node_value: str
    accounts: list[str]
    observations: int = 0


@dataclass
class AcceptedShare:
    """A portfolio of another account that this account accepted."""

    portfolio_id: str
    owner_account: str
    share_type: str
    accepted: datetime = field(default_factory=_now)
    # An organization share needs no accepting, so declining one is remembered.
    rejected: bool = False


@dataclass
class OrganizationsAccess:
    """Whether Service Catalog may use AWS Organizations for this management account."""

    enabled: bool = False
    # Reads of GetAWSOrganizationsAccessStatus left that still show UNDER_CHANGE.
    pending_reads: int = 0
