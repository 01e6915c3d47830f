"""Errors of a call the service refused or that never got an answer (re-exported by ``errors``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from servicecatalog_sdk._error_root import ServiceCatalogSDKError, public

if TYPE_CHECKING:
    # botocore ships no type hints: to mypy its ClientError is ``Any``, and a
    # class deriving from ``Any`` lets every misspelt attribute through. This
    # stand-in declares what ClientError adds; at run time the base is botocore's.
    class ClientError(Exception):
        """botocore's ``ClientError``, as far as the SDK's errors use it."""

        response: dict[str, Any]
        operation_name: str

else:
    from botocore.exceptions import ClientError

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
class ServiceCatalogError(ServiceCatalogSDKError, ClientError):
    """An error response from the service; subclasses name the cause.

    Attributes hold the error ``code`` (``ResourceNotFoundException``, ...), the
    service's ``message``, the ``operation`` called, the ``request_id`` to quote
    to AWS support, and the ``http_status``. For an operation that takes an
    idempotency token, ``idempotency_token`` is the one sent: after a throttled
    or failed change, repeating the call with it cannot start a second change.

    It is also a ``botocore.exceptions.ClientError``, so code written for boto3
    keeps working: ``except ClientError`` catches it, ``response`` is the parsed
    error response (``response["Error"]["Code"]``, ``["Error"]["Message"]``,
    ``["ResponseMetadata"]``) and ``operation_name`` the operation. ``response``
    is botocore's own when the error came from a call (the ``response`` given
    here), else built from the other fields. ``str()`` stays the SDK's
    ``"Operation: Code: message"``, not botocore's sentence.
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
        response: Mapping[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.operation = operation
        self.request_id = request_id
        self.http_status = http_status
        self._set_client_error_fields(response)
        # Not ClientError.__init__: it would make str() botocore's sentence.
        Exception.__init__(
            self, f"{operation}: {code}: {message}" if message else f"{operation}: {code}"
        )

    def _set_client_error_fields(self, response: Mapping[str, Any] | None) -> None:
        # Plain dicts and lists, so the error pickles and copies like the rest.
        self.response = (
            _plain_dict(response)
            if response is not None
            else _error_response(self.code, self.message, self.request_id, self.http_status)
        )
        self.operation_name = self.operation

    def __setstate__(self, state: dict[str, Any] | None) -> None:
        """Restore a pickled or copied error.

        One pickled before the class was a ClientError gains ``response`` and
        ``operation_name`` from its other fields.
        """
        if state:
            self.__dict__.update(state)
        if "response" not in self.__dict__:
            self._set_client_error_fields(None)


def _error_response(
    code: str, message: str, request_id: str | None, http_status: int | None
) -> dict[str, Any]:
    """The error response botocore would have parsed, from an error's fields."""
    meta: dict[str, Any] = {}
    if request_id is not None:
        meta["RequestId"] = request_id
    if http_status is not None:
        meta["HTTPStatusCode"] = http_status
    return {"Error": {"Code": code, "Message": message}, "ResponseMetadata": meta}


def _plain_dict(value: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key): _plain(item) for key, item in value.items()}


def _plain(value: object) -> Any:
    # A copy in builtins: the error owns its response (not botocore's exception),
    # and a mapping of another type given by a caller still pickles and compares.
    if isinstance(value, Mapping):
        return _plain_dict(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


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
