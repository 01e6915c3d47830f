"""Every error the SDK raises, grouped by cause.

``ServiceCatalogSDKError`` is the root. Below it:

* :class:`ServiceCatalogError` and its subclasses: the service (or AWS's front
  door) answered with an error; one class per error code the service models,
  plus throttling, access and server-side faults;
* :class:`ParamValidationError` (also a ``ValueError``): the request was wrong
  before anything was sent;
* :class:`ResponseParseError`: a response did not fit the typed models;
* :class:`PaginationError`: a paged operation would loop;
* :class:`WaiterError` and its subclasses: a waited-for change failed or did
  not finish in time.
"""

from __future__ import annotations

# The classes live in one private module per cause; this module is their public
# home (each class names it as its ``__module__``, so pickles and tracebacks do too).
from servicecatalog_sdk._error_root import (
    BotocoreCompatibilityWarning,
    ServiceCatalogSDKError,
    UnknownValueWarning,
    _rebuild,  # noqa: F401  # pickles made before the split name it here
)
from servicecatalog_sdk._local_errors import (
    PaginationError,
    ParamValidationError,
    ResponseParseError,
)
from servicecatalog_sdk._service_errors import (
    AccessDeniedError,
    DuplicateResourceError,
    InternalServerError,
    InvalidParametersError,
    InvalidStateError,
    LimitExceededError,
    OperationNotSupportedError,
    ResourceInUseError,
    ResourceNotFoundError,
    ServiceCatalogError,
    TagOptionNotMigratedError,
    ThrottlingError,
    TransportError,
    error_class_for,
)
from servicecatalog_sdk._waiter_errors import (
    CopyProductFailedError,
    PortfolioShareFailedError,
    ProductFailedError,
    ProvisionedProductFailedError,
    ProvisionedProductPlanFailedError,
    ProvisionedProductsFailedError,
    ProvisionedProductTaintedError,
    ProvisioningArtifactFailedError,
    RecordFailedError,
    WaiterError,
    WaiterTimeoutError,
)

# In the order of the reference page: the root, then by cause, base classes first.
__all__ = [
    "ServiceCatalogSDKError",
    "UnknownValueWarning",
    "BotocoreCompatibilityWarning",
    "ServiceCatalogError",
    "ResourceNotFoundError",
    "InvalidParametersError",
    "DuplicateResourceError",
    "InvalidStateError",
    "LimitExceededError",
    "ResourceInUseError",
    "TagOptionNotMigratedError",
    "OperationNotSupportedError",
    "ThrottlingError",
    "AccessDeniedError",
    "InternalServerError",
    "TransportError",
    "error_class_for",
    "ParamValidationError",
    "ResponseParseError",
    "PaginationError",
    "WaiterError",
    "WaiterTimeoutError",
    "RecordFailedError",
    "ProvisionedProductFailedError",
    "ProvisionedProductTaintedError",
    "ProvisionedProductsFailedError",
    "ProductFailedError",
    "ProvisioningArtifactFailedError",
    "CopyProductFailedError",
    "ProvisionedProductPlanFailedError",
    "PortfolioShareFailedError",
]
