"""The rollout file: parsing, validation naming key and reason, target settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from servicecatalog_sdk.rollout import SpecError, load_spec, parse_spec
from servicecatalog_sdk.rollout._targets import resolve_accounts, settings_for

A, B = "111111111111", "222222222222"


def _doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "product": "vpc-baseline",
        "version": "v3",
        "name": "vpc-{account}-{region}",
        "parameters": {"CidrBlock": "10.0.0.0/16", "Env": "{account}"},
        "targets": {"accounts": [A, B], "regions": ["us-east-1", "eu-west-1"]},
    }
    doc.update(changes)
    return doc


def test_a_yaml_file_loads_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "product: vpc-baseline\nversion: v3\nname: 'vpc-{account}'\n"
        "targets: {accounts: [111111111111], regions: [us-east-1]}\n"
        "preferences: {max_concurrent: '25%'}\n"
    )
    spec = load_spec(path)
    assert spec.targets.accounts == (A,)  # YAML's int read back as the account id
    assert spec.preferences.max_concurrent == "25%"
    assert spec.preferences.concurrency_mode == "STRICT"
    assert spec.action == "ensure"
    assert parse_spec(spec.to_dict()) == spec


@pytest.mark.parametrize(
    ("changes", "key", "reason"),
    [
        ({"colour": "red"}, "colour", "unknown key"),
        ({"version": None}, "version", "must be a string"),
        ({"name": "vpc-{acount}"}, "name", "unknown placeholder"),
        ({"action": "destroy"}, "action", "'ensure' or 'terminate'"),
        ({"role": "arn:aws:iam::1:role/x"}, "role", "not an ARN"),
        ({"targets": {"regions": ["us-east-1"]}}, "targets", "needs at least one"),
        ({"targets": {"accounts": ["12"], "regions": ["us-east-1"]}}, "targets.accounts[0]", "12-digit"),
        ({"targets": {"accounts": [A], "regions": []}}, "targets.regions", "at least one region"),
        ({"preferences": {"max_concurrent": 0}}, "preferences.max_concurrent", "at least 1"),
        ({"preferences": {"failure_tolerance": "x%"}}, "preferences.failure_tolerance", "percentage"),
        ({"preferences": {"region_order": ["ap-south-1"]}}, "preferences.region_order[0]", "not in targets.regions"),
        ({"preferences": {"concurrency_mode": "LOOSE"}}, "preferences.concurrency_mode", "STRICT or SOFT"),
        ({"overrides": [{"accounts": [A], "colour": 1}]}, "overrides[0].colour", "unknown key"),
    ],
)  # fmt: skip
def test_a_bad_file_names_the_key_and_the_reason(
    changes: dict[str, Any], key: str, reason: str
) -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec(_doc(**changes))
    assert caught.value.key == key
    assert reason in caught.value.reason


def test_a_missing_required_key_is_named() -> None:
    doc = _doc()
    del doc["name"]
    with pytest.raises(SpecError, match=r"^name: is required"):
        parse_spec(doc)


def test_overrides_merge_in_order_and_placeholders_are_filled() -> None:
    spec = parse_spec(
        _doc(
            tags={"team": "platform"},
            overrides=[
                {"accounts": [B], "parameters": {"CidrBlock": "10.1.0.0/16"}, "version": "v4"},
                {"accounts": [B], "regions": ["eu-west-1"], "parameters": {"CidrBlock": "10.2.0.0/16"}},
                {"regions": ["eu-west-1"], "tags": {"team": "{region}-net"}},
            ],
        )
    )  # fmt: skip
    a = settings_for(spec, A, "us-east-1")
    assert (a.name, a.version, dict(a.parameters)) == (
        "vpc-111111111111-us-east-1",
        "v3",
        {"CidrBlock": "10.0.0.0/16", "Env": A},
    )
    b_us = settings_for(spec, B, "us-east-1")
    assert (b_us.version, b_us.parameters["CidrBlock"]) == ("v4", "10.1.0.0/16")
    b_eu = settings_for(spec, B, "eu-west-1")
    assert b_eu.parameters["CidrBlock"] == "10.2.0.0/16"
    assert dict(b_eu.tags) == {"team": "eu-west-1-net"}
    assert "10." not in repr(b_eu)  # parameter values stay out of reprs


def test_explicit_accounts_need_no_organizations_and_excludes_apply() -> None:
    spec = parse_spec(
        _doc(targets={"accounts": [B, A], "exclude_accounts": [B], "regions": ["us-east-1"]})
    )
    assert resolve_accounts(spec, None) == [A]
