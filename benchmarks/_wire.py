"""Inputs built from botocore's Service Catalog model, and clients answered by them.

Every member of every shape is filled. Responses are JSON bodies as the service
sends them (timestamps as epoch numbers), served by a ``before-send`` handler
returning a :class:`botocore.awsrequest.AWSResponse`, so request serialization,
signing, events, parsing and conversion all run as they would against AWS.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import boto3
import botocore.session
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.model import ServiceModel, Shape

from servicecatalog_sdk import ServiceCatalogClient

__all__ = [
    "PAGE_ITEMS",
    "REGION",
    "Responder",
    "encode",
    "fake_aws_environment",
    "own_client",
    "page_body",
    "raw_client",
    "request_json",
    "service_model",
    "user_client",
    "wire_value",
]

REGION: Final = "us-east-1"
#: Items per page: the service's usual maximum page size.
PAGE_ITEMS: Final = 100
#: Items of the lists nested inside one item (record errors, tags, ...).
NESTED_ITEMS: Final = 2
#: 2017-06-15T12:00:00Z, the seed API's date; timestamps go up from there.
EPOCH_BASE: Final = 1497528000.0

#: Environment of this process and of the import subprocesses: fake credentials
#: (nothing is ever sent: every request is answered locally) and no config files.
FAKE_ENV: Final[Mapping[str, str]] = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}

_MODEL: list[ServiceModel] = []


def fake_aws_environment() -> None:
    """Point this process's AWS configuration at fake credentials and no files."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        os.environ.pop(name, None)
    os.environ.update(FAKE_ENV)


def service_model() -> ServiceModel:
    """botocore's Service Catalog model (loaded once, on a session of its own)."""
    if not _MODEL:
        _MODEL.append(botocore.session.get_session().get_service_model("servicecatalog"))
    return _MODEL[0]


def _string(shape: Shape, member: str, seed: int) -> str:
    if shape.enum:
        return str(shape.enum[seed % len(shape.enum)])
    if member.endswith(("Arn", "ARN")):
        return f"arn:aws:servicecatalog:{REGION}:123456789012:{member.lower()}/id-{seed:013d}"
    return f"{member}-{seed:08d}"


def wire_value(shape: Shape, seed: int = 0, list_len: int = NESTED_ITEMS, member: str = "") -> Any:
    """A JSON value for ``shape`` with every member filled, as the service sends it."""
    kind = shape.type_name
    if kind == "structure":
        return {
            name: wire_value(sub, seed + i, list_len, name)
            for i, (name, sub) in enumerate(shape.members.items())
        }
    if kind == "list":
        return [wire_value(shape.member, seed + i, list_len, member) for i in range(list_len)]
    if kind == "map":
        keys = list(shape.key.enum) or [f"key{i}" for i in range(list_len)]
        return {
            str(key): wire_value(shape.value, seed + i, list_len, member)
            for i, key in enumerate(keys[:list_len])
        }
    if kind == "string":
        return _string(shape, member or shape.name, seed)
    if kind == "boolean":
        return seed % 2 == 0
    if kind in ("integer", "long"):
        return seed + 1
    if kind in ("float", "double"):
        return seed + 0.5
    if kind == "timestamp":
        return EPOCH_BASE + seed * 61.25
    if kind == "blob":
        return "YmxvYg=="
    raise AssertionError(f"unhandled shape type {kind}")


def page_body(
    operation: str,
    *,
    items: int = PAGE_ITEMS,
    next_token: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    page: int = 0,
) -> dict[str, Any]:
    """The JSON body of one response page: every list member of the output holds
    ``items`` entries (each fully filled), other members are filled once."""
    shape = service_model().operation_model(operation).output_shape
    assert shape is not None
    body: dict[str, Any] = {}
    for i, (name, sub) in enumerate(shape.members.items()):
        if name == "NextPageToken":
            continue
        if sub.type_name == "list":
            body[name] = [
                wire_value(sub.member, (page * items + k) * 1000, NESTED_ITEMS, name)
                for k in range(items)
            ]
        else:
            body[name] = wire_value(sub, page * 7 + i, NESTED_ITEMS, name)
    if next_token is not None:
        body["NextPageToken"] = next_token
    for path, value in (overrides or {}).items():
        target = body
        *parents, last = path.split(".")
        for parent in parents:
            target = target[parent]
        target[last] = value
    return body


class _Raw:
    """The ``raw`` stream an :class:`AWSResponse` reads its body from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


#: Given the operation name and the request, the response body.
BodyFor = Callable[[str, AWSPreparedRequest], bytes]


def request_json(request: AWSPreparedRequest) -> Mapping[str, Any]:
    """The JSON body of a request (for responders that answer by its content)."""
    body = request.body
    if not body:
        return {}
    parsed: Mapping[str, Any] = json.loads(body)
    return parsed


class Responder:
    """A ``before-send`` handler answering every request with a canned JSON body."""

    def __init__(self, body_for: BodyFor) -> None:
        self._body_for = body_for
        self.calls: dict[str, int] = {}

    @classmethod
    def fixed(cls, bodies: Mapping[str, bytes]) -> Responder:
        """One fixed body per operation name."""
        return cls(lambda operation, _request: bodies[operation])

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        target = request.headers.get("X-Amz-Target", b"")
        operation = (target.decode() if isinstance(target, bytes) else str(target)).rpartition(".")[
            2
        ]
        self.calls[operation] = self.calls.get(operation, 0) + 1
        body = self._body_for(operation, request)
        headers = {
            "x-amzn-RequestId": "b2f5c7a4-0000-4000-8000-000000000000",
            "Content-Type": "application/x-amz-json-1.1",
            "Content-Length": str(len(body)),
        }
        return AWSResponse(request.url, 200, headers, _Raw(body))

    def attach(self, boto3_client: Any) -> None:
        """Answer every request ``boto3_client`` sends."""
        boto3_client.meta.events.register("before-send", self)


def encode(body: Mapping[str, Any]) -> bytes:
    """A response body as the service would send it."""
    return json.dumps(body, separators=(",", ":")).encode()


def raw_client(responder: Responder) -> Any:
    """A plain boto3 client, as a user would build it, answered by ``responder``."""
    client = boto3.Session().client("servicecatalog", region_name=REGION)
    responder.attach(client)
    return client


def own_client(responder: Responder) -> ServiceCatalogClient:
    """A client the SDK built itself (``from_session``), answered by ``responder``."""
    client = ServiceCatalogClient.from_session(region_name=REGION)
    responder.attach(client.raw)
    return client


def user_client(responder: Responder) -> ServiceCatalogClient:
    """The SDK over a boto3 client the user built and passed in."""
    return ServiceCatalogClient(raw_client(responder))
