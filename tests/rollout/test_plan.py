"""The plan's finer judgments: a launch path, a NoEcho value, and ``--deep`` (CloudFormation's answer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from servicecatalog_sdk.cli import main as cli_main
from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    ChangeAction,
    Replacement,
    ResourceChange,
)
from servicecatalog_sdk.rollout._plan import describe_resource_changes
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.rollout._catalog import PRODUCT, ROLE, TEMPLATE, make_catalog

A = "111111111111"
REGIONS = ["us-east-1", "eu-west-1"]
FAST = ("--poll-min", "0.01", "--poll-max", "0.05")
SELF = AccessLevelFilter(key=AccessLevelFilterKey.ACCOUNT, value="self")
pytestmark = pytest.mark.servicecatalog_emulator(server=True, in_progress_polls=1)

#: The catalog's template with a NoEcho parameter a resource uses.
SECRET_TEMPLATE: dict[str, Any] = {
    "Parameters": {
        **TEMPLATE["Parameters"],
        "Secret": {"Type": "String", "NoEcho": "true", "Default": "none"},
    },
    "Resources": {
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": {"Ref": "Secret"}}}
    },
}


def _write(tmp_path: Path, **parameters: str) -> Path:
    doc = {
        "product": PRODUCT,
        "version": "v1",
        "name": "vpc-{account}-{region}",
        "parameters": parameters or {"CidrBlock": "10.0.0.0/16"},
        "targets": {"accounts": [A], "regions": REGIONS},
        "role": ROLE,
    }
    path = tmp_path / "rollout.json"
    path.write_text(json.dumps(doc))
    return path


def _plan(capsys: pytest.CaptureFixture[str], path: Path, *deep: str) -> dict[str, tuple[str, str]]:
    code = cli_main(["rollout", "plan", str(path), "--json", *deep])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    return {t["region"]: (t["action"], t["reason"]) for t in doc["targets"]}


def _apply(capsys: pytest.CaptureFixture[str], path: Path, job: str, state: Path) -> None:
    code = cli_main(["rollout", "apply", str(path), "--job", job, "--state", str(state), *FAST, "--json"])  # fmt: skip
    assert code == 0, capsys.readouterr()
    capsys.readouterr()


def _no_plans_left(emulator: ServiceCatalogEmulator) -> None:
    for region in REGIONS:
        sc = emulator.client(account_id=A, region_name=region)
        assert list(sc.list_provisioned_product_plans(access_level_filter=SELF)) == []


def test_a_deep_plan_lists_what_a_launch_adds_and_leaves_nothing_behind(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_catalog(emulator, [A], REGIONS)
    planned = _plan(capsys, _write(tmp_path), "--deep", *FAST)
    assert planned == dict.fromkeys(
        REGIONS, ("CREATE", "not provisioned yet; CloudFormation: 1 to add (Topic)")
    )
    assert emulator.calls["CreateProvisionedProductPlan"] == 2
    assert emulator.calls["DeleteProvisionedProductPlan"] == 2
    _no_plans_left(emulator)
    for region in REGIONS:
        sc = emulator.client(account_id=A, region_name=region)
        assert list(sc.scan_provisioned_products(access_level_filter=SELF)) == []


def test_a_change_cloudformation_would_refuse_is_blocked_only_by_a_deep_plan(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_catalog(emulator, [A], REGIONS)
    path = _write(tmp_path, Env="prod")  # CidrBlock has no default
    assert {a for a, _ in _plan(capsys, path).values()} == {"CREATE"}
    deep = _plan(capsys, path, "--deep", *FAST)
    for action, reason in deep.values():
        assert action == "BLOCKED"
        assert reason.startswith("CloudFormation plan failed: ")
        assert "CidrBlock" in reason
    _no_plans_left(emulator)


def test_no_updates_is_a_noop_and_a_changed_value_an_update(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_catalog(emulator, [A], REGIONS)
    state = tmp_path / "state.db"
    _apply(capsys, _write(tmp_path), "j1", state)
    deep = _plan(capsys, _write(tmp_path), "--deep", *FAST)
    # CloudFormation's "No updates are to be performed." is no change, not a failure.
    assert deep == dict.fromkeys(REGIONS, ("NOOP", "up to date; CloudFormation: no changes"))
    changed = _plan(capsys, _write(tmp_path, CidrBlock="10.1.0.0/16"), "--deep", *FAST)
    assert changed == dict.fromkeys(
        REGIONS, ("UPDATE", "parameters CidrBlock; CloudFormation: no resource changes")
    )
    _no_plans_left(emulator)


def test_a_changed_noecho_value_is_seen_by_the_deep_plan_and_left_by_apply(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_catalog(emulator, [A], REGIONS, template=SECRET_TEMPLATE)
    state = tmp_path / "state.db"
    _apply(capsys, _write(tmp_path, CidrBlock="10.0.0.0/16", Secret="one"), "j1", state)
    rotated = _write(tmp_path, CidrBlock="10.0.0.0/16", Secret="two")
    shallow = _plan(capsys, rotated)
    assert shallow == dict.fromkeys(REGIONS, ("NOOP", "up to date; Secret not compared (NoEcho)"))
    deep = _plan(capsys, rotated, "--deep", *FAST)
    assert deep == dict.fromkeys(
        REGIONS,
        (
            "NOOP",
            "up to date; Secret not compared (NoEcho); CloudFormation would change 1 to modify"
            " (Topic): a value the plan cannot read differs (apply leaves it)",
        ),
    )


def test_resource_changes_are_told_by_action_with_replacements() -> None:
    changes = [
        ResourceChange(action=ChangeAction.ADD, logical_resource_id="Queue"),
        ResourceChange(
            action=ChangeAction.MODIFY, logical_resource_id="Bucket", replacement=Replacement.TRUE
        ),
        ResourceChange(
            action=ChangeAction.MODIFY,
            logical_resource_id="Role",
            replacement=Replacement.CONDITIONAL,
        ),
        *(
            ResourceChange(action=ChangeAction.REMOVE, logical_resource_id=f"Old{n}")
            for n in range(7)
        ),
    ]
    assert describe_resource_changes(changes) == (
        "1 to add (Queue), 2 to modify (Bucket replaced, Role may be replaced),"
        " 7 to remove (Old0, Old1, Old2, Old3, Old4, 2 more)"
    )


def _second_path(emulator: ServiceCatalogEmulator, region: str, name: str) -> None:
    # The product in a second portfolio of account A, granted to the rollout's role.
    sc = emulator.client(account_id=A, region_name=region)
    product = next(iter(sc.search_products_as_admin()))
    portfolio = sc.create_portfolio(display_name=name, provider_name="platform")
    assert portfolio.portfolio_detail is not None
    assert portfolio.portfolio_detail.id is not None
    assert product.product_view_summary is not None
    assert product.product_view_summary.product_id is not None
    emulator.grant_access(
        product.product_view_summary.product_id,
        principal_arn=f"arn:aws:iam::{A}:role/{ROLE}",
        portfolio_id=portfolio.portfolio_detail.id,
        account_id=A,
        region_name=region,
    )


def test_a_different_launch_path_plans_and_applies_as_an_update(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_catalog(emulator, [A], REGIONS)
    for region in REGIONS:
        _second_path(emulator, region, "Platform portfolio")
    state = tmp_path / "state.db"
    first = _write(tmp_path)
    doc = json.loads(first.read_text())
    first.write_text(json.dumps({**doc, "path": "Emulator access"}))
    _apply(capsys, first, "j1", state)
    assert {a for a, _ in _plan(capsys, first).values()} == {"NOOP"}

    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps({**doc, "path": "Platform portfolio"}))
    planned = _plan(capsys, moved)
    for action, reason in planned.values():
        assert action == "UPDATE"
        assert reason.startswith("path lpv")
        assert reason.endswith(" -> Platform portfolio")
    _apply(capsys, moved, "j2", state)
    assert {a for a, _ in _plan(capsys, moved).values()} == {"NOOP"}
    assert {a for a, _ in _plan(capsys, first).values()} == {"UPDATE"}
