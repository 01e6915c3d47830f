"""What the generator cannot read from botocore's model: every hand-curated fact, here.

The generator reads names, types, enums, required-ness, idempotency tokens and
paging members from the model. What the model does not say is written down
below, and nowhere else:

* ``OPERATIONS``: per operation, whether it starts something ``wait=True`` can
  wait for, which members are alternatives ("give exactly one of Id and Name"),
  a default sort order and how to tell items apart in a listing, and which list
  member is the paged one when the model is ambiguous;
* ``WAITS``: the follow-ups those operations name (what the wait returns, and
  the sentence their docstring gets);
* ``SECRET_MEMBERS``, ``MAPPING_CONVENIENCE``, ``NAME_EXCEPTIONS``: facts about
  shapes and members rather than operations.

The generator writes these facts into the generated code: ``choices``,
``default_sort`` and ``item_key`` into each ``OperationSpec`` of
``servicecatalog_sdk/_generated/operations.py`` (the runtime reads them from
there), ``waits`` into the client methods' ``wait=`` signatures, secret members
into the models' reprs. An operation missing here is generated from the model
alone, as a plain call: a new AWS operation never stops the generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, NamedTuple

__all__ = [
    "MAPPING_CONVENIENCE",
    "NAME_EXCEPTIONS",
    "OPERATIONS",
    "SECRET_MEMBERS",
    "WAITS",
    "Operation",
    "Wait",
]

#: How many of a group of alternative members a request must give.
Rule = Literal["exactly one", "at most one"]


class Operation(NamedTuple):
    """Hand-curated facts of one operation (every field optional)."""

    #: The follow-up ``wait=True`` runs (a key of ``WAITS``); None: no ``wait=``.
    waits: str | None = None
    #: Alternatives, checked before sending: the service's own answer to a wrong
    #: combination is often a vague InvalidParameters.
    choices: tuple[tuple[Rule, tuple[str, ...]], ...] = ()
    #: ``SortBy`` sent when the caller gives none (paged operations): results
    #: without one come back in no stable order, so offset paging can skip items.
    default_sort: str | None = None
    #: Attribute path from a listed item to what identifies it, for dropping an
    #: item a later page repeats (paged operations).
    item_key: tuple[str, ...] = ()
    #: The paged list member, when the output has more than one list.
    paged_member: str | None = None


class Wait(NamedTuple):
    """One follow-up of ``servicecatalog_sdk/_waiting/_started.py``."""

    #: What the wait returns (a model name; ``| None`` allowed).
    returns: str
    #: The docstring's account of the wait, after "with ``wait=True``, ".
    doc: str


_BY_ID_OR_NAME: Final = (("exactly one", ("Id", "Name")),)
_PRODUCT_AND_ARTIFACT: Final = (
    ("exactly one", ("ProductId", "ProductName")),
    ("exactly one", ("ProvisioningArtifactId", "ProvisioningArtifactName")),
)
_PROVISIONED_PRODUCT: Final = (("exactly one", ("ProvisionedProductName", "ProvisionedProductId")),)
_PATH: Final = (("at most one", ("PathId", "PathName")),)

OPERATIONS: Final[Mapping[str, Operation]] = {
    "CopyProduct": Operation(waits="COPY"),
    "CreatePortfolioShare": Operation(waits="SHARE"),
    "CreateProduct": Operation(waits="PRODUCT"),
    "CreateProvisionedProductPlan": Operation(waits="PLAN"),
    "CreateProvisioningArtifact": Operation(waits="ARTIFACT"),
    "DeletePortfolioShare": Operation(waits="SHARE"),
    "DescribeProduct": Operation(choices=_BY_ID_OR_NAME),
    "DescribeProductAsAdmin": Operation(choices=_BY_ID_OR_NAME),
    "DescribeProvisionedProduct": Operation(choices=_BY_ID_OR_NAME),
    "DescribeProvisioningArtifact": Operation(choices=_PRODUCT_AND_ARTIFACT),
    "DescribeProvisioningParameters": Operation(choices=(*_PRODUCT_AND_ARTIFACT, *_PATH)),
    "DisableAWSOrganizationsAccess": Operation(waits="ORGANIZATIONS_DISABLED"),
    "EnableAWSOrganizationsAccess": Operation(waits="ORGANIZATIONS_ENABLED"),
    "ExecuteProvisionedProductPlan": Operation(waits="RECORD"),
    "ExecuteProvisionedProductServiceAction": Operation(waits="RECORD"),
    "GetProvisionedProductOutputs": Operation(
        choices=(("exactly one", ("ProvisionedProductId", "ProvisionedProductName")),)
    ),
    "ImportAsProvisionedProduct": Operation(waits="RECORD"),
    "ProvisionProduct": Operation(waits="RECORD", choices=(*_PRODUCT_AND_ARTIFACT, *_PATH)),
    "SearchProducts": Operation(default_sort="CreationDate", item_key=("id",)),
    "SearchProductsAsAdmin": Operation(
        default_sort="CreationDate", item_key=("product_view_summary", "id")
    ),
    "SearchProvisionedProducts": Operation(item_key=("id",)),
    "TerminateProvisionedProduct": Operation(waits="RECORD", choices=_PROVISIONED_PRODUCT),
    "UpdatePortfolioShare": Operation(waits="SHARE"),
    "UpdateProvisionedProduct": Operation(
        waits="RECORD",
        choices=(
            *_PROVISIONED_PRODUCT,
            ("at most one", ("ProductId", "ProductName")),
            ("at most one", ("ProvisioningArtifactId", "ProvisioningArtifactName")),
            *_PATH,
        ),
    ),
    "UpdateProvisionedProductProperties": Operation(waits="RECORD"),
}

WAITS: Final[Mapping[str, Wait]] = {
    "RECORD": Wait(
        "DescribeRecordOutput",
        "the record once the change is done.\n\nA failed change raises ``RecordFailedError``.",
    ),
    "PRODUCT": Wait(
        "DescribeProductAsAdminOutput",
        "the product once it is ``AVAILABLE``.\n\n``FAILED`` raises ``ProductFailedError``.",
    ),
    "ARTIFACT": Wait(
        "DescribeProvisioningArtifactOutput",
        "the artifact once it is ``AVAILABLE``.\n\n"
        "``FAILED`` raises ``ProvisioningArtifactFailedError``.",
    ),
    "COPY": Wait(
        "DescribeCopyProductStatusOutput",
        "the copy's status once it ``SUCCEEDED``.\n\n"
        "Its ``target_product_id`` is the new product; ``FAILED`` raises\n"
        "``CopyProductFailedError``.",
    ),
    "PLAN": Wait(
        "DescribeProvisionedProductPlanOutput",
        "the plan once it is ``CREATE_SUCCESS``.\n\n"
        "``CREATE_FAILED`` raises ``ProvisionedProductPlanFailedError``.",
    ),
    "SHARE": Wait(
        "DescribePortfolioShareStatusOutput | None",
        "the share's status once ``COMPLETED``.\n\n"
        "A share with an organization node returns a token to wait on; a share\n"
        "with an account returns none and takes effect at once: then the result is\n"
        "``None``. ``COMPLETED_WITH_ERRORS`` and ``ERROR`` raise\n"
        "``PortfolioShareFailedError``.",
    ),
    "ORGANIZATIONS_ENABLED": Wait(
        "GetAWSOrganizationsAccessStatusOutput",
        "the access status once it is ``ENABLED``.\n\n"
        "``UNDER_CHANGE``, and a ``DISABLED`` read from before the change, keep waiting.",
    ),
    "ORGANIZATIONS_DISABLED": Wait(
        "GetAWSOrganizationsAccessStatusOutput",
        "the access status once it is ``DISABLED``.\n\n"
        "``UNDER_CHANGE``, and an ``ENABLED`` read from before the change, keep waiting.",
    ),
}

#: (structure, member) pairs holding provisioning parameter values (often
#: passwords): kept out of the models' reprs.
SECRET_MEMBERS: Final[frozenset[tuple[str, str]]] = frozenset(
    {
        ("ProvisioningParameter", "Value"),
        ("UpdateProvisioningParameter", "Value"),
    }
)

#: Key/Value structures whose lists the client methods also take as a plain
#: ``{key: value}`` mapping.
MAPPING_CONVENIENCE: Final[frozenset[str]] = frozenset(
    {"Tag", "ProvisioningParameter", "UpdateProvisioningParameter"}
)

#: Member names where botocore's xform_name rule would give a poor attribute
#: name. Empty today: every current member converts well.
NAME_EXCEPTIONS: Final[Mapping[str, str]] = {}
