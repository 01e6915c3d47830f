"""The seed's provisioning and record operations through botocore's Stubber."""

from __future__ import annotations

from typing import Any, get_type_hints

from botocore.stub import ANY, Stubber
from typing_extensions import assert_type

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    CloudWatchDashboard,
    DescribeProvisionedProductOutput,
    DescribeRecordOutput,
    ListRecordHistoryOutput,
    ListRecordHistorySearchFilter,
    ProvisionedProductDetail,
    ProvisionedProductStatus,
    ProvisioningParameter,
    ProvisioningPreferences,
    ProvisionProductOutput,
    RecordDetail,
    RecordStatus,
    ScanProvisionedProductsOutput,
    Tag,
    TerminateProvisionedProductOutput,
    UpdateProvisionedProductOutput,
    UpdateProvisioningParameter,
)
from tests.client.client_helpers import NAIVE_WHEN, WHEN, SentCalls, assert_plain_wire, assert_uuid

PP_DETAIL: dict[str, Any] = {
    "Name": "orders-db",
    "Arn": "arn:aws:servicecatalog:us-east-1:123456789012:stack/orders-db/pp-abc",
    "Type": "CFN_STACK",
    "Id": "pp-abc",
    "Status": "TAINTED",
    "StatusMessage": "update failed, rolled back",
    "CreatedTime": NAIVE_WHEN,
    "IdempotencyToken": "tok-1",
    "LastRecordId": "rec-2",
    "ProductId": "prod-abc",
    "ProvisioningArtifactId": "pa-1",
}


def record_wire(record_id: str, status: str, record_type: str) -> dict[str, Any]:
    return {
        "RecordId": record_id,
        "ProvisionedProductName": "orders-db",
        "Status": status,
        "CreatedTime": NAIVE_WHEN,
        "UpdatedTime": NAIVE_WHEN,
        "ProvisionedProductType": "CFN_STACK",
        "RecordType": record_type,
        "ProvisionedProductId": "pp-abc",
        "ProductId": "prod-abc",
        "ProvisioningArtifactId": "pa-1",
        "PathId": "lpv3-abc",
    }


def assert_record(
    record: RecordDetail | None, record_id: str, status: RecordStatus, record_type: str
) -> RecordDetail:
    assert isinstance(record, RecordDetail)
    assert record.record_id == record_id
    assert record.status is status
    assert record.record_type == record_type
    assert record.created_time == WHEN
    assert record.updated_time is not None
    assert record.updated_time.tzinfo is not None
    assert record.record_errors == ()
    return record


def test_describe_provisioned_product_by_id_returns_a_provisioned_product_status(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "describe_provisioned_product",
        {"ProvisionedProductDetail": PP_DETAIL, "CloudWatchDashboards": [{"Name": "orders"}]},
        {"Id": "pp-abc"},
    )
    out = sc.describe_provisioned_product(id="pp-abc")
    assert isinstance(out, DescribeProvisionedProductOutput)
    assert_type(out, DescribeProvisionedProductOutput)
    detail = out.provisioned_product_detail
    assert isinstance(detail, ProvisionedProductDetail)
    assert_type(detail.status, ProvisionedProductStatus | None)  # checked by mypy: no Any
    assert detail.status is ProvisionedProductStatus.TAINTED
    assert (detail.id, detail.name, detail.last_record_id) == ("pp-abc", "orders-db", "rec-2")
    assert detail.created_time == WHEN
    assert out.cloud_watch_dashboards == (CloudWatchDashboard(name="orders"),)


def test_describe_provisioned_product_by_name_sends_only_the_name(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "describe_provisioned_product",
        {"ProvisionedProductDetail": {**PP_DETAIL, "Status": "AVAILABLE"}},
        {"Name": "orders-db"},
    )
    out = sc.describe_provisioned_product(name="orders-db")
    assert out.provisioned_product_detail is not None
    assert out.provisioned_product_detail.status is ProvisionedProductStatus.AVAILABLE
    assert out.cloud_watch_dashboards == ()


def test_record_and_provisioned_product_statuses_are_distinct_enums() -> None:
    assert not issubclass(RecordStatus, ProvisionedProductStatus)
    assert not issubclass(ProvisionedProductStatus, RecordStatus)
    assert get_type_hints(RecordDetail)["status"] == RecordStatus | None
    assert get_type_hints(ProvisionedProductDetail)["status"] == ProvisionedProductStatus | None
    record_values = {s.value for s in RecordStatus}
    product_values = {s.value for s in ProvisionedProductStatus}
    assert record_values == {
        "CREATED",
        "IN_PROGRESS",
        "IN_PROGRESS_IN_ERROR",
        "SUCCEEDED",
        "FAILED",
    }
    assert {"AVAILABLE", "UNDER_CHANGE", "TAINTED", "ERROR", "PLAN_IN_PROGRESS"} <= product_values
    assert record_values.isdisjoint(product_values)


def test_describe_record_returns_a_record_status_errors_and_outputs(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    failed = {
        **record_wire("rec-1", "FAILED", "PROVISION_PRODUCT"),
        "RecordErrors": [{"Code": "CFN_ERROR", "Description": "stack rolled back"}],
        "RecordTags": [{"Key": "team", "Value": "orders"}],
    }
    stubber.add_response(
        "describe_record",
        {
            "RecordDetail": failed,
            "RecordOutputs": [
                {"OutputKey": "Endpoint", "OutputValue": "db.example.com", "Description": "host"}
            ],
        },
        {"Id": "rec-1", "PageSize": 20},
    )
    out = sc.describe_record(id="rec-1", page_size=20)
    assert isinstance(out, DescribeRecordOutput)
    assert out.record_detail is not None
    assert out.record_detail.status is RecordStatus.FAILED
    assert [(e.code, e.description) for e in out.record_detail.record_errors] == [
        ("CFN_ERROR", "stack rolled back")
    ]
    assert [(t.key, t.value) for t in out.record_detail.record_tags] == [("team", "orders")]
    assert isinstance(out.record_outputs, tuple)
    assert [(o.output_key, o.output_value) for o in out.record_outputs] == [
        ("Endpoint", "db.example.com")
    ]


def test_list_record_history_sends_filters_and_yields_typed_records_across_pages(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    request = {
        "AccessLevelFilter": {"Key": "Account", "Value": "self"},
        "SearchFilter": {"Key": "provisionedproduct", "Value": "pp-abc"},
        "PageSize": 1,
    }
    stubber.add_response(
        "list_record_history",
        {
            "RecordDetails": [record_wire("rec-2", "IN_PROGRESS", "UPDATE_PROVISIONED_PRODUCT")],
            "NextPageToken": "1",
        },
        request,
    )
    stubber.add_response(
        "list_record_history",
        {"RecordDetails": [record_wire("rec-1", "SUCCEEDED", "PROVISION_PRODUCT")]},
        {**request, "PageToken": "1"},
    )
    history = sc.list_record_history(
        access_level_filter=AccessLevelFilter(key=AccessLevelFilterKey.ACCOUNT, value="self"),
        search_filter=ListRecordHistorySearchFilter(key="provisionedproduct", value="pp-abc"),
        page_size=1,
    )
    first, second = history.pages()
    assert isinstance(first, ListRecordHistoryOutput)
    assert_record(
        first.record_details[0], "rec-2", RecordStatus.IN_PROGRESS, "UPDATE_PROVISIONED_PRODUCT"
    )
    assert_record(second.record_details[0], "rec-1", RecordStatus.SUCCEEDED, "PROVISION_PRODUCT")
    for _, params in sent:
        assert_plain_wire(params)


def test_provision_product_sends_parameter_and_tag_mappings_and_a_generated_token(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    stubber.add_response(
        "provision_product",
        {"RecordDetail": record_wire("rec-1", "CREATED", "PROVISION_PRODUCT")},
        {
            "ProvisionedProductName": "orders-db",
            "ProductId": "prod-abc",
            "ProvisioningArtifactId": "pa-1",
            "PathId": "lpv3-abc",
            "ProvisioningParameters": [
                {"Key": "Size", "Value": "small"},
                {"Key": "Password", "Value": "s3cret"},
            ],
            "Tags": [{"Key": "team", "Value": "orders"}],
            "NotificationArns": ["arn:aws:sns:us-east-1:123456789012:deploys"],
            "ProvisionToken": ANY,
        },
    )
    out = sc.provision_product(
        provisioned_product_name="orders-db",
        product_id="prod-abc",
        provisioning_artifact_id="pa-1",
        path_id="lpv3-abc",
        provisioning_parameters={"Size": "small", "Password": "s3cret"},
        tags={"team": "orders"},
        notification_arns=["arn:aws:sns:us-east-1:123456789012:deploys"],
    )
    assert isinstance(out, ProvisionProductOutput)
    assert_record(out.record_detail, "rec-1", RecordStatus.CREATED, "PROVISION_PRODUCT")
    [(operation, params)] = sent
    assert operation == "ProvisionProduct"
    assert_plain_wire(params)
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == assert_uuid(params["ProvisionToken"])


def test_provision_product_sends_models_by_name_and_a_caller_token_unchanged(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "provision_product",
        {"RecordDetail": record_wire("rec-1", "CREATED", "PROVISION_PRODUCT")},
        {
            "ProvisionedProductName": "orders-db",
            "ProvisionToken": "deploy-42",
            "ProductName": "orders-db-product",
            "ProvisioningArtifactName": "v1",
            "ProvisioningParameters": [{"Key": "Size", "Value": "small"}],
            "ProvisioningPreferences": {
                "StackSetAccounts": ["123456789012"],
                "StackSetRegions": ["us-east-1", "eu-west-1"],
                "StackSetMaxConcurrencyCount": 1,
            },
            "Tags": [{"Key": "team", "Value": "orders"}],
        },
    )
    out = sc.provision_product(
        provisioned_product_name="orders-db",
        provision_token="deploy-42",
        product_name="orders-db-product",
        provisioning_artifact_name="v1",
        provisioning_parameters=[ProvisioningParameter(key="Size", value="small")],
        provisioning_preferences=ProvisioningPreferences(
            stack_set_accounts=("123456789012",),
            stack_set_regions=("us-east-1", "eu-west-1"),
            stack_set_max_concurrency_count=1,
        ),
        tags=[Tag(key="team", value="orders")],
    )
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == "deploy-42"


def test_scan_provisioned_products_yields_typed_details_lazily_across_pages(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    request = {"AccessLevelFilter": {"Key": "Role", "Value": "self"}, "PageSize": 1}
    stubber.add_response(
        "scan_provisioned_products",
        {"ProvisionedProducts": [PP_DETAIL], "NextPageToken": "1"},
        request,
    )
    stubber.add_response(
        "scan_provisioned_products",
        {"ProvisionedProducts": [{**PP_DETAIL, "Id": "pp-def", "Status": "UNDER_CHANGE"}]},
        {**request, "PageToken": "1"},
    )
    scan = sc.scan_provisioned_products(
        access_level_filter=AccessLevelFilter(key=AccessLevelFilterKey.ROLE, value="self"),
        page_size=1,
    )
    assert sent == []  # nothing is fetched before iterating
    items = iter(scan)
    first = next(items)
    assert isinstance(first, ProvisionedProductDetail)
    assert first.status is ProvisionedProductStatus.TAINTED
    assert first.created_time == WHEN
    assert len(sent) == 1  # one page read for the first item
    second = next(items)
    assert second.id == "pp-def"
    assert second.status is ProvisionedProductStatus.UNDER_CHANGE
    assert next(items, None) is None
    assert [name for name, _ in sent] == ["ScanProvisionedProducts"] * 2
    assert_plain_wire(sent[0][1])


def test_scan_provisioned_products_pages_are_typed_outputs(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response("scan_provisioned_products", {"ProvisionedProducts": [PP_DETAIL]}, {})
    [page] = list(sc.scan_provisioned_products().pages())
    assert isinstance(page, ScanProvisionedProductsOutput)
    assert isinstance(page.provisioned_products, tuple)
    assert page.next_page_token is None


def test_terminate_provisioned_product_by_name_sends_a_generated_terminate_token(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    stubber.add_response(
        "terminate_provisioned_product",
        {"RecordDetail": record_wire("rec-3", "CREATED", "TERMINATE_PROVISIONED_PRODUCT")},
        {
            "ProvisionedProductName": "orders-db",
            "IgnoreErrors": True,
            "RetainPhysicalResources": False,
            "TerminateToken": ANY,
        },
    )
    out = sc.terminate_provisioned_product(
        provisioned_product_name="orders-db", ignore_errors=True, retain_physical_resources=False
    )
    assert isinstance(out, TerminateProvisionedProductOutput)
    assert_record(out.record_detail, "rec-3", RecordStatus.CREATED, "TERMINATE_PROVISIONED_PRODUCT")
    [(_, params)] = sent
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == assert_uuid(params["TerminateToken"])


def test_update_provisioned_product_by_id_sends_parameters_and_a_generated_update_token(
    sc: ServiceCatalogClient, stubber: Stubber, sent: SentCalls
) -> None:
    stubber.add_response(
        "update_provisioned_product",
        {"RecordDetail": record_wire("rec-2", "IN_PROGRESS", "UPDATE_PROVISIONED_PRODUCT")},
        {
            "ProvisionedProductId": "pp-abc",
            "ProvisioningArtifactId": "pa-2",
            "ProvisioningParameters": [
                {"Key": "Size", "Value": "large"},
                {"Key": "Password", "UsePreviousValue": True},
            ],
            "Tags": [{"Key": "team", "Value": "orders"}],
            "UpdateToken": ANY,
        },
    )
    out = sc.update_provisioned_product(
        provisioned_product_id="pp-abc",
        provisioning_artifact_id="pa-2",
        provisioning_parameters=[
            UpdateProvisioningParameter(key="Size", value="large"),
            UpdateProvisioningParameter(key="Password", use_previous_value=True),
        ],
        tags={"team": "orders"},
    )
    assert isinstance(out, UpdateProvisionedProductOutput)
    assert_record(
        out.record_detail, "rec-2", RecordStatus.IN_PROGRESS, "UPDATE_PROVISIONED_PRODUCT"
    )
    [(_, params)] = sent
    assert_plain_wire(params)
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == assert_uuid(params["UpdateToken"])


def test_update_provisioned_product_sends_a_parameter_mapping_as_key_value_pairs(
    sc: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "update_provisioned_product",
        {"RecordDetail": record_wire("rec-2", "CREATED", "UPDATE_PROVISIONED_PRODUCT")},
        {
            "ProvisionedProductName": "orders-db",
            "ProvisioningParameters": [{"Key": "Size", "Value": "medium"}],
            "UpdateToken": "upd-7",
        },
    )
    out = sc.update_provisioned_product(
        provisioned_product_name="orders-db",
        provisioning_parameters={"Size": "medium"},
        update_token="upd-7",
    )
    assert out.response_metadata is not None
    assert out.response_metadata.idempotency_token == "upd-7"
