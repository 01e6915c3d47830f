"""AWS's errors through the SDK: typed, chained to botocore's ClientError, retried when transient."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk import ServiceCatalogClient, waiters
from servicecatalog_sdk.client import MAX_ATTEMPTS
from servicecatalog_sdk.errors import (
    DuplicateResourceError,
    InternalServerError,
    InvalidParametersError,
    ParamValidationError,
    ResourceNotFoundError,
    ServiceCatalogError,
    ServiceCatalogSDKError,
    ThrottlingError,
    WaiterTimeoutError,
)
from servicecatalog_sdk.models import (
    DescribeRecordOutput,
    ListRecordHistorySearchFilter,
    ProductType,
    ProductViewFilterBy,
    ProvisioningArtifactGuidance,
    ProvisioningArtifactProperties,
    RecordStatus,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from servicecatalog_sdk.testing._virtual_time import RETRY_ATTEMPTS

from .e2e_helpers import FakeClock, create_bucket_product, outputs_of

Call = Callable[[ServiceCatalogClient], object]

_NO_PRODUCT = "prod-0000000000000"
_NO_ARTIFACT = "pa-0000000000000"


def _client_error(exc: BaseException) -> ClientError:
    """The botocore error an SDK service error was raised from."""
    cause = exc.__cause__
    assert isinstance(cause, ClientError)
    return cause


def _launch(sc: ServiceCatalogClient, product_id: str, artifact_id: str, name: str) -> str:
    out = sc.provision_product(
        product_id=product_id,
        provisioning_artifact_id=artifact_id,
        provisioned_product_name=name,
        provisioning_parameters={"BucketName": f"{name}-bucket"},
    )
    assert out.record_detail is not None
    assert out.record_detail.record_id is not None
    return out.record_detail.record_id


# -- the service said no ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "call"),
    [
        ("DescribeProduct", lambda sc: sc.describe_product(id=_NO_PRODUCT)),
        ("DescribeProduct", lambda sc: sc.describe_product(name="no-such-product")),
        ("DescribeProductAsAdmin", lambda sc: sc.describe_product_as_admin(id=_NO_PRODUCT)),
        ("DescribeProductView", lambda sc: sc.describe_product_view(id="prodview-0000000000000")),
        (
            "DescribeProvisioningArtifact",
            lambda sc: sc.describe_provisioning_artifact(
                product_id=_NO_PRODUCT, provisioning_artifact_id=_NO_ARTIFACT
            ),
        ),
        (
            "ListProvisioningArtifacts",
            lambda sc: list(sc.list_provisioning_artifacts(product_id=_NO_PRODUCT)),
        ),
        (
            "CreateProvisioningArtifact",
            lambda sc: sc.create_provisioning_artifact(
                product_id=_NO_PRODUCT,
                parameters=ProvisioningArtifactProperties(
                    info={"LoadTemplateFromURL": "https://b.s3.amazonaws.com/t.json"}
                ),
            ),
        ),
        ("UpdateProduct", lambda sc: sc.update_product(id=_NO_PRODUCT, name="renamed")),
        (
            "UpdateProvisioningArtifact",
            lambda sc: sc.update_provisioning_artifact(
                product_id=_NO_PRODUCT, provisioning_artifact_id=_NO_ARTIFACT, name="x"
            ),
        ),
        ("DescribeRecord", lambda sc: sc.describe_record(id="rec-0000000000000")),
        (
            "DescribeProvisionedProduct",
            lambda sc: sc.describe_provisioned_product(id="pp-0000000000000"),
        ),
        ("DescribeProvisionedProduct", lambda sc: sc.describe_provisioned_product(name="nobody")),
        (
            "ProvisionProduct",
            lambda sc: sc.provision_product(
                product_id=_NO_PRODUCT,
                provisioning_artifact_id=_NO_ARTIFACT,
                provisioned_product_name="orders",
            ),
        ),
        (
            "UpdateProvisionedProduct",
            lambda sc: sc.update_provisioned_product(provisioned_product_name="nobody"),
        ),
        (
            "TerminateProvisionedProduct",
            lambda sc: sc.terminate_provisioned_product(provisioned_product_id="pp-0000000000000"),
        ),
    ],
)
def test_unknown_ids_raise_resource_not_found(
    local_emulator: ServiceCatalogEmulator, operation: str, call: Call
) -> None:
    sc = local_emulator.client()
    with pytest.raises(ResourceNotFoundError) as caught:
        call(sc)
    error = caught.value
    assert isinstance(error, ServiceCatalogError)
    assert isinstance(error, ServiceCatalogSDKError)
    assert (error.code, error.operation, error.http_status) == (
        "ResourceNotFoundException",
        operation,
        400,
    )
    assert error.message
    assert error.request_id
    cause = _client_error(error)
    assert cause.response["Error"]["Code"] == "ResourceNotFoundException"
    assert cause.operation_name == operation
    assert local_emulator.calls[operation] == 1  # a modelled error is not retried


def test_unknown_artifact_of_a_known_product_is_not_found(
    local_emulator: ServiceCatalogEmulator,
) -> None:
    sc = local_emulator.client()
    product = create_bucket_product(local_emulator, sc)
    with pytest.raises(ResourceNotFoundError):
        sc.describe_provisioning_artifact(
            product_id=product.product_id, provisioning_artifact_id=_NO_ARTIFACT
        )
    with pytest.raises(ResourceNotFoundError):
        sc.provision_product(
            product_id=product.product_id,
            provisioning_artifact_name="v9",
            provisioned_product_name="orders",
        )


def test_taken_provisioned_product_name_raises_duplicate_resource(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient
) -> None:
    product = create_bucket_product(emulator, sc)
    _launch(sc, product.product_id, product.artifact_id, "orders")
    with pytest.raises(DuplicateResourceError) as caught:
        _launch(sc, product.product_id, product.artifact_id, "orders")
    assert caught.value.code == "DuplicateResourceException"
    assert caught.value.operation == "ProvisionProduct"
    assert "orders" in caught.value.message
    assert _client_error(caught.value).response["Error"]["Code"] == "DuplicateResourceException"
    assert len(list(sc.scan_provisioned_products())) == 1


@pytest.mark.parametrize(
    ("operation", "call"),
    [
        (
            "SearchProducts",
            # An enum value the SDK does not know is sent as it is; the service rejects it.
            lambda sc: list(sc.search_products(filters={ProductViewFilterBy("Color"): ["red"]})),
        ),
        ("SearchProductsAsAdmin", lambda sc: list(sc.search_products_as_admin(sort_by="Colour"))),
        (
            "ListRecordHistory",
            lambda sc: list(
                sc.list_record_history(
                    search_filter=ListRecordHistorySearchFilter(key="colour", value="red")
                )
            ),
        ),
        (
            "CreateProduct",
            lambda sc: sc.create_product(
                name="x",
                owner="y",
                product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
                provisioning_artifact_parameters=ProvisioningArtifactProperties(
                    info={"LoadTemplateFromURL": "https://no-bucket.s3.amazonaws.com/t.json"}
                ),
            ),
        ),
        (
            "CreateProduct",
            lambda sc: sc.create_product(
                name="x",
                owner="y",
                product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
                provisioning_artifact_parameters=ProvisioningArtifactProperties(info={}),
            ),
        ),
    ],
)
def test_bad_input_raises_invalid_parameters(
    local_emulator: ServiceCatalogEmulator, operation: str, call: Call
) -> None:
    sc = local_emulator.client()
    with pytest.raises(InvalidParametersError) as caught:
        call(sc)
    assert (caught.value.code, caught.value.operation) == ("InvalidParametersException", operation)
    assert _client_error(caught.value).response["Error"]["Code"] == "InvalidParametersException"


def test_launching_a_deprecated_or_badly_named_product_raises_invalid_parameters(
    local_emulator: ServiceCatalogEmulator,
) -> None:
    sc = local_emulator.client()
    product = create_bucket_product(local_emulator, sc)
    # Patterns are the service's to judge: the bad name is sent, and refused there.
    with pytest.raises(InvalidParametersError, match="ProvisionedProductName"):
        _launch(sc, product.product_id, product.artifact_id, "not a valid name!")
    assert local_emulator.calls["ProvisionProduct"] == 1
    sc.update_provisioning_artifact(
        product_id=product.product_id,
        provisioning_artifact_id=product.artifact_id,
        guidance=ProvisioningArtifactGuidance.DEPRECATED,
    )
    with pytest.raises(InvalidParametersError) as caught:
        _launch(sc, product.product_id, product.artifact_id, "orders")
    assert "deprecated" in caught.value.message
    assert list(sc.scan_provisioned_products()) == []


def test_local_misuse_fails_before_sending(local_emulator: ServiceCatalogEmulator) -> None:
    sc = local_emulator.client()
    with pytest.raises(ParamValidationError) as caught:
        sc.describe_product()
    assert isinstance(caught.value, ValueError)
    assert not isinstance(caught.value, ServiceCatalogError)
    with pytest.raises(ParamValidationError):
        sc.describe_product(id="prod-1", name="both")
    assert local_emulator.calls["DescribeProduct"] == 0


# -- transient failures are botocore's to retry ----------------------------------------


def test_throttling_is_retried_transparently_by_the_emulator_client(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient, sleeps: list[float]
) -> None:
    product = create_bucket_product(emulator, sc)
    emulator.inject_fault("DescribeProduct", "ThrottlingException", times=2)
    out = sc.describe_product(id=product.product_id)
    assert out.product_view_summary is not None
    assert out.product_view_summary.product_id == product.product_id
    assert out.response_metadata is not None
    assert out.response_metadata.retry_attempts == 2
    assert emulator.calls["DescribeProduct"] == 3
    assert len(sleeps) == 2  # botocore's back-off, through the patched time.sleep

    emulator.inject_fault("SearchProductsAsAdmin", "InternalFailure")
    assert [d.product_view_summary for d in sc.search_products_as_admin()] != []
    assert emulator.calls["SearchProductsAsAdmin"] == 2


def _sdk_client(emulator: ServiceCatalogEmulator) -> ServiceCatalogClient:
    """A client built the SDK's way: standard retries, MAX_ATTEMPTS attempts."""
    from botocore.config import Config

    if emulator.endpoint_url is None:  # in-process: moto's mock catches every client
        return ServiceCatalogClient.from_session(region_name=emulator.region_name, strict=True)
    return ServiceCatalogClient.from_session(
        strict=True,
        region_name=emulator.region_name,
        endpoint_url=emulator.endpoint_url,
        config=Config(proxies={}),  # never route 127.0.0.1 through an HTTP(S)_PROXY
    )


def test_sdk_client_rides_out_throttling_then_gives_up_with_a_typed_error(
    emulator: ServiceCatalogEmulator, sleeps: list[float]
) -> None:
    sc = _sdk_client(emulator)
    assert sc.raw.meta.config.retries["mode"] == "standard"
    product = create_bucket_product(emulator, sc)

    emulator.inject_fault("DescribeProductAsAdmin", "ThrottlingException", times=MAX_ATTEMPTS - 1)
    out = sc.describe_product_as_admin(id=product.product_id)
    assert out.response_metadata is not None
    assert out.response_metadata.retry_attempts == MAX_ATTEMPTS - 1
    assert emulator.calls["DescribeProductAsAdmin"] == MAX_ATTEMPTS
    assert len(sleeps) == MAX_ATTEMPTS - 1

    emulator.inject_fault("DescribeProductAsAdmin", "ThrottlingException", times=MAX_ATTEMPTS)
    with pytest.raises(ThrottlingError) as caught:
        sc.describe_product_as_admin(id=product.product_id)
    assert caught.value.code == "ThrottlingException"
    assert caught.value.operation == "DescribeProductAsAdmin"
    cause = _client_error(caught.value)
    assert cause.response["ResponseMetadata"]["RetryAttempts"] == MAX_ATTEMPTS - 1
    assert emulator.calls["DescribeProductAsAdmin"] == 2 * MAX_ATTEMPTS

    emulator.inject_fault("DescribeProduct", "ServiceUnavailable", times=MAX_ATTEMPTS)
    with pytest.raises(InternalServerError) as unavailable:
        sc.describe_product(id=product.product_id)
    assert unavailable.value.http_status == 503
    assert isinstance(unavailable.value.__cause__, ClientError)


def test_lifecycle_completes_under_a_throttling_storm(
    local_emulator: ServiceCatalogEmulator, clock: FakeClock, sleeps: list[float]
) -> None:
    sc = _sdk_client(local_emulator)
    product = create_bucket_product(local_emulator, sc)
    local_emulator.throttle(0.3, seed=7)
    record_id = _launch(sc, product.product_id, product.artifact_id, "orders")
    done = waiters.wait_for_record(sc, record_id, timeout=600, clock=clock, sleep=clock.sleep)
    assert outputs_of(done)["BucketName"] == "orders-bucket"
    terminated = sc.terminate_provisioned_product(provisioned_product_name="orders", wait=True)
    assert terminated.record_detail is not None
    assert terminated.record_detail.status is RecordStatus.SUCCEEDED
    local_emulator.clear_faults()
    assert sleeps  # some requests were throttled and retried
    assert list(sc.scan_provisioned_products()) == []


def test_waiter_retries_a_poll_botocore_gave_up_on(
    local_emulator: ServiceCatalogEmulator, clock: FakeClock
) -> None:
    sc = local_emulator.client()  # MAX_ATTEMPTS attempts, as from_session; on virtual time
    attempts = RETRY_ATTEMPTS
    assert attempts == MAX_ATTEMPTS
    product = create_bucket_product(local_emulator, sc)
    record_id = _launch(sc, product.product_id, product.artifact_id, "orders")
    local_emulator.inject_fault("DescribeRecord", "ThrottlingException", times=attempts)
    with pytest.raises(ThrottlingError):  # a bare call: botocore gives up after RETRY_ATTEMPTS
        sc.describe_record(id=record_id)
    assert local_emulator.calls["DescribeRecord"] == attempts
    # The waiter sends a poll botocore gave up on again, within its deadline.
    local_emulator.inject_fault("DescribeRecord", "ThrottlingException", times=attempts + 1)
    done = waiters.wait_for_record(sc, record_id, timeout=600, clock=clock, sleep=clock.sleep)
    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED
    assert local_emulator.calls["DescribeRecord"] == attempts + (attempts + 1) + 3
    assert clock.sleeps  # the waiter paused before sending the failed poll again


def test_wait_that_never_settles_times_out_on_the_fake_clock(clock: FakeClock) -> None:
    with ServiceCatalogEmulator(in_progress_polls=10_000) as emulator:
        sc = emulator.client()
        product = create_bucket_product(emulator, sc)
        record_id = _launch(sc, product.product_id, product.artifact_id, "orders")
        with pytest.raises(WaiterTimeoutError) as caught:
            waiters.wait_for_record(sc, record_id, timeout=120, clock=clock, sleep=clock.sleep)
        assert caught.value.status == "IN_PROGRESS"
        assert isinstance(caught.value.last, DescribeRecordOutput)
        assert clock.now == pytest.approx(120)
        assert emulator.calls["DescribeRecord"] >= 2
