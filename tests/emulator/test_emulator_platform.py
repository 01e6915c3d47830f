"""The emulator as a platform: the moto patch's life, runtime knobs, JSON-only answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config
from moto import mock_aws
from moto.servicecatalog import urls as moto_urls
from moto.servicecatalog.responses import ServiceCatalogResponse

from servicecatalog_sdk.testing import ServiceCatalogEmulator, _dispatch, _front
from servicecatalog_sdk.testing._backend import EmulatorBackend

from .emulator_helpers import BUCKET_TEMPLATE_V2, add_version, create_product


def _error(call: Any, **kwargs: Any) -> dict[str, Any]:
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        call(**kwargs)
    response: dict[str, Any] = caught.value.response
    return response


def _provision(sc: Any, product_id: str, artifact_id: str, name: str) -> dict[str, Any]:
    out: dict[str, Any] = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=name,
        ProvisioningParameters=[{"Key": "BucketName", "Value": f"{name}-bucket"}],
    )
    record: dict[str, Any] = out["RecordDetail"]
    return record


def _status(sc: Any, record_id: str) -> str:
    status: str = sc.describe_record(Id=record_id)["RecordDetail"]["Status"]
    return status


# -- the patch is there only while an emulator runs -----------------------------


def test_the_route_lives_exactly_as_long_as_the_emulator() -> None:
    moto_own = dict(moto_urls.url_paths)
    assert not _front.installed()
    with ServiceCatalogEmulator():
        assert _front.installed()
        assert moto_urls.url_paths != moto_own
    assert not _front.installed()
    assert moto_urls.url_paths == moto_own
    # moto's own response class is never touched.
    assert "call_action" not in ServiceCatalogResponse.__dict__


def test_plain_moto_serves_its_own_service_catalog_outside_an_emulator() -> None:
    with mock_aws():
        sc = boto3.client("servicecatalog", region_name="us-east-1")
        created = sc.create_portfolio(DisplayName="plain", ProviderName="moto")
        assert created["PortfolioDetail"]["DisplayName"] == "plain"
        # moto's own Service Catalog backend answered: the route is moto's again.
        names = [p["DisplayName"] for p in sc.list_portfolios()["PortfolioDetails"]]
        assert names == ["plain"]


def test_two_emulators_one_after_the_other_both_serve_from_a_clean_state() -> None:
    for _ in range(2):
        with ServiceCatalogEmulator(in_progress_polls=0) as emulator:
            sc = emulator.boto3_client()
            assert sc.search_products_as_admin()["ProductViewDetails"] == []
            product_id, _ = create_product(emulator)
            assert sc.describe_product_as_admin(Id=product_id)["ProductViewDetail"]
    assert not _front.installed()


def test_a_second_emulator_at_the_same_time_is_refused_and_leaves_the_first_working() -> None:
    with ServiceCatalogEmulator() as first:
        with pytest.raises(RuntimeError, match="already running"):
            ServiceCatalogEmulator().start()
        assert _front.installed()
        assert first.boto3_client().search_products_as_admin()["ProductViewDetails"] == []


# -- every answer is JSON -----------------------------------------------------------


def test_an_operation_without_a_handler_answers_a_modelled_json_error(
    emulator: ServiceCatalogEmulator, sc: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(_dispatch.HANDLERS, "DescribeRecord")
    response = _error(sc.describe_record, Id="rec-nothing")
    assert response["Error"]["Code"] == "OperationNotSupportedException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    # moto's own Service Catalog never answers while the emulator runs.
    assert "DescribeRecord" in response["Error"]["Message"]


def test_a_handler_bug_answers_internal_failure_json_without_the_exception_text(
    emulator: ServiceCatalogEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(backend: EmulatorBackend, params: Mapping[str, Any]) -> dict[str, Any]:
        raise KeyError(f"secret-{params['Id']}")

    monkeypatch.setitem(_dispatch.HANDLERS, "DescribeRecord", broken)
    # One attempt: botocore would retry a 500, with real back-off sleeps.
    sc = boto3.client(
        "servicecatalog", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )
    response = _error(sc.describe_record, Id="hunter2")
    assert response["Error"]["Code"] == "InternalFailure"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert "KeyError" in response["Error"]["Message"]
    assert "hunter2" not in str(response)


# -- knobs on a running emulator ------------------------------------------------


def test_in_progress_polls_changes_apply_from_the_next_request(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, v1 = create_product(emulator)
    emulator.in_progress_polls = 5
    slow = _provision(sc, product_id, v1, "slow")["RecordId"]
    assert [_status(sc, slow) for _ in range(2)] == ["IN_PROGRESS", "IN_PROGRESS"]
    emulator.in_progress_polls = 0
    assert emulator.in_progress_polls == 0
    assert _status(sc, slow) == "SUCCEEDED"
    instant = _provision(sc, product_id, v1, "instant")["RecordId"]
    assert _status(sc, instant) == "SUCCEEDED"


def test_stale_reads_can_be_switched_on_while_running(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    emulator.in_progress_polls = 0
    product_id, v1 = create_product(emulator)
    v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
    launched = _provision(sc, product_id, v1, "lagging")
    assert _status(sc, launched["RecordId"]) == "SUCCEEDED"
    emulator.stale_reads = 2
    update = sc.update_provisioned_product(
        ProvisionedProductName="lagging", ProvisioningArtifactId=v2
    )["RecordDetail"]
    seen = [
        sc.describe_provisioned_product(Name="lagging")["ProvisionedProductDetail"]["LastRecordId"]
        for _ in range(3)
    ]
    assert seen == [launched["RecordId"], launched["RecordId"], update["RecordId"]]


@pytest.mark.parametrize("knob", ["in_progress_polls", "stale_reads"])
@pytest.mark.parametrize("value", [-1, True, 1.5])
def test_knobs_refuse_values_that_are_not_counts(knob: str, value: Any) -> None:
    with pytest.raises(ValueError, match=knob):
        ServiceCatalogEmulator(**{knob: value})
    emulator = ServiceCatalogEmulator()
    with pytest.raises(ValueError, match=knob):
        setattr(emulator, knob, value)
