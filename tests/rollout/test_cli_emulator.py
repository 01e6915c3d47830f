"""The rollout through its CLI, on the emulator's server: plan, apply, update, terminate, failures."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from servicecatalog_sdk.cli import main as cli_main
from servicecatalog_sdk.models import (
    AccessLevelFilter,
    AccessLevelFilterKey,
    ProvisionedProductStatus,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.rollout._catalog import PRODUCT, ROLE, make_catalog
from tests.rollout.test_progress import _screen

A, B = "111111111111", "222222222222"
REGIONS = ["us-east-1", "eu-west-1"]
pytestmark = pytest.mark.servicecatalog_emulator(server=True, in_progress_polls=1)


def _write(tmp_path: Path, **changes: Any) -> Path:
    doc: dict[str, Any] = {
        "product": PRODUCT,
        "version": "v1",
        "name": "vpc-{account}-{region}",
        "parameters": {"CidrBlock": "10.0.0.0/16", "Env": "{account}"},
        "targets": {"accounts": [A, B], "regions": REGIONS},
        "role": ROLE,
        "preferences": {"max_concurrent": 2},
    }
    doc.update(changes)
    path = tmp_path / "rollout.json"
    path.write_text(json.dumps(doc))  # JSON is YAML too
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = cli_main(["rollout", *argv])
    out = capsys.readouterr().out
    return code, (json.loads(out) if "--json" in argv else out)


def _plan_actions(capsys: pytest.CaptureFixture[str], path: Path) -> dict[tuple[str, str], str]:
    code, doc = _run(capsys, "plan", str(path), "--json")
    assert code == 0
    return {(t["account"], t["region"]): t["action"] for t in doc["targets"]}


def _products(emulator: ServiceCatalogEmulator, account: str, region: str) -> list[Any]:
    sc = emulator.client(account_id=account, region_name=region)
    return list(sc.scan_provisioned_products(access_level_filter=AccessLevelFilter(key=AccessLevelFilterKey.ACCOUNT, value="self")))  # fmt: skip


def _changes(emulator: ServiceCatalogEmulator) -> int:
    calls = emulator.calls
    return sum(
        calls.get(op, 0)
        for op in ("ProvisionProduct", "UpdateProvisionedProduct", "TerminateProvisionedProduct")
    )


def test_plan_apply_noop_update_and_terminate(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_catalog(emulator, [A, B], REGIONS)
    path = _write(tmp_path)
    state = str(tmp_path / "state.db")
    targets = {(a, r) for a in (A, B) for r in REGIONS}
    assert _plan_actions(capsys, path) == dict.fromkeys(targets, "CREATE")

    events = tmp_path / "events.jsonl"
    code, doc = _run(capsys, "apply", str(path), "--job", "j1", "--state", state,
                     "--events", str(events), "--poll-min", "0.01", "--poll-max", "0.05", "--json")  # fmt: skip
    assert code == 0, doc
    assert doc["summary"] == {"total": 4, "SUCCEEDED": 4}
    for account, region in targets:
        products = _products(emulator, account, region)
        assert [(p.name, p.status) for p in products] == [
            (f"vpc-{account}-{region}", ProvisionedProductStatus.AVAILABLE)
        ]
    kinds = [json.loads(line)["event"] for line in events.read_text().splitlines()]
    assert kinds.count("submitted") == kinds.count("succeeded") == 4

    assert _plan_actions(capsys, path) == dict.fromkeys(targets, "NOOP")
    before = _changes(emulator)
    code, doc = _run(capsys, "apply", str(path), "--job", "j2", "--state", state, "--json")
    assert (code, doc["summary"]) == (0, {"total": 4, "NOOP": 4})
    assert _changes(emulator) == before  # no provision, update or terminate call

    code, status = _run(capsys, "status", "j1", "--state", state, "--json")
    assert code == 0
    assert {t["status"] for t in status["targets"]} == {"SUCCEEDED"}
    assert all(t["record_id"] and t["provisioned_product_id"] for t in status["targets"])

    changed = _write(tmp_path, overrides=[{"accounts": [B], "regions": ["eu-west-1"], "parameters": {"CidrBlock": "10.9.0.0/16"}}])  # fmt: skip
    actions = _plan_actions(capsys, changed)
    assert actions.pop((B, "eu-west-1")) == "UPDATE"
    assert set(actions.values()) == {"NOOP"}
    code, doc = _run(capsys, "apply", str(changed), "--job", "j3", "--state", state,
                     "--poll-min", "0.01", "--poll-max", "0.05", "--json")  # fmt: skip
    assert code == 0
    assert [t["action"] for t in doc["targets"] if t["status"] == "SUCCEEDED"] == ["UPDATE"]
    assert _plan_actions(capsys, changed)[(B, "eu-west-1")] == "NOOP"

    gone = _write(tmp_path, action="terminate")
    assert _plan_actions(capsys, gone) == dict.fromkeys(targets, "TERMINATE")
    code, doc = _run(capsys, "apply", str(gone), "--job", "j4", "--state", state,
                     "--poll-min", "0.01", "--poll-max", "0.05", "--json")  # fmt: skip
    assert (code, doc["summary"]) == (0, {"total": 4, "SUCCEEDED": 4})
    assert all(not _products(emulator, a, r) for a, r in targets)


def test_sequential_regions_stop_after_a_failure_over_tolerance(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_catalog(emulator, [A, B], REGIONS)
    emulator.fail_next_change(f"vpc-{A}-us-east-1", "quota exceeded", account_id=A)
    path = _write(
        tmp_path,
        preferences={
            "max_concurrent": 1,
            "failure_tolerance": 0,
            "region_concurrency": "SEQUENTIAL",
            "region_order": REGIONS,
        },
    )
    code, doc = _run(capsys, "apply", str(path), "--job", "seq", "--state", str(tmp_path / "s.db"),
                     "--poll-min", "0.01", "--poll-max", "0.05", "--json")  # fmt: skip
    assert code == 1
    status = {(t["account"], t["region"]): t for t in doc["targets"]}
    assert status[(A, "us-east-1")]["status"] == "FAILED"
    assert "quota exceeded" in status[(A, "us-east-1")]["message"]
    assert status[(B, "us-east-1")]["status"] == "NOT_STARTED"  # tolerance 0, one at a time
    for account in (A, B):
        assert status[(account, "eu-west-1")]["status"] == "NOT_STARTED"
        assert not _products(emulator, account, "eu-west-1")


def test_a_bad_file_is_exit_2_before_any_aws_call(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, preferences={"max_concurrent": "lots"})
    assert cli_main(["rollout", "plan", str(path)]) == 2
    assert "preferences.max_concurrent" in capsys.readouterr().err
    assert sum(emulator.calls.values()) == 0


def test_under_30_percent_throttling_the_rollout_succeeds(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Few targets: botocore's adaptive mode slows each client to as little as
    # 0.5 requests/s under throttling, in real time; the bench runs 200.
    make_catalog(emulator, [A], REGIONS)
    emulator.throttle(0.3, seed=7)
    path = _write(tmp_path, targets={"accounts": [A], "regions": REGIONS})
    code, doc = _run(capsys, "apply", str(path), "--job", "t", "--state", str(tmp_path / "s.db"),
                     "--poll-min", "0.01", "--poll-max", "0.05", "--json")  # fmt: skip
    assert code == 0, doc
    assert doc["summary"] == {"total": 2, "SUCCEEDED": 2}


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("as_json", [False, True])
def test_a_terminal_gets_a_live_display_and_json_or_a_pipe_never_does(
    emulator: ServiceCatalogEmulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    as_json: bool,
) -> None:
    make_catalog(emulator, [A], REGIONS)
    emulator.fail_next_change(
        f"vpc-{A}-eu-west-1", "quota exceeded", account_id=A, region_name="eu-west-1"
    )
    path = _write(tmp_path, targets={"accounts": [A], "regions": REGIONS},
                  preferences={"max_concurrent": 1, "failure_tolerance": 1})  # fmt: skip
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    argv = ["apply", str(path), "--job", "tty", "--state", str(tmp_path / "s.db"),
            "--poll-min", "0.01", "--poll-max", "0.05"] + (["--json"] if as_json else [])  # fmt: skip
    code, _ = _run(capsys, *argv)
    assert code == 1
    shown = terminal.getvalue()
    if as_json:
        assert shown == ""
        return
    assert "\x1b[K" in shown  # redrawn in place
    assert f"{A} eu-west-1 failed: " in shown  # a failure stays on screen
    assert "quota exceeded" in shown
    screen = [line for line in _screen(terminal) if line.strip()]
    final = screen[-1]
    assert "1/2 done" in final  # the closing summary: one succeeded, one failed
    assert "1 failed" in final
