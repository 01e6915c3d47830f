"""The one module that calls the boto3 client.

It sends wire-form requests, follows page tokens by the generated operation
table (so operations botocore has no paginator for page the same way), and
turns botocore's exceptions into :mod:`servicecatalog_sdk.errors`. Retries of
a failed request are botocore's (its ``standard``/``adaptive`` modes resend the
very same request, idempotency token included): there is no second retry loop
here.
"""

from __future__ import annotations

import functools
import inspect
import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Any, Final, NamedTuple

import botocore
import botocore.endpoint
import botocore.exceptions

from servicecatalog_sdk import errors
from servicecatalog_sdk._compat import warn_once
from servicecatalog_sdk._deadline import stop_retrying_past_deadline
from servicecatalog_sdk._operation import OperationSpec
from servicecatalog_sdk._page_tokens import PageTokens

__all__ = [
    "MAPPED_ERRORS",
    "Failure",
    "Transport",
    "ensure_token",
    "finish_response",
    "typed_failure",
]

# botocore quotes the offending value in its validation messages; a wrong-typed
# provisioning parameter would put a password there. Greedy up to the last
# "type: <class ...>, valid types:" so a value that itself contains ", type:"
# cannot end the match early: with several bad values, more is redacted, never less.
_QUOTED_VALUE: Final = re.compile(r"value: .*, type: (<class '[^']*'>, valid types:)", re.DOTALL)


# Failures to send a request or read its answer, after botocore's own retries.
_CONNECTION_ERRORS: Final = (
    botocore.exceptions.ConnectionError,
    botocore.exceptions.HTTPClientError,
)

#: botocore's exceptions that typed_failure() maps to the SDK's errors; the
#: transports catch these only, so anything else propagates as itself.
MAPPED_ERRORS: Final[tuple[type[Exception], ...]] = (
    botocore.exceptions.ClientError,
    *_CONNECTION_ERRORS,
    botocore.exceptions.ParamValidationError,
)


class Transport:
    """Sends requests for one boto3 ``servicecatalog`` client."""

    def __init__(self, client: Any) -> None:
        self.client = client
        #: Whether :meth:`close` ran: the transport then refuses to send.
        self.closed = False
        _register_deadline_hook(client)

    def close(self) -> None:
        """Close the boto3 client's connections (once) and send nothing more."""
        if self.closed:
            return
        self.closed = True
        self.client.close()

    def call(self, spec: OperationSpec[Any], request: dict[str, Any]) -> dict[str, Any]:
        """Send one request; return botocore's parsed response."""
        if self.closed:
            # boto3 would quietly open new connections: the SDK client was closed on purpose.
            raise RuntimeError(
                "this ServiceCatalogClient is closed and cannot be reopened: build a new one"
            )
        token = ensure_token(spec, request)
        method = getattr(self.client, spec.method)
        try:
            response: dict[str, Any] = method(**request)
        except MAPPED_ERRORS as exc:
            failure = typed_failure(exc, spec.name, token)
            if failure is None:
                raise
        else:
            return finish_response(response, token)
        # Raised outside the handler: see typed_failure.
        raise failure.error from failure.cause

    def pages(self, spec: OperationSpec[Any], request: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Every page of a paged operation, fetched lazily, one request per page.

        The rules are botocore's paginator's: an absent or empty next token
        ends the iteration (so an empty token is never sent), and an empty page
        that still carries a token is followed. Unlike botocore, which compares
        only consecutive tokens, a token seen anywhere before in the iteration
        raises PaginationError. The loop is ours, not botocore's PageIterator:
        that one copies the request context and re-tags the user agent for each
        page, measured at about 14% of a one-page call here. A page token
        already in ``request`` (the caller's ``starting_token``) is sent with the
        first request only, and counts as seen.
        """
        tokens = PageTokens(spec, request)  # the rules, shared with the asyncio transport
        while True:
            page = self.call(spec, tokens.request)
            yield page
            if not tokens.advance(page):
                return


def ensure_token(spec: OperationSpec[Any], request: dict[str, Any]) -> str | None:
    """Fill in the operation's idempotency token unless the caller gave one; return it."""
    # A token made here is kept in the request dict, so botocore's retries
    # resend it and the caller can read it back from the response metadata.
    if spec.idempotency_token is None:
        return None
    token = request.get(spec.idempotency_token)
    if token is None:
        token = request[spec.idempotency_token] = str(uuid.uuid4())
    return str(token)


class Failure(NamedTuple):
    """The SDK error for a failed send, and the exception to chain it to (or None)."""

    error: Exception
    cause: BaseException | None


def typed_failure(exc: BaseException, operation: str, token: str | None) -> Failure | None:
    """The typed error for botocore's ``exc``, or None when it is not botocore's to map.

    Pure, so both transports map errors alike. A validation error has no
    cause: botocore's exception quotes the offending value (maybe a password),
    so the caller raises the error outside its ``except`` block, neither cause
    nor context.
    """
    error: errors.ServiceCatalogError | errors.TransportError
    if isinstance(exc, errors.ServiceCatalogSDKError):
        return None  # already the SDK's (its service errors are ClientErrors too)
    if isinstance(exc, botocore.exceptions.ClientError):
        error = _service_error(exc, operation)
    elif isinstance(exc, _CONNECTION_ERRORS):
        error = _transport_error(exc, operation)
    elif isinstance(exc, botocore.exceptions.ParamValidationError):
        return Failure(_validation_error(exc), None)
    else:
        return None
    error.idempotency_token = token
    return Failure(error, exc)


def finish_response(response: dict[str, Any], token: str | None) -> dict[str, Any]:
    """botocore's response, with the idempotency token sent (if any) in its metadata."""
    if token is not None:
        response.setdefault("ResponseMetadata", {})["SdkIdempotencyToken"] = token
    return response


@functools.cache
def _needs_retry_problem() -> str | None:
    # The hook relies on botocore's endpoint emitting ``needs-retry`` (from its
    # private ``Endpoint._needs_retry``) with the attempt's ``caught_exception``.
    emitter = getattr(botocore.endpoint.Endpoint, "_needs_retry", None)
    if emitter is None:
        return "its endpoint has no _needs_retry"
    try:
        names = inspect.signature(emitter).parameters
    except (TypeError, ValueError):
        return "its endpoint's _needs_retry cannot be inspected"
    if "caught_exception" not in names:
        return "its needs-retry event no longer carries caught_exception"
    return None


def _register_deadline_hook(client: Any) -> None:
    """Stop botocore's retries of a wait's poll at the wait's deadline, if botocore allows."""
    problem = _needs_retry_problem()
    if problem is None:
        register_first = getattr(getattr(client.meta, "events", None), "register_first", None)
        if not callable(register_first):
            problem = "the client's event system has no register_first"
        else:
            try:
                # One hook per boto3 client, however many SDK clients wrap it.
                register_first(
                    "needs-retry.servicecatalog",
                    stop_retrying_past_deadline,
                    unique_id="servicecatalog-sdk-wait-deadline",
                )
            except (TypeError, ValueError) as exc:
                # What botocore's emitter raises for a handler or unique id it
                # will not take, or a changed signature: go on without the hook.
                problem = f"registering a needs-retry handler raised {type(exc).__name__}"
    if problem is not None:
        warn_once(
            "needs-retry",
            f"botocore {botocore.__version__} does not fit the SDK's wait-deadline hook "
            f"({problem}); a wait can overrun its timeout by botocore's retries of one "
            "poll request",
        )


def _service_error(
    exc: botocore.exceptions.ClientError, operation: str
) -> errors.ServiceCatalogError:
    response: Mapping[str, Any] = exc.response
    error = response.get("Error", {})
    meta = response.get("ResponseMetadata", {})
    code = str(error.get("Code") or "Unknown")
    status = meta.get("HTTPStatusCode")
    cls = errors.error_class_for(code, status)
    return cls(
        code=code,
        message=str(error.get("Message") or ""),
        operation=operation,
        request_id=meta.get("RequestId"),
        http_status=status,
        response=response,
    )


def _validation_error(exc: botocore.exceptions.ParamValidationError) -> errors.ParamValidationError:
    return errors.ParamValidationError(_QUOTED_VALUE.sub(r"value: <redacted>, type: \1", str(exc)))


def _transport_error(exc: Exception, operation: str) -> errors.TransportError:
    # A TLS failure is a configuration problem, not a blip: another try won't help.
    retryable = not isinstance(exc, botocore.exceptions.SSLError)
    return errors.TransportError(str(exc), operation=operation, retryable=retryable)
