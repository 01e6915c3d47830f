"""Errors the SDK finds itself: a wrong request, a response that does not fit, a paging loop.

Re-exported by :mod:`servicecatalog_sdk.errors`.
"""

from __future__ import annotations

from servicecatalog_sdk._error_root import ServiceCatalogSDKError, public

__all__ = ["PaginationError", "ParamValidationError", "ResponseParseError"]


@public
class ParamValidationError(ServiceCatalogSDKError, ValueError):
    """The request is invalid; raised before anything is sent."""


@public
class ResponseParseError(ServiceCatalogSDKError):
    """A response did not fit the typed model: ``shape`` and ``path`` name where."""

    def __init__(self, *, shape: str, path: str, reason: str) -> None:
        self.shape = shape
        self.path = path
        self.reason = reason
        super().__init__(f"cannot read {shape} at {path}: {reason}")


@public
class PaginationError(ServiceCatalogSDKError):
    """The service handed back a page token already followed: paging would loop."""
