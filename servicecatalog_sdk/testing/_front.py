"""How Service Catalog requests reach the emulator, over HTTP and in-process.

The emulator reads each Service Catalog request itself: the operation from the
``X-Amz-Target`` header, the account and region from the request's credentials
and URL, the body as JSON checked against botocore's service model. moto never
parses one, so a moto release cannot change how they are read.

* Server mode: :class:`ServingApp` is the WSGI application the emulator's server
  runs. It answers every request whose ``X-Amz-Target`` names Service Catalog and
  hands anything else (S3, CloudFormation, IAM, STS, Organizations, moto's
  ``/moto-api``) to moto's own application.
* In-process (``mock_aws``): moto's botocore hook routes each request by its
  services' URL tables. While an emulator runs, the Service Catalog root path of
  ``moto.servicecatalog.urls.url_paths`` points at :func:`_route_from_moto`
  (:func:`install`), and moto's own entry is put back when it stops.

moto internals relied on: that URL table (path template -> a callable taking
``(request, url, headers)`` and returning ``(status, headers, body)``), and
``moto.iam.models.get_account_id_from`` for the account of an access key that
moto's STS issued (an assumed role acts in the role's account); ``_access``
names the identity behind the key.
"""

from __future__ import annotations

import gzip
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from moto.utilities.utils import get_partition

from ._access import Identity, identity_of
from ._dispatch import Answer, answer
from ._errors import EmulatorError

#: The JSON protocol's target prefix of every Service Catalog operation.
TARGET_PREFIX: Final = "AWS242ServiceCatalogService."
#: moto's documented header naming the account a request acts in.
ACCOUNT_HEADER: Final = "x-moto-account-id"
#: The account moto (and so the emulator) acts in for keys it did not issue.
DEFAULT_ACCOUNT_ID: Final = "123456789012"
_DEFAULT_REGION: Final = "us-east-1"
# SigV4: "AWS4-HMAC-SHA256 Credential=AKID/20261201/eu-west-1/servicecatalog/aws4_request, ..."
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([a-z0-9-]+)/")
_HOST_REGION = re.compile(r"servicecatalog\.([a-z0-9-]+)\.amazonaws\.com")
# The root path of moto's Service Catalog URL table (AppRegistry has other paths).
_ROOT_PATH: Final = "{0}/$"


@dataclass(frozen=True)
class Caller:
    """Who sent a request and where it acts: access key, account, region, identity."""

    access_key: str | None
    account: str
    region: str
    identity: Identity


def _lowered(headers: Any) -> dict[str, str]:
    # A dict, werkzeug's Headers or botocore's HTTPHeaders: each has items().
    return {
        str(name).lower(): value.decode("latin-1") if isinstance(value, bytes) else str(value)
        for name, value in headers.items()
    }


def _account_of(access_key: str | None, headers: Mapping[str, str]) -> str:
    # The same order moto uses for the other services, so one client's Service
    # Catalog and CloudFormation calls act in the same account.
    if "MOTO_ACCOUNT_ID" in os.environ:
        return os.environ["MOTO_ACCOUNT_ID"]
    if ACCOUNT_HEADER in headers:
        return headers[ACCOUNT_HEADER]
    if access_key is None:
        return DEFAULT_ACCOUNT_ID
    from moto.iam.models import get_account_id_from

    account: str = get_account_id_from(access_key)
    return account


def caller_of(headers: Mapping[str, str], url: str) -> Caller:
    """The caller of a request, from its (lower-cased) headers and its URL."""
    credential = _CREDENTIAL.search(headers.get("authorization", ""))
    access_key = credential.group(1) if credential else None
    host_region = _HOST_REGION.search(url)
    if credential:
        region = credential.group(2)
    elif host_region:
        region = host_region.group(1)
    else:
        region = _DEFAULT_REGION
    account = _account_of(access_key, headers)
    identity = identity_of(access_key, account, get_partition(region))
    return Caller(access_key, account, region, identity)


def respond(raw_headers: Any, body: bytes, url: str) -> Answer:
    """Answer one HTTP request to Service Catalog, whatever carried it."""
    headers = _lowered(raw_headers)
    target = headers.get("x-amz-target", "")
    if not target.startswith(TARGET_PREFIX):
        error = EmulatorError(
            "UnknownOperationException", "The request names no Service Catalog operation."
        )
        return error.status, {"Content-Type": "application/x-amz-json-1.1"}, error.body()
    if headers.get("content-encoding", "").lower() == "gzip":
        body = gzip.decompress(body)
    caller = caller_of(headers, url)
    return answer(
        target[len(TARGET_PREFIX) :],
        body,
        account=caller.account,
        region=caller.region,
        caller=caller.identity,
    )


# -- server mode ------------------------------------------------------------------

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class ServingApp:
    """The server's WSGI application: Service Catalog here, everything else to moto."""

    def __init__(self, moto_app: WsgiApp) -> None:
        self._moto_app = moto_app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer a Service Catalog request; pass any other request on to moto."""
        if not str(environ.get("HTTP_X_AMZ_TARGET", "")).startswith(TARGET_PREFIX):
            return self._moto_app(environ, start_response)
        from werkzeug.wrappers import Request, Response

        request = Request(environ)
        status, headers, text = respond(request.headers, request.get_data(), request.url)
        response = Response(text, status=status, headers=headers)
        served: Iterable[bytes] = response(environ, start_response)
        return served


# -- in-process (mock_aws) ------------------------------------------------------


def _body_of(request: Any) -> bytes:
    # moto hands its URL-table callables a werkzeug request (5.2.6 normalises every
    # mode to one) or botocore's prepared request (5.2.1); both carry the raw body.
    get_data = getattr(request, "get_data", None)
    body = get_data() if get_data is not None else request.body
    if body is None:
        return b""
    if hasattr(body, "read"):
        body = body.read()
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _route_from_moto(request: Any, full_url: str, headers: Any) -> Answer:
    """moto's URL-table entry for Service Catalog while an emulator runs."""
    return respond(headers, _body_of(request), full_url)


_install_lock = threading.Lock()
_moto_route: Any = None


def install() -> None:
    """Route moto's in-process Service Catalog requests to the emulator; idempotent."""
    global _moto_route
    from moto.servicecatalog import urls

    with _install_lock:
        if urls.url_paths.get(_ROOT_PATH) is _route_from_moto:
            return
        _moto_route = urls.url_paths.get(_ROOT_PATH)
        urls.url_paths[_ROOT_PATH] = _route_from_moto


def uninstall() -> None:
    """Put moto's own Service Catalog route back; safe to call when not installed."""
    global _moto_route
    from moto.servicecatalog import urls

    with _install_lock:
        if urls.url_paths.get(_ROOT_PATH) is not _route_from_moto:
            return
        urls.url_paths[_ROOT_PATH] = _moto_route
        _moto_route = None


def installed() -> bool:
    """Whether moto's in-process Service Catalog requests reach the emulator now."""
    from moto.servicecatalog import urls

    return urls.url_paths.get(_ROOT_PATH) is _route_from_moto
