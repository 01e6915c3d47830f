"""Every service error class, reached from a real (stubbed) error response."""

from __future__ import annotations

import copy
import pickle

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient, errors
from tests.client.client_helpers import SentCalls

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
        response_meta={"RequestId": "req-123", "HTTPHeaders": {"x-amzn-requestid": "req-123"}},
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
    # ... and it is a ClientError itself, holding botocore's own response.
    assert isinstance(error, ClientError)
    assert error.operation_name == "DescribeProvisionedProduct"
    assert error.response == error.__cause__.response
    assert error.response is not error.__cause__.response
    assert error.response["ResponseMetadata"]["HTTPHeaders"] == {"x-amzn-requestid": "req-123"}


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


# -- code written for boto3 keeps working ------------------------------------------------


def test_except_client_error_catches_a_typed_error_that_reads_like_botocores(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_client_error(
        "describe_record",
        service_error_code="ResourceNotFoundException",
        service_message="Record rec-unknown not found.",
        http_status_code=400,
        response_meta={"RequestId": "req-9"},
        expected_params={"Id": "rec-unknown"},
    )
    caught: list[ClientError] = []
    try:
        sc.describe_record(id="rec-unknown")
    except ClientError as exc:  # what boto3 code says
        caught.append(exc)
    [error] = caught
    assert isinstance(error, errors.ResourceNotFoundError)
    assert error.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.response["Error"]["Message"] == "Record rec-unknown not found."
    assert error.response["ResponseMetadata"]["RequestId"] == "req-9"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.operation_name == "DescribeRecord"
    for other in [pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)]:
        assert isinstance(other, errors.ResourceNotFoundError)
        assert isinstance(other, ClientError)
        assert other.response == error.response
        assert other.response["Error"]["Code"] == "ResourceNotFoundException"
        assert other.operation_name == "DescribeRecord"
        assert (
            str(other) == "DescribeRecord: ResourceNotFoundException: Record rec-unknown not found."
        )


def test_only_errors_the_service_answered_are_client_errors() -> None:
    classes = [c for n in errors.__all__ if isinstance(c := getattr(errors, n), type)]
    client_errors = {c for c in classes if issubclass(c, ClientError)}
    assert client_errors == {c for c in classes if issubclass(c, errors.ServiceCatalogError)}
    assert errors.InternalServerError in client_errors  # a 5xx is still the service's answer
    # Never reached AWS, or never heard back: not ClientErrors.
    for cls in (
        errors.TransportError,
        errors.ParamValidationError,
        errors.ResponseParseError,
        errors.PaginationError,
        errors.WaiterError,
        errors.WaiterTimeoutError,
        errors.RecordFailedError,
    ):
        assert cls not in client_errors


def test_except_client_error_does_not_catch_a_request_refused_before_sending(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    # Nothing is queued: the request must fail before reaching the Stubber.
    caught: list[Exception] = []
    try:
        sc.describe_provisioned_product()
    except ClientError:  # boto3 code's handler must not see it
        pytest.fail("a local validation error must not look like the service's answer")
    except errors.ParamValidationError as exc:
        caught.append(exc)
    [error] = caught
    assert not isinstance(error, ClientError)


def test_a_client_error_of_a_provisioning_call_holds_no_parameter_value(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    secret = "S3cr3t-client-error"
    stubber.add_client_error(
        "provision_product",
        service_error_code="InvalidParametersException",
        service_message="Parameter DbPassword failed its constraint.",
        http_status_code=400,
    )
    with pytest.raises(ClientError) as caught:
        sc.provision_product(
            provisioned_product_name="orders-db",
            product_id="prod-abc",
            provisioning_artifact_id="pa-1",
            provisioning_parameters={"DbPassword": secret},
        )
    assert sent[0][1]["ProvisioningParameters"][0]["Value"] == secret  # it was sent
    error = caught.value
    assert isinstance(error, errors.InvalidParametersError)
    for text in (str(error), repr(error), repr(error.args), repr(error.response)):
        assert secret not in text
    assert secret.encode() not in pickle.dumps(error)
