"""The ``servicecatalog_emulator`` fixture used the way a user's own test suite would.

The code under test is a small deployment function, written as a user would write
it against the SDK: it launches a team's bucket product (or updates it when it
already runs), waits, and returns the outputs. The tests only use the fixture the
``testing`` extra registers through its ``pytest11`` entry point; nothing here
imports the plugin.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import pytest

from servicecatalog_sdk import ServiceCatalogClient, waiters
from servicecatalog_sdk.errors import (
    ProvisionedProductFailedError,
    RecordFailedError,
    ResourceNotFoundError,
)
from servicecatalog_sdk.models import (
    ProductType,
    ProvisionedProductStatus,
    ProvisioningArtifactProperties,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .e2e_helpers import BUCKET_TEMPLATE, BUCKET_TEMPLATE_V2, bucket_names

# -- the user's code under test ------------------------------------------------------


@attrs.frozen
class Deployment:
    """What a deployment leaves behind."""

    provisioned_product_id: str
    record_id: str
    outputs: Mapping[str, str]


def deploy_team_bucket(
    environment: str,
    *,
    size: str = "small",
    product_name: str = "team-bucket",
    sc: ServiceCatalogClient | None = None,
    sleep: waiters.Sleep | None = None,
) -> Deployment:
    """Launch ``bucket-<environment>`` from the newest version of the product, or update it.

    Waits until the change is done; a failed change raises ``RecordFailedError``.
    """
    sc = sc or ServiceCatalogClient.from_session(strict=True)
    name = f"bucket-{environment}"
    versions = sc.describe_product(name=product_name).provisioning_artifacts
    newest = versions[-1].id
    parameters = {"BucketName": f"acme-{environment}-data", "Size": size}
    try:
        sc.describe_provisioned_product(name=name)
    except ResourceNotFoundError:
        launched = sc.provision_product(
            product_name=product_name,
            provisioning_artifact_id=newest,
            provisioned_product_name=name,
            provisioning_parameters=parameters,
            tags={"environment": environment},
        )
        record = launched.record_detail
    else:
        changed = sc.update_provisioned_product(
            provisioned_product_name=name,
            provisioning_artifact_id=newest,
            provisioning_parameters=parameters,
        )
        record = changed.record_detail
    assert record is not None
    assert record.record_id
    assert record.provisioned_product_id
    done = waiters.wait_for_record(sc, record.record_id, timeout=1800, sleep=sleep)
    return Deployment(
        provisioned_product_id=record.provisioned_product_id,
        record_id=record.record_id,
        outputs={o.output_key or "": o.output_value or "" for o in done.record_outputs},
    )


def tear_down(
    environment: str, *, sc: ServiceCatalogClient, sleep: waiters.Sleep | None = None
) -> None:
    """Terminate ``bucket-<environment>`` and wait until it is gone."""
    out = sc.terminate_provisioned_product(provisioned_product_name=f"bucket-{environment}")
    assert out.record_detail is not None
    waiters.wait_for_termination(
        sc, name=f"bucket-{environment}", record_id=out.record_detail.record_id, sleep=sleep
    )


# -- the user's tests ----------------------------------------------------------------------


def _no_sleep(seconds: float) -> None:
    """The sleep a test hands to the code under test: the emulator needs no real waiting."""


@pytest.fixture
def team_bucket_product(servicecatalog_emulator: ServiceCatalogEmulator) -> str:
    """The catalog the deployment expects: a ``team-bucket`` product, version 1."""
    sc = servicecatalog_emulator.client()
    out = sc.create_product(
        name="team-bucket",
        owner="platform",
        product_type=ProductType.CLOUD_FORMATION_TEMPLATE,
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1",
            info={"LoadTemplateFromURL": servicecatalog_emulator.upload_template(BUCKET_TEMPLATE)},
        ),
    )
    assert out.product_view_detail is not None
    assert out.product_view_detail.product_view_summary is not None
    product_id = out.product_view_detail.product_view_summary.product_id
    assert product_id is not None
    # On AWS an end user reaches a product through a portfolio granted to them.
    servicecatalog_emulator.grant_access(product_id)
    return product_id


def test_the_fixture_comes_from_the_installed_plugin(
    request: pytest.FixtureRequest, servicecatalog_emulator: ServiceCatalogEmulator
) -> None:
    assert request.config.pluginmanager.hasplugin("servicecatalog_sdk")
    assert isinstance(servicecatalog_emulator, ServiceCatalogEmulator)
    assert servicecatalog_emulator.endpoint_url is None  # in-process
    # Fresh for every test: nothing left over from any other test.
    sc = servicecatalog_emulator.client()
    assert list(sc.search_products_as_admin()) == []
    assert list(sc.scan_provisioned_products()) == []


def test_deploy_launches_the_bucket_and_returns_its_outputs(
    servicecatalog_emulator: ServiceCatalogEmulator, team_bucket_product: str
) -> None:
    # The code under test builds its own client the SDK's way; moto's mock catches it.
    deployment = deploy_team_bucket("staging", sleep=_no_sleep)

    assert deployment.outputs == {
        "BucketName": "acme-staging-data",
        "BucketArn": "arn:aws:s3:::acme-staging-data",
        "Size": "small",
    }
    assert "acme-staging-data" in bucket_names(servicecatalog_emulator)
    sc = servicecatalog_emulator.client()
    detail = sc.describe_provisioned_product(id=deployment.provisioned_product_id)
    assert detail.provisioned_product_detail is not None
    assert detail.provisioned_product_detail.status is ProvisionedProductStatus.AVAILABLE
    assert detail.provisioned_product_detail.product_id == team_bucket_product
    assert servicecatalog_emulator.calls["ProvisionProduct"] == 1


def test_redeploy_updates_in_place_to_the_newest_version(
    servicecatalog_emulator: ServiceCatalogEmulator, team_bucket_product: str
) -> None:
    sc = servicecatalog_emulator.client()
    first = deploy_team_bucket("prod", sc=sc, sleep=_no_sleep)
    sc.create_provisioning_artifact(
        product_id=team_bucket_product,
        parameters=ProvisioningArtifactProperties(
            name="v2",
            info={
                "LoadTemplateFromURL": servicecatalog_emulator.upload_template(BUCKET_TEMPLATE_V2)
            },
        ),
    )

    second = deploy_team_bucket("prod", size="large", sc=sc, sleep=_no_sleep)

    assert second.provisioned_product_id == first.provisioned_product_id
    assert second.record_id != first.record_id
    assert second.outputs["Version"] == "2"
    assert second.outputs["Size"] == "large"
    assert [r.record_id for r in sc.list_record_history()] == [second.record_id, first.record_id]
    assert len(list(sc.scan_provisioned_products())) == 1


def test_failed_first_launch_raises_with_the_record_errors(
    servicecatalog_emulator: ServiceCatalogEmulator, team_bucket_product: str
) -> None:
    sc = servicecatalog_emulator.client()
    with pytest.raises(RecordFailedError) as caught:
        deploy_team_bucket("dev", size="huge", sc=sc, sleep=_no_sleep)
    assert [e.code for e in caught.value.errors] == ["ValidationError"]
    assert "AllowedValues" in (caught.value.errors[0].description or "")

    # A failed first launch leaves the product in ERROR, which its waiter reports.
    with pytest.raises(ProvisionedProductFailedError) as failed:
        waiters.wait_for_provisioned_product(sc, name="bucket-dev", sleep=_no_sleep)
    assert failed.value.detail.status is ProvisionedProductStatus.ERROR
    assert "acme-dev-data" not in bucket_names(servicecatalog_emulator)

    # The broken launch can be torn down, which frees its name for the next attempt.
    tear_down("dev", sc=sc, sleep=_no_sleep)
    retried = deploy_team_bucket("dev", sc=sc, sleep=_no_sleep)
    assert retried.outputs["BucketName"] == "acme-dev-data"


def test_deploy_and_tear_down_survive_throttling(
    servicecatalog_emulator: ServiceCatalogEmulator,
    team_bucket_product: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backoffs: list[float] = []
    monkeypatch.setattr("botocore.endpoint.time.sleep", backoffs.append)  # botocore's back-off
    sc = ServiceCatalogClient.from_session(strict=True)
    servicecatalog_emulator.throttle(0.25, seed=3)

    deployment = deploy_team_bucket("qa", sc=sc, sleep=_no_sleep)
    assert deployment.outputs["BucketName"] == "acme-qa-data"
    tear_down("qa", sc=sc, sleep=_no_sleep)

    servicecatalog_emulator.clear_faults()
    assert backoffs  # some requests were throttled, and botocore sent them again
    assert "acme-qa-data" not in bucket_names(servicecatalog_emulator)
    with pytest.raises(ResourceNotFoundError):
        sc.describe_provisioned_product(name="bucket-qa")
