"""Errors of a call the service refused or that never got an answer (re-exported by ``errors``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from servicecatalog_sdk._error_root import ServiceCatalogSDKError, public

__all__ = [
    "AccessDeniedError",
    "DuplicateResourceError",
    "InternalServerError",
    "InvalidParametersError",
    "InvalidStateError",
    "LimitExceededError",
    "OperationNotSupportedError",
    "ResourceInUseError",
    "ResourceNotFoundError",
    "ServiceCatalogError",
    "TagOptionNotMigratedError",
    "ThrottlingError",
    "TransportError",
    "error_class_for",
]


@public
class ServiceCatalogError(ServiceCatalogSDKError):
    """An error response from the service; subclasses name the cause.

    Attributes hold the error ``code`` (``ResourceNotFoundException``, ...), the
    service's ``message``, the ``operation`` called, the ``request_id`` to quote
    to AWS support, and the ``http_status``. For an operation that takes an
    idempotency token, ``idempotency_token`` is the one sent: after a throttled
    or failed change, repeating the call with it cannot start a second change.
    """

    idempotency_token: str | None = None

    def __init__(
        self,
        *,
        code: str,
        message: str,
        operation: str,
        request_id: str | None = None,
        http_status: int | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.operation = operation
        self.request_id = request_id
        self.http_status = http_status
        super().__init__(f"{operation}: {code}: {message}" if message else f"{operation}: {code}")


@public
class ResourceNotFoundError(ServiceCatalogError):
    """``ResourceNotFoundException``: the id or name does not exist."""


@public
class InvalidParametersError(ServiceCatalogError):
    """``InvalidParametersException``: the service rejected the request's values."""


@public
class DuplicateResourceError(ServiceCatalogError):
    """``DuplicateResourceException``: e.g. a provisioned product name already taken."""


@public
class InvalidStateError(ServiceCatalogError):
    """``InvalidStateException``: the resource is not in a state that allows this."""


@public
class LimitExceededError(ServiceCatalogError):
    """``LimitExceededException``: an account or resource quota is reached."""


@public
class ResourceInUseError(ServiceCatalogError):
    """``ResourceInUseException``: the resource is still used elsewhere."""


@public
class TagOptionNotMigratedError(ServiceCatalogError):
    """``TagOptionNotMigratedException``: TagOptions were not migrated yet."""


@public
class OperationNotSupportedError(ServiceCatalogError):
    """``OperationNotSupportedException``: not supported for this resource."""


@public
class ThrottlingError(ServiceCatalogError):
    """The request was throttled, after botocore's own retries gave up."""


@public
class AccessDeniedError(ServiceCatalogError):
    """The caller is not allowed to do this, or its credentials were refused."""


@public
class InternalServerError(ServiceCatalogError):
    """The service failed (HTTP 5xx), after botocore's own retries gave up."""


@public
class TransportError(ServiceCatalogSDKError):
    """The request could not be sent or its answer not read (connection, timeout, TLS).

    Raised after botocore's own retries gave up; the botocore exception is chained.
    ``retryable`` is ``False`` for failures that another try will not fix (TLS).
    ``idempotency_token`` is the token sent, as on :class:`ServiceCatalogError`:
    the change may have been made even though no answer arrived.
    """

    idempotency_token: str | None = None

    def __init__(self, message: str, *, operation: str, retryable: bool) -> None:
        self.operation = operation
        self.retryable = retryable
        super().__init__(f"{operation}: {message}")


_BY_CODE: Final[Mapping[str, type[ServiceCatalogError]]] = {
    "ResourceNotFoundException": ResourceNotFoundError,
    "InvalidParametersException": InvalidParametersError,
    "DuplicateResourceException": DuplicateResourceError,
    "InvalidStateException": InvalidStateError,
    "LimitExceededException": LimitExceededError,
    "ResourceInUseException": ResourceInUseError,
    "TagOptionNotMigratedException": TagOptionNotMigratedError,
    "OperationNotSupportedException": OperationNotSupportedError,
    # Throttling codes AWS front ends use (the same set botocore retries on).
    **dict.fromkeys(
        (
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "RequestThrottledException",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "RequestThrottled",
            "SlowDown",
            "PriorRequestNotComplete",
        ),
        ThrottlingError,
    ),
    **dict.fromkeys(
        (
            "AccessDeniedException",
            "AccessDenied",
            "UnauthorizedOperation",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            "ExpiredTokenException",
            "ExpiredToken",
        ),
        AccessDeniedError,
    ),
}


def error_class_for(code: str, http_status: int | None = None) -> type[ServiceCatalogError]:
    """The error class for an error code (HTTP 5xx without a known code: server error)."""
    cls = _BY_CODE.get(code)
    if cls is not None:
        return cls
    if http_status is not None and http_status >= 500:
        return InternalServerError
    return ServiceCatalogError
