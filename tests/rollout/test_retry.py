"""``rollout retry-failed``: the failed and unstarted targets again, at the next attempt."""

from __future__ import annotations

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

pytest.importorskip("dbos")

A = "111111111111"
EAST, WEST = "us-east-1", "eu-west-1"
pytestmark = pytest.mark.servicecatalog_emulator(server=True, in_progress_polls=1)
POLLS = ("--poll-min", "0.01", "--poll-max", "0.05")


def _write(tmp_path: Path, cidr: str) -> Path:
    path = tmp_path / "rollout.json"
    doc = {
        "product": PRODUCT,
        "version": "v1",
        "name": "vpc-{account}-{region}",
        "parameters": {"CidrBlock": cidr},
        "targets": {"accounts": [A], "regions": [EAST, WEST]},
        "role": ROLE,
        "preferences": {
            "max_concurrent": 1,
            "failure_tolerance": 0,
            "region_concurrency": "SEQUENTIAL",
            "region_order": [EAST, WEST],
        },
    }
    path.write_text(json.dumps(doc))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = cli_main(["rollout", *argv, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out)


def _by_region(document: Any) -> dict[str, Any]:
    return {t["region"]: t for t in document["targets"]}


def test_retry_failed_repairs_the_failed_target_and_starts_the_unstarted(
    servicecatalog_emulator: ServiceCatalogEmulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emulator = servicecatalog_emulator
    for key, value in emulator.environment().items():
        monkeypatch.setenv(key, value)
    make_catalog(emulator, [A], [EAST, WEST])
    state = str(tmp_path / "state.db")
    code, _ = _run(capsys, "apply", str(_write(tmp_path, "10.0.0.0/16")), "--job", "v1",
                   "--state", state, *POLLS)  # fmt: skip
    assert code == 0

    # The update fails in the first region: it is left TAINTED, the second never starts.
    emulator.fail_next_change(
        f"vpc-{A}-{EAST}", "stack rolled back", account_id=A, region_name=EAST
    )
    changed = _write(tmp_path, "10.1.0.0/16")
    code, doc = _run(capsys, "apply", str(changed), "--job", "v2", "--state", state, *POLLS)
    assert code == 1
    first = _by_region(doc)
    assert (first[EAST]["status"], first[WEST]["status"]) == ("FAILED", "NOT_STARTED")
    failed_record = first[EAST]["record_id"]

    code, doc = _run(capsys, "retry-failed", "v2", "--state", state, *POLLS)
    assert code == 0, doc
    retried = _by_region(doc)
    assert {r: t["status"] for r, t in retried.items()} == {EAST: "SUCCEEDED", WEST: "SUCCEEDED"}
    assert retried[EAST]["action"] == "UPDATE"
    assert retried[EAST]["message"] == ""
    # A new record: the retry's update token (attempt 2) is not the failed one's (attempt 1),
    # which AWS would answer with the failed record again.
    assert retried[EAST]["record_id"] not in (None, failed_record)

    code, status = _run(capsys, "status", "v2", "--state", state)
    assert code == 0
    assert {t["status"] for t in status["targets"]} == {"SUCCEEDED"}
    assert status["state"] == "SUCCESS"
    self_only = AccessLevelFilter(key=AccessLevelFilterKey.ACCOUNT, value="self")
    for region in (EAST, WEST):
        sc = emulator.client(account_id=A, region_name=region)
        (product,) = sc.scan_provisioned_products(access_level_filter=self_only)
        assert product.status is ProvisionedProductStatus.AVAILABLE

    # Nothing left to retry: the same document, exit 0, no new change.
    before = emulator.calls.get("UpdateProvisionedProduct", 0)
    code, again = _run(capsys, "retry-failed", "v2", "--state", state, *POLLS)
    assert code == 0
    assert again["summary"] == {"total": 2, "SUCCEEDED": 2}
    assert emulator.calls.get("UpdateProvisionedProduct", 0) == before


def test_retry_failed_of_an_unknown_job_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = str(tmp_path / "state.db")
    assert cli_main(["rollout", "retry-failed", "nope", "--state", state]) == 2
    assert "no job nope" in capsys.readouterr().err
    assert cli_main(["rollout", "status", "nope", "--state", state]) == 2
