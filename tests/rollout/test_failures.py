"""Failures that end one target, or stop the job before it exists, never hang it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from servicecatalog_sdk.cli import main as cli_main
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.rollout._catalog import PRODUCT, ROLE, make_catalog

pytest.importorskip("dbos")

from servicecatalog_sdk.rollout import _engine

A, B = "111111111111", "222222222222"
REGION = "us-east-1"
pytestmark = pytest.mark.servicecatalog_emulator(server=True, in_progress_polls=1)
POLLS = ("--poll-min", "0.01", "--poll-max", "0.05")


def _write(tmp_path: Path, **changes: Any) -> Path:
    doc: dict[str, Any] = {
        "product": PRODUCT,
        "version": "v1",
        "name": "vpc-{account}-{region}",
        "parameters": {"CidrBlock": "10.0.0.0/16"},
        "targets": {"accounts": [A, B], "regions": [REGION]},
        "role": ROLE,
        "preferences": {"max_concurrent": 2, "failure_tolerance": 1},
    }
    doc.update(changes)
    path = tmp_path / "rollout.json"
    path.write_text(json.dumps(doc))
    return path


def _apply(
    capsys: pytest.CaptureFixture[str], path: Path, state: Path, job: str
) -> tuple[int, Any]:
    code = cli_main(["rollout", "apply", str(path), "--job", job, "--state", str(state), *POLLS, "--json"])  # fmt: skip
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_an_aws_error_before_anything_started_is_exit_4_and_records_no_job(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No organization exists: resolving the OU fails before any target is reached.
    make_catalog(emulator, [A, B], [REGION])
    state = tmp_path / "state.db"
    before = sum(emulator.calls.values())
    by_ou = _write(tmp_path, targets={"organizational_units": ["ou-ab12-cdef3456"], "regions": [REGION]})  # fmt: skip
    code = cli_main(["rollout", "apply", str(by_ou), "--job", "j", "--state", str(state), *POLLS])
    err = capsys.readouterr().err
    assert code == 4
    assert "nothing was started" in err
    assert sum(emulator.calls.values()) == before  # not one Service Catalog request
    assert cli_main(["rollout", "status", "j", "--state", str(state)]) == 2  # no job recorded

    # Fixed, the same job id runs: the failure consumed nothing.
    code, doc = _apply(capsys, _write(tmp_path), state, "j")
    assert (code, doc["summary"]) == (0, {"total": 2, "SUCCEEDED": 2})


def test_a_service_error_while_waiting_fails_that_target_only(
    emulator: ServiceCatalogEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_catalog(emulator, [A, B], [REGION])
    # The first poll of one of the two records is refused (a role without
    # DescribeRecord, say): that target fails with the service's words.
    emulator.inject_fault("DescribeRecord", "AccessDeniedException")
    code, doc = _apply(capsys, _write(tmp_path), tmp_path / "state.db", "j")
    assert code == 1
    statuses = sorted((t["status"], t["message"]) for t in doc["targets"])
    assert statuses[0][0] == "FAILED"
    assert statuses[0][1].startswith("AccessDeniedError: ")  # the step's own error, not the watch
    assert statuses[1] == ("SUCCEEDED", "")


def test_a_target_whose_workflow_breaks_is_reported_failed_and_the_job_ends(
    emulator: ServiceCatalogEmulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An error nobody foresaw (a bug) ends the target's workflow without its
    # "done" message; the job's watch finds it instead of waiting forever.
    make_catalog(emulator, [A, B], [REGION])
    from servicecatalog_sdk.rollout._plan import plan_target as planned

    def broken_for_b(settings: Any, *args: Any, **kwargs: Any) -> Any:
        if settings.account == B:
            raise ZeroDivisionError("a bug")
        return planned(settings, *args, **kwargs)

    monkeypatch.setattr(_engine, "plan_target", broken_for_b)
    monkeypatch.setattr(_engine, "WATCH_SECONDS", 0.2)
    code, doc = _apply(capsys, _write(tmp_path), tmp_path / "state.db", "j")
    assert code == 1
    rows = {t["account"]: t for t in doc["targets"]}
    assert rows[A]["status"] == "SUCCEEDED"
    assert rows[B]["status"] == "FAILED"
    assert "ended ERROR" in rows[B]["message"]
    assert "ZeroDivisionError" in rows[B]["message"]


def test_each_target_is_judged_on_what_its_account_shows_when_it_starts(
    emulator: ServiceCatalogEmulator, tmp_path: Path
) -> None:
    # SEQUENTIAL regions: while the first region runs, someone provisions the
    # second region's product by hand, up to date. Read at the job's start it
    # would be a CREATE (and then fail: the name is taken); read when its turn
    # comes, it is a NOOP.
    from servicecatalog_sdk.rollout import Rollout, parse_spec

    emulator.in_progress_polls = 5
    regions = ["us-east-1", "eu-west-1"]
    make_catalog(emulator, [A], regions)
    late = emulator.client(account_id=A, region_name="eu-west-1")
    product = next(iter(late.search_products_as_admin())).product_view_summary
    assert product is not None
    assert product.product_id is not None
    artifact = next(iter(late.list_provisioning_artifacts(product_id=product.product_id)))  # fmt: skip
    emulator.grant_access(
        product.product_id,
        principal_arn=emulator.caller_arn(A),
        account_id=A,
        region_name="eu-west-1",
    )
    made: list[str] = []

    def by_hand(record: Any) -> None:
        if record["event"] == "submitted" and not made:
            out = late.provision_product(
                provisioned_product_name=f"vpc-{A}-eu-west-1",
                product_id=product.product_id,
                provisioning_artifact_id=artifact.id,
                provisioning_parameters={"CidrBlock": "10.0.0.0/16"},
                wait=True,
            )
            assert out.record_detail is not None
            assert out.record_detail.record_id is not None
            made.append(out.record_detail.record_id)

    spec = json.loads(
        _write(
            tmp_path,
            targets={"accounts": [A], "regions": regions},
            preferences={"region_concurrency": "SEQUENTIAL", "region_order": regions},
        ).read_text()
    )
    rollout = Rollout(parse_spec(spec), state=str(tmp_path / "s.db"), poll_min=0.05, poll_max=0.05)
    document = rollout.apply(job_id="fresh", on_progress=by_hand)
    rows = {t["region"]: t for t in document["targets"]}
    assert made
    assert (rows["us-east-1"]["action"], rows["us-east-1"]["status"]) == ("CREATE", "SUCCEEDED")
    assert (rows["eu-west-1"]["action"], rows["eu-west-1"]["status"]) == ("NOOP", "NOOP")
