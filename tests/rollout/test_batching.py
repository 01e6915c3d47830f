"""The job takes every message waiting before it schedules and publishes its document."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from servicecatalog_sdk.cli import main as cli_main
from servicecatalog_sdk.testing import ServiceCatalogEmulator
from tests.rollout._catalog import PRODUCT, ROLE, make_catalog

pytest.importorskip("dbos")

ACCOUNTS = [f"{100000000000 + n:012d}" for n in range(4)]
REGIONS = ["us-east-1", "eu-west-1"]
pytestmark = pytest.mark.servicecatalog_emulator(server=True, in_progress_polls=1)


def test_messages_arriving_together_cost_one_publication(
    servicecatalog_emulator: ServiceCatalogEmulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emulator = servicecatalog_emulator
    for key, value in emulator.environment().items():
        monkeypatch.setenv(key, value)
    make_catalog(emulator, ACCOUNTS, REGIONS)
    path = tmp_path / "rollout.json"
    path.write_text(
        json.dumps(
            {
                "product": PRODUCT,
                "version": "v1",
                "name": "vpc-{account}-{region}",
                "parameters": {"CidrBlock": "10.0.0.0/16"},
                "targets": {"accounts": ACCOUNTS, "regions": REGIONS},
                "role": ROLE,
                "preferences": {"max_concurrent": len(ACCOUNTS), "concurrency_mode": "SOFT"},
            }
        )
    )
    state = tmp_path / "state.db"
    argv = ["rollout", "apply", str(path), "--job", "j", "--state", str(state), "--json"]
    code = cli_main([*argv, "--poll-min", "0.01", "--poll-max", "0.05"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    targets = len(ACCOUNTS) * len(REGIONS)
    assert document["summary"] == {"total": targets, "SUCCEEDED": targets}

    with sqlite3.connect(state) as db:
        (published,) = db.execute(
            "SELECT count(*) FROM workflow_events_history WHERE workflow_uuid = 'j'"
        ).fetchone()
    # Each target sends two messages, all eight targets at once. One publication
    # per message would be 2 * targets + 2 (the first document and the last);
    # messages that arrived together share one.
    assert 2 <= published < 2 * targets + 2
