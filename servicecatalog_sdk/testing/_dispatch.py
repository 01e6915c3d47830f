"""Routing Service Catalog requests to the emulator.

moto has no plugin mechanism, so the emulator replaces one method of moto's
Service Catalog response class. moto internals relied on (checked on moto 5.2):

* ``moto.servicecatalog.responses.ServiceCatalogResponse`` handles every Service
  Catalog request, in-process (``mock_aws``) and in moto's server alike; its
  ``dispatch`` builds a fresh instance per request and calls ``call_action`` after
  ``setup_class``, so a replaced ``call_action`` takes effect even in a server whose
  app was built before the replacement.
* After ``setup_class`` the instance carries ``body`` (the JSON text),
  ``current_account``, ``region`` and ``response_headers``; ``_get_action()`` names
  the operation from the ``X-Amz-Target`` header.
* ``call_action`` returns ``(status, headers, body)``.

Operations the emulator does not serve go to moto's own ``call_action``, and so do
all requests while no emulator is active, which keeps plain moto behaviour intact.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from . import _artifacts, _parameters, _products, _provisioning, _reads
from ._backend import EmulatorBackend, backend_for
from ._errors import EmulatorError
from ._faults import FaultPlan

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
}

_CONTENT_TYPE: Final = "application/x-amz-json-1.1"
_MARK: Final = "_servicecatalog_sdk_emulator"

# moto's server answers requests on several threads; the emulator's state and the
# moto backends it drives are plain dicts, so one request is handled at a time.
_lock = threading.RLock()


class Session:
    """Settings of the active emulator that the request handler needs."""

    def __init__(self, plan: FaultPlan, in_progress_polls: int, stale_reads: int = 0) -> None:
        self.plan = plan
        self.in_progress_polls = in_progress_polls
        self.stale_reads = stale_reads


_active: Session | None = None


def activate(session: Session) -> None:
    """Make ``session`` the one requests are served for; only one can be active."""
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


def _encode(value: Any) -> Any:
    # The JSON protocol sends timestamps as epoch seconds.
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"Cannot serialize {type(value).__name__}")


def _respond(response: Any, status: int, body: str) -> tuple[int, dict[str, str], str]:
    headers = dict(response.response_headers)
    headers["Content-Type"] = _CONTENT_TYPE
    headers["x-amzn-RequestId"] = str(uuid.uuid4())
    return status, headers, body


def _serve(response: Any, session: Session, handler: Handler) -> Any:
    try:
        params = json.loads(response.body or "{}")
    except ValueError:
        error = EmulatorError("SerializationException", "The request body is not JSON")
        return _respond(response, error.status, error.body())
    if not isinstance(params, dict):
        params = {}
    backend = backend_for(response.current_account, response.region)
    backend.in_progress_polls = session.in_progress_polls
    backend.stale_reads = session.stale_reads
    try:
        result = handler(backend, params)
    except EmulatorError as error:
        return _respond(response, error.status, error.body())
    return _respond(response, 200, json.dumps(result, default=_encode))


def install() -> None:
    """Route Service Catalog requests through the emulator; safe to call repeatedly."""
    from moto.servicecatalog.responses import ServiceCatalogResponse

    original = ServiceCatalogResponse.call_action
    if getattr(original, _MARK, False):
        return

    def call_action(self: Any) -> Any:
        session = _active
        if session is None:
            return original(self)
        operation = str(self._get_action())
        with _lock:
            fault = session.plan.admit(operation)
            if fault is not None:
                return _respond(self, fault.status, fault.body())
            handler = HANDLERS.get(operation)
            if handler is None:
                return original(self)
            return _serve(self, session, handler)

    setattr(call_action, _MARK, True)
    setattr(ServiceCatalogResponse, "call_action", call_action)  # noqa: B010 - mypy rejects assigning to a method
