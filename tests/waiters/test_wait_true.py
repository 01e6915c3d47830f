"""``wait=True`` on every operation that starts something, and waits that keep what they started."""

from __future__ import annotations

import copy
import pickle
import time
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import ServiceCatalogClient, models, structure
from servicecatalog_sdk._waiting import _started
from servicecatalog_sdk.errors import (
    CopyProductFailedError,
    ParamValidationError,
    ResponseParseError,
    WaiterTimeoutError,
)
from servicecatalog_sdk.models import (
    OrganizationNode,
    OrganizationNodeType,
    PropertyKey,
    ProvisioningArtifactProperties,
)
from servicecatalog_sdk.waiters import wait_for_record

from .resource_cases import (
    artifact_answer,
    copy_answer,
    plan_answer,
    product_answer,
    share_answer,
)
from .waiter_helpers import FakeTime, answer_by_time, record, stop_answering

STARTED_RECORD = {"RecordDetail": {"RecordId": "rec-1", "Status": "CREATED"}}
OU = OrganizationNode(type=OrganizationNodeType.ORGANIZATIONAL_UNIT, value="ou-abcd-12345678")


@attrs.frozen
class Op:
    """One operation that starts something: how to call it, what it answers, what it waits on."""

    method: str
    kwargs: dict[str, Any]
    answer: dict[str, Any]
    poll: str
    poll_params: dict[str, Any]
    pending: dict[str, Any]
    done: dict[str, Any]
    #: The id or token the wait is on (``None``: the account's Organizations access).
    resource_id: str | None

    def __str__(self) -> str:
        return self.method


def _record_op(method: str, **kwargs: Any) -> Op:
    return Op(
        method,
        kwargs,
        STARTED_RECORD,
        "describe_record",
        {"Id": "rec-1"},
        record("IN_PROGRESS"),
        record("SUCCEEDED"),
        "rec-1",
    )


OPS = [
    _record_op(
        "provision_product",
        provisioned_product_name="web",
        product_id="prod-1",
        provisioning_artifact_id="pa-1",
    ),
    _record_op("update_provisioned_product", provisioned_product_id="pp-1"),
    _record_op("terminate_provisioned_product", provisioned_product_id="pp-1"),
    _record_op("execute_provisioned_product_plan", plan_id="plan-1"),
    _record_op(
        "execute_provisioned_product_service_action",
        provisioned_product_id="pp-1",
        service_action_id="act-1",
    ),
    _record_op(
        "import_as_provisioned_product",
        product_id="prod-1",
        provisioning_artifact_id="pa-1",
        provisioned_product_name="imported",
        physical_id="arn:aws:cloudformation:us-east-1:111111111111:stack/s/1",
    ),
    attrs.evolve(
        _record_op(
            "update_provisioned_product_properties",
            provisioned_product_id="pp-1",
            provisioned_product_properties={PropertyKey.OWNER: "arn:aws:iam::1:user/a"},
        ),
        answer={"ProvisionedProductId": "pp-1", "RecordId": "rec-1", "Status": "CREATED"},
    ),
    Op(
        "create_product",
        {"name": "web-app", "owner": "platform", "product_type": "CLOUD_FORMATION_TEMPLATE"},
        {
            "ProductViewDetail": {
                "ProductViewSummary": {"ProductId": "prod-1"},
                "Status": "CREATING",
            }
        },
        "describe_product_as_admin",
        {"Id": "prod-1"},
        product_answer("CREATING"),
        product_answer("AVAILABLE"),
        "prod-1",
    ),
    Op(
        "create_provisioning_artifact",
        {
            "product_id": "prod-1",
            "parameters": ProvisioningArtifactProperties(info={"LoadTemplateFromURL": "https://t"}),
        },
        {"ProvisioningArtifactDetail": {"Id": "pa-1"}, "Status": "CREATING"},
        "describe_provisioning_artifact",
        {"ProductId": "prod-1", "ProvisioningArtifactId": "pa-1"},
        artifact_answer("CREATING"),
        artifact_answer("AVAILABLE"),
        "pa-1",
    ),
    Op(
        "copy_product",
        {"source_product_arn": "arn:aws:catalog:us-east-1:111111111111:product/prod-1"},
        {"CopyProductToken": "copy-1"},
        "describe_copy_product_status",
        {"CopyProductToken": "copy-1"},
        copy_answer("IN_PROGRESS"),
        copy_answer("SUCCEEDED"),
        "copy-1",
    ),
    Op(
        "create_provisioned_product_plan",
        {
            "plan_name": "resize",
            "plan_type": "CLOUDFORMATION",
            "product_id": "prod-1",
            "provisioned_product_name": "web",
            "provisioning_artifact_id": "pa-1",
        },
        {"PlanName": "resize", "PlanId": "plan-1", "ProvisionedProductName": "web"},
        "describe_provisioned_product_plan",
        {"PlanId": "plan-1"},
        plan_answer("CREATE_IN_PROGRESS"),
        plan_answer("CREATE_SUCCESS"),
        "plan-1",
    ),
    *[
        Op(
            f"{verb}_portfolio_share",
            {"portfolio_id": "port-1", "organization_node": OU},
            {"PortfolioShareToken": "share-1"},
            "describe_portfolio_share_status",
            {"PortfolioShareToken": "share-1"},
            share_answer("IN_PROGRESS"),
            share_answer("COMPLETED"),
            "share-1",
        )
        for verb in ("create", "update", "delete")
    ],
    # Right after the change, the access status can still read the state before it:
    # the wait takes that stale read for progress, not for the answer.
    *[
        Op(
            f"{verb}_aws_organizations_access",
            {},
            {},
            "get_aws_organizations_access_status",
            {},
            {"AccessStatus": before},
            {"AccessStatus": after},
            None,
        )
        for verb, before, after in (
            ("enable", "DISABLED", "ENABLED"),
            ("disable", "ENABLED", "DISABLED"),
        )
    ],
]
#: The operations that take no idempotency token.
NO_TOKEN = {
    *(f"{verb}_portfolio_share" for verb in ("create", "update", "delete")),
    "enable_aws_organizations_access",
    "disable_aws_organizations_access",
}


def _call(sc: ServiceCatalogClient, op: Op, **extra: Any) -> Any:
    method: Callable[..., Any] = getattr(sc, op.method)
    return method(**op.kwargs, **extra)


@pytest.fixture
def fake() -> FakeTime:
    """The client's fake clock and sleep."""
    return FakeTime()


@pytest.fixture
def timed(raw_client: Any, stubber: Stubber, fake: FakeTime) -> ServiceCatalogClient:
    """A client whose waits run on fake time."""
    return ServiceCatalogClient(
        raw_client, waiter_clock=fake.clock, waiter_sleep=fake.sleep, strict=True
    )


@pytest.mark.parametrize("op", OPS, ids=str)
def test_wait_true_returns_the_final_observation(
    op: Op, timed: ServiceCatalogClient, stubber: Stubber, fake: FakeTime
) -> None:
    stubber.add_response(op.method, copy.deepcopy(op.answer))
    stubber.add_response(op.poll, copy.deepcopy(op.pending), op.poll_params)
    stubber.add_response(op.poll, copy.deepcopy(op.done), op.poll_params)

    done = _call(timed, op, wait=True)

    stubber.assert_no_pending_responses()
    cls = getattr(models, f"{_pascal(op.poll)}Output")
    assert done == structure(op.done, cls)
    assert len(fake.sleeps) == 1


@pytest.mark.parametrize("op", OPS, ids=str)
def test_without_wait_the_operations_own_output_comes_back(
    op: Op, timed: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response(op.method, copy.deepcopy(op.answer))

    out = _call(timed, op)

    stubber.assert_no_pending_responses()
    assert type(out).__name__.endswith("Output")
    assert not type(out).__name__.startswith("Describe")


@pytest.mark.parametrize("op", OPS, ids=str)
def test_a_timeout_keeps_what_was_started(
    op: Op, raw_client: Any, stubber: Stubber, fake: FakeTime
) -> None:
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake.clock, waiter_sleep=fake.sleep, strict=True
    )
    stubber.add_response(op.method, copy.deepcopy(op.answer))
    # Polls at 0 s, 2 s (the first pause is the minimum delay) and 3 s (the deadline).
    for _ in range(3):
        stubber.add_response(op.poll, copy.deepcopy(op.pending), op.poll_params)

    with pytest.raises(WaiterTimeoutError) as caught:
        _call(sc, op, wait=True, wait_timeout=3)

    stubber.assert_no_pending_responses()
    assert fake.elapsed == pytest.approx(3)

    err = caught.value
    assert err.resource_id == op.resource_id
    started: Any = err.started
    assert type(started).__name__ == f"{_pascal(op.method)}Output"
    if op.method not in NO_TOKEN:
        # The token sent, to repeat the call safely.
        assert started.response_metadata.idempotency_token
    clone = pickle.loads(pickle.dumps(err))
    assert clone.started == started
    assert clone.resource_id == op.resource_id
    assert str(clone) == str(err)


def _pascal(method: str) -> str:
    return "".join("AWS" if part == "aws" else part.title() for part in method.split("_"))


def test_a_failure_keeps_what_was_started_too(
    timed: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response("copy_product", {"CopyProductToken": "copy-1"})
    stubber.add_response("describe_copy_product_status", copy_answer("FAILED"))

    with pytest.raises(CopyProductFailedError) as caught:
        timed.copy_product(source_product_arn="arn:aws:catalog:::product/p", wait=True)

    started: Any = caught.value.started
    assert started.copy_product_token == "copy-1"
    assert "no active provisioning artifact" in str(caught.value)


@pytest.mark.parametrize("verb", ["create", "update", "delete"])
def test_an_account_share_has_nothing_to_wait_for(
    verb: str, timed: ServiceCatalogClient, stubber: Stubber, fake: FakeTime
) -> None:
    stubber.add_response(f"{verb}_portfolio_share", {})
    method: Callable[..., Any] = getattr(timed, f"{verb}_portfolio_share")

    result = method(portfolio_id="port-1", account_id="111111111111", wait=True)

    stubber.assert_no_pending_responses()  # no poll
    assert result is None
    assert fake.sleeps == []


def test_no_id_in_the_output_is_a_parse_error(
    timed: ServiceCatalogClient, stubber: Stubber
) -> None:
    stubber.add_response("create_provisioned_product_plan", {"PlanName": "resize"})

    plan = next(op for op in OPS if op.method == "create_provisioned_product_plan")
    with pytest.raises(ResponseParseError, match="PlanId"):
        timed.create_provisioned_product_plan(**plan.kwargs, wait=True)


def test_a_bad_wait_timeout_fails_before_anything_is_sent(
    timed: ServiceCatalogClient, stubber: Stubber
) -> None:
    with pytest.raises(ParamValidationError, match="timeout"):
        timed.copy_product(source_product_arn="arn:x", wait=True, wait_timeout=-1)
    stubber.assert_no_pending_responses()


def test_every_waitable_operation_has_a_follow_up() -> None:
    follow_ups = {
        name: value
        for name, value in vars(_started).items()
        if isinstance(value, _started.FollowUp)
    }
    assert {f.waits_for for f in follow_ups.values()} == {
        "wait_for_record",
        "wait_for_product",
        "wait_for_provisioning_artifact",
        "wait_for_copy_product",
        "wait_for_provisioned_product_plan",
        "wait_for_portfolio_share",
        "wait_for_organizations_access",
    }
    assert _started.ORGANIZATIONS_ENABLED.keywords == {"expect": "ENABLED"}
    assert _started.ORGANIZATIONS_DISABLED.keywords == {"expect": "DISABLED"}
    for op in OPS:
        assert callable(getattr(ServiceCatalogClient, op.method))


def test_the_function_form_uses_the_clients_clock_and_sleep(
    raw_client: Any, stubber: Stubber, fake: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bug of issue 14: the function form slept for real where the method would not.
    def no_real_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s for real")

    monkeypatch.setattr(time, "sleep", no_real_sleep)
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake.clock, waiter_sleep=fake.sleep, strict=True
    )
    stubber.add_response("describe_record", record("IN_PROGRESS"))
    stubber.add_response("describe_record", record("SUCCEEDED"))

    wait_for_record(sc, "rec-1")

    assert len(fake.sleeps) == 1


def test_the_function_form_deadline_runs_on_the_clients_clock(
    raw_client: Any, fake: FakeTime
) -> None:
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake.clock, waiter_sleep=fake.sleep, strict=True
    )
    answer_by_time(raw_client, "DescribeRecord", lambda _: record("IN_PROGRESS"))
    try:
        with pytest.raises(WaiterTimeoutError) as caught:
            wait_for_record(sc, "rec-1", timeout=120)
    finally:
        stop_answering(raw_client, "DescribeRecord")

    assert fake.elapsed == pytest.approx(120)
    assert caught.value.resource_id == "rec-1"
