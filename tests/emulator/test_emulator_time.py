"""Time on the emulator: work done when a change ends, change_seconds, virtual waits."""

from __future__ import annotations

import time
from typing import Any

import pytest

from servicecatalog_sdk.client import MAX_ATTEMPTS
from servicecatalog_sdk.errors import ServiceCatalogError, WaiterTimeoutError
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import bucket_names, create_product


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def _provision(sc: Any, product_id: str, artifact_id: str, name: str = "orders") -> dict[str, Any]:
    record: dict[str, Any] = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=name,
        ProvisioningParameters=[{"Key": "BucketName", "Value": f"{name}-bucket"}],
    )["RecordDetail"]
    return record


def _status(sc: Any, record_id: str) -> str:
    status: str = sc.describe_record(Id=record_id)["RecordDetail"]["Status"]
    return status


def _outputs(sc: Any, pp_id: str) -> dict[str, str]:
    out = sc.get_provisioned_product_outputs(ProvisionedProductId=pp_id)["Outputs"]
    return {o["OutputKey"]: o["OutputValue"] for o in out}


# -- results appear when the change is done -------------------------------------------


def test_the_stack_and_its_outputs_appear_only_when_the_launch_succeeds(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    product_id, artifact_id = create_product(emulator)
    record = _provision(sc, product_id, artifact_id)
    cfn = emulator.boto3_client("cloudformation")
    assert record["Status"] == "CREATED"
    for expected in ("IN_PROGRESS", "IN_PROGRESS"):
        assert _outputs(sc, record["ProvisionedProductId"]) == {}
        assert cfn.describe_stacks()["Stacks"] == []
        assert "orders-bucket" not in bucket_names(emulator)
        assert _status(sc, record["RecordId"]) == expected
    assert _status(sc, record["RecordId"]) == "SUCCEEDED"
    assert _outputs(sc, record["ProvisionedProductId"])["BucketName"] == "orders-bucket"
    assert "orders-bucket" in bucket_names(emulator)


def test_an_update_changes_the_stack_only_when_it_succeeds(
    emulator: ServiceCatalogEmulator, sc: Any
) -> None:
    emulator.in_progress_polls = 0
    product_id, artifact_id = create_product(emulator)
    launched = _provision(sc, product_id, artifact_id)
    _status(sc, launched["RecordId"])
    pp_id = launched["ProvisionedProductId"]
    emulator.in_progress_polls = 1
    update = sc.update_provisioned_product(
        ProvisionedProductId=pp_id, ProvisioningParameters=[{"Key": "Size", "Value": "large"}]
    )["RecordDetail"]
    assert _outputs(sc, pp_id)["Size"] == "small"
    assert _status(sc, update["RecordId"]) == "IN_PROGRESS"
    assert _outputs(sc, pp_id)["Size"] == "small"
    assert _status(sc, update["RecordId"]) == "SUCCEEDED"
    assert _outputs(sc, pp_id)["Size"] == "large"


# -- change_seconds -------------------------------------------------------------------


def test_change_seconds_ends_a_change_after_that_long_with_a_single_read() -> None:
    clock = FakeClock()
    with ServiceCatalogEmulator(in_progress_polls=1000, change_seconds=1, clock=clock) as emu:
        sc = emu.boto3_client()
        product_id, artifact_id = create_product(emu)
        record = _provision(sc, product_id, artifact_id)
        clock.now += 0.5
        assert _status(sc, record["RecordId"]) == "IN_PROGRESS"
        clock.now += 1.1  # 1.6 s after the request: one more read, and it is done
        assert _status(sc, record["RecordId"]) == "SUCCEEDED"
        assert "orders-bucket" in bucket_names(emu)


def test_change_seconds_ends_a_change_that_nobody_reads() -> None:
    clock = FakeClock()
    with ServiceCatalogEmulator(in_progress_polls=1000, change_seconds=30, clock=clock) as emu:
        sc = emu.boto3_client()
        product_id, artifact_id = create_product(emu)
        record = _provision(sc, product_id, artifact_id)
        clock.now += 31
        # ListRecordHistory observes nothing; the change ended by time all the same.
        (listed,) = sc.list_record_history()["RecordDetails"]
        assert (listed["RecordId"], listed["Status"]) == (record["RecordId"], "SUCCEEDED")


def test_change_seconds_reads_time_monotonic_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    with ServiceCatalogEmulator(in_progress_polls=1000) as emu:
        emu.change_seconds = 2  # settable while running
        sc = emu.boto3_client()
        product_id, artifact_id = create_product(emu)
        record = _provision(sc, product_id, artifact_id)
        assert _status(sc, record["RecordId"]) == "IN_PROGRESS"
        now[0] += 2
        assert _status(sc, record["RecordId"]) == "SUCCEEDED"


def test_change_seconds_must_be_a_number_or_none() -> None:
    with pytest.raises(ValueError, match="change_seconds"):
        ServiceCatalogEmulator(change_seconds=-1)
    with pytest.raises(ValueError, match="change_seconds"):
        ServiceCatalogEmulator(change_seconds=True)


# -- the emulator's own clients wait on virtual time ----------------------------------


def test_a_30_minute_wait_on_a_change_that_never_ends_ends_in_a_bounded_number_of_calls(
    emulator: ServiceCatalogEmulator,
) -> None:
    emulator.in_progress_polls = 10**9
    product_id, artifact_id = create_product(emulator)
    record = _provision(emulator.boto3_client(), product_id, artifact_id)
    client = emulator.client()
    before = emulator.calls["DescribeRecord"]
    started = time.monotonic()
    with pytest.raises(WaiterTimeoutError):
        client.wait_for_record(record["RecordId"], timeout=1800, use_history=False)
    polls = emulator.calls["DescribeRecord"] - before
    assert 30 <= polls <= 300
    # A bound far above what it takes, to catch a real sleep, not to time it.
    assert time.monotonic() - started < 60


def test_a_wait_whose_polls_all_fail_ends_by_its_virtual_deadline(
    emulator: ServiceCatalogEmulator,
) -> None:
    product_id, artifact_id = create_product(emulator)
    record = _provision(emulator.boto3_client(), product_id, artifact_id)
    emulator.inject_fault("DescribeRecord", "InternalFailure", times=10**6)
    client = emulator.client()
    with pytest.raises(WaiterTimeoutError) as caught:
        client.wait_for_record(record["RecordId"], timeout=600, use_history=False)
    assert isinstance(caught.value.__cause__, ServiceCatalogError)
    # botocore retried each poll on virtual time: a bounded number of requests.
    assert emulator.calls["DescribeRecord"] <= MAX_ATTEMPTS * 100
