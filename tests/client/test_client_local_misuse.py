"""Misuse fails locally, with a ValueError, before anything is sent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient, errors
from servicecatalog_sdk.models import ProvisioningParameter

SECRET = 987654321
SECRET_TEXT = "hunter2-s3cret"


@pytest.fixture
def requests_sent(raw_client: Any) -> Iterator[list[Any]]:
    """Every HTTP request the boto3 client would send (none is, they fail here)."""
    sent: list[Any] = []

    def refuse(request: Any, **_: Any) -> None:
        sent.append(request)
        raise AssertionError("a request reached before-send")

    raw_client.meta.events.register("before-send.servicecatalog", refuse)
    yield sent
    assert sent == []


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, its cause and its context, recursively (what a logger could walk)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)


CHOICE_CASES: list[tuple[str, Callable[[ServiceCatalogClient], object], str]] = [
    (
        "terminate-both",
        lambda sc: sc.terminate_provisioned_product(
            provisioned_product_name="orders-db", provisioned_product_id="pp-abc"
        ),
        "ProvisionedProductName or ProvisionedProductId",
    ),
    (
        "terminate-neither",
        lambda sc: sc.terminate_provisioned_product(ignore_errors=True),
        "ProvisionedProductName or ProvisionedProductId",
    ),
    (
        "update-both",
        lambda sc: sc.update_provisioned_product(
            provisioned_product_name="orders-db", provisioned_product_id="pp-abc"
        ),
        "ProvisionedProductName or ProvisionedProductId",
    ),
    (
        "update-neither",
        lambda sc: sc.update_provisioned_product(provisioning_artifact_id="pa-2"),
        "ProvisionedProductName or ProvisionedProductId",
    ),
    (
        "describe-pp-both",
        lambda sc: sc.describe_provisioned_product(id="pp-abc", name="orders-db"),
        "Id or Name",
    ),
    ("describe-pp-neither", lambda sc: sc.describe_provisioned_product(), "Id or Name"),
    (
        "provision-product-id-and-name",
        lambda sc: sc.provision_product(
            provisioned_product_name="orders-db",
            product_id="prod-abc",
            product_name="orders-db-product",
            provisioning_artifact_id="pa-1",
        ),
        "ProductId or ProductName",
    ),
]


@pytest.mark.parametrize(
    ("call", "names"), [c[1:] for c in CHOICE_CASES], ids=[c[0] for c in CHOICE_CASES]
)
def test_exactly_one_of_two_identifiers_is_checked_before_any_call(
    sc: ServiceCatalogClient,
    stubber: Stubber,
    requests_sent: list[Any],
    call: Callable[[ServiceCatalogClient], object],
    names: str,
) -> None:
    # Nothing is queued: a call reaching botocore would fail with UnStubbedResponseError.
    with pytest.raises(errors.ParamValidationError, match=names) as caught:
        call(sc)
    assert isinstance(caught.value, ValueError)


EMPTY_ID_CASES: list[tuple[str, Callable[[ServiceCatalogClient], object], str]] = [
    ("describe-record", lambda sc: sc.describe_record(id=""), "Id"),
    ("describe-pp-blank", lambda sc: sc.describe_provisioned_product(id="   "), "Id"),
    ("describe-product-view", lambda sc: sc.describe_product_view(id=""), "Id"),
    (
        "terminate",
        lambda sc: sc.terminate_provisioned_product(provisioned_product_id=""),
        "ProvisionedProductId",
    ),
    (
        "provision",
        lambda sc: sc.provision_product(
            provisioned_product_name="orders-db", product_id="", provisioning_artifact_id="pa-1"
        ),
        "ProductId",
    ),
    (
        "list-artifacts",
        lambda sc: list(sc.list_provisioning_artifacts(product_id="")),
        "ProductId",
    ),
]


@pytest.mark.parametrize(
    ("call", "member"), [c[1:] for c in EMPTY_ID_CASES], ids=[c[0] for c in EMPTY_ID_CASES]
)
def test_empty_ids_are_rejected_before_any_call(
    sc: ServiceCatalogClient,
    stubber: Stubber,
    requests_sent: list[Any],
    call: Callable[[ServiceCatalogClient], object],
    member: str,
) -> None:
    with pytest.raises(ValueError, match=f"{member} must not be empty") as caught:
        call(sc)
    assert isinstance(caught.value, errors.ParamValidationError)


def test_wrong_typed_argument_is_a_value_error_with_botocores_message_and_no_request(
    sc: ServiceCatalogClient, raw_client: Any, requests_sent: list[Any]
) -> None:
    # botocore validates after ``before-parameter-build`` (where the Stubber checks
    # parameters) and before ``before-call`` (where it answers): the queued answer
    # stays unused, and no HTTP request is made.
    with Stubber(raw_client) as stubber:
        stubber.add_response("describe_record", {"RecordDetail": {"RecordId": "rec-1"}})
        with pytest.raises(ValueError, match="Invalid type for parameter PageSize") as caught:
            sc.describe_record(id="rec-1", page_size="ten")  # type: ignore[arg-type]
        with pytest.raises(AssertionError, match="1 responses remaining"):
            stubber.assert_no_pending_responses()
    assert isinstance(caught.value, errors.ParamValidationError)
    assert str(caught.value).startswith("Parameter validation failed:")


def test_wrong_typed_provisioning_parameter_value_is_kept_out_of_the_error_and_its_chain(
    sc: ServiceCatalogClient, requests_sent: list[Any]
) -> None:
    with pytest.raises(errors.ParamValidationError) as caught:
        sc.provision_product(
            provisioned_product_name="orders-db",
            product_id="prod-abc",
            provisioning_artifact_id="pa-1",
            provisioning_parameters={"DbPassword": SECRET},  # type: ignore[dict-item]
        )
    message = str(caught.value)
    assert "ProvisioningParameters[0].Value" in message
    assert "<redacted>" in message
    for exc in exception_chain(caught.value):
        assert str(SECRET) not in str(exc), f"{type(exc).__name__} holds the value"
        assert str(SECRET) not in repr(exc.args)


def test_wrong_typed_parameter_value_that_quotes_type_text_is_still_redacted(
    sc: ServiceCatalogClient, requests_sent: list[Any]
) -> None:
    with pytest.raises(errors.ParamValidationError) as caught:
        sc.provision_product(
            provisioned_product_name="orders-db",
            product_id="prod-abc",
            provisioning_artifact_id="pa-1",
            provisioning_parameters=[
                ProvisioningParameter(key="DbPassword", value=[f"x, type: {SECRET_TEXT}"])  # type: ignore[arg-type]
            ],
        )
    assert SECRET_TEXT not in str(caught.value)
