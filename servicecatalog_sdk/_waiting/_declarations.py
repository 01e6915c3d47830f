"""Every waiter, declared once.

Each declaration says what the waiter polls and with which arguments, where
the status is in an answer, which statuses mean done, failed (and the error
raised) or still going, its ``expect=`` targets, its stale-read guard, whether
the change's history times its polls, and what ``wait=True`` reads from the
operation that starts the change. The engine (:mod:`._engine`) runs them; the
function forms, the blocking and asyncio methods (:mod:`._forms`, generated
from these by ``tools/generate_waiters.py``) and ``wait=True``
(:mod:`._started`) all come from here.

Adding a waiter: one declaration below, named as the waiter in capitals
(``RECORD`` for ``wait_for_record``) and listed in :data:`WAITERS`; then
``python tools/generate_waiters.py``. A waiter no status table describes also
brings its own decision (see :mod:`._fleet`).

Kept import-light: the client modules import it through :mod:`._started`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final

from servicecatalog_sdk._waiting._decisions import (
    Arg,
    Started,
    Waiter,
    fails,
    ident,
    optional_ident,
)
from servicecatalog_sdk._waiting._fleet import FleetDecision
from servicecatalog_sdk._waiting._settings import check_id
from servicecatalog_sdk.errors import (
    CopyProductFailedError,
    PortfolioShareFailedError,
    ProductFailedError,
    ProvisionedProductFailedError,
    ProvisionedProductPlanFailedError,
    ProvisionedProductTaintedError,
    ProvisioningArtifactFailedError,
    RecordFailedError,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from servicecatalog_sdk.models import (
        DescribeCopyProductStatusOutput,
        DescribePortfolioShareStatusOutput,
        DescribeProductAsAdminOutput,
        DescribeProvisionedProductOutput,
        DescribeProvisionedProductPlanOutput,
        DescribeProvisioningArtifactOutput,
        DescribeRecordOutput,
        GetAWSOrganizationsAccessStatusOutput,
        ProvisionedProductDetail,
    )

__all__ = [
    "COPY_PRODUCT",
    "ORGANIZATIONS_ACCESS",
    "PORTFOLIO_SHARE",
    "PRODUCT",
    "PROVISIONED_PRODUCT",
    "PROVISIONED_PRODUCTS",
    "PROVISIONED_PRODUCT_PLAN",
    "PROVISIONING_ARTIFACT",
    "RECORD",
    "TERMINATION",
    "WAITERS",
]

_ID_OR_NAME: Final = (
    Arg("id", "str | None", None, check=check_id),
    Arg("name", "str | None", None, check=check_id),
)
_ID_OR_NAME_LABEL: Final = ("provisioned product {id}", "provisioned product named {name}")
_PP_PENDING: Final = frozenset({"UNDER_CHANGE", "PLAN_IN_PROGRESS"})
_PP_FAILURES: Final = (
    fails(ProvisionedProductFailedError, "ERROR"),
    fails(ProvisionedProductTaintedError, "TAINTED"),
)
_TIMING: Final = "The timing keywords work as in :func:`wait_for_record`."

RECORD: Final[Waiter[DescribeRecordOutput]] = Waiter(
    name="record",
    summary="Wait until the record is ``SUCCEEDED``",
    operation="describe_record",
    request={"id": "record_id"},
    args=(ident("record_id", positional=True),),
    what=("record {record_id}",),
    resource_id=("record_id",),
    subject=("record_detail",),
    pending=frozenset({"CREATED", "IN_PROGRESS", "IN_PROGRESS_IN_ERROR"}),
    done=frozenset({"SUCCEEDED"}),
    failures=(fails(RecordFailedError, "FAILED"),),
    history="record",
    # UpdateProvisionedProductProperties returns a bare RecordId; the others a RecordDetail.
    started=(Started("record_id", (("record_detail", "record_id"), ("record_id",))),),
    observation="DescribeRecordOutput",
    doc="""Poll ``DescribeRecord`` until the record is ``SUCCEEDED``; return that output.

    ``FAILED`` raises :class:`~servicecatalog_sdk.errors.RecordFailedError`;
    ``CREATED``, ``IN_PROGRESS`` and ``IN_PROGRESS_IN_ERROR`` keep waiting, and so
    does a status this SDK does not know (with one ``UnknownValueWarning``). The
    wait ends by ``timeout`` (seconds or a timedelta) with
    :class:`~servicecatalog_sdk.errors.WaiterTimeoutError`. ``on_poll`` gets
    every observation; ``clock`` and ``sleep`` replace ``time.monotonic`` and
    ``time.sleep`` (tests pass fakes).

    While the record is still going after the first poll, one
    ``ListRecordHistory`` call reads how long the same kind of change took
    before, and the polls gather around the expected end (see the waiters
    guide); a history that cannot be read or holds nothing usable leaves the
    usual backoff. ``use_history=False`` skips it (``None``: the client's
    ``waiter_use_history``, default on). The read is at the caller's ``User``
    access level (its own records, which end-user policies allow);
    ``history_access_level="Account"`` reads every user's (``None``: the
    client's ``waiter_history_access_level``, default ``"User"``).
    """,
)

PROVISIONED_PRODUCT: Final[Waiter[DescribeProvisionedProductOutput]] = Waiter(
    name="provisioned_product",
    summary="Wait until the product is ``AVAILABLE``",
    operation="describe_provisioned_product",
    request={"id": "id", "name": "name"},
    args=(*_ID_OR_NAME, optional_ident("record_id"), Arg("accept_tainted", "bool", False)),
    one_of=("id", "name"),
    what=_ID_OR_NAME_LABEL,
    resource_id=("id", "name"),
    subject=("provisioned_product_detail",),
    pending=_PP_PENDING,
    done=frozenset({"AVAILABLE"}),
    failures=_PP_FAILURES,
    accept={"accept_tainted": "TAINTED"},
    stale="last_record_id",
    history="product",
    observation="DescribeProvisionedProductOutput",
    doc="""Poll ``DescribeProvisionedProduct`` (by ``id`` or ``name``) until ``AVAILABLE``.

    ``ERROR`` raises :class:`~servicecatalog_sdk.errors.ProvisionedProductFailedError`;
    ``TAINTED`` raises :class:`~servicecatalog_sdk.errors.ProvisionedProductTaintedError`
    unless ``accept_tainted``. ``UNDER_CHANGE`` and ``PLAN_IN_PROGRESS`` keep waiting.
    With ``record_id``, a status read before that change took effect (the
    product's last record is another) is no answer: the wait goes on. The other
    keywords work as in :func:`wait_for_record` (``use_history`` and
    ``history_access_level`` included: the history read is that of the
    provisioned product, or of its product for a first provisioning).
    """,
)

TERMINATION: Final[Waiter[None]] = Waiter(
    name="termination",
    summary="Wait until the product is gone",
    operation="describe_provisioned_product",
    request={"id": "id", "name": "name"},
    args=(*_ID_OR_NAME, optional_ident("record_id")),
    one_of=("id", "name"),
    what=_ID_OR_NAME_LABEL,
    resource_id=("id", "name"),
    subject=("provisioned_product_detail",),
    # A product still AVAILABLE has not started going; a TAINTED or ERROR state
    # from before the termination (the stale-read guard) is no failure of it.
    pending=_PP_PENDING | {"AVAILABLE"},
    failures=_PP_FAILURES,
    stale="last_record_id",
    tolerate_not_found=False,
    gone="TERMINATED",
    history="termination",
    observation="DescribeProvisionedProductOutput | None",
    returns="None",
    doc="""Poll ``DescribeProvisionedProduct`` until the product is gone (ResourceNotFound).

    A product that settles ``TAINTED`` or ``ERROR`` raises, as the termination
    failed. Give the termination's ``record_id`` to ignore a ``TAINTED`` or
    ``ERROR`` state from before it (terminating a tainted product is common).
    ``on_poll`` receives ``None`` once the product is gone. ``use_history``
    and ``history_access_level`` are as for :func:`wait_for_record`: past
    terminations of the same product time the polls.
    """,
)

PROVISIONED_PRODUCTS: Final[Waiter[Mapping[str, ProvisionedProductDetail]]] = Waiter(
    name="provisioned_products",
    summary="Wait until every product settles",
    operation="scan_provisioned_products",
    request={"access_level_filter": "access_level_filter"},
    listing=True,
    args=(
        Arg("ids", "Iterable[str]", positional=True),
        Arg("record_ids", "Mapping[str, str] | None", None),
        Arg("accept_tainted", "bool", False),
        Arg("access_level_filter", "AccessLevelFilter | None", None),
    ),
    tolerate_not_found=False,
    # Each product is judged by the provisioned-product waiter's table.
    decide=functools.partial(FleetDecision, PROVISIONED_PRODUCT),
    observation="FleetObservation",
    returns="Mapping[str, ProvisionedProductDetail]",
    doc="""Wait until every product in ``ids`` settles; return each one's final detail.

    Each round is one ``ScanProvisionedProducts`` listing (all its pages), not
    one describe per product; ``access_level_filter`` widens it (by default the
    service lists the caller's own products). Statuses mean what they mean to
    :func:`wait_for_provisioned_product`; ``record_ids`` maps product ids to the
    record of their change, for the same stale-state check. A product missing
    from the listing for more than a few rounds counts as failed. Once every
    product settled, any failure raises one
    :class:`ProvisionedProductsFailedError` listing them all. The result maps
    each id, in the order given, to its detail.
    """,
)

PRODUCT: Final[Waiter[DescribeProductAsAdminOutput]] = Waiter(
    name="product",
    summary="Wait until the product is ``AVAILABLE``",
    operation="describe_product_as_admin",
    request={"id": "id"},
    args=(ident("id"),),
    what=("product {id}",),
    resource_id=("id",),
    subject=("product_view_detail",),
    pending=frozenset({"CREATING"}),
    done=frozenset({"AVAILABLE"}),
    failures=(fails(ProductFailedError, "FAILED", ids={"product_id": "id"}),),
    started=(Started("id", (("product_view_detail", "product_view_summary", "product_id"),)),),
    observation="DescribeProductAsAdminOutput",
    doc=f"""Poll ``DescribeProductAsAdmin`` until the product is ``AVAILABLE``; return that output.

    ``CREATING`` keeps waiting; ``FAILED`` raises
    :class:`~servicecatalog_sdk.errors.ProductFailedError`. {_TIMING}
    """,
)

PROVISIONING_ARTIFACT: Final[Waiter[DescribeProvisioningArtifactOutput]] = Waiter(
    name="provisioning_artifact",
    summary="Wait until the artifact is ``AVAILABLE``",
    operation="describe_provisioning_artifact",
    request={"product_id": "product_id", "provisioning_artifact_id": "provisioning_artifact_id"},
    args=(ident("product_id"), ident("provisioning_artifact_id")),
    what=("provisioning artifact {provisioning_artifact_id} of product {product_id}",),
    resource_id=("provisioning_artifact_id",),
    pending=frozenset({"CREATING"}),
    done=frozenset({"AVAILABLE"}),
    failures=(
        fails(
            ProvisioningArtifactFailedError,
            "FAILED",
            ids={"product_id": "product_id", "artifact_id": "provisioning_artifact_id"},
        ),
    ),
    started=(
        Started("product_id", request="ProductId"),
        Started("provisioning_artifact_id", (("provisioning_artifact_detail", "id"),)),
    ),
    observation="DescribeProvisioningArtifactOutput",
    doc=f"""Poll ``DescribeProvisioningArtifact`` until the artifact is ``AVAILABLE``.

    ``CREATING`` keeps waiting; ``FAILED`` raises
    :class:`~servicecatalog_sdk.errors.ProvisioningArtifactFailedError`. {_TIMING}
    """,
)

COPY_PRODUCT: Final[Waiter[DescribeCopyProductStatusOutput]] = Waiter(
    name="copy_product",
    summary="Wait until the copy ``SUCCEEDED``",
    operation="describe_copy_product_status",
    request={"copy_product_token": "copy_product_token"},
    args=(ident("copy_product_token"),),
    what=("product copy {copy_product_token}",),
    resource_id=("copy_product_token",),
    status="copy_product_status",
    pending=frozenset({"IN_PROGRESS"}),
    done=frozenset({"SUCCEEDED"}),
    failures=(
        fails(CopyProductFailedError, "FAILED", ids={"copy_product_token": "copy_product_token"}),
    ),
    started=(Started("copy_product_token", (("copy_product_token",),)),),
    observation="DescribeCopyProductStatusOutput",
    doc=f"""Poll ``DescribeCopyProductStatus`` until ``SUCCEEDED``; its ``target_product_id`` is the copy.

    ``IN_PROGRESS`` keeps waiting; ``FAILED`` raises
    :class:`~servicecatalog_sdk.errors.CopyProductFailedError` with the
    service's ``StatusDetail``. {_TIMING}
    """,
)

PROVISIONED_PRODUCT_PLAN: Final[Waiter[DescribeProvisionedProductPlanOutput]] = Waiter(
    name="provisioned_product_plan",
    summary="Wait until the plan is created or executed",
    operation="describe_provisioned_product_plan",
    request={"plan_id": "plan_id"},
    args=(ident("plan_id"),),
    what=("provisioned product plan {plan_id}",),
    resource_id=("plan_id",),
    subject=("provisioned_product_plan_details",),
    pending=frozenset({"CREATE_IN_PROGRESS", "EXECUTE_IN_PROGRESS"}),
    done=frozenset({"CREATE_SUCCESS", "EXECUTE_SUCCESS"}),
    failures=(
        fails(
            ProvisionedProductPlanFailedError,
            "CREATE_FAILED",
            "EXECUTE_FAILED",
            ids={"plan_id": "plan_id"},
        ),
    ),
    started=(Started("plan_id", (("plan_id",),)),),
    observation="DescribeProvisionedProductPlanOutput",
    doc=f"""Poll ``DescribeProvisionedProductPlan`` until ``CREATE_SUCCESS`` or ``EXECUTE_SUCCESS``.

    ``CREATE_IN_PROGRESS`` and ``EXECUTE_IN_PROGRESS`` keep waiting;
    ``CREATE_FAILED`` and ``EXECUTE_FAILED`` raise
    :class:`~servicecatalog_sdk.errors.ProvisionedProductPlanFailedError` with
    the service's ``StatusMessage``. {_TIMING}
    """,
)

PORTFOLIO_SHARE: Final[Waiter[DescribePortfolioShareStatusOutput]] = Waiter(
    name="portfolio_share",
    summary="Wait until the share is ``COMPLETED``",
    operation="describe_portfolio_share_status",
    request={"portfolio_share_token": "portfolio_share_token"},
    args=(ident("portfolio_share_token"),),
    what=("portfolio share {portfolio_share_token}",),
    resource_id=("portfolio_share_token",),
    pending=frozenset({"NOT_STARTED", "IN_PROGRESS"}),
    done=frozenset({"COMPLETED"}),
    failures=(
        fails(
            PortfolioShareFailedError,
            "COMPLETED_WITH_ERRORS",
            "ERROR",
            ids={"portfolio_share_token": "portfolio_share_token"},
        ),
    ),
    # A share with an account takes effect at once and returns no token.
    started=(Started("portfolio_share_token", (("portfolio_share_token",),), optional=True),),
    observation="DescribePortfolioShareStatusOutput",
    doc=f"""Poll ``DescribePortfolioShareStatus`` until the share is ``COMPLETED``.

    ``NOT_STARTED`` and ``IN_PROGRESS`` keep waiting; ``COMPLETED_WITH_ERRORS``
    and ``ERROR`` raise :class:`~servicecatalog_sdk.errors.PortfolioShareFailedError`
    with every share error (accounts, message, error). {_TIMING}
    """,
)

ORGANIZATIONS_ACCESS: Final[Waiter[GetAWSOrganizationsAccessStatusOutput]] = Waiter(
    name="organizations_access",
    summary="Wait until access is ``expect`` (or settled)",
    operation="get_aws_organizations_access_status",
    what=("AWS Organizations access {expect}", "AWS Organizations access"),
    status="access_status",
    pending=frozenset({"UNDER_CHANGE"}),
    done=frozenset({"ENABLED", "DISABLED"}),
    # Right after EnableAWSOrganizationsAccess the status can still read
    # DISABLED (and the other way round): with expect=, a read of the other
    # state is progress, not an answer.
    expect=("ENABLED", "DISABLED"),
    tolerate_not_found=False,
    observation="GetAWSOrganizationsAccessStatusOutput",
    doc=f"""Poll ``GetAWSOrganizationsAccessStatus`` until access is ``expect``; return that output.

    After ``EnableAWSOrganizationsAccess`` pass ``expect="ENABLED"``, after
    ``DisableAWSOrganizationsAccess`` ``expect="DISABLED"``: ``UNDER_CHANGE``
    and the other state (a read from before the change took effect) keep
    waiting. Without ``expect``, the first status other than ``UNDER_CHANGE``
    ends the wait, whichever it is. {_TIMING}
    """,
)

#: Every waiter, in the order the generated forms list them.
WAITERS: Final[tuple[Waiter[Any], ...]] = (
    RECORD,
    PROVISIONED_PRODUCT,
    TERMINATION,
    PROVISIONED_PRODUCTS,
    PRODUCT,
    PROVISIONING_ARTIFACT,
    COPY_PRODUCT,
    PROVISIONED_PRODUCT_PLAN,
    PORTFOLIO_SHARE,
    ORGANIZATIONS_ACCESS,
)
