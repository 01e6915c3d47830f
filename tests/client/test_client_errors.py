"""Every service error class, reached from a real (stubbed) error response."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient, errors

# (error code, HTTP status, the class the SDK must raise)
CASES: list[tuple[str, int, type[errors.ServiceCatalogError]]] = [
    ("ResourceNotFoundException", 400, errors.ResourceNotFoundError),
    ("InvalidParametersException", 400, errors.InvalidParametersError),
    ("DuplicateResourceException", 400, errors.DuplicateResourceError),
    ("InvalidStateException", 400, errors.InvalidStateError),
    ("LimitExceededException", 400, errors.LimitExceededError),
    ("ResourceInUseException", 400, errors.ResourceInUseError),
    ("TagOptionNotMigratedException", 400, errors.TagOptionNotMigratedError),
    ("OperationNotSupportedException", 400, errors.OperationNotSupportedError),
    ("ThrottlingException", 400, errors.ThrottlingError),
    ("AccessDeniedException", 400, errors.AccessDeniedError),
    ("UnrecognizedClientException", 403, errors.AccessDeniedError),
    ("InternalFailure", 500, errors.InternalServerError),
    ("ServiceUnavailable", 503, errors.InternalServerError),
    ("SomethingNewException", 400, errors.ServiceCatalogError),
]


@pytest.mark.parametrize(("code", "status", "expected"), CASES, ids=[c[0] for c in CASES])
def test_error_response_becomes_its_typed_error_with_details_and_the_client_error_chained(
    sc: ServiceCatalogClient,
    stubber: Stubber,
    code: str,
    status: int,
    expected: type[errors.ServiceCatalogError],
) -> None:
    stubber.add_client_error(
        "describe_provisioned_product",
        service_error_code=code,
        service_message=f"{code} happened",
        http_status_code=status,
        response_meta={"RequestId": "req-123"},
        expected_params={"Id": "pp-abc"},
    )
    with pytest.raises(errors.ServiceCatalogError) as caught:
        sc.describe_provisioned_product(id="pp-abc")
    error = caught.value
    assert type(error) is expected
    assert isinstance(error, errors.ServiceCatalogSDKError)
    assert (error.code, error.message) == (code, f"{code} happened")
    assert error.operation == "DescribeProvisionedProduct"
    assert error.request_id == "req-123"
    assert error.http_status == status
    assert isinstance(error.__cause__, ClientError)
    assert error.__cause__.response["Error"]["Code"] == code
    assert str(error) == f"DescribeProvisionedProduct: {code}: {code} happened"


def test_every_service_error_class_is_covered_by_a_case() -> None:
    service_classes = {
        cls
        for name in errors.__all__
        if isinstance(cls := getattr(errors, name), type)
        and issubclass(cls, errors.ServiceCatalogError)
    }
    assert service_classes == {expected for _, _, expected in CASES}


def test_catching_resource_not_found_for_describe_record_of_an_unknown_id(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_client_error(
        "describe_record",
        service_error_code="ResourceNotFoundException",
        service_message="Record rec-unknown not found.",
        http_status_code=400,
        expected_params={"Id": "rec-unknown"},
    )
    caught: errors.ResourceNotFoundError | None = None
    try:
        sc.describe_record(id="rec-unknown")
    except errors.ResourceNotFoundError as exc:  # what a user writes
        caught = exc
    assert caught is not None
    assert caught.operation == "DescribeRecord"
    assert caught.message == "Record rec-unknown not found."
    assert caught.http_status == 400


def test_error_on_a_later_page_of_a_paged_operation_is_typed_too(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "scan_provisioned_products",
        {"ProvisionedProducts": [{"Id": "pp-abc"}], "NextPageToken": "1"},
        {},
    )
    stubber.add_client_error(
        "scan_provisioned_products",
        service_error_code="ThrottlingException",
        service_message="Rate exceeded",
        http_status_code=400,
        expected_params={"PageToken": "1"},
    )
    items = iter(sc.scan_provisioned_products())
    assert next(items).id == "pp-abc"
    with pytest.raises(errors.ThrottlingError) as caught:
        next(items)
    assert caught.value.operation == "ScanProvisionedProducts"
    assert isinstance(caught.value.__cause__, ClientError)


def test_error_on_a_merged_describe_operation_is_typed(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_client_error(
        "describe_record",
        service_error_code="InvalidParametersException",
        service_message="bad page size",
        http_status_code=400,
        expected_params={"Id": "rec-1", "PageSize": 999},
    )
    with pytest.raises(errors.InvalidParametersError):
        sc.describe_record(id="rec-1", page_size=999)


def test_typed_errors_of_idempotent_operations_still_carry_their_details(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_client_error(
        "provision_product",
        service_error_code="DuplicateResourceException",
        service_message="orders-db already exists",
        http_status_code=400,
    )
    with pytest.raises(errors.DuplicateResourceError) as caught:
        sc.provision_product(
            provisioned_product_name="orders-db",
            product_id="prod-abc",
            provisioning_artifact_id="pa-1",
        )
    assert caught.value.operation == "ProvisionProduct"
    assert caught.value.request_id is None
