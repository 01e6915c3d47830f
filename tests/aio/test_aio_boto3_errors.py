"""Code written for boto3's ``ClientError`` keeps working with the asyncio client."""

from __future__ import annotations

import pickle

import pytest
from aiobotocore.stub import AioStubber
from botocore.exceptions import ClientError

from servicecatalog_sdk.aio import AsyncServiceCatalogClient
from servicecatalog_sdk.errors import ParamValidationError, ResourceNotFoundError, ThrottlingError

pytestmark = pytest.mark.asyncio


async def test_except_client_error_catches_the_emulators_not_found_and_it_pickles(
    sc: AsyncServiceCatalogClient,
) -> None:
    caught: list[ClientError] = []
    try:
        await sc.describe_product_as_admin(id="prod-doesnotexist")
    except ClientError as exc:  # what boto3 code says
        caught.append(exc)
    [error] = caught
    assert isinstance(error, ResourceNotFoundError)
    assert error.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.response["ResponseMetadata"]["RequestId"] == error.request_id
    cause = error.__cause__
    assert isinstance(cause, ClientError)
    assert error.response == cause.response  # botocore's own, headers included
    assert "x-amzn-requestid" in error.response["ResponseMetadata"]["HTTPHeaders"]
    assert error.operation_name == "DescribeProductAsAdmin"
    other = pickle.loads(pickle.dumps(error))
    assert isinstance(other, ResourceNotFoundError)
    assert isinstance(other, ClientError)
    assert other.response == error.response
    assert other.response["Error"]["Code"] == "ResourceNotFoundException"
    assert other.operation_name == "DescribeProductAsAdmin"
    assert str(other) == str(error)


async def test_a_stubbed_error_keeps_its_code_through_client_error_and_pickling(
    stubbed: AsyncServiceCatalogClient, stub: AioStubber
) -> None:
    stub.add_client_error(
        "scan_provisioned_products",
        service_error_code="ThrottlingException",
        service_message="Rate exceeded",
        http_status_code=400,
        expected_params={},
    )
    with pytest.raises(ClientError) as caught:
        await stubbed.scan_provisioned_products().first()
    error = caught.value
    assert isinstance(error, ThrottlingError)
    assert error.response["Error"] == {"Code": "ThrottlingException", "Message": "Rate exceeded"}
    assert error.operation_name == "ScanProvisionedProducts"
    other = pickle.loads(pickle.dumps(error))
    assert isinstance(other, ThrottlingError)
    assert other.response["Error"]["Code"] == "ThrottlingException"


async def test_a_request_refused_before_sending_is_not_a_client_error(
    stubbed: AsyncServiceCatalogClient,
) -> None:
    # Nothing is queued on the stubber: a request would fail differently.
    with pytest.raises(ParamValidationError) as caught:
        await stubbed.describe_provisioned_product()
    assert not isinstance(caught.value, ClientError)
