"""Who is calling, and whether a portfolio's principals grant them, as AWS decides it.

An end user sees and launches a product only through a portfolio of their
account (its own, or one it imported) whose principals match them: an ``IAM``
principal by its exact ARN, an ``IAM_PATTERN`` principal by its pattern (``*``
and ``?`` wildcards; the account field left empty matches any account). A
caller that assumed a role acts as the role (``arn:aws:iam::ACCOUNT:role/NAME``).

moto internals used: ``moto.sts.models.sts_backends`` (``get_assumed_role_from_access_key``,
whose roles carry ``role_arn`` and ``arn``) and ``moto.iam.models.iam_backends``
(``get_user_from_access_key_id``), to know who an access key moto issued belongs to.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Final

#: The IAM user the emulator's own fake keys act as, in each account.
DEFAULT_USER: Final = "servicecatalog-emulator"
_ARN = re.compile(r"arn:(?P<partition>[^:]*):iam::(?P<account>[^:]*):(?P<resource>.+)")


@dataclass(frozen=True)
class Identity:
    """The IAM identity of a request, and its session.

    ``arn`` is what portfolio principals are matched against (a user's or a role's
    ARN); ``session_arn`` is the session that made the request (for an assumed
    role, ``arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION``; for a user, ``arn``).
    """

    arn: str
    session_arn: str


def default_identity(account_id: str, partition: str = "aws") -> Identity:
    """The identity of requests signed with keys that no moto user or role holds."""
    arn = f"arn:{partition}:iam::{account_id}:user/{DEFAULT_USER}"
    return Identity(arn, arn)


def identity_of(access_key: str | None, account_id: str, partition: str) -> Identity:
    """The identity behind ``access_key`` in ``account_id`` (moto's STS and IAM)."""
    if access_key is not None:
        from moto.iam.models import iam_backends
        from moto.sts.models import sts_backends

        role = sts_backends[account_id][partition].get_assumed_role_from_access_key(access_key)
        if role is not None:
            return Identity(str(role.role_arn), str(role.arn))
        user = iam_backends[account_id][partition].get_user_from_access_key_id(access_key)
        if user is not None:
            return Identity(str(user.arn), str(user.arn))
    return default_identity(account_id, partition)


def principal_matches(principal_arn: str, principal_type: str, identity: Identity) -> bool:
    """Whether a portfolio principal grants ``identity``."""
    if principal_type == "IAM":
        return principal_arn == identity.arn
    pattern, caller = _ARN.fullmatch(principal_arn), _ARN.fullmatch(identity.arn)
    if pattern is None or caller is None or pattern["partition"] != caller["partition"]:
        return False
    if pattern["account"] not in ("", caller["account"]):
        return False
    return fnmatch.fnmatchcase(caller["resource"], pattern["resource"])


def grants(principals: list[tuple[str, str]], identity: Identity) -> bool:
    """Whether any of the (ARN, type) ``principals`` grants ``identity``."""
    return any(principal_matches(arn, kind, identity) for arn, kind in principals)
