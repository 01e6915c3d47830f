"""Answering Service Catalog requests: the operation table and one request's answer.

``answer`` takes what the HTTP front (``_front``) read off a request (the
operation, the JSON body, the account and region it acts in) and returns the
status, headers and JSON body AWS would. moto takes no part in it: a moto release
cannot change how Service Catalog requests are parsed or answered. While an
emulator runs every Service Catalog request is answered here; an operation
without a handler gets a modelled JSON error.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Final

from . import (
    _accepting,
    _action_runs,
    _artifacts,
    _budgets,
    _constraints,
    _copies,
    _engine_notifications,
    _launch_paths,
    _lifecycle,
    _organizations,
    _parameters,
    _plans,
    _portfolios,
    _principals,
    _products,
    _provisioning,
    _reads,
    _service_actions,
    _shares,
    _tag_options,
)
from ._access import Identity
from ._backend import EmulatorBackend, backend_for
from ._errors import EmulatorError
from ._faults import FaultPlan
from ._request_check import checked

Handler = Callable[[EmulatorBackend, Mapping[str, Any]], dict[str, Any]]

HANDLERS: Final[dict[str, Handler]] = {
    "CreateProduct": _products.create_product,
    "DescribeProduct": _products.describe_product,
    "DescribeProductAsAdmin": _products.describe_product_as_admin,
    "DescribeProductView": _products.describe_product_view,
    "UpdateProduct": _products.update_product,
    "DeleteProduct": _products.delete_product,
    "SearchProducts": _products.search_products,
    "SearchProductsAsAdmin": _products.search_products_as_admin,
    "CreateProvisioningArtifact": _artifacts.create_provisioning_artifact,
    "DescribeProvisioningArtifact": _artifacts.describe_provisioning_artifact,
    "ListProvisioningArtifacts": _artifacts.list_provisioning_artifacts,
    "UpdateProvisioningArtifact": _artifacts.update_provisioning_artifact,
    "DeleteProvisioningArtifact": _artifacts.delete_provisioning_artifact,
    "ProvisionProduct": _provisioning.provision_product,
    "UpdateProvisionedProduct": _provisioning.update_provisioned_product,
    "TerminateProvisionedProduct": _provisioning.terminate_provisioned_product,
    "DescribeRecord": _reads.describe_record,
    "DescribeProvisionedProduct": _reads.describe_provisioned_product,
    "ScanProvisionedProducts": _reads.scan_provisioned_products,
    "SearchProvisionedProducts": _reads.search_provisioned_products,
    "ListRecordHistory": _reads.list_record_history,
    "DescribeProvisioningParameters": _parameters.describe_provisioning_parameters,
    "CopyProduct": _copies.copy_product,
    "DescribeCopyProductStatus": _copies.describe_copy_product_status,
    "CreateProvisionedProductPlan": _plans.create_provisioned_product_plan,
    "DescribeProvisionedProductPlan": _plans.describe_provisioned_product_plan,
    "ListProvisionedProductPlans": _plans.list_provisioned_product_plans,
    "ExecuteProvisionedProductPlan": _plans.execute_provisioned_product_plan,
    "DeleteProvisionedProductPlan": _plans.delete_provisioned_product_plan,
    "GetProvisionedProductOutputs": _lifecycle.get_provisioned_product_outputs,
    "UpdateProvisionedProductProperties": _lifecycle.update_provisioned_product_properties,
    "ImportAsProvisionedProduct": _lifecycle.import_as_provisioned_product,
    "ListStackInstancesForProvisionedProduct": (
        _lifecycle.list_stack_instances_for_provisioned_product
    ),
    "CreatePortfolio": _portfolios.create_portfolio,
    "DescribePortfolio": _portfolios.describe_portfolio,
    "UpdatePortfolio": _portfolios.update_portfolio,
    "DeletePortfolio": _portfolios.delete_portfolio,
    "ListPortfolios": _portfolios.list_portfolios,
    "ListPortfoliosForProduct": _portfolios.list_portfolios_for_product,
    "AssociateProductWithPortfolio": _portfolios.associate_product,
    "DisassociateProductFromPortfolio": _portfolios.disassociate_product,
    "AssociatePrincipalWithPortfolio": _principals.associate_principal,
    "DisassociatePrincipalFromPortfolio": _principals.disassociate_principal,
    "ListPrincipalsForPortfolio": _principals.list_principals,
    "ListLaunchPaths": _launch_paths.list_launch_paths,
    "CreateConstraint": _constraints.create_constraint,
    "DescribeConstraint": _constraints.describe_constraint,
    "UpdateConstraint": _constraints.update_constraint,
    "DeleteConstraint": _constraints.delete_constraint,
    "ListConstraintsForPortfolio": _constraints.list_constraints_for_portfolio,
    "CreateTagOption": _tag_options.create_tag_option,
    "DescribeTagOption": _tag_options.describe_tag_option,
    "UpdateTagOption": _tag_options.update_tag_option,
    "DeleteTagOption": _tag_options.delete_tag_option,
    "ListTagOptions": _tag_options.list_tag_options,
    "AssociateTagOptionWithResource": _tag_options.associate_tag_option,
    "DisassociateTagOptionFromResource": _tag_options.disassociate_tag_option,
    "ListResourcesForTagOption": _tag_options.list_resources_for_tag_option,
    "AssociateBudgetWithResource": _budgets.associate_budget,
    "DisassociateBudgetFromResource": _budgets.disassociate_budget,
    "ListBudgetsForResource": _budgets.list_budgets_for_resource,
    "CreateServiceAction": _service_actions.create_service_action,
    "DescribeServiceAction": _service_actions.describe_service_action,
    "UpdateServiceAction": _service_actions.update_service_action,
    "DeleteServiceAction": _service_actions.delete_service_action,
    "ListServiceActions": _service_actions.list_service_actions,
    "AssociateServiceActionWithProvisioningArtifact": _service_actions.associate_service_action,
    "DisassociateServiceActionFromProvisioningArtifact": (
        _service_actions.disassociate_service_action
    ),
    "BatchAssociateServiceActionWithProvisioningArtifact": (
        _service_actions.batch_associate_service_actions
    ),
    "BatchDisassociateServiceActionFromProvisioningArtifact": (
        _service_actions.batch_disassociate_service_actions
    ),
    "ListServiceActionsForProvisioningArtifact": (
        _service_actions.list_service_actions_for_artifact
    ),
    "ListProvisioningArtifactsForServiceAction": (
        _service_actions.list_artifacts_for_service_action
    ),
    "DescribeServiceActionExecutionParameters": _action_runs.describe_execution_parameters,
    "ExecuteProvisionedProductServiceAction": _action_runs.execute_service_action,
    "CreatePortfolioShare": _shares.create_portfolio_share,
    "UpdatePortfolioShare": _shares.update_portfolio_share,
    "DeletePortfolioShare": _shares.delete_portfolio_share,
    "DescribePortfolioShares": _shares.describe_portfolio_shares,
    "DescribePortfolioShareStatus": _shares.describe_portfolio_share_status,
    "ListPortfolioAccess": _shares.list_portfolio_access,
    "ListOrganizationPortfolioAccess": _shares.list_organization_portfolio_access,
    "AcceptPortfolioShare": _accepting.accept_portfolio_share,
    "RejectPortfolioShare": _accepting.reject_portfolio_share,
    "ListAcceptedPortfolioShares": _accepting.list_accepted_portfolio_shares,
    "EnableAWSOrganizationsAccess": _organizations.enable_organizations_access,
    "DisableAWSOrganizationsAccess": _organizations.disable_organizations_access,
    "GetAWSOrganizationsAccessStatus": _organizations.get_organizations_access_status,
    "NotifyProvisionProductEngineWorkflowResult": _engine_notifications.notify_provision,
    "NotifyUpdateProvisionedProductEngineWorkflowResult": _engine_notifications.notify_update,
    "NotifyTerminateProvisionedProductEngineWorkflowResult": _engine_notifications.notify_terminate,
}

_CONTENT_TYPE: Final = "application/x-amz-json-1.1"
_log = logging.getLogger(__name__)

# The server answers requests on several threads; the emulator's state and the
# moto backends it drives are plain dicts, so one request is handled at a time.
_lock = threading.RLock()


class Session:
    """Settings of the active emulator that the request handler needs."""

    def __init__(
        self,
        plan: FaultPlan,
        in_progress_polls: int,
        stale_reads: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.plan = plan
        self.in_progress_polls = in_progress_polls
        self.stale_reads = stale_reads
        # Set: SearchProvisionedProducts without SortBy answers in a shuffled order.
        self.unstable_order: random.Random | None = None
        # A change also ends change_seconds of ``clock`` after it started.
        self.change_seconds: float | None = None
        self.clock = clock
        # Whether portfolios' principals decide what an end user sees and launches.
        self.enforce_access = True


_active: Session | None = None

#: What the emulator answers: HTTP status, headers, JSON body.
Answer = tuple[int, dict[str, str], str]


@contextmanager
def locked() -> Iterator[None]:
    """Hold the lock requests are answered under (for changes made outside a request)."""
    with _lock:
        yield


def activate(session: Session) -> None:
    """Serve requests for ``session``; only one can be active at a time."""
    global _active
    with _lock:
        if _active is not None and _active is not session:
            raise RuntimeError("Another ServiceCatalogEmulator is already running")
        _active = session


def deactivate(session: Session) -> None:
    """Stop serving requests for ``session``."""
    global _active
    with _lock:
        if _active is session:
            _active = None


def active() -> bool:
    """Whether an emulator is serving requests now."""
    return _active is not None


def _encode(value: Any) -> Any:
    # The JSON protocol sends timestamps as epoch seconds.
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"Cannot serialize {type(value).__name__}")


def _respond(status: int, body: str) -> Answer:
    headers = {"Content-Type": _CONTENT_TYPE, "x-amzn-RequestId": str(uuid.uuid4())}
    return status, headers, body


def _fail(error: EmulatorError) -> Answer:
    return _respond(error.status, error.body())


def _params(body: bytes) -> dict[str, Any]:
    try:
        params = json.loads(body or b"{}")
    except ValueError:
        raise EmulatorError("SerializationException", "The request body is not JSON") from None
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise EmulatorError("SerializationException", "The request body is not a JSON object")
    return params


def answer(
    operation: str, body: bytes, *, account: str, region: str, caller: Identity | None = None
) -> Answer:
    """Answer one Service Catalog request: ``operation`` with the JSON ``body``.

    Every answer is JSON in the shape of the AWS JSON 1.1 protocol: the result,
    a modelled error, or ``InternalFailure`` for an emulator bug.
    """
    session = _active
    if session is None:
        # A request that raced the emulator's stop.
        return _fail(EmulatorError("ServiceUnavailable", "The local emulator is not running."))
    with _lock:
        fault = session.plan.admit(operation, account, region)
        if fault is not None:
            return _fail(fault)
        handler = HANDLERS.get(operation)
        if handler is None:
            return _fail(
                EmulatorError(
                    "OperationNotSupportedException",
                    f"The local emulator does not serve {operation}.",
                )
            )
        backend = backend_for(account, region)
        backend.in_progress_polls = session.in_progress_polls
        backend.stale_reads = session.stale_reads
        backend.unstable_order = session.unstable_order
        backend.change_seconds = session.change_seconds
        backend.clock = session.clock
        backend.caller = caller
        backend.enforce_access = session.enforce_access
        backend.catch_up()
        try:
            result = handler(backend, checked(operation, _params(body)))
            text = json.dumps(result, default=_encode)
        except EmulatorError as error:
            return _fail(error)
        except Exception as exc:  # broad on purpose: any bug, logged below, answers 500
            # An emulator bug still answers in the protocol's shape, so the client
            # raises a ClientError instead of choking on an HTML error page. Only
            # the exception's type is told: its text could quote a parameter value.
            _log.error("The emulator failed on %s: %s", operation, type(exc).__name__)
            _log.debug("Traceback of the failure on %s", operation, exc_info=True)
            message = f"The local emulator failed on {operation} ({type(exc).__name__})."
            return _fail(EmulatorError("InternalFailure", message))
        return _respond(200, text)
