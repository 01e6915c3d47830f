"""A launch whose name is taken: ours (an earlier try's token) is followed, anyone else's is an error."""

from __future__ import annotations

from typing import Any

import pytest

from servicecatalog_sdk.models import ProvisioningArtifactProperties
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from servicecatalog_sdk.testing._backend import EmulatorBackend
from tests.rollout._catalog import TEMPLATE

pytest.importorskip("dbos")

from servicecatalog_sdk.rollout._engine import idempotency_token, submit_change
from servicecatalog_sdk.rollout._plan import PlanEntry
from servicecatalog_sdk.rollout._targets import TargetSettings

A = "123456789012"
NAME = "vpc-a"


def _launch(emulator: ServiceCatalogEmulator) -> tuple[Any, PlanEntry, TargetSettings]:
    sc = emulator.client(account_id=A)
    created = sc.create_product(
        name="vpc-baseline",
        owner="platform",
        product_type="CLOUD_FORMATION_TEMPLATE",
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1", info={"LoadTemplateFromURL": emulator.upload_template(TEMPLATE)}
        ),
    )
    assert created.product_view_detail is not None
    summary = created.product_view_detail.product_view_summary
    assert summary is not None
    assert summary.product_id is not None
    emulator.grant_access(summary.product_id, principal_arn=emulator.caller_arn(A), account_id=A)
    artifact = next(iter(sc.list_provisioning_artifacts(product_id=summary.product_id)))
    plan = PlanEntry(
        account=A,
        region="us-east-1",
        action="CREATE",
        reason="not provisioned yet",
        provisioned_product_name=NAME,
        product_id=summary.product_id,
        provisioning_artifact_id=artifact.id,
    )
    target = TargetSettings(
        account=A,
        region="us-east-1",
        product="vpc-baseline",
        version="v1",
        name=NAME,
        parameters={"CidrBlock": "10.0.0.0/16"},
        tags={},
        path=None,
    )
    return sc, plan, target


def test_a_retried_launch_whose_token_aws_forgot_follows_its_own_product(
    servicecatalog_emulator: ServiceCatalogEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc, plan, target = _launch(servicecatalog_emulator)
    token = idempotency_token("job", A, "us-east-1", "CREATE", 1)
    first = submit_change(sc, plan, target, token)
    assert set(first) == {"record_id", "provisioned_product_id"}
    # The same token again: AWS answers with the record it made.
    assert submit_change(sc, plan, target, token) == first
    # Past AWS's memory of the token, the launch hits the taken name, and the
    # product found by that name carries our token: its record is followed.
    monkeypatch.setattr(EmulatorBackend, "seen", lambda self, kind, token: None)
    assert submit_change(sc, plan, target, token) == first
    assert servicecatalog_emulator.calls["ProvisionProduct"] == 3
    products = list(sc.scan_provisioned_products())
    assert [p.name for p in products] == [NAME]  # one product, never two


def test_a_name_taken_by_someone_else_is_an_error_naming_it(
    servicecatalog_emulator: ServiceCatalogEmulator,
) -> None:
    sc, plan, target = _launch(servicecatalog_emulator)
    theirs = idempotency_token("someone-else", A, "us-east-1", "CREATE", 1)
    submit_change(sc, plan, target, theirs)
    ours = submit_change(sc, plan, target, idempotency_token("job", A, "us-east-1", "CREATE", 1))
    assert list(ours) == ["error"]
    assert ours["error"].startswith(f"{NAME} already exists (not ours): ")
