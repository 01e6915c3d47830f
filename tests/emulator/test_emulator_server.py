"""Server mode: moto's threaded server on 127.0.0.1, reachable from other processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from typing import Any

import pytest
import werkzeug.serving

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import BUCKET_TEMPLATE_V2, add_version, bucket_names, create_product, settle

_OTHER_PROCESS = """
import boto3, sys
sc = boto3.client("servicecatalog")
print(sc.describe_product(Id=sys.argv[1])["ProductViewSummary"]["Name"])
"""


def _provision(sc: Any, product_id: str, artifact_id: str) -> Any:
    return sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName="served",
        ProvisioningParameters=[{"Key": "BucketName", "Value": "served-bucket"}],
    )["RecordDetail"]


def test_server_mode_lifecycle(monkeypatch: pytest.MonkeyPatch) -> None:
    # No real credentials may be found, even by accident.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with ServiceCatalogEmulator(server=True, in_progress_polls=1) as emulator:
        endpoint = emulator.endpoint_url
        assert endpoint is not None
        assert endpoint.startswith("http://127.0.0.1:")
        sc = emulator.boto3_client()
        url = emulator.upload_template({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})
        assert url.startswith(f"{endpoint}/")

        product_id, v1 = create_product(emulator)
        v2 = add_version(emulator, product_id, BUCKET_TEMPLATE_V2, "v2")
        record = _provision(sc, product_id, v1)
        statuses = [sc.describe_record(Id=record["RecordId"])["RecordDetail"]["Status"]]
        statuses.append(sc.describe_record(Id=record["RecordId"])["RecordDetail"]["Status"])
        assert statuses == ["IN_PROGRESS", "SUCCEEDED"]
        assert "served-bucket" in bucket_names(emulator)

        update = sc.update_provisioned_product(
            ProvisionedProductName="served", ProvisioningArtifactId=v2
        )["RecordDetail"]
        outputs = settle(sc, update["RecordId"])["RecordOutputs"]
        assert {o["OutputKey"]: o["OutputValue"] for o in outputs}["Version"] == "2"

        env = {**os.environ, **emulator.environment()}
        other = subprocess.run(
            [sys.executable, "-c", _OTHER_PROCESS, product_id],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert other.stdout.strip() == "bucket-product"

        done = sc.terminate_provisioned_product(ProvisionedProductName="served")["RecordDetail"]
        assert settle(sc, done["RecordId"])["RecordDetail"]["Status"] == "SUCCEEDED"
        assert "served-bucket" not in bucket_names(emulator)
        cfn = emulator.boto3_client("cloudformation")
        assert cfn.describe_stacks()["Stacks"] == []
        assert emulator.calls["DescribeRecord"] >= 4

    assert emulator.endpoint_url is None
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.URLError):
        opener.open(f"{endpoint}/moto-api/", timeout=5)


def test_server_mode_starts_fresh_and_serves_faults(monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr("botocore.endpoint.time.sleep", sleeps.append)  # no real back-off
    with ServiceCatalogEmulator(server=True) as emulator:
        sc = emulator.boto3_client()
        assert sc.search_products_as_admin()["ProductViewDetails"] == []
        emulator.inject_fault("SearchProductsAsAdmin", "ThrottlingException")
        out = sc.search_products_as_admin()  # botocore retries the throttled request
        assert out["ResponseMetadata"]["RetryAttempts"] == 1
        assert emulator.calls["SearchProductsAsAdmin"] == 3
        assert len(sleeps) == 1


def test_environment_needs_server_mode(emulator: ServiceCatalogEmulator) -> None:
    assert emulator.endpoint_url is None
    with pytest.raises(RuntimeError):
        emulator.environment()


def test_stopping_the_server_frees_its_port_and_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # moto's own server notices a stop only at its next half-second poll; the
    # emulator's serving loop polls far more often, so a stop is near-instant.
    polls: list[float] = []
    original = werkzeug.serving.BaseWSGIServer.serve_forever

    def serve_forever(self: Any, poll_interval: float = 0.5) -> None:
        polls.append(poll_interval)
        original(self, poll_interval)

    monkeypatch.setattr(werkzeug.serving.BaseWSGIServer, "serve_forever", serve_forever)
    for _ in range(3):
        emulator = ServiceCatalogEmulator(server=True)
        emulator.start()
        url = emulator.endpoint_url
        assert url is not None
        port = int(url.rsplit(":", 1)[1])
        emulator.stop()
        # The port is free again at once, and no serving thread is left behind.
        with socket.socket() as probe:
            # SO_REUSEADDR passes over closed connections in TIME_WAIT, not a listener.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))
            probe.listen()
        assert not [t for t in threading.enumerate() if t.name == "servicecatalog-emulator-server"]
    assert len(polls) == 3
    assert all(interval <= 0.05 for interval in polls)
