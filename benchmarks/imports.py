"""``import_ms``: what the SDK adds to boto3's own start-up, in fresh processes.

Every process imports ``boto3`` and then the SDK, timing both
(``import servicecatalog_sdk``, and ``from servicecatalog_sdk import
ServiceCatalogClient`` as users write it), then builds its first client: half
the processes a raw ``boto3.client("servicecatalog")``, the other half
``ServiceCatalogClient.from_session()``, alternating. Figures are medians:

- ``import``: median of (``import boto3`` + the SDK) - ``import boto3``, per process;
- ``first_client``: median first ``from_session()`` - median first ``boto3.client()``;
- ``first_call`` (no target, for context): the first ``describe_record`` on that
  client, answered locally, SDK - boto3: where lazily loaded code (models,
  converter hooks) shows up.

The processes run with bytecode caching on (as an installed package has it) and
after one untimed warm-up process, so ``.pyc`` files exist and disk caches are warm.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from typing import Any, Final

from benchmarks._timing import Settings, figure, progress
from benchmarks._wire import FAKE_ENV, REGION

__all__ = ["CLIENT_TARGET_MS", "IMPORT_TARGET_MS", "run"]

IMPORT_TARGET_MS: Final = 40.0
CLIENT_TARGET_MS: Final = 10.0

_RECORD: Final = (
    b'{"RecordDetail":{"RecordId":"rec-1","Status":"SUCCEEDED","CreatedTime":1497528000.5},'
    b'"RecordOutputs":[{"OutputKey":"Url","OutputValue":"https://example.com"}]}'
)

_SCRIPT: Final = f"""
import json, sys, time
t0 = time.perf_counter()
import boto3
t1 = time.perf_counter()
import servicecatalog_sdk
t2 = time.perf_counter()
from servicecatalog_sdk import ServiceCatalogClient
t3 = time.perf_counter()
if sys.argv[1] == "sdk":
    sc = ServiceCatalogClient.from_session(region_name={REGION!r})
    client = sc.raw
    call = lambda: sc.describe_record(id="rec-1").record_detail.status
else:
    client = boto3.client("servicecatalog", region_name={REGION!r})
    call = lambda: client.describe_record(Id="rec-1")["RecordDetail"]["Status"]
t4 = time.perf_counter()
from botocore.awsrequest import AWSResponse
class Raw:
    def stream(self, **kwargs):
        yield {_RECORD!r}
client.meta.events.register(
    "before-send", lambda request, **kwargs: AWSResponse(request.url, 200, {{}}, Raw())
)
t5 = time.perf_counter()
call()
t6 = time.perf_counter()
print(json.dumps({{"boto3": t1 - t0, "package": t2 - t1, "client_class": t3 - t1,
                   "first_client": t4 - t3, "first_call": t6 - t5}}))
"""


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(FAKE_ENV)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _one(kind: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, kind],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    sample: dict[str, float] = json.loads(out.stdout)
    return {k: v * 1000 for k, v in sample.items()}


def run(settings: Settings) -> dict[str, Any]:
    """The import and first-client figures."""
    env = _environment()
    progress(f"imports: {2 * settings.processes} fresh processes")
    _one("sdk", env)  # warm-up: writes .pyc files, warms the disk cache
    _one("boto3", env)
    samples: dict[str, list[dict[str, float]]] = {"sdk": [], "boto3": []}
    for i in range(2 * settings.processes):
        kind = "sdk" if i % 2 == 0 else "boto3"
        samples[kind].append(_one(kind, env))
    every = samples["sdk"] + samples["boto3"]

    def median(kind: list[dict[str, float]], key: str) -> float:
        return statistics.median(s[key] for s in kind)

    sdk_client = median(samples["sdk"], "first_client")
    boto3_client = median(samples["boto3"], "first_client")
    sdk_call = median(samples["sdk"], "first_call")
    boto3_call = median(samples["boto3"], "first_call")
    return {
        "import_ms": {
            "import": figure(
                median(every, "client_class"),
                "<=",
                IMPORT_TARGET_MS,
                digits=1,
                measured="from servicecatalog_sdk import ServiceCatalogClient, after import boto3",
                package_only_ms=round(median(every, "package"), 1),
                boto3_import_ms=round(median(every, "boto3"), 1),
                processes=len(every),
            ),
            "first_client": figure(
                sdk_client - boto3_client,
                "<=",
                CLIENT_TARGET_MS,
                digits=1,
                measured="first ServiceCatalogClient.from_session() - first boto3.client()",
                sdk_first_client_ms=round(sdk_client, 1),
                boto3_first_client_ms=round(boto3_client, 1),
                processes_each=settings.processes,
            ),
            "first_call": figure(
                sdk_call - boto3_call,
                None,
                None,
                digits=1,
                measured="first describe_record on it (canned response): SDK - boto3; no target",
                sdk_first_call_ms=round(sdk_call, 1),
                boto3_first_call_ms=round(boto3_call, 1),
            ),
        }
    }
