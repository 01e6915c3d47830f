"""The whole provisioning lifecycle through the SDK, in-process and against moto's server.

One test walks every seed operation of the 2017-06-15 API change, with typed
results asserted at each step: create a product from an uploaded template (an S3
bucket with outputs), add a second version, read the catalog, provision with
parameters and wait, update to the second version and wait, fail an update (the
product ends TAINTED), terminate (the bucket goes away in moto S3) and read the
record history. The ``emulator`` fixture runs it once in-process and once with
moto's threaded server, started and stopped by the fixture.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from servicecatalog_sdk import ServiceCatalogClient, waiters
from servicecatalog_sdk.errors import (
    ProvisionedProductTaintedError,
    RecordFailedError,
    ResourceNotFoundError,
    WaiterError,
)
from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    CreateProvisioningArtifactOutput,
    DescribeProductAsAdminOutput,
    DescribeProductOutput,
    DescribeProductViewOutput,
    DescribeProvisionedProductOutput,
    DescribeProvisioningArtifactOutput,
    DescribeRecordOutput,
    ListRecordHistorySearchFilter,
    ProductType,
    ProductViewFilterBy,
    ProvisionedProductStatus,
    ProvisioningArtifactGuidance,
    ProvisioningArtifactProperties,
    ProvisioningArtifactType,
    ProvisionProductOutput,
    RecordStatus,
    ScanProvisionedProductsOutput,
    Status,
    Tag,
    TerminateProvisionedProductOutput,
    UpdateProductOutput,
    UpdateProvisionedProductOutput,
    UpdateProvisioningArtifactOutput,
    UpdateProvisioningParameter,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .e2e_helpers import (
    BUCKET_TEMPLATE_V2,
    FakeClock,
    bucket_names,
    create_bucket_product,
    outputs_of,
)

#: The operations of the seed API change; the lifecycle test must send each one.
SEED_OPERATIONS = frozenset(
    {
        "DescribeProvisionedProduct",
        "CreateProduct",
        "CreateProvisioningArtifact",
        "DescribeProduct",
        "DescribeProductAsAdmin",
        "DescribeProductView",
        "DescribeProvisioningArtifact",
        "DescribeRecord",
        "ListProvisioningArtifacts",
        "ListRecordHistory",
        "ProvisionProduct",
        "ScanProvisionedProducts",
        "SearchProducts",
        "SearchProductsAsAdmin",
        "TerminateProvisionedProduct",
        "UpdateProduct",
        "UpdateProvisionedProduct",
        "UpdateProvisioningArtifact",
    }
)

_ID = {
    kind: re.compile(rf"^{kind}-[a-z0-9]{{13}}$")
    for kind in ("prod", "prodview", "pa", "pp", "rec")
}


def _record_id(out: ProvisionProductOutput | UpdateProvisionedProductOutput) -> str:
    assert out.record_detail is not None
    assert out.record_detail.record_id is not None
    return out.record_detail.record_id


def _detail_status(out: DescribeProvisionedProductOutput) -> ProvisionedProductStatus | None:
    assert out.provisioned_product_detail is not None
    return out.provisioned_product_detail.status


def test_every_seed_operation_through_the_sdk(
    emulator: ServiceCatalogEmulator,
    sc: ServiceCatalogClient,
    clock: FakeClock,
    sleeps: list[float],
) -> None:
    # -- the catalog: CreateProduct from a template uploaded to moto S3 --------------
    product = create_bucket_product(
        emulator, sc, description="A bucket per team", tags={"team": "platform"}
    )
    assert _ID["prod"].match(product.product_id)
    assert _ID["prodview"].match(product.view_id)
    assert _ID["pa"].match(product.artifact_id)
    created = product.created
    assert created.product_view_detail is not None
    assert created.product_view_detail.status is Status.AVAILABLE
    assert created.product_view_detail.product_arn is not None
    assert created.product_view_detail.product_arn.endswith(f":product/{product.product_id}")
    assert isinstance(created.product_view_detail.created_time, datetime)
    summary = created.product_view_detail.product_view_summary
    assert summary is not None
    assert (summary.name, summary.owner) == ("bucket-product", "platform-team")
    assert summary.short_description == "A bucket per team"
    assert summary.type is ProductType.CLOUD_FORMATION_TEMPLATE
    v1_detail = created.provisioning_artifact_detail
    assert v1_detail is not None
    assert v1_detail.type is ProvisioningArtifactType.CLOUD_FORMATION_TEMPLATE
    assert v1_detail.guidance is ProvisioningArtifactGuidance.DEFAULT
    assert v1_detail.active is True
    assert created.tags == (Tag(key="team", value="platform"),)
    product_id, v1 = product.product_id, product.artifact_id

    # -- CreateProvisioningArtifact: version 2 --------------------------------------
    v2_out = sc.create_provisioning_artifact(
        product_id=product_id,
        parameters=ProvisioningArtifactProperties(
            name="v2",
            description="adds a Version output",
            info={"LoadTemplateFromURL": emulator.upload_template(BUCKET_TEMPLATE_V2)},
        ),
    )
    assert isinstance(v2_out, CreateProvisioningArtifactOutput)
    assert v2_out.status is Status.AVAILABLE
    assert v2_out.provisioning_artifact_detail is not None
    v2 = v2_out.provisioning_artifact_detail.id
    assert v2 is not None
    assert _ID["pa"].match(v2)
    assert v2_out.info["TemplateUrl"].endswith(".json")

    # -- reading the catalog -------------------------------------------------------------
    described = sc.describe_product(id=product_id)
    assert isinstance(described, DescribeProductOutput)
    assert [a.id for a in described.provisioning_artifacts] == [v1, v2]
    assert described.product_view_summary is not None
    assert described.product_view_summary.id == product.view_id
    by_name = sc.describe_product(name="bucket-product")
    assert by_name.product_view_summary is not None
    assert by_name.product_view_summary.product_id == product_id

    admin = sc.describe_product_as_admin(id=product_id)
    assert isinstance(admin, DescribeProductAsAdminOutput)
    assert [(s.id, s.name) for s in admin.provisioning_artifact_summaries] == [
        (v1, "v1"),
        (v2, "v2"),
    ]
    assert admin.tags == (Tag(key="team", value="platform"),)

    view = sc.describe_product_view(id=product.view_id)
    assert isinstance(view, DescribeProductViewOutput)
    assert view.product_view_summary is not None
    assert view.product_view_summary.product_id == product_id
    assert {a.id for a in view.provisioning_artifacts} == {v1, v2}

    plain = sc.describe_provisioning_artifact(product_id=product_id, provisioning_artifact_id=v2)
    assert isinstance(plain, DescribeProvisioningArtifactOutput)
    assert "TemplateBody" not in plain.info
    verbose = sc.describe_provisioning_artifact(
        product_name="bucket-product",
        provisioning_artifact_name="v2",
        verbose=True,
        include_provisioning_artifact_parameters=True,
    )
    assert verbose.provisioning_artifact_detail is not None
    assert verbose.provisioning_artifact_detail.id == v2
    assert json.loads(verbose.info["TemplateBody"]) == BUCKET_TEMPLATE_V2
    parameters = {p.parameter_key: p for p in verbose.provisioning_artifact_parameters}
    assert set(parameters) == {"BucketName", "Size"}
    assert parameters["Size"].default_value == "small"
    assert parameters["Size"].parameter_constraints is not None
    assert parameters["Size"].parameter_constraints.allowed_values == ("small", "large")
    assert parameters["BucketName"].default_value is None

    listed = list(sc.list_provisioning_artifacts(product_id=product_id))
    assert [(a.id, a.name, a.active) for a in listed] == [(v1, "v1", True), (v2, "v2", True)]

    renamed = sc.update_product(
        id=product_id,
        description="A versioned bucket per team",
        support_email="platform@example.com",
        add_tags={"tier": "gold"},
        remove_tags=["team"],
    )
    assert isinstance(renamed, UpdateProductOutput)
    assert renamed.product_view_detail is not None
    assert renamed.product_view_detail.product_view_summary is not None
    assert renamed.product_view_detail.product_view_summary.support_email == "platform@example.com"
    assert renamed.tags == (Tag(key="tier", value="gold"),)

    reworded = sc.update_provisioning_artifact(
        product_id=product_id, provisioning_artifact_id=v1, description="the first version"
    )
    assert isinstance(reworded, UpdateProvisioningArtifactOutput)
    assert reworded.provisioning_artifact_detail is not None
    assert reworded.provisioning_artifact_detail.description == "the first version"
    assert reworded.status is Status.AVAILABLE

    found = list(sc.search_products(filters={ProductViewFilterBy.FULL_TEXT_SEARCH: ["versioned"]}))
    assert [(s.product_id, s.short_description) for s in found] == [
        (product_id, "A versioned bucket per team")
    ]
    as_admin = sc.search_products_as_admin(filters={ProductViewFilterBy.OWNER: ["platform-team"]})
    first = as_admin.first()
    assert first is not None
    assert first.product_view_summary is not None
    assert first.product_view_summary.product_id == product_id

    # -- ProvisionProduct with a Mapping of parameters, then wait -------------------------
    launched = sc.provision_product(
        product_id=product_id,
        provisioning_artifact_id=v1,
        provisioned_product_name="orders",
        provisioning_parameters={"BucketName": "orders-bucket"},
        tags={"app": "orders"},
    )
    assert isinstance(launched, ProvisionProductOutput)
    assert launched.record_detail is not None
    assert launched.record_detail.status is RecordStatus.CREATED
    assert launched.record_detail.record_type == "PROVISION_PRODUCT"
    provision_id = _record_id(launched)
    pp_id = launched.record_detail.provisioned_product_id
    assert pp_id is not None
    assert _ID["rec"].match(provision_id)
    assert _ID["pp"].match(pp_id)

    seen: list[RecordStatus | None] = []
    done = waiters.wait_for_record(
        sc,
        provision_id,
        timeout=600,
        clock=clock,
        sleep=clock.sleep,
        on_poll=lambda out: seen.append(out.record_detail.status if out.record_detail else None),
    )
    assert isinstance(done, DescribeRecordOutput)
    assert seen == [RecordStatus.IN_PROGRESS, RecordStatus.IN_PROGRESS, RecordStatus.SUCCEEDED]
    assert len(clock.sleeps) == 2  # two pauses, on the fake clock only
    assert outputs_of(done) == {
        "BucketName": "orders-bucket",
        "BucketArn": "arn:aws:s3:::orders-bucket",
        "Size": "small",  # the template's default
    }
    assert "orders-bucket" in bucket_names(emulator)
    # Record outputs read one per page come back merged.
    paged = sc.describe_record(id=provision_id, page_size=1)
    assert outputs_of(paged) == outputs_of(done)
    assert paged.next_page_token is None

    provisioned = sc.describe_provisioned_product(id=pp_id)
    assert isinstance(provisioned, DescribeProvisionedProductOutput)
    pp = provisioned.provisioned_product_detail
    assert pp is not None
    assert pp.status is ProvisionedProductStatus.AVAILABLE
    assert (pp.name, pp.type, pp.product_id, pp.provisioning_artifact_id) == (
        "orders",
        "CFN_STACK",
        product_id,
        v1,
    )
    assert pp.last_record_id == pp.last_successful_provisioning_record_id == provision_id
    named = sc.describe_provisioned_product(name="orders").provisioned_product_detail
    assert named is not None
    assert named.id == pp_id
    assert [(p.id, p.status) for p in sc.scan_provisioned_products()] == [
        (pp_id, ProvisionedProductStatus.AVAILABLE)
    ]

    # -- UpdateProvisionedProduct to version 2, waited for by the client --------------------
    updated = sc.update_provisioned_product(
        provisioned_product_name="orders",
        provisioning_artifact_id=v2,
        provisioning_parameters=[UpdateProvisioningParameter(key="Size", value="large")],
        wait=True,
        wait_timeout=600,
    )
    assert isinstance(updated, DescribeRecordOutput)
    assert updated.record_detail is not None
    assert updated.record_detail.status is RecordStatus.SUCCEEDED
    assert updated.record_detail.record_type == "UPDATE_PROVISIONED_PRODUCT"
    assert updated.record_detail.provisioning_artifact_id == v2
    update_id = updated.record_detail.record_id
    assert update_id is not None
    assert outputs_of(updated) == {
        "BucketName": "orders-bucket",  # not sent again: the previous value is kept
        "BucketArn": "arn:aws:s3:::orders-bucket",
        "Size": "large",
        "Version": "2",
    }
    assert not sleeps  # the emulator's client polls without sleeping: it moves on per poll
    after_update = sc.describe_provisioned_product(id=pp_id).provisioned_product_detail
    assert after_update is not None
    assert after_update.provisioning_artifact_id == v2
    assert after_update.status is ProvisionedProductStatus.AVAILABLE

    # -- an update that fails: RecordFailedError, then the product is TAINTED ----------------
    failing = sc.update_provisioned_product(
        provisioned_product_id=pp_id, provisioning_parameters={"Size": "huge"}
    )
    assert isinstance(failing, UpdateProvisionedProductOutput)
    failed_id = _record_id(failing)
    with pytest.raises(RecordFailedError) as failed:
        waiters.wait_for_record(sc, failed_id, timeout=600, clock=clock, sleep=clock.sleep)
    assert isinstance(failed.value, WaiterError)
    assert failed.value.record.record_id == failed_id
    assert failed.value.record.status is RecordStatus.FAILED
    assert [(e.code, e.description) for e in failed.value.errors] == [
        ("ValidationError", "Parameter 'Size' must be one of AllowedValues")
    ]
    assert "AllowedValues" in str(failed.value)

    with pytest.raises(ProvisionedProductTaintedError) as tainted:
        waiters.wait_for_provisioned_product(
            sc, id=pp_id, record_id=failed_id, timeout=600, clock=clock, sleep=clock.sleep
        )
    assert tainted.value.detail.status is ProvisionedProductStatus.TAINTED
    assert tainted.value.detail.last_record_id == failed_id
    assert tainted.value.status_message == "Parameter 'Size' must be one of AllowedValues"
    accepted = waiters.wait_for_provisioned_product(
        sc, name="orders", accept_tainted=True, timeout=600, clock=clock, sleep=clock.sleep
    )
    assert _detail_status(accepted) is ProvisionedProductStatus.TAINTED
    assert accepted.provisioned_product_detail is not None
    # Rolled back: still version 2, its last success still the good update, the bucket kept.
    assert accepted.provisioned_product_detail.provisioning_artifact_id == v2
    assert accepted.provisioned_product_detail.last_successful_provisioning_record_id == update_id
    assert "orders-bucket" in bucket_names(emulator)

    # -- TerminateProvisionedProduct, then wait until it is gone -------------------------
    terminating = sc.terminate_provisioned_product(provisioned_product_id=pp_id)
    assert isinstance(terminating, TerminateProvisionedProductOutput)
    assert terminating.record_detail is not None
    assert terminating.record_detail.record_type == "TERMINATE_PROVISIONED_PRODUCT"
    terminate_id = terminating.record_detail.record_id
    assert terminate_id is not None
    waiters.wait_for_termination(
        sc, id=pp_id, record_id=terminate_id, timeout=600, clock=clock, sleep=clock.sleep
    )
    with pytest.raises(ResourceNotFoundError):
        sc.describe_provisioned_product(id=pp_id)
    final = sc.describe_record(id=terminate_id)
    assert final.record_detail is not None
    assert final.record_detail.status is RecordStatus.SUCCEEDED
    assert "orders-bucket" not in bucket_names(emulator)
    assert emulator.boto3_client("cloudformation").describe_stacks()["Stacks"] == []
    assert list(sc.scan_provisioned_products()) == []

    # -- ListRecordHistory: every record, newest first -------------------------------------
    history = list(sc.list_record_history())
    assert [(r.record_id, r.record_type, r.status) for r in history] == [
        (terminate_id, "TERMINATE_PROVISIONED_PRODUCT", RecordStatus.SUCCEEDED),
        (failed_id, "UPDATE_PROVISIONED_PRODUCT", RecordStatus.FAILED),
        (update_id, "UPDATE_PROVISIONED_PRODUCT", RecordStatus.SUCCEEDED),
        (provision_id, "PROVISION_PRODUCT", RecordStatus.SUCCEEDED),
    ]
    assert {r.provisioned_product_id for r in history} == {pp_id}
    pages = list(sc.list_record_history(page_size=1).pages())
    assert [[r.record_id for r in p.record_details] for p in pages] == [
        [r.record_id] for r in history
    ]
    for_product = sc.list_record_history(
        search_filter=ListRecordHistorySearchFilter(key="provisionedproduct", value=pp_id)
    )
    assert len(list(for_product)) == 4

    assert set(emulator.calls) >= SEED_OPERATIONS


def test_same_provision_token_gives_one_product_and_one_record(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient, clock: FakeClock
) -> None:
    product = create_bucket_product(emulator, sc)

    def launch() -> ProvisionProductOutput:
        return sc.provision_product(
            product_id=product.product_id,
            provisioning_artifact_id=product.artifact_id,
            provisioned_product_name="orders",
            provisioning_parameters={"BucketName": "orders-bucket"},
            provision_token="deploy-42",
        )

    first = launch()
    again = launch()
    assert _record_id(again) == _record_id(first)
    assert first.record_detail is not None
    assert again.record_detail is not None
    assert again.record_detail.provisioned_product_id == first.record_detail.provisioned_product_id
    assert first.response_metadata is not None
    assert first.response_metadata.idempotency_token == "deploy-42"

    scanned = list(sc.scan_provisioned_products())
    assert [p.id for p in scanned] == [first.record_detail.provisioned_product_id]
    assert scanned[0].idempotency_token == "deploy-42"
    done = waiters.wait_for_record(
        sc, _record_id(first), timeout=600, clock=clock, sleep=clock.sleep
    )
    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED
    assert [r.record_id for r in sc.list_record_history()] == [_record_id(first)]
    assert emulator.calls["ProvisionProduct"] == 2


def test_sdk_made_token_repeats_a_lost_launch_safely(
    local_emulator: ServiceCatalogEmulator,
) -> None:
    # A caller who lost the response re-sends with the token the SDK made and reported.
    sc = local_emulator.client()
    product = create_bucket_product(local_emulator, sc)
    first = sc.provision_product(
        product_id=product.product_id,
        provisioning_artifact_id=product.artifact_id,
        provisioned_product_name="orders",
        provisioning_parameters={"BucketName": "orders-bucket"},
    )
    assert first.response_metadata is not None
    token = first.response_metadata.idempotency_token
    assert token is not None
    again = sc.provision_product(
        product_id=product.product_id,
        provisioning_artifact_id=product.artifact_id,
        provisioned_product_name="orders",
        provisioning_parameters={"BucketName": "orders-bucket"},
        provision_token=token,
    )
    assert _record_id(again) == _record_id(first)
    assert len(list(sc.scan_provisioned_products())) == 1


def test_scan_and_record_history_page_across_several_products(
    emulator: ServiceCatalogEmulator, sc: ServiceCatalogClient
) -> None:
    product = create_bucket_product(emulator, sc)
    launched: list[str] = []
    for name in ("alpha", "bravo", "charlie"):
        done = sc.provision_product(
            product_id=product.product_id,
            provisioning_artifact_id=product.artifact_id,
            provisioned_product_name=name,
            provisioning_parameters={"BucketName": f"{name}-bucket"},
            wait=True,
        )
        assert done.record_detail is not None
        assert done.record_detail.status is RecordStatus.SUCCEEDED
        assert done.record_detail.provisioned_product_id is not None
        launched.append(done.record_detail.provisioned_product_id)

    access = AccessLevelFilter(key=AccessLevelFilterKey.ACCOUNT, value="self")
    pages = list(sc.scan_provisioned_products(access_level_filter=access, page_size=1).pages())
    assert all(isinstance(p, ScanProvisionedProductsOutput) for p in pages)
    assert [[pp.id for pp in p.provisioned_products] for p in pages] == [[i] for i in launched]
    assert [pp.name for pp in sc.scan_provisioned_products(max_items=2)] == ["alpha", "bravo"]

    by_product = ListRecordHistorySearchFilter(key="product", value=product.product_id)
    history = sc.list_record_history(search_filter=by_product, page_size=2)
    assert [len(p.record_details) for p in history.pages()] == [2, 1]
    assert [r.provisioned_product_name for r in history] == ["charlie", "bravo", "alpha"]
    assert {"alpha-bucket", "bravo-bucket", "charlie-bucket"} <= bucket_names(emulator)
