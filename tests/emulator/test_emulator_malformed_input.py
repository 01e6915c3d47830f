"""Malformed requests from clients that skip botocore's checks get a 4xx JSON answer.

The AWS CLI and boto3 check types before sending; the JavaScript SDK, curl and
hand-written clients do not. Every operation, sent each top-level member with the
wrong JSON type, a body without its required members, or a body that is not a JSON
object, must answer a 4xx JSON error as AWS does (``SerializationException`` for
a wrong type), never a 500 from a handler that met a list where a string belongs.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import botocore.session
import pytest

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .test_emulator_every_operation import minimal_value

MODEL = botocore.session.get_session().get_service_model("servicecatalog")
MARK = "secret-marker-value"

# A JSON value of the wrong type for each kind of member; strings carry MARK so a
# test can see that no message quotes what was sent.
_WRONG: dict[str, Any] = {
    "string": [MARK],
    "list": MARK,
    "structure": [MARK],
    "map": [MARK],
    "integer": MARK,
    "long": MARK,
    "boolean": MARK,
    "timestamp": [MARK],
}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[str, int]]:
    """Host and port of a server-mode emulator."""
    with ServiceCatalogEmulator(server=True, in_progress_polls=0) as emulator:
        assert emulator.endpoint_url is not None
        url = urlsplit(emulator.endpoint_url)
        assert url.hostname is not None
        assert url.port is not None
        yield url.hostname, url.port


def _post(endpoint: tuple[str, int], operation: str, body: str) -> tuple[int, str, Any]:
    # http.client, not botocore: botocore would refuse these requests itself.
    connection = http.client.HTTPConnection(*endpoint, timeout=10)
    try:
        connection.request(
            "POST",
            "/",
            body=body.encode(),
            headers={
                "X-Amz-Target": f"AWS242ServiceCatalogService.{operation}",
                "Content-Type": "application/x-amz-json-1.1",
                "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261201/us-east-1/"
                "servicecatalog/aws4_request, SignedHeaders=host, Signature=0",
            },
        )
        answer = connection.getresponse()
        raw = answer.read()
        content_type = answer.getheader("Content-Type", "")
        assert "json" in content_type, f"{operation}: {answer.status} {raw[:200]!r}"
        return answer.status, content_type, json.loads(raw or b"{}")
    finally:
        connection.close()


def _wrong_type_bodies(operation: str) -> list[tuple[str, dict[str, Any]]]:
    shape = MODEL.operation_model(operation).input_shape
    if shape is None:
        return []
    base = minimal_value(shape)
    bodies = []
    for member, member_shape in shape.members.items():
        wrong = _WRONG.get(member_shape.type_name)
        if wrong is not None:
            bodies.append((member, {**base, member: wrong}))
    return bodies


@pytest.mark.parametrize("name", sorted(MODEL.operation_names))
def test_a_member_of_the_wrong_type_is_a_serialization_error(
    endpoint: tuple[str, int], name: str
) -> None:
    for member, body in _wrong_type_bodies(name):
        status, _, answer = _post(endpoint, name, json.dumps(body))
        assert status == 400, f"{name}.{member}: {status} {answer}"
        assert answer["__type"] == "SerializationException", f"{name}.{member}: {answer}"
        assert member in answer["message"]
        assert MARK not in answer["message"]


@pytest.mark.parametrize("name", sorted(MODEL.operation_names))
def test_missing_required_members_and_non_object_bodies_are_client_errors(
    endpoint: tuple[str, int], name: str
) -> None:
    shape = MODEL.operation_model(name).input_shape
    if shape is not None and shape.required_members:
        status, _, answer = _post(endpoint, name, "{}")
        assert 400 <= status < 500, f"{name}: {status} {answer}"
    status, _, answer = _post(endpoint, name, '["not", "an", "object"]')
    assert (status, answer["__type"]) == (400, "SerializationException")


def test_wrong_types_deep_inside_a_request_are_refused_without_quoting_them(
    endpoint: tuple[str, int],
) -> None:
    body = {
        "ProductId": "prod-x",
        "ProvisioningArtifactId": "pa-x",
        "ProvisionedProductName": "orders",
        "ProvisionToken": "t",
        "ProvisioningParameters": [{"Key": "DbPassword", "Value": {"nested": MARK}}],
    }
    status, _, answer = _post(endpoint, "ProvisionProduct", json.dumps(body))
    assert (status, answer["__type"]) == (400, "SerializationException")
    assert answer["message"] == "ProvisioningParameters[0].Value must be a string."
    assert MARK not in answer["message"]


def test_null_members_count_as_absent(endpoint: tuple[str, int]) -> None:
    status, _, answer = _post(
        endpoint, "ListPortfolios", json.dumps({"PageToken": None, "PageSize": None})
    )
    assert status == 200
    assert answer["PortfolioDetails"] == []
