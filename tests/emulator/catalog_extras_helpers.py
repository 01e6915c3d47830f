"""Helpers for the TagOption, budget and service action tests."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product
from .test_emulator_shapes import _problems


class ShapeRecorder:
    """Keeps every successful response a boto3 client parses, to check against botocore."""

    def __init__(self, sc: Any) -> None:
        self._seen: list[tuple[str, Any, Any]] = []
        sc.meta.events.register("before-parse.service-catalog", self._capture)

    def _capture(self, operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
        if response_dict["status_code"] == 200:
            body = json.loads(response_dict["body"] or b"{}")
            self._seen.append((operation_model.name, operation_model.output_shape, body))

    @property
    def operations(self) -> set[str]:
        """Names of the operations seen answering 200."""
        return {name for name, _, _ in self._seen}

    def problems(self) -> list[str]:
        """Every disagreement between a response and its output shape."""
        return [
            f"{name}: {problem}"
            for name, shape, body in self._seen
            for problem in _problems(shape, body, "$")
        ]


def error_code(exc: Any) -> str:
    """The AWS error code of a ``pytest.raises(ClientError)`` result."""
    assert isinstance(exc.value, ClientError)
    code: str = exc.value.response["Error"]["Code"]
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return code


def product_in_portfolio(
    emulator: ServiceCatalogEmulator, name: str = "bucket-product"
) -> tuple[str, str, str]:
    """A product in a new portfolio granted to the caller: (product id, artifact id, portfolio id)."""
    sc = emulator.boto3_client()
    product_id, artifact_id = create_product(emulator, name=name, grant=False)
    portfolio_id = sc.create_portfolio(DisplayName=f"{name}-portfolio", ProviderName="platform")[
        "PortfolioDetail"
    ]["Id"]
    sc.associate_product_with_portfolio(ProductId=product_id, PortfolioId=portfolio_id)
    emulator.grant_access(product_id, portfolio_id=portfolio_id)
    return product_id, artifact_id, portfolio_id
