"""Every Service Catalog operation answers the server-mode emulator with a modelled answer.

For each of the operations in botocore's service model, the input is the least
the model accepts (required members only, values that satisfy type, length and
enum), sent through plain boto3. The answer must be a 2xx whose JSON body matches
the output shape, or a 4xx JSON error whose code the operation models. Ids are
made up, so ResourceNotFoundException is a fine answer; a 5xx, HTML, or an
error the operation does not model is not.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import OperationModel, Shape

from servicecatalog_sdk.testing import ServiceCatalogEmulator
from servicecatalog_sdk.testing._dispatch import HANDLERS

from .test_emulator_shapes import _problems

MODEL = botocore.session.get_session().get_service_model("servicecatalog")

# Values for members whose names say what AWS expects (an account, an ARN, JSON);
# any other string is a plain word padded to the shape's minimum length.
_BY_MEMBER: dict[str, Any] = {
    "AccountId": "222222222222",
    "ProductArn": "arn:aws:catalog:us-east-1:123456789012:product/prod-minimal",
    "PrincipalARN": "arn:aws:iam::123456789012:role/minimal",
    "Parameters": json.dumps({"RoleArn": "arn:aws:iam::123456789012:role/minimal"}),
    "IdempotencyToken": "minimal-token",
    "PhysicalId": "arn:aws:cloudformation:us-east-1:123456789012:stack/minimal/1",
}


def minimal_value(shape: Shape, member: str = "") -> Any:
    """The smallest value of ``shape`` that botocore and the model's limits accept."""
    kind = shape.type_name
    if kind == "structure":
        return {name: minimal_value(shape.members[name], name) for name in shape.required_members}
    if kind == "list":
        count = max(int(shape.metadata.get("min", 1)), 1)
        return [minimal_value(shape.member, member) for _ in range(count)]
    if kind == "map":
        return {minimal_value(shape.key, member): minimal_value(shape.value, member)}
    if kind == "string":
        if shape.enum:
            return shape.enum[0]
        if member in _BY_MEMBER and shape.name != "ConstraintType":
            return _BY_MEMBER[member]
        return "minimal".ljust(int(shape.metadata.get("min", 1)), "x")
    if kind in ("integer", "long"):
        return max(int(shape.metadata.get("min", 1)), 1)
    if kind == "boolean":
        return False
    if kind in ("double", "float"):
        return 1.0
    raise AssertionError(f"{shape.name}: no minimal value for a {kind}")


def test_minimal_value_satisfies_the_model_limits() -> None:
    shape = MODEL.operation_model("CreatePortfolioShare").input_shape
    value = minimal_value(shape)
    assert value == {"PortfolioId": "minimal"}
    tag = minimal_value(MODEL.operation_model("CreateTagOption").input_shape)
    assert tag == {"Key": "minimal", "Value": "minimal"}
    plan = minimal_value(MODEL.operation_model("CreateProvisionedProductPlan").input_shape)
    assert plan["PlanType"] == "CLOUDFORMATION"


def test_every_operation_has_a_handler() -> None:
    assert sorted(set(MODEL.operation_names) - set(HANDLERS)) == []
    assert sorted(set(HANDLERS) - set(MODEL.operation_names)) == []


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[ServiceCatalogEmulator, Any, dict[str, Any]]]:
    """A server-mode emulator, a boto3 client without retries, and its last raw answer."""
    with ServiceCatalogEmulator(server=True, in_progress_polls=0) as emulator:
        assert emulator.endpoint_url is not None
        sc = botocore.session.get_session().create_client(
            "servicecatalog",
            endpoint_url=emulator.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            # A retried 5xx would hide nothing, but would take botocore's back-off.
            config=Config(proxies={}, retries={"total_max_attempts": 1}),
        )
        last: dict[str, Any] = {}

        def capture(response_dict: dict[str, Any], **_: Any) -> None:
            last.clear()
            last.update(response_dict)

        sc.meta.events.register("before-parse.service-catalog", capture)
        yield emulator, sc, last


def _call(sc: Any, operation: OperationModel, params: dict[str, Any]) -> None:
    method = getattr(sc, botocore.xform_name(operation.name))
    with contextlib.suppress(ClientError):  # judged from the raw answer instead
        method(**params)


@pytest.mark.parametrize("name", sorted(MODEL.operation_names))
def test_every_operation_answers_as_modelled(
    served: tuple[ServiceCatalogEmulator, Any, dict[str, Any]], name: str
) -> None:
    _, sc, last = served
    operation = MODEL.operation_model(name)
    params = minimal_value(operation.input_shape) if operation.input_shape else {}
    _call(sc, operation, params)
    status = last["status_code"]
    content_type = last["headers"].get("Content-Type", "")
    assert "json" in content_type, f"{name}: {status} {content_type}: {last['body'][:200]!r}"
    body = json.loads(last["body"] or b"{}")
    if 200 <= status < 300:
        shape = operation.output_shape
        problems = _problems(shape, body, "$") if shape is not None else []
        assert problems == [], f"{name}: the 2xx body does not match the output shape"
        return
    code = str(body.get("__type", "")).rsplit("#", 1)[-1]
    modelled = {error.name for error in operation.error_shapes}
    message = str(body.get("message", body.get("Message", "")))
    assert 400 <= status < 500, f"{name}: {status} {code}: {message}"
    # OperationNotSupportedException is modelled for some operations, but the
    # emulator's answer for an operation it lacks is no answer.
    assert "does not serve" not in message, f"{name}: {message}"
    assert code in modelled, f"{name}: {code} is not one of its modelled errors {sorted(modelled)}"
