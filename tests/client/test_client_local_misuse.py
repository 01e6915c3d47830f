"""Misuse fails locally, with a ValueError, before anything is sent."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient, errors
from servicecatalog_sdk.models import ProductViewSortBy, ProvisioningParameter

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


LOCAL_CASES: list[tuple[str, Callable[[ServiceCatalogClient], object], str]] = [
    (
        "required-none",
        lambda sc: sc.describe_record(id=None),  # type: ignore[arg-type]
        "describe_record: Id is required",
    ),
    (
        "str-given-int",
        lambda sc: sc.describe_record(id=42),  # type: ignore[arg-type]
        "describe_record: Id must be a string, got int",
    ),
    (
        "int-given-str",
        lambda sc: sc.describe_record(id="rec-1", page_size="ten"),  # type: ignore[arg-type]
        "describe_record: PageSize must be an integer, got str",
    ),
    (
        "int-given-bool",
        lambda sc: sc.describe_record(id="rec-1", page_size=True),
        "PageSize must be an integer, got bool",
    ),
    (
        "int-below-minimum",
        lambda sc: sc.describe_record(id="rec-1", page_size=-1),
        "PageSize must be at least 0, got -1",
    ),
    (
        "bool-given-str",
        lambda sc: sc.terminate_provisioned_product(  # type: ignore[call-overload]
            provisioned_product_id="pp-1",
            ignore_errors="false",
        ),
        "IgnoreErrors must be True or False, got str",
    ),
    (
        "enum-given-int",
        lambda sc: list(sc.search_products(sort_order=1)),  # type: ignore[arg-type]
        "SortOrder must be a SortOrder or a string, got int",
    ),
    (
        "enum-given-another-enum",
        lambda sc: list(sc.search_products(sort_order=ProductViewSortBy.TITLE)),
        "SortOrder must be a SortOrder or a string, got ProductViewSortBy.TITLE",
    ),
    (
        "list-given-str",
        lambda sc: sc.provision_product(
            provisioned_product_name="orders-db",
            product_id="prod-abc",
            provisioning_artifact_id="pa-1",
            # A str is a Sequence[str] to mypy: only the local check catches it.
            notification_arns="arn:aws:sns:us-east-1:123456789012:topic",
        ),
        "NotificationArns must be a list, got str",
    ),
    (
        "list-below-minimum-length",
        lambda sc: sc.batch_associate_service_action_with_provisioning_artifact(
            service_action_associations=[]
        ),
        "ServiceActionAssociations must have at least 1 items, got 0",
    ),
    (
        "structure-given-str",
        lambda sc: list(sc.scan_provisioned_products(access_level_filter="Account")),  # type: ignore[arg-type]
        "AccessLevelFilter must be a model instance or a mapping, got str",
    ),
    (
        "empty-starting-token",
        lambda sc: sc.scan_provisioned_products(starting_token=""),
        "starting_token must not be empty",
    ),
    (
        "starting-token-given-int",
        lambda sc: sc.list_record_history(starting_token=40),  # type: ignore[arg-type]
        "list_record_history: starting_token must be a string, got int",
    ),
    (
        "empty-starting-token-merged",
        lambda sc: sc.describe_record(id="rec-1", starting_token=""),
        "starting_token must not be empty",
    ),
]


@pytest.mark.parametrize(
    ("call", "message"), [c[1:] for c in LOCAL_CASES], ids=[c[0] for c in LOCAL_CASES]
)
def test_required_type_and_minimum_checks_come_first_with_a_clear_message(
    sc: ServiceCatalogClient,
    stubber: Stubber,
    requests_sent: list[Any],
    call: Callable[[ServiceCatalogClient], object],
    message: str,
) -> None:
    # Nothing is queued: a call reaching botocore would fail with UnStubbedResponseError.
    with pytest.raises(errors.ParamValidationError, match=message) as caught:
        call(sc)
    assert isinstance(caught.value, ValueError)


def test_a_wrong_type_inside_a_model_is_botocores_to_report_and_nothing_is_sent(
    sc: ServiceCatalogClient, raw_client: Any, requests_sent: list[Any]
) -> None:
    # Top-level members are checked by the SDK; nested ones by botocore, which
    # validates after ``before-parameter-build`` (where the Stubber checks
    # parameters) and before ``before-call`` (where it answers): the queued
    # answer stays unused, and no HTTP request is made.
    with Stubber(raw_client) as stubber:
        stubber.add_response("provision_product", {})
        with pytest.raises(
            ValueError, match=r"Invalid type for parameter Tags\[0\]\.Value"
        ) as caught:
            sc.provision_product(
                provisioned_product_name="orders-db",
                product_id="prod-abc",
                provisioning_artifact_id="pa-1",
                tags={"team": 7},  # type: ignore[dict-item]
            )
        with pytest.raises(AssertionError, match="1 responses remaining"):
            stubber.assert_no_pending_responses()
    assert isinstance(caught.value, errors.ParamValidationError)
    assert str(caught.value).startswith("Parameter validation failed:")


#: Ids the service model's pattern (``[a-zA-Z0-9_\-]*``) or maximum length (100)
#: would refuse: the SDK no longer does, AWS is the judge (and loosens them).
LONG_ID = "rec-" + "a" * 150
PATTERN_ONLY_IDS = [LONG_ID, "rec 1", " rec-1 ", "rec-1/../rec-2", "rec-1\n", "rec-é"]


@pytest.mark.parametrize(
    "record_id",
    PATTERN_ONLY_IDS,
    ids=["154-chars", "space", "padded", "slash", "newline", "non-ascii"],
)
def test_ids_only_the_models_pattern_or_maximum_length_refuse_reach_the_service(
    sc: ServiceCatalogClient, stubber: Stubber, record_id: str
) -> None:
    assert len(LONG_ID) == 154
    stubber.add_response(
        "describe_record", {"RecordDetail": {"RecordId": record_id}}, {"Id": record_id}
    )
    out = sc.describe_record(id=record_id)
    assert out.record_detail is not None
    assert out.record_detail.record_id == record_id


def test_a_154_character_id_goes_out_over_http(raw_client: Any) -> None:
    from botocore.awsrequest import AWSResponse

    bodies: list[dict[str, Any]] = []
    answer = json.dumps({"RecordDetail": {"RecordId": LONG_ID}}).encode()

    class Raw:
        def stream(self, **_: Any) -> Iterator[bytes]:
            return iter([answer])

    def send(request: Any, **_: Any) -> AWSResponse:
        bodies.append(json.loads(request.body))
        return AWSResponse(request.url, 200, {}, Raw())

    raw_client.meta.events.register("before-send.servicecatalog", send)
    out = ServiceCatalogClient(raw_client, strict=True).describe_record(id=LONG_ID)
    assert bodies == [{"Id": LONG_ID}]
    assert out.record_detail is not None
    assert out.record_detail.record_id == LONG_ID


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
