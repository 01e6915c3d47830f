"""What ``wait=True`` waits for after each operation that starts something.

One :class:`FollowUp` per kind of change, naming its waiter's declaration:
the declaration's ``started`` says where the wait's ids are in the
operation's output (or, for an artifact, its product id in the request). A
waiter error raised on the way gets the operation's output as ``started``: it
holds the record id, plan id, copy or share token, and in
``response_metadata.idempotency_token`` the token sent, so the caller can
resume the wait instead of starting the change again. The drivers run it
(:func:`._drive.run_follow_up`, :func:`._async_drive.run_follow_up`).

Kept import-light (the generated client methods import it): the engine and the
models load with the first wait.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from servicecatalog_sdk.errors import ResponseParseError, WaiterError

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._decisions import Started, Waiter
    from servicecatalog_sdk.models import (
        DescribeCopyProductStatusOutput,
        DescribePortfolioShareStatusOutput,
        DescribeProductAsAdminOutput,
        DescribeProvisionedProductPlanOutput,
        DescribeProvisioningArtifactOutput,
        DescribeRecordOutput,
        GetAWSOrganizationsAccessStatusOutput,
    )

__all__ = [
    "ARTIFACT",
    "COPY",
    "ORGANIZATIONS_DISABLED",
    "ORGANIZATIONS_ENABLED",
    "PLAN",
    "PRODUCT",
    "RECORD",
    "SHARE",
    "FollowUp",
]

W = TypeVar("W")


def _read(found: Started, params: Mapping[str, Any], out: object) -> str | None:
    if found.request is not None:
        return str(params[found.request])
    path = next((p for p in found.paths if hasattr(out, p[0])), found.paths[-1])
    value: object = out
    for attr in path:
        value = getattr(value, attr, None)
    if isinstance(value, str) and value:
        return value
    if found.optional:
        return None
    wire = ".".join("".join(p.title() for p in attr.split("_")) for attr in path)
    raise ResponseParseError(
        shape=type(out).__name__, path=f"$.{wire}", reason="nothing to wait for"
    )


class FollowUp(Generic[W]):
    """How ``wait=True`` follows one kind of operation; ``W`` is what the wait returns.

    ``declaration`` names the waiter's declaration in :mod:`._declarations`
    (``RECORD``), which loads with the first wait.
    """

    __slots__ = ("declaration", "keywords", "waits_for")

    def __init__(self, declaration: str, **keywords: str) -> None:
        self.declaration = declaration
        #: The waiter's name, for docs and tests (``wait_for_record``, ...).
        self.waits_for = f"wait_for_{declaration.lower()}"
        #: Keywords the waiter always gets from this follow-up (``expect=...``).
        self.keywords: Mapping[str, str] = MappingProxyType(keywords)

    @property
    def waiter(self) -> Waiter[W]:
        """The declaration of the waiter it runs."""
        from servicecatalog_sdk._waiting import _declarations

        waiter: Waiter[W] = getattr(_declarations, self.declaration)
        return waiter

    def target(self, params: Mapping[str, Any], out: object) -> dict[str, Any] | None:
        """The waiter's keywords for what ``out`` started (``None``: nothing to wait for).

        Raises ResponseParseError when ``out`` lacks an id it must have.
        """
        found: dict[str, Any] = dict(self.keywords)
        for started in self.waiter.started:
            value = _read(started, params, out)
            if value is None:
                return None
            found[started.argument] = value
        return found

    @contextmanager
    def marking(self, out: object) -> Iterator[None]:
        """A waiter error raised inside carries ``out`` as ``started``."""
        try:
            yield
        except WaiterError as exc:
            exc.started = out
            raise


# The type of each is its declaration's (tests/waiters/test_declarations.py checks).

#: Changes that return a record: wait for it to succeed.
RECORD: Final[FollowUp[DescribeRecordOutput]] = FollowUp("RECORD")
#: CreateProduct: wait for the product to be AVAILABLE.
PRODUCT: Final[FollowUp[DescribeProductAsAdminOutput]] = FollowUp("PRODUCT")
#: CreateProvisioningArtifact: wait for the artifact to be AVAILABLE.
ARTIFACT: Final[FollowUp[DescribeProvisioningArtifactOutput]] = FollowUp("PROVISIONING_ARTIFACT")
#: CopyProduct: wait for the copy to succeed.
COPY: Final[FollowUp[DescribeCopyProductStatusOutput]] = FollowUp("COPY_PRODUCT")
#: CreateProvisionedProductPlan: wait for the plan to be created.
PLAN: Final[FollowUp[DescribeProvisionedProductPlanOutput]] = FollowUp("PROVISIONED_PRODUCT_PLAN")
#: Portfolio share changes: wait for an organization share (``None``: nothing to wait for).
SHARE: Final[FollowUp[DescribePortfolioShareStatusOutput | None]] = FollowUp("PORTFOLIO_SHARE")
#: EnableAWSOrganizationsAccess: wait until access is ``ENABLED``.
ORGANIZATIONS_ENABLED: Final[FollowUp[GetAWSOrganizationsAccessStatusOutput]] = FollowUp(
    "ORGANIZATIONS_ACCESS", expect="ENABLED"
)
#: DisableAWSOrganizationsAccess: wait until access is ``DISABLED``.
ORGANIZATIONS_DISABLED: Final[FollowUp[GetAWSOrganizationsAccessStatusOutput]] = FollowUp(
    "ORGANIZATIONS_ACCESS", expect="DISABLED"
)
