"""servicecatalog-sdk: a typed Python SDK for AWS Service Catalog, over boto3.

The names below are loaded on first use, so ``import servicecatalog_sdk`` stays
cheap; every model is in :mod:`servicecatalog_sdk.models` and every error in
:mod:`servicecatalog_sdk.errors`. :func:`structure` and :func:`unstructure`
convert between boto3's dicts and the models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from servicecatalog_sdk._version import __version__

if TYPE_CHECKING:
    from servicecatalog_sdk._converter import structure as structure
    from servicecatalog_sdk._converter import unstructure as unstructure
    from servicecatalog_sdk._metadata import ResponseMetadata as ResponseMetadata
    from servicecatalog_sdk.aio import AsyncServiceCatalogClient as AsyncServiceCatalogClient
    from servicecatalog_sdk.client import ServiceCatalogClient as ServiceCatalogClient
    from servicecatalog_sdk.errors import (
        AccessDeniedError as AccessDeniedError,
    )
    from servicecatalog_sdk.errors import (
        BotocoreCompatibilityWarning as BotocoreCompatibilityWarning,
    )
    from servicecatalog_sdk.errors import (
        CopyProductFailedError as CopyProductFailedError,
    )
    from servicecatalog_sdk.errors import (
        DuplicateResourceError as DuplicateResourceError,
    )
    from servicecatalog_sdk.errors import (
        InternalServerError as InternalServerError,
    )
    from servicecatalog_sdk.errors import (
        InvalidParametersError as InvalidParametersError,
    )
    from servicecatalog_sdk.errors import (
        InvalidStateError as InvalidStateError,
    )
    from servicecatalog_sdk.errors import (
        LimitExceededError as LimitExceededError,
    )
    from servicecatalog_sdk.errors import (
        OperationNotSupportedError as OperationNotSupportedError,
    )
    from servicecatalog_sdk.errors import (
        PaginationError as PaginationError,
    )
    from servicecatalog_sdk.errors import (
        ParamValidationError as ParamValidationError,
    )
    from servicecatalog_sdk.errors import (
        PortfolioShareFailedError as PortfolioShareFailedError,
    )
    from servicecatalog_sdk.errors import (
        ProductFailedError as ProductFailedError,
    )
    from servicecatalog_sdk.errors import (
        ProvisionedProductFailedError as ProvisionedProductFailedError,
    )
    from servicecatalog_sdk.errors import (
        ProvisionedProductPlanFailedError as ProvisionedProductPlanFailedError,
    )
    from servicecatalog_sdk.errors import (
        ProvisionedProductsFailedError as ProvisionedProductsFailedError,
    )
    from servicecatalog_sdk.errors import (
        ProvisionedProductTaintedError as ProvisionedProductTaintedError,
    )
    from servicecatalog_sdk.errors import (
        ProvisioningArtifactFailedError as ProvisioningArtifactFailedError,
    )
    from servicecatalog_sdk.errors import (
        RecordFailedError as RecordFailedError,
    )
    from servicecatalog_sdk.errors import (
        ResourceInUseError as ResourceInUseError,
    )
    from servicecatalog_sdk.errors import (
        ResourceNotFoundError as ResourceNotFoundError,
    )
    from servicecatalog_sdk.errors import (
        ResponseParseError as ResponseParseError,
    )
    from servicecatalog_sdk.errors import (
        ServiceCatalogError as ServiceCatalogError,
    )
    from servicecatalog_sdk.errors import (
        ServiceCatalogSDKError as ServiceCatalogSDKError,
    )
    from servicecatalog_sdk.errors import (
        TagOptionNotMigratedError as TagOptionNotMigratedError,
    )
    from servicecatalog_sdk.errors import (
        ThrottlingError as ThrottlingError,
    )
    from servicecatalog_sdk.errors import (
        TransportError as TransportError,
    )
    from servicecatalog_sdk.errors import (
        UnknownValueWarning as UnknownValueWarning,
    )
    from servicecatalog_sdk.errors import (
        WaiterError as WaiterError,
    )
    from servicecatalog_sdk.errors import (
        WaiterTimeoutError as WaiterTimeoutError,
    )
    from servicecatalog_sdk.models import (
        ProductViewSummary as ProductViewSummary,
    )
    from servicecatalog_sdk.models import (
        ProvisionedProductDetail as ProvisionedProductDetail,
    )
    from servicecatalog_sdk.models import (
        ProvisionedProductStatus as ProvisionedProductStatus,
    )
    from servicecatalog_sdk.models import (
        ProvisioningArtifactDetail as ProvisioningArtifactDetail,
    )
    from servicecatalog_sdk.models import (
        ProvisioningParameter as ProvisioningParameter,
    )
    from servicecatalog_sdk.models import (
        RecordDetail as RecordDetail,
    )
    from servicecatalog_sdk.models import (
        RecordStatus as RecordStatus,
    )
    from servicecatalog_sdk.models import (
        Tag as Tag,
    )
    from servicecatalog_sdk.models import (
        UpdateProvisioningParameter as UpdateProvisioningParameter,
    )
    from servicecatalog_sdk.pagination import Page as Page
    from servicecatalog_sdk.pagination import PageIterator as PageIterator

_ERRORS = (
    "AccessDeniedError",
    "BotocoreCompatibilityWarning",
    "CopyProductFailedError",
    "DuplicateResourceError",
    "InternalServerError",
    "InvalidParametersError",
    "InvalidStateError",
    "LimitExceededError",
    "OperationNotSupportedError",
    "PaginationError",
    "ParamValidationError",
    "PortfolioShareFailedError",
    "ProductFailedError",
    "ProvisionedProductFailedError",
    "ProvisionedProductPlanFailedError",
    "ProvisionedProductTaintedError",
    "ProvisionedProductsFailedError",
    "ProvisioningArtifactFailedError",
    "RecordFailedError",
    "ResourceInUseError",
    "ResourceNotFoundError",
    "ResponseParseError",
    "ServiceCatalogError",
    "ServiceCatalogSDKError",
    "TagOptionNotMigratedError",
    "ThrottlingError",
    "TransportError",
    "UnknownValueWarning",
    "WaiterError",
    "WaiterTimeoutError",
)
_MODELS = (
    "ProductViewSummary",
    "ProvisionedProductDetail",
    "ProvisionedProductStatus",
    "ProvisioningArtifactDetail",
    "ProvisioningParameter",
    "RecordDetail",
    "RecordStatus",
    "Tag",
    "UpdateProvisioningParameter",
)
# Where each lazily loaded public name lives.
_LOCATION: dict[str, str] = {
    "ServiceCatalogClient": "servicecatalog_sdk.client",
    # Needs the ``async`` extra (aiobotocore) only when first used.
    "AsyncServiceCatalogClient": "servicecatalog_sdk.aio",
    "Page": "servicecatalog_sdk.pagination",
    "PageIterator": "servicecatalog_sdk.pagination",
    "ResponseMetadata": "servicecatalog_sdk._metadata",
    "structure": "servicecatalog_sdk._converter",
    "unstructure": "servicecatalog_sdk._converter",
    **dict.fromkeys(_ERRORS, "servicecatalog_sdk.errors"),
    **dict.fromkeys(_MODELS, "servicecatalog_sdk.models"),
}

__all__ = ["__version__", *sorted(_LOCATION)]


def __getattr__(name: str) -> Any:
    module = _LOCATION.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
