"""One SDK client shared by 8 threads, each provisioning a product and waiting for it.

The client is documented as shareable between threads, like the boto3 client it
wraps. Every thread starts its ``provision_product`` at the same moment (a
barrier), so request building, idempotency tokens, response conversion and the
waiters all run concurrently on one client; the emulator handles one request at
a time, as its lock says, in-process and as moto's threaded server.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.models import (
    DescribeRecordOutput,
    ProvisionedProductStatus,
    ProvisionProductOutput,
    RecordStatus,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .e2e_helpers import bucket_names, create_bucket_product, outputs_of

THREADS = 8


def test_threads_share_one_client_to_provision_and_wait(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient
) -> None:
    product = create_bucket_product(emulator, sc)
    start = threading.Barrier(THREADS)

    def deploy(i: int) -> tuple[ProvisionProductOutput, DescribeRecordOutput]:
        start.wait(timeout=30)
        launched = sc.provision_product(
            product_id=product.product_id,
            provisioning_artifact_id=product.artifact_id,
            provisioned_product_name=f"app-{i}",
            provisioning_parameters={
                "BucketName": f"bucket-{i}",
                "Size": ("small", "large")[i % 2],
            },
        )
        assert launched.record_detail is not None
        assert launched.record_detail.record_id is not None
        done = sc.wait_for_record(launched.record_detail.record_id, timeout=60)
        return launched, done

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(deploy, range(THREADS)))

    record_ids = set()
    tokens = set()
    for i, (launched, done) in enumerate(results):
        # Each thread got its own answer back: its name, its parameters, its outputs.
        assert done.record_detail is not None
        assert done.record_detail.status is RecordStatus.SUCCEEDED
        assert done.record_detail.provisioned_product_name == f"app-{i}"
        assert launched.record_detail is not None
        assert done.record_detail.record_id == launched.record_detail.record_id
        outputs = outputs_of(done)
        assert outputs["BucketName"] == f"bucket-{i}"
        assert outputs["Size"] == ("small", "large")[i % 2]
        record_ids.add(done.record_detail.record_id)
        assert launched.response_metadata is not None
        tokens.add(launched.response_metadata.idempotency_token)
    assert len(record_ids) == THREADS
    assert len(tokens) == THREADS  # no two calls shared an idempotency token
    assert {f"bucket-{i}" for i in range(THREADS)} <= bucket_names(emulator)

    # The service agrees: eight products, each stable and named as its thread asked.
    products = list(sc.scan_provisioned_products())
    assert sorted(p.name or "" for p in products) == sorted(f"app-{i}" for i in range(THREADS))
    assert {p.status for p in products} == {ProvisionedProductStatus.AVAILABLE}
