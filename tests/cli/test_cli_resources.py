"""``wait product|artifact|copy|plan|share``, ``copy`` and ``plan``, through main()."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.cli import EXIT_CHANGE_FAILED, EXIT_OK, EXIT_TIMEOUT, ClientOptions, main
from tests.waiters.resource_cases import (
    artifact_answer,
    copy_answer,
    plan_answer,
    product_answer,
    share_answer,
)
from tests.waiters.waiter_helpers import FakeTime, record

from .conftest import Result

Cli = Callable[..., Result]
COPY = {"CopyProductToken": "copy-1"}
PLAN = {"PlanId": "plan-1"}
SHARE = {"PortfolioShareToken": "share-1"}


def test_wait_product_shows_progress_and_the_final_state(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("describe_product_as_admin", product_answer("CREATING"), {"Id": "prod-1"})
    stubber.add_response("describe_product_as_admin", product_answer("AVAILABLE"), {"Id": "prod-1"})

    result = cli("wait", "product", "prod-1")

    assert result.code == EXIT_OK
    assert result.out.strip() == "product prod-1 (web-app) is AVAILABLE"
    progress = result.err.splitlines()
    assert len(progress) == 2
    assert "CREATING" in progress[0]
    assert "AVAILABLE" in progress[1]


def test_wait_artifact_json(cli: Cli, stubber: Stubber) -> None:
    params = {"ProductId": "prod-1", "ProvisioningArtifactId": "pa-1"}
    stubber.add_response("describe_provisioning_artifact", artifact_answer("AVAILABLE"), params)

    result = cli("--json", "wait", "artifact", "prod-1", "pa-1")

    assert result.code == EXIT_OK
    data = json.loads(result.out)
    assert data["status"] == "AVAILABLE"
    assert data["provisioning_artifact_detail"]["id"] == "pa-1"


def test_wait_copy_failed_exits_1_with_the_services_reason(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("describe_copy_product_status", copy_answer("IN_PROGRESS"), COPY)
    stubber.add_response("describe_copy_product_status", copy_answer("FAILED"), COPY)

    result = cli("--json", "wait", "copy", "copy-1")

    assert result.code == EXIT_CHANGE_FAILED
    errors = [line for line in result.err.splitlines() if "error:" in line]
    assert len(errors) == 1
    assert "has no active provisioning artifact" in errors[0]
    # --json gives jq the final status.
    assert json.loads(result.out)["copy_product_status"] == "FAILED"


def test_wait_plan_failed_says_why(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("describe_provisioned_product_plan", plan_answer("CREATE_FAILED"), PLAN)

    result = cli("wait", "plan", "plan-1")

    assert result.code == EXIT_CHANGE_FAILED
    assert "No updates are to be performed." in result.err


def test_wait_share_with_errors_names_every_account(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("describe_portfolio_share_status", share_answer("NOT_STARTED"), SHARE)
    stubber.add_response(
        "describe_portfolio_share_status", share_answer("COMPLETED_WITH_ERRORS"), SHARE
    )

    result = cli("wait", "share", "share-1")

    assert result.code == EXIT_CHANGE_FAILED
    for account in ("111111111111", "222222222222", "333333333333"):
        assert account in result.err


def test_wait_share_completed(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("describe_portfolio_share_status", share_answer("COMPLETED"), SHARE)

    result = cli("wait", "share", "share-1")

    assert result.code == EXIT_OK
    assert "COMPLETED" in result.out


def test_wait_plan_times_out_with_exit_3(cli: Cli, stubber: Stubber) -> None:
    for _ in range(20):
        stubber.add_response(
            "describe_provisioned_product_plan", plan_answer("CREATE_IN_PROGRESS"), PLAN
        )

    result = cli("--timeout", "30s", "wait", "plan", "plan-1")

    assert result.code == EXIT_TIMEOUT
    assert result.elapsed == pytest.approx(30)
    assert "CREATE_IN_PROGRESS" in result.err.splitlines()[-1]


def test_copy_with_wait_prints_the_new_product(cli: Cli, stubber: Stubber) -> None:
    arn = "arn:aws:catalog:us-east-1:111111111111:product/prod-1"
    stubber.add_response("copy_product", dict(COPY))
    stubber.add_response("describe_copy_product_status", copy_answer("IN_PROGRESS"), COPY)
    stubber.add_response("describe_copy_product_status", copy_answer("SUCCEEDED"), COPY)

    result = cli("copy", "--source-product-arn", arn, "--target-product-name", "web-copy", "--wait")

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
    assert "prod-copy" in result.out


def test_copy_without_wait_prints_the_token(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("copy_product", dict(COPY))

    result = cli("copy", "--source-product-arn", "arn:aws:catalog:::product/p", "--json")

    assert result.code == EXIT_OK
    assert json.loads(result.out)["copy_product_token"] == "copy-1"


def test_plan_create_with_wait(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response("create_provisioned_product_plan", {"PlanId": "plan-1", "PlanName": "p"})
    stubber.add_response("describe_provisioned_product_plan", plan_answer("CREATE_SUCCESS"), PLAN)

    result = cli(
        "plan",
        "create",
        "--name",
        "p",
        "--product-id",
        "prod-1",
        "--artifact-id",
        "pa-1",
        "--provisioned-product-name",
        "web",
        "--wait",
    )

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
    assert "plan-1 (resize) is CREATE_SUCCESS" in result.out


def test_plan_execute_with_wait_waits_for_its_record(cli: Cli, stubber: Stubber) -> None:
    stubber.add_response(
        "execute_provisioned_product_plan", {"RecordDetail": {"RecordId": "rec-1"}}
    )
    stubber.add_response("describe_record", record("IN_PROGRESS"), {"Id": "rec-1"})
    stubber.add_response("describe_record", record("SUCCEEDED"), {"Id": "rec-1"})

    result = cli("plan", "execute", "plan-1", "--wait")

    stubber.assert_no_pending_responses()
    assert result.code == EXIT_OK
    assert "SUCCEEDED" in result.out


def test_the_cli_waits_on_the_clients_clock_when_given_none(
    raw_client: Any,
    stubber: Stubber,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def no_real_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s for real")

    monkeypatch.setattr(time, "sleep", no_real_sleep)
    fake = FakeTime()

    def factory(_: ClientOptions) -> ServiceCatalogClient:
        return ServiceCatalogClient(
            raw_client, waiter_clock=fake.clock, waiter_sleep=fake.sleep, strict=True
        )

    stubber.add_response("describe_copy_product_status", copy_answer("IN_PROGRESS"), COPY)
    stubber.add_response("describe_copy_product_status", copy_answer("SUCCEEDED"), COPY)

    code = main(["wait", "copy", "copy-1"], client_factory=factory)

    assert code == EXIT_OK, capsys.readouterr().err
    assert len(fake.sleeps) == 1
