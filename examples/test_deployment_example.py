"""Testing a deployment function against the local Service Catalog emulator.

Copy this next to your own deployment code. It needs the ``testing`` extra
(``pip install "servicecatalog-sdk[testing]"``), which registers the
``servicecatalog_emulator`` pytest fixture: a fresh in-process Service Catalog
on moto for each test, with fake credentials, where launching a product creates
a real (moto) CloudFormation stack.

The function under test is ``deploy`` from ``examples/deploy.py``. Records in
the emulator move on each time they are read, not with time, so the waits need
no real sleeping: the client gets a fake clock and a fake sleep that only
advance a counter. Run it with::

    pytest examples/test_deployment_example.py
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from deploy import deploy

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.errors import RecordFailedError, ResourceNotFoundError
from servicecatalog_sdk.models import (
    ProductType,
    ProvisionedProductStatus,
    ProvisioningArtifactProperties,
    RecordStatus,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

#: What the product launches: a bucket named by a parameter, and its name as an output.
TEMPLATE: dict[str, Any] = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {
        "BucketName": {"Type": "String"},
        "Tier": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]},
    },
    "Resources": {
        "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "BucketName"}}}
    },
    "Outputs": {"BucketName": {"Value": {"Ref": "Bucket"}}, "Tier": {"Value": {"Ref": "Tier"}}},
}

#: The parameters of a good launch.
PARAMETERS = {"BucketName": "orders-bucket"}


class FakeTime:
    """A clock that only moves when the waiter sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture(autouse=True)
def _no_endpoint_override(monkeypatch: pytest.MonkeyPatch) -> None:
    # A CI job that points AWS_ENDPOINT_URL somewhere (LocalStack, a server-mode
    # emulator) would send the boto3 clients a test builds itself there instead
    # of to the in-process emulator.
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL_SERVICE_CATALOG", raising=False)


@pytest.fixture
def fake_time() -> FakeTime:
    """The fake clock and sleep shared by the client and the assertions."""
    return FakeTime()


@pytest.fixture
def sc(
    servicecatalog_emulator: ServiceCatalogEmulator, fake_time: FakeTime
) -> ServiceCatalogClient:
    """The typed client on the emulator, waiting on fake time."""
    return ServiceCatalogClient(
        servicecatalog_emulator.boto3_client(),
        waiter_clock=fake_time.clock,
        waiter_sleep=fake_time.sleep,
        strict=True,  # a response member the models lack fails the test
    )


@pytest.fixture
def product(servicecatalog_emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient) -> str:
    """A product named ``bucket`` with version ``v1``; returns its name."""
    url = servicecatalog_emulator.upload_template(TEMPLATE)
    created = sc.create_product(
        name="bucket",
        owner="platform",
        product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1", info={"LoadTemplateFromURL": url}
        ),
    )
    assert created.product_view_detail is not None
    assert created.product_view_detail.product_view_summary is not None
    product_id = created.product_view_detail.product_view_summary.product_id
    assert product_id is not None
    # As on AWS, a user launches only what a portfolio grants them: this puts the
    # product in a portfolio granted to the identity the test's clients act as.
    servicecatalog_emulator.grant_access(product_id)
    return "bucket"


def test_first_deploy_provisions_and_returns_outputs(
    sc: ServiceCatalogClient, product: str, fake_time: FakeTime
) -> None:
    done = deploy(sc, product=product, version="v1", name="orders", parameters=PARAMETERS)

    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED
    assert done.record_detail.record_type == "PROVISION_PRODUCT"
    assert {o.output_key: o.output_value for o in done.record_outputs} == {
        "BucketName": "orders-bucket",
        "Tier": "dev",
    }
    detail = sc.describe_provisioned_product(name="orders").provisioned_product_detail
    assert detail is not None
    assert detail.status is ProvisionedProductStatus.AVAILABLE
    assert fake_time.slept, "the waiter polled more than once, on fake time"


def test_second_deploy_updates_the_same_product(sc: ServiceCatalogClient, product: str) -> None:
    first = deploy(sc, product=product, version="v1", name="orders", parameters=PARAMETERS)
    second = deploy(
        sc,
        product=product,
        version="v1",
        name="orders",
        parameters={"BucketName": "orders-bucket", "Tier": "prod"},
    )

    assert first.record_detail is not None
    assert second.record_detail is not None
    assert second.record_detail.record_type == "UPDATE_PROVISIONED_PRODUCT"
    assert second.record_detail.provisioned_product_id == first.record_detail.provisioned_product_id
    assert {o.output_key: o.output_value for o in second.record_outputs}["Tier"] == "prod"


def test_a_rejected_parameter_fails_the_deploy(sc: ServiceCatalogClient, product: str) -> None:
    with pytest.raises(RecordFailedError) as failed:
        deploy(
            sc,
            product=product,
            version="v1",
            name="orders",
            parameters={"BucketName": "orders-bucket", "Tier": "huge"},
        )

    assert failed.value.record.status is RecordStatus.FAILED
    assert failed.value.errors, "the record says why"


def test_throttling_while_waiting_is_retried(
    servicecatalog_emulator: ServiceCatalogEmulator, product: str, fake_time: FakeTime
) -> None:
    # botocore's own retries are off here (they would absorb the throttling,
    # sleeping for real), so the throttled polls reach the waiter, which sends
    # them again on fake time instead of failing.
    raw = boto3.client(
        "servicecatalog",
        region_name=servicecatalog_emulator.region_name,
        config=Config(retries={"total_max_attempts": 1}),
    )
    sc = ServiceCatalogClient(
        raw, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=True
    )
    servicecatalog_emulator.inject_fault("DescribeRecord", "ThrottlingException", times=2)

    done = deploy(sc, product=product, version="v1", name="orders", parameters=PARAMETERS)

    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED
    assert servicecatalog_emulator.calls["DescribeRecord"] >= 3


def test_an_unknown_product_is_an_api_error(sc: ServiceCatalogClient) -> None:
    with pytest.raises(ResourceNotFoundError):
        deploy(sc, product="no-such-product", version="v1", name="orders")
