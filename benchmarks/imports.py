"""``import_ms`` and ``cold_start``: what the SDK adds to boto3's own start-up.

Each fresh process imports ``boto3`` (untimed), then runs one of two cold
starts, alternating between processes:

- SDK: ``from servicecatalog_sdk import ServiceCatalogClient``,
  ``ServiceCatalogClient.from_session()``, one ``describe_record``;
- boto3: ``boto3.client("servicecatalog")``, one ``describe_record``.

The call is answered locally (a canned body at ``before-send``), so botocore
serializes, signs, parses and the SDK converts, as on a real first call: this
is where lazily loaded code (attrs, the models, the converter's hooks) lands.
Figures are medians over the processes of each kind:

- ``import_ms.import``: the SDK's import, after ``import boto3``;
- ``cold_start``: import + first client + first call, SDK - boto3.

Both cold starts end with the process's first full garbage collection. boto3's
start-up leaves it about 2,000 allocations away, and it costs 20-60 ms (the
whole heap, botocore's parsed endpoint data mostly): whichever side crosses
that line first would be charged for a collection the other side's process
runs a moment later. So a window that did not run one runs it at its end
(``gc.collect()``, timed). ``without_full_gc_ms`` gives the difference without
that, as the two windows happen to fall.

``second_client_ms`` (no target) is a second ``from_session()`` /
``boto3.client()`` in the same process, after the window.

The processes run with bytecode caching on (as an installed package has it) and
after one untimed warm-up process of each kind, so ``.pyc`` files exist and disk
caches are warm.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Mapping
from typing import Any, Final

from benchmarks._timing import Settings, figure, progress
from benchmarks._wire import FAKE_ENV, REGION

__all__ = ["COLD_START_TARGET_MS", "IMPORT_TARGET_MS", "measure", "run"]

IMPORT_TARGET_MS: Final = 40.0
COLD_START_TARGET_MS: Final = 50.0

_RECORD: Final = (
    b'{"RecordDetail":{"RecordId":"rec-1","Status":"SUCCEEDED","CreatedTime":1497528000.5},'
    b'"RecordOutputs":[{"OutputKey":"Url","OutputValue":"https://example.com"}]}'
)

_SCRIPT: Final = f"""
import gc, json, sys, time
t0 = time.perf_counter()
import boto3
t1 = time.perf_counter()
full_before = gc.get_stats()[2]["collections"]
if sys.argv[1] == "sdk":
    import servicecatalog_sdk
    t2 = time.perf_counter()
    from servicecatalog_sdk import ServiceCatalogClient
    t3 = time.perf_counter()
    sc = ServiceCatalogClient.from_session(region_name={REGION!r})
    client = sc.raw
    call = lambda: sc.describe_record(id="rec-1").record_detail.status
    again = lambda: ServiceCatalogClient.from_session(region_name={REGION!r})
else:
    t2 = t3 = time.perf_counter()
    client = boto3.client("servicecatalog", region_name={REGION!r})
    call = lambda: client.describe_record(Id="rec-1")["RecordDetail"]["Status"]
    again = lambda: boto3.client("servicecatalog", region_name={REGION!r})
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
full_in_window = gc.get_stats()[2]["collections"] - full_before
if not full_in_window:
    gc.collect()
t7 = time.perf_counter()
full_by_end = gc.get_stats()[2]["collections"] - full_before
again()
t8 = time.perf_counter()
print(json.dumps({{"boto3": t1 - t0, "package": t2 - t1, "import": t3 - t1,
                   "first_client": t4 - t3, "first_call": t6 - t5,
                   "window": (t4 - t1) + (t6 - t5), "end_gc": t7 - t6,
                   "full_gc_in_window": full_in_window, "full_gc_by_end": full_by_end,
                   "second_client": t8 - t7}}))
"""


def environment(pythonpath: str | None = None) -> dict[str, str]:
    """The processes' environment: fake AWS settings, bytecode caching on."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(FAKE_ENV)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    return env


def one(kind: str, env: Mapping[str, str]) -> dict[str, float]:
    """One fresh process's cold start of ``kind`` ("sdk" or "boto3"), in milliseconds."""
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, kind],
        env=dict(env),
        capture_output=True,
        text=True,
        check=True,
    )
    sample: dict[str, float] = json.loads(out.stdout)
    return {k: v if k.startswith("full_gc") else v * 1000 for k, v in sample.items()}


def measure(
    kinds: Mapping[str, tuple[str, Mapping[str, str]]], processes: int
) -> dict[str, list[dict[str, float]]]:
    """``processes`` samples of each named ``(kind, environment)``, one process of each in turn."""
    for kind, env in kinds.values():  # warm-up: writes .pyc files, warms the disk cache
        one(kind, env)
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in kinds}
    for _ in range(processes):
        for name, (kind, env) in kinds.items():
            samples[name].append(one(kind, env))
    return samples


def median(samples: list[dict[str, float]], key: str) -> float:
    """The median of one part over the processes."""
    return statistics.median(s[key] for s in samples)


def cold(samples: list[dict[str, float]]) -> float:
    """Median cold start, ending with the process's first full collection."""
    return statistics.median(s["window"] + s["end_gc"] for s in samples)


def run(settings: Settings) -> dict[str, Any]:
    """The import and cold-start figures."""
    env = environment()
    progress(f"imports: {2 * settings.processes} fresh processes")
    samples = measure({"sdk": ("sdk", env), "boto3": ("boto3", env)}, settings.processes)
    sdk, boto3 = samples["sdk"], samples["boto3"]

    def parts(kind: list[dict[str, float]]) -> dict[str, float]:
        keys = ("import", "first_client", "first_call", "end_gc")
        return {f"{k}_ms": round(median(kind, k), 1) for k in keys}

    return {
        "import_ms": {
            "import": figure(
                median(sdk, "import"),
                "<=",
                IMPORT_TARGET_MS,
                digits=1,
                measured="from servicecatalog_sdk import ServiceCatalogClient, after import boto3",
                package_only_ms=round(median(sdk, "package"), 1),
                boto3_import_ms=round(median(sdk + boto3, "boto3"), 1),
                processes=len(sdk),
            ),
        },
        "cold_start": figure(
            cold(sdk) - cold(boto3),
            "<=",
            COLD_START_TARGET_MS,
            digits=1,
            measured=(
                "import + from_session() + first describe_record, minus boto3.client() +"
                " first describe_record, after import boto3; each up to the process's"
                " first full garbage collection"
            ),
            sdk_ms=round(cold(sdk), 1),
            boto3_ms=round(cold(boto3), 1),
            without_full_gc_ms=round(median(sdk, "window") - median(boto3, "window"), 1),
            sdk_parts=parts(sdk),
            boto3_parts=parts(boto3),
            full_gc_in_window={
                "sdk": sum(1 for s in sdk if s["full_gc_in_window"]),
                "boto3": sum(1 for s in boto3 if s["full_gc_in_window"]),
            },
            second_client_ms={
                "sdk": round(median(sdk, "second_client"), 1),
                "boto3": round(median(boto3, "second_client"), 1),
            },
            processes_each=settings.processes,
        ),
    }
