"""A client-wide ``accept_language`` goes with every operation that takes one."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient


def test_client_accept_language_is_sent_with_operations_that_take_it(raw_client: Any) -> None:
    sc = ServiceCatalogClient(raw_client, accept_language="jp", strict=True)
    with Stubber(raw_client) as stubber:
        stubber.add_response("describe_product", {}, {"Id": "prod-abc", "AcceptLanguage": "jp"})
        stubber.add_response(
            "describe_record",
            {"RecordDetail": {"RecordId": "rec-1"}},
            {"Id": "rec-1", "AcceptLanguage": "jp"},
        )
        stubber.add_response(
            "scan_provisioned_products", {"ProvisionedProducts": []}, {"AcceptLanguage": "jp"}
        )
        stubber.add_response(
            "terminate_provisioned_product",
            {},
            {"ProvisionedProductId": "pp-abc", "TerminateToken": "t-1", "AcceptLanguage": "jp"},
        )
        sc.describe_product(id="prod-abc")
        sc.describe_record(id="rec-1")
        assert list(sc.scan_provisioned_products()) == []
        sc.terminate_provisioned_product(provisioned_product_id="pp-abc", terminate_token="t-1")
        stubber.assert_no_pending_responses()
    assert sc.accept_language == "jp"


def test_per_call_accept_language_wins_over_the_clients(raw_client: Any) -> None:
    sc = ServiceCatalogClient(raw_client, accept_language="jp", strict=True)
    with Stubber(raw_client) as stubber:
        stubber.add_response(
            "describe_product_view", {}, {"Id": "prodview-abc", "AcceptLanguage": "zh"}
        )
        stubber.add_response(
            "search_products",
            {"ProductViewSummaries": []},
            {"AcceptLanguage": "en", "SortBy": "CreationDate"},
        )
        sc.describe_product_view(id="prodview-abc", accept_language="zh")
        assert list(sc.search_products(accept_language="en")) == []
        stubber.assert_no_pending_responses()


def test_client_accept_language_is_not_sent_where_the_operation_takes_none(raw_client: Any) -> None:
    sc = ServiceCatalogClient(raw_client, accept_language="jp", strict=True)
    with Stubber(raw_client) as stubber:
        stubber.add_response("create_tag_option", {}, {"Key": "env", "Value": "prod"})
        sc.create_tag_option(key="env", value="prod")
        stubber.assert_no_pending_responses()


def test_no_accept_language_is_sent_by_default(raw_client: Any) -> None:
    sc = ServiceCatalogClient(raw_client, strict=True)
    with Stubber(raw_client) as stubber:
        stubber.add_response("describe_product", {}, {"Id": "prod-abc"})
        sc.describe_product(id="prod-abc")
        stubber.assert_no_pending_responses()


def test_from_session_takes_a_client_accept_language(raw_client: Any) -> None:
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    sc = ServiceCatalogClient.from_session(
        session, region_name="us-east-1", accept_language="en", strict=True
    )
    assert sc.accept_language == "en"
    with Stubber(sc.raw) as stubber:
        stubber.add_response("describe_product", {}, {"Name": "orders-db", "AcceptLanguage": "en"})
        sc.describe_product(name="orders-db")
        stubber.assert_no_pending_responses()
