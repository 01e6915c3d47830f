"""``async_call_ratio_*`` and ``concurrent_waits``: what the asyncio client costs.

``async_call_ratio_user_client``: the calls of :mod:`benchmarks.calls` (one
100-item page of ScanProvisionedProducts and SearchProductsAsAdmin, one
DescribeRecord with 100 outputs), each answered by the same canned HTTP
response at ``before-send``, through ``AsyncServiceCatalogClient(aio_client)``
÷ the raw aiobotocore client, interleaved in one event loop.
``async_call_ratio_own_client``: the same calls, in the same rounds, through
``AsyncServiceCatalogClient.from_session()`` (the SDK's own session and parser).

``concurrent_waits``: ``WAITS`` records each settle after ``POLLS`` polls
(DescribeRecord answered at ``before-send``), waited on with a real pause of
``PAUSE`` seconds between polls (and no history read): by the asyncio client in one event loop, and by
the blocking client in one thread per wait. Each mode runs in a fresh process;
``peak_rss_mb`` is its peak resident memory above what it held before the
waits began, ``cpu_s`` its CPU time (all threads) during them.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, Final

from aiobotocore.awsrequest import AioAWSResponse
from botocore.awsrequest import AWSPreparedRequest

from benchmarks._timing import Settings, figure, micros, progress
from benchmarks._wire import (
    REGION,
    Responder,
    encode,
    fake_aws_environment,
    page_body,
    raw_client,
    request_json,
)
from benchmarks.calls import OPERATIONS, RECORD_ID, canned_responder

__all__ = ["POLLS", "TARGET", "WAITS", "run"]

TARGET: Final = 1.15
WAITS: Final = 200
#: DescribeRecord answers per record: IN_PROGRESS until the last, SUCCEEDED.
POLLS: Final = 5
PAUSE: Final = 0.5


class _AioRaw:
    """The body stream of an :class:`AioAWSResponse`."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    async def read(self) -> bytes:
        return self._body


def _aio_responder(responder: Responder) -> Callable[..., AioAWSResponse]:
    """``responder``'s canned answers, as aiobotocore's endpoint reads them."""

    def answer(request: AWSPreparedRequest, **kwargs: Any) -> AioAWSResponse:
        sync = responder(request, **kwargs)
        return AioAWSResponse(sync.url, sync.status_code, sync.headers, _AioRaw(sync.content))

    return answer


@asynccontextmanager
async def _aio_client(responder: Responder) -> AsyncIterator[Any]:
    from aiobotocore.session import get_session

    async with get_session().create_client("servicecatalog", region_name=REGION) as client:
        client.meta.events.register("before-send", _aio_responder(responder))
        yield client


async def _interleaved(
    variants: Mapping[str, Callable[[], Awaitable[object]]], *, rounds: int, batch: int
) -> dict[str, list[float]]:
    # benchmarks._timing.interleaved, awaited: rotating order, one sample per round.
    names = list(variants)
    for fn in variants.values():
        await fn()
        await fn()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        gc.collect()
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            fn = variants[name]
            start = time.perf_counter()
            for _ in range(batch):
                await fn()
            samples[name].append((time.perf_counter() - start) / batch)
    return samples


def _sdk_call(operation: str, sc: Any) -> Callable[[], Awaitable[object]]:
    async def pages(listing: Any) -> object:
        return [page async for page in listing.pages()]

    if operation == "ScanProvisionedProducts":
        return lambda: pages(sc.scan_provisioned_products())
    if operation == "SearchProductsAsAdmin":
        return lambda: pages(sc.search_products_as_admin())
    return lambda: sc.describe_record(id=RECORD_ID)


def _raw_call(operation: str, client: Any) -> Callable[[], Awaitable[object]]:
    if operation == "ScanProvisionedProducts":
        return lambda: client.scan_provisioned_products()
    if operation == "SearchProductsAsAdmin":
        # The SDK sends a default sort order for Search operations; so does this.
        return lambda: client.search_products_as_admin(SortBy="CreationDate")
    return lambda: client.describe_record(Id=RECORD_ID)


async def _call_ratios(settings: Settings) -> dict[str, Any]:
    from servicecatalog_sdk.aio import AsyncServiceCatalogClient

    responder = canned_responder()
    by_op: dict[str, dict[str, Any]] = {"user": {}, "own": {}}
    own = AsyncServiceCatalogClient.from_session(region_name=REGION)
    async with _aio_client(responder) as client, own:
        own.raw.meta.events.register("before-send", _aio_responder(responder))
        sc = AsyncServiceCatalogClient(client)
        for operation in OPERATIONS:
            progress(f"async call ratio: {operation}")
            samples = await _interleaved(
                {
                    "aiobotocore": _raw_call(operation, client),
                    "user": _sdk_call(operation, sc),
                    "own": _sdk_call(operation, own),
                },
                rounds=settings.rounds,
                batch=settings.batch,
            )
            raw = statistics.median(samples["aiobotocore"])
            for variant, found in by_op.items():
                found[operation] = _against(
                    variant,
                    statistics.median(samples[variant]) / raw,
                    sdk_us=micros(samples[variant]),
                    aiobotocore_us=micros(samples["aiobotocore"]),
                )
    return {
        f"async_call_ratio_{variant}_client": _against(
            variant,
            max(f["value"] for f in found.values()),
            worst_of=list(OPERATIONS),
            by_operation=found,
        )
        for variant, found in by_op.items()
    }


def _against(variant: str, value: float, **details: Any) -> dict[str, Any]:
    # Issue 15 sets the target for the user's client; the SDK's own is context.
    if variant == "user":
        return figure(value, "<=", TARGET, **details)
    return figure(value, None, None, **details)


def _settling_responder() -> Responder:
    polls: dict[str, int] = {}
    bodies = {
        status: encode(page_body("DescribeRecord", items=3, overrides={"RecordDetail.Status": s}))
        for status, s in (("pending", "IN_PROGRESS"), ("done", "SUCCEEDED"))
    }

    def body_for(operation: str, request: AWSPreparedRequest) -> bytes:
        record_id = str(request_json(request)["Id"])
        seen = polls[record_id] = polls.get(record_id, 0) + 1  # one thread per record id
        return bodies["done" if seen >= POLLS else "pending"]

    return Responder(body_for)


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def _start_measuring() -> tuple[float, float, float]:
    gc.collect()
    # Linux: "5" resets the peak resident size (VmHWM) to the current one, so the
    # peak read afterwards is that of the waits, not of the imports before them.
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    return _status_mb("VmRSS"), time.process_time(), time.perf_counter()


def _measured(rss: float, cpu: float, wall: float) -> dict[str, float]:
    return {
        "wall_s": round(time.perf_counter() - wall, 3),
        "cpu_s": round(time.process_time() - cpu, 3),
        "peak_rss_mb": round(_status_mb("VmHWM") - rss, 1),
    }


def _measure(start: Callable[[], None]) -> dict[str, float]:
    began = _start_measuring()
    start()
    return _measured(*began)


def _waits_in_threads() -> dict[str, float]:
    from servicecatalog_sdk import ServiceCatalogClient

    sc = ServiceCatalogClient(raw_client(_settling_responder()))
    sc.describe_record(id="rec-warmup")  # hooks built and models loaded before measuring

    def wait(i: int) -> None:
        sc.wait_for_record(f"rec-{i:012d}", min_delay=PAUSE, max_delay=PAUSE, use_history=False)

    def start() -> None:
        threads = [threading.Thread(target=wait, args=(i,)) for i in range(WAITS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    return _measure(start)


def _waits_in_one_loop() -> dict[str, float]:
    from servicecatalog_sdk.aio import AsyncServiceCatalogClient

    async def main() -> dict[str, float]:
        async with _aio_client(_settling_responder()) as client:
            sc = AsyncServiceCatalogClient(client)
            await sc.describe_record(id="rec-warmup")

            async def waits() -> None:
                await asyncio.gather(
                    *(
                        sc.wait_for_record(
                            f"rec-{i:012d}", min_delay=PAUSE, max_delay=PAUSE, use_history=False
                        )
                        for i in range(WAITS)
                    )
                )

            began = _start_measuring()
            await waits()
            return _measured(*began)

    return asyncio.run(main())


def _in_fresh_process(mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.aio", mode], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def run(settings: Settings) -> dict[str, Any]:
    """The asyncio figures."""
    ratios = asyncio.run(_call_ratios(settings))
    progress(f"concurrent waits: {WAITS} in one event loop, then in {WAITS} threads")
    loop = _in_fresh_process("asyncio")
    threads = _in_fresh_process("threads")
    return {
        **ratios,
        "concurrent_waits": figure(
            None,
            None,
            None,
            waits=WAITS,
            polls_each=POLLS,
            pause_s=PAUSE,
            one_event_loop=loop,
            one_thread_each=threads,
        ),
    }


if __name__ == "__main__":
    fake_aws_environment()
    mode = sys.argv[1]
    figures = _waits_in_one_loop() if mode == "asyncio" else _waits_in_threads()
    json.dump(figures, sys.stdout)
