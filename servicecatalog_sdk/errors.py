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

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from servicecatalog_sdk._model_support import FrozenDict

if TYPE_CHECKING:
    from servicecatalog_sdk.models import (
        DescribeCopyProductStatusOutput,
        DescribePortfolioShareStatusOutput,
        DescribeProductAsAdminOutput,
        DescribeProvisionedProductPlanOutput,
        DescribeProvisioningArtifactOutput,
        ProvisionedProductDetail,
        RecordDetail,
        RecordError,
        ShareError,
    )

    # botocore ships no type hints: to mypy its ClientError is ``Any``, and a
    # class deriving from ``Any`` lets every misspelt attribute through. This
    # stand-in declares what ClientError adds; at run time the base is botocore's.
    class ClientError(Exception):
        """botocore's ``ClientError``, as far as the SDK's errors use it."""

        response: dict[str, Any]
        operation_name: str

else:
    from botocore.exceptions import ClientError

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


# -- the root, and the warnings ------------------------------------------------


# Every pickled error names this function as ``servicecatalog_sdk.errors._rebuild``:
# its name and module stay, or those pickles stop loading.
def _rebuild(cls: type[BaseException], args: tuple[Any, ...]) -> BaseException:
    # BaseException.__new__ sets ``args`` (hence str()); __init__ is not run,
    # because most of ours take keyword-only fields that pickle cannot pass.
    return cls.__new__(cls, *args)


class ServiceCatalogSDKError(Exception):
    """Root of every exception this SDK raises.

    Every error of the SDK pickles and copies with all its fields and the same
    ``str()``, so it can cross process boundaries (``multiprocessing``,
    ``concurrent.futures``, task queues).
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # The third item is applied by BaseException.__setstate__ (a __dict__ update).
        return (_rebuild, (type(self), self.args), self.__dict__)


class UnknownValueWarning(UserWarning):
    """The service sent a value this SDK version does not know (e.g. a new status)."""


class BotocoreCompatibilityWarning(UserWarning):
    """The installed botocore lacks an internal an SDK speed-up or safeguard relies on.

    The SDK then does without it (botocore's standard response parser, say):
    results stay the same. The message names what is missing and its effect.
    """


# -- the service said no (or never answered) ----------------------------------


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
    #: The parsed error response, as botocore's ``ClientError`` holds it.
    response: dict[str, Any]
    #: The operation called, as botocore's ``ClientError`` names it.
    operation_name: str

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


class ResourceNotFoundError(ServiceCatalogError):
    """``ResourceNotFoundException``: the id or name does not exist."""


class InvalidParametersError(ServiceCatalogError):
    """``InvalidParametersException``: the service rejected the request's values."""


class DuplicateResourceError(ServiceCatalogError):
    """``DuplicateResourceException``: e.g. a provisioned product name already taken."""


class InvalidStateError(ServiceCatalogError):
    """``InvalidStateException``: the resource is not in a state that allows this."""


class LimitExceededError(ServiceCatalogError):
    """``LimitExceededException``: an account or resource quota is reached."""


class ResourceInUseError(ServiceCatalogError):
    """``ResourceInUseException``: the resource is still used elsewhere."""


class TagOptionNotMigratedError(ServiceCatalogError):
    """``TagOptionNotMigratedException``: TagOptions were not migrated yet."""


class OperationNotSupportedError(ServiceCatalogError):
    """``OperationNotSupportedException``: not supported for this resource."""


class ThrottlingError(ServiceCatalogError):
    """The request was throttled, after botocore's own retries gave up."""


class AccessDeniedError(ServiceCatalogError):
    """The caller is not allowed to do this, or its credentials were refused."""


class InternalServerError(ServiceCatalogError):
    """The service failed (HTTP 5xx), after botocore's own retries gave up."""


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


# -- found by the SDK itself, nothing sent or nothing usable received ----------


class ParamValidationError(ServiceCatalogSDKError, ValueError):
    """The request is invalid; raised before anything is sent."""


class ResponseParseError(ServiceCatalogSDKError):
    """A response did not fit the typed model: ``shape`` and ``path`` name where."""

    def __init__(self, *, shape: str, path: str, reason: str) -> None:
        self.shape = shape
        self.path = path
        self.reason = reason
        super().__init__(f"cannot read {shape} at {path}: {reason}")


class PaginationError(ServiceCatalogSDKError):
    """The service handed back a page token already followed: paging would loop."""


# -- a waited-for change failed or did not finish ------------------------------


class WaiterError(ServiceCatalogSDKError):
    """Base of every error a waiter raises.

    ``resource_id`` is the id or token the wait was on (a record id, a product
    id, a copy token, ...; ``None`` for a fleet wait, whose error names every
    product, and for the organizations-access wait). ``started`` is set when
    the error comes from an operation called with ``wait=True``: that
    operation's own output (its record, plan id, copy or share token), so the
    caller can resume with a waiter instead of starting the change again.
    """

    resource_id: str | None = None
    started: object | None = None


class WaiterTimeoutError(WaiterError):
    """The change did not settle before the timeout.

    ``last`` is the last typed observation (or ``None`` when no poll succeeded)
    and ``status`` its status; ``resource_id`` and ``started`` are as on
    :class:`WaiterError`.
    """

    def __init__(
        self,
        message: str,
        *,
        last: object | None,
        status: str | None,
        resource_id: str | None = None,
        started: object | None = None,
    ) -> None:
        self.last = last
        self.status = status
        self.resource_id = resource_id
        self.started = started
        super().__init__(message)


class RecordFailedError(WaiterError):
    """A record ended ``FAILED``: ``record`` is the final detail, ``errors`` its errors."""

    def __init__(self, record: RecordDetail) -> None:
        self.record = record
        self.resource_id: str | None = record.record_id
        self.errors: Sequence[RecordError] = record.record_errors
        reasons = "; ".join(f"{e.code or '?'}: {e.description or ''}".strip() for e in self.errors)
        super().__init__(
            f"record {record.record_id} ({record.record_type or 'change'}) of "
            f"{record.provisioned_product_name or record.provisioned_product_id} failed"
            + (f": {reasons}" if reasons else "")
        )


class ProvisionedProductFailedError(WaiterError):
    """A provisioned product settled ``ERROR``: ``detail`` holds the final state."""

    def __init__(self, detail: ProvisionedProductDetail) -> None:
        self.detail = detail
        self.resource_id: str | None = detail.id
        self.status_message: str | None = detail.status_message
        super().__init__(_product_message(detail, "is in ERROR"))


class ProvisionedProductTaintedError(WaiterError):
    """A provisioned product settled ``TAINTED``: its last change failed and rolled back."""

    def __init__(self, detail: ProvisionedProductDetail) -> None:
        self.detail = detail
        self.resource_id: str | None = detail.id
        self.status_message: str | None = detail.status_message
        super().__init__(_product_message(detail, "is TAINTED (its last change failed)"))


class ProvisionedProductsFailedError(WaiterError):
    """Products of a fleet settled as failures; raised once every product settled.

    ``failures`` maps each failed product id to its final detail (``None`` when
    the product could not be found) and ``reasons`` to a one-line cause;
    ``results`` holds the products that succeeded.
    """

    def __init__(
        self,
        failures: Mapping[str, ProvisionedProductDetail | None],
        reasons: Mapping[str, str],
        results: Mapping[str, ProvisionedProductDetail],
    ) -> None:
        self.failures: Mapping[str, ProvisionedProductDetail | None] = FrozenDict(failures)
        self.reasons: Mapping[str, str] = FrozenDict(reasons)
        self.results: Mapping[str, ProvisionedProductDetail] = FrozenDict(results)
        listing = "; ".join(f"{pid}: {reasons[pid]}" for pid in failures)
        super().__init__(f"{len(failures)} of {len(failures) + len(results)} failed: {listing}")


class ProductFailedError(WaiterError):
    """A product ended ``FAILED``; ``last`` is the final ``DescribeProductAsAdmin`` output."""

    def __init__(self, last: DescribeProductAsAdminOutput, *, product_id: str) -> None:
        self.last = last
        self.resource_id: str | None = product_id
        view = last.product_view_detail
        summary = view.product_view_summary if view is not None else None
        name = f" ({summary.name})" if summary is not None and summary.name else ""
        super().__init__(f"product {product_id}{name} FAILED")


class ProvisioningArtifactFailedError(WaiterError):
    """A provisioning artifact ended ``FAILED``; ``last`` is the final describe output.

    ``resource_id`` is the artifact id and ``product_id`` its product's.
    """

    def __init__(
        self, last: DescribeProvisioningArtifactOutput, *, product_id: str, artifact_id: str
    ) -> None:
        self.last = last
        self.resource_id: str | None = artifact_id
        self.product_id = product_id
        super().__init__(f"provisioning artifact {artifact_id} of product {product_id} FAILED")


class CopyProductFailedError(WaiterError):
    """A product copy ended ``FAILED``: ``status_detail`` is the service's reason."""

    def __init__(self, last: DescribeCopyProductStatusOutput, *, copy_product_token: str) -> None:
        self.last = last
        self.resource_id: str | None = copy_product_token
        self.status_detail: str | None = last.status_detail
        reason = f": {last.status_detail}" if last.status_detail else ""
        super().__init__(f"product copy {copy_product_token} FAILED{reason}")


class ProvisionedProductPlanFailedError(WaiterError):
    """A plan ended ``CREATE_FAILED`` or ``EXECUTE_FAILED``.

    ``status`` is that status and ``status_message`` the service's reason
    (e.g. ``No updates are to be performed.``); ``last`` is the final output.
    """

    def __init__(self, last: DescribeProvisionedProductPlanOutput, *, plan_id: str) -> None:
        self.last = last
        self.resource_id: str | None = plan_id
        plan = last.provisioned_product_plan_details
        self.status: str | None = str(plan.status) if plan is not None and plan.status else None
        self.status_message: str | None = plan.status_message if plan is not None else None
        name = f" ({plan.plan_name})" if plan is not None and plan.plan_name else ""
        reason = f": {self.status_message}" if self.status_message else ""
        super().__init__(f"provisioned product plan {plan_id}{name} is {self.status}{reason}")


class PortfolioShareFailedError(WaiterError):
    """An organization share ended ``COMPLETED_WITH_ERRORS`` or ``ERROR``.

    ``errors`` holds every share error (its accounts, message and error code),
    ``status`` the final status and ``last`` the final output, whose
    ``share_details.successful_shares`` lists the accounts that did get it.
    """

    def __init__(
        self, last: DescribePortfolioShareStatusOutput, *, portfolio_share_token: str
    ) -> None:
        self.last = last
        self.resource_id: str | None = portfolio_share_token
        self.status: str | None = str(last.status) if last.status else None
        details = last.share_details
        self.errors: Sequence[ShareError] = details.share_errors if details is not None else ()
        reasons = "; ".join(
            f"{e.error or 'error'} for {', '.join(e.accounts) or 'no account'}: {e.message or ''}"
            for e in self.errors
        )
        super().__init__(
            f"portfolio share {portfolio_share_token} of {last.portfolio_id or '?'} "
            f"is {self.status}" + (f": {reasons}" if reasons else "")
        )


def _product_message(detail: ProvisionedProductDetail, what: str) -> str:
    text = f"provisioned product {detail.name or detail.id} {what}"
    return f"{text}: {detail.status_message}" if detail.status_message else text
