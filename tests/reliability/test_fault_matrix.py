"""The whole lifecycle under throttling storms and server faults, against the emulator.

Each scenario runs complete lifecycles (create product, provision + wait, update +
wait, terminate + wait) through a client built by ``from_session`` (botocore
``standard`` retries, ``MAX_ATTEMPTS``), with the waiters on fake time. The first
ProvisionProduct answer the emulator gives is "lost" on the way back (a
``needs-retry`` handler makes botocore resend the very same request), so
idempotency is tested where it matters: the service did the work, the caller never
heard. Figures go to stdout (``pytest -s``), the junit properties and the terminal
summary.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import pytest

from servicecatalog_sdk import ServiceCatalogClient, errors
from servicecatalog_sdk.client import MAX_ATTEMPTS
from servicecatalog_sdk.models import (
    ProvisioningParameter,
    ProvisionProductOutput,
    RecordStatus,
    UpdateProvisioningParameter,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .conftest import (
    WAIT_TIMEOUT,
    BotocoreSleeps,
    FakeTime,
    Report,
    add_version,
    create_product,
    sdk_client,
)

T = TypeVar("T")

FAULT_CODES = frozenset({"ThrottlingException", "InternalFailure"})
LIFECYCLES = 3

#: Where the 500 scenario injects faults: stage -> (operation, how many in a row).
#: Ten in a row outlast botocore's MAX_ATTEMPTS, so the waiter's own retry loop runs too.
SERVER_FAULTS: dict[str, list[tuple[str, int]]] = {
    "provision": [("ProvisionProduct", 3), ("DescribeRecord", 10)],
    "wait-provisioned": [("DescribeProvisionedProduct", 4)],
    "update": [("DescribeRecord", 3), ("DescribeProvisionedProduct", 3)],
    "terminate": [
        ("TerminateProvisionedProduct", 3),
        ("DescribeRecord", 2),
        ("DescribeProvisionedProduct", 10),
    ],
}


class Wire:
    """Counts, per attempt, what came back to the client; can lose one ProvisionProduct answer."""

    def __init__(self, raw: Any) -> None:
        self.faults: Counter[str] = Counter()
        self.lost_provision_answers = 0
        self._lose_next_provision_answer = False
        raw.meta.events.register("response-received.servicecatalog", self._received)
        raw.meta.events.register_first(
            "needs-retry.servicecatalog.ProvisionProduct", self._maybe_lose
        )

    def lose_next_provision_answer(self) -> None:
        self._lose_next_provision_answer = True

    def _received(self, parsed_response: Any = None, **_: Any) -> None:
        code = ((parsed_response or {}).get("Error") or {}).get("Code")
        if code in FAULT_CODES:
            self.faults[code] += 1

    def _maybe_lose(self, response: Any = None, attempts: int = 0, **_: Any) -> float | None:
        # The emulator processed the request and answered 200; pretend the answer
        # never arrived, so botocore sends the same request (same token) again.
        if not self._lose_next_provision_answer or response is None:
            return None
        if response[0].status_code != 200 or attempts >= MAX_ATTEMPTS:
            return None
        self._lose_next_provision_answer = False
        self.lost_provision_answers += 1
        return 0.0


class Timed:
    """Runs waits on fake time and remembers how close each came to its deadline."""

    def __init__(self, fake_time: FakeTime) -> None:
        self.fake_time = fake_time
        self.waits = 0
        self.longest = 0.0

    def __call__(self, wait: Callable[[], Any]) -> Any:
        start = self.fake_time.now
        result = wait()
        elapsed = self.fake_time.now - start
        # No waiter gave up early, and none got anywhere near giving up.
        assert elapsed < WAIT_TIMEOUT, f"a wait used {elapsed:.0f} s of {WAIT_TIMEOUT:.0f} s"
        self.waits += 1
        self.longest = max(self.longest, elapsed)
        return result


def arm(emulator: ServiceCatalogEmulator, scenario: str, stage: str) -> None:
    if scenario == "http-500":
        for operation, times in SERVER_FAULTS.get(stage, []):
            emulator.inject_fault(operation, "InternalFailure", times=times)


class Persist:
    """What a deployment script does when botocore's MAX_ATTEMPTS ran out on a call.

    At 60% throttling, all MAX_ATTEMPTS attempts of a call are throttled with
    probability 0.6**MAX_ATTEMPTS (1.7% with 8): some calls of a lifecycle raise
    ThrottlingError. Reads are repeated as they are; changes are repeated with the
    caller's own idempotency token, which makes the repeat safe. ``repeats`` counts
    how often the SDK alone did not finish the job.
    """

    def __init__(self) -> None:
        self.repeats: Counter[str] = Counter()

    def __call__(self, what: str, call: Callable[[], T]) -> T:
        for _ in range(5):
            try:
                return call()
            except (errors.ThrottlingError, errors.InternalServerError):
                self.repeats[what] += 1
        return call()


def one_lifecycle(
    sc: ServiceCatalogClient,
    emulator: ServiceCatalogEmulator,
    wire: Wire,
    timed: Timed,
    persist: Persist,
    scenario: str,
    n: int,
) -> int:
    """Run one lifecycle; return the number of duplicate provisioned products seen."""
    name = f"{scenario}-app-{n}"
    token = {step: str(uuid.uuid4()) for step in ("product", "v2", "launch", "update", "end")}
    product_id, v1 = persist(
        "CreateProduct",
        lambda: create_product(
            sc, emulator, f"{scenario}-product-{n}", idempotency_token=token["product"]
        ),
    )
    v2 = persist(
        "CreateProvisioningArtifact",
        lambda: add_version(sc, emulator, product_id, "v2", idempotency_token=token["v2"]),
    )

    # -- provision, with its first answer lost on the way back ------------------------
    def launch(parameters: Sequence[ProvisioningParameter]) -> ProvisionProductOutput:
        return sc.provision_product(
            provisioned_product_name=name,
            product_id=product_id,
            provisioning_artifact_id=v1,
            provisioning_parameters=parameters,
            provision_token=token["launch"],
        )

    arm(emulator, scenario, "provision")
    wire.lose_next_provision_answer()
    lost_before = wire.lost_provision_answers
    parameters = [
        ProvisioningParameter(key="BucketName", value=f"{name}-bucket"),
        ProvisioningParameter(key="Size", value="small"),
    ]
    repeats_before = persist.repeats["ProvisionProduct"]
    started = persist("ProvisionProduct", lambda: launch(parameters))
    assert wire.lost_provision_answers == lost_before + 1
    assert started.record_detail is not None
    assert started.record_detail.record_id
    assert started.response_metadata is not None
    if persist.repeats["ProvisionProduct"] == repeats_before:
        assert started.response_metadata.retry_attempts >= 1  # the resend of the lost answer
    assert started.response_metadata.idempotency_token == token["launch"]
    record_id = started.record_detail.record_id
    pp_id = started.record_detail.provisioned_product_id
    assert pp_id

    # The same token again (a script repeating after a crash): the same record.
    again = persist("ProvisionProduct", lambda: launch(parameters))
    assert again.record_detail is not None
    assert again.record_detail.record_id == record_id
    assert again.record_detail.provisioned_product_id == pp_id

    done = timed(lambda: sc.wait_for_record(record_id, timeout=WAIT_TIMEOUT))
    assert done.record_detail is not None
    assert done.record_detail.status is RecordStatus.SUCCEEDED
    arm(emulator, scenario, "wait-provisioned")
    timed(
        lambda: sc.wait_for_provisioned_product(id=pp_id, record_id=record_id, timeout=WAIT_TIMEOUT)
    )
    same_name = persist(
        "ScanProvisionedProducts",
        lambda: [pp for pp in sc.scan_provisioned_products() if pp.name == name],
    )
    duplicates = len(same_name) - 1
    assert [pp.id for pp in same_name] == [pp_id], "one provisioned product per logical provision"
    launches = persist(
        "ListRecordHistory",
        lambda: [
            r
            for r in sc.list_record_history()
            if r.provisioned_product_name == name and r.record_type == "PROVISION_PRODUCT"
        ],
    )
    assert [r.record_id for r in launches] == [record_id], "one launch per logical provision"

    # -- update to v2 with wait=True --------------------------------------------------
    arm(emulator, scenario, "update")
    updated = timed(
        lambda: persist(
            "UpdateProvisionedProduct",
            lambda: sc.update_provisioned_product(
                provisioned_product_id=pp_id,
                provisioning_artifact_id=v2,
                provisioning_parameters=[
                    UpdateProvisioningParameter(key="BucketName", use_previous_value=True),
                    UpdateProvisioningParameter(key="Size", value="large"),
                ],
                update_token=token["update"],
                wait=True,
                wait_timeout=WAIT_TIMEOUT,
            ),
        )
    )
    assert updated.record_detail is not None
    assert updated.record_detail.status is RecordStatus.SUCCEEDED
    outputs = {o.output_key: o.output_value for o in updated.record_outputs}
    assert outputs == {"Size": "large", "Version": "2"}
    update_record = updated.record_detail.record_id
    assert update_record
    product = timed(
        lambda: sc.wait_for_provisioned_product(
            id=pp_id, record_id=update_record, timeout=WAIT_TIMEOUT
        )
    )
    assert product.provisioned_product_detail is not None
    assert product.provisioned_product_detail.provisioning_artifact_id == v2

    # -- terminate with wait=True, then until it is gone ------------------------------
    arm(emulator, scenario, "terminate")
    ended = timed(
        lambda: persist(
            "TerminateProvisionedProduct",
            lambda: sc.terminate_provisioned_product(
                provisioned_product_id=pp_id,
                terminate_token=token["end"],
                wait=True,
                wait_timeout=WAIT_TIMEOUT,
            ),
        )
    )
    assert ended.record_detail is not None
    terminate_record = ended.record_detail.record_id
    assert ended.record_detail.status is RecordStatus.SUCCEEDED
    assert terminate_record
    timed(
        lambda: sc.wait_for_termination(id=pp_id, record_id=terminate_record, timeout=WAIT_TIMEOUT)
    )
    left = persist("ScanProvisionedProducts", lambda: list(sc.scan_provisioned_products()))
    assert all(pp.name != name for pp in left)
    return duplicates


SCENARIOS: list[tuple[str, float, int]] = [
    ("throttle-30pct", 0.3, 30),
    ("throttle-60pct", 0.6, 60),
    ("http-500", 0.0, 0),
]


@pytest.mark.parametrize(("scenario", "rate", "seed"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_the_lifecycle_completes_once_per_provision_under_faults(
    emulator: ServiceCatalogEmulator,
    fake_time: FakeTime,
    botocore_sleeps: BotocoreSleeps,
    caplog: pytest.LogCaptureFixture,
    report: Report,
    scenario: str,
    rate: float,
    seed: int,
) -> None:
    caplog.set_level(logging.DEBUG, logger="servicecatalog_sdk")
    sc = sdk_client(fake_time)
    wire = Wire(sc.raw)
    timed = Timed(fake_time)
    persist = Persist()
    if rate:
        emulator.throttle(rate, seed=seed)

    completed = duplicates = 0
    for n in range(LIFECYCLES):
        duplicates += one_lifecycle(sc, emulator, wire, timed, persist, scenario, n)
        completed += 1
    emulator.clear_faults()

    waiter_retries = sum("poll request failed" in r.getMessage() for r in caplog.records)
    calls = dict(sorted(emulator.calls.items()))
    report(
        scenario,
        requests=sum(calls.values()),
        faults=sum(wire.faults.values()),
        botocore_retries=len(botocore_sleeps.sleeps),
        waiter_request_retries=waiter_retries,
        lost_answers_replayed=wire.lost_provision_answers,
        caller_repeats=sum(persist.repeats.values()),
        lifecycles_completed=f"{completed}/{LIFECYCLES}",
        duplicates=duplicates,
        waits=timed.waits,
        longest_wait_s=f"{timed.longest:.0f}/{WAIT_TIMEOUT:.0f}",
        per_operation=",".join(f"{op}:{n}" for op, n in calls.items()),
    )
    assert completed == LIFECYCLES
    assert duplicates == 0
    assert sum(wire.faults.values()) > 0
    if scenario == "http-500":
        # Every injected fault was answered (and survived).
        injected = sum(t for faults in SERVER_FAULTS.values() for _, t in faults) * LIFECYCLES
        assert wire.faults["InternalFailure"] == injected
        assert waiter_retries > 0  # ten in a row outlast botocore: the waiter retried too


PRODUCTS = 25
PROVISIONED = 10
PAGE_SIZE = 4


class PageLog:
    """The item ids of every page botocore handed back, before the SDK de-duplicates."""

    def __init__(self, raw: Any) -> None:
        self.pages: dict[str, list[list[str]]] = {"search": [], "scan": []}
        raw.meta.events.register("after-call.servicecatalog.SearchProductsAsAdmin", self._search)
        raw.meta.events.register("after-call.servicecatalog.ScanProvisionedProducts", self._scan)

    def _search(self, parsed: Any, **_: Any) -> None:
        details = parsed.get("ProductViewDetails", [])
        self.pages["search"].append([d["ProductViewSummary"]["ProductId"] for d in details])

    def _scan(self, parsed: Any, **_: Any) -> None:
        self.pages["scan"].append([pp["Id"] for pp in parsed.get("ProvisionedProducts", [])])

    def raw_items(self, what: str) -> list[str]:
        return [i for page in self.pages[what] for i in page]


@pytest.mark.parametrize(("rate", "seed"), [(0.3, 7), (0.6, 8)], ids=["30pct", "60pct"])
def test_paginators_neither_skip_nor_repeat_a_page_under_throttling(
    emulator: ServiceCatalogEmulator,
    fake_time: FakeTime,
    botocore_sleeps: BotocoreSleeps,
    report: Report,
    rate: float,
    seed: int,
) -> None:
    sc = sdk_client(fake_time)
    products: list[str] = []
    for n in range(PRODUCTS):
        product_id, artifact_id = create_product(sc, emulator, f"paged-product-{n:02d}")
        products.append(product_id)
        if n < PROVISIONED:
            sc.provision_product(
                provisioned_product_name=f"paged-app-{n:02d}",
                product_id=product_id,
                provisioning_artifact_id=artifact_id,
                provisioning_parameters={"BucketName": f"paged-bucket-{n:02d}"},
            )
    provisioned = [pp.id for pp in sc.scan_provisioned_products()]
    assert len(provisioned) == PROVISIONED

    log = PageLog(sc.raw)
    calls_before = sum(emulator.calls.values())
    emulator.throttle(rate, seed=seed)
    searched = [
        d.product_view_summary.product_id
        for d in sc.search_products_as_admin(page_size=PAGE_SIZE)
        if d.product_view_summary is not None
    ]
    search_pages = list(sc.search_products_as_admin(page_size=PAGE_SIZE).pages())
    scanned = [pp.id for pp in sc.scan_provisioned_products(page_size=PAGE_SIZE)]
    scan_pages = list(sc.scan_provisioned_products(page_size=PAGE_SIZE).pages())
    emulator.clear_faults()

    # Every item once, in order, through items and through pages.
    assert searched == products
    assert [
        d.product_view_summary.product_id
        for p in search_pages
        for d in p.product_view_details
        if d.product_view_summary
    ] == products
    assert scanned == provisioned
    assert [pp.id for p in scan_pages for pp in p.provisioned_products] == provisioned
    # And botocore's raw pages held no repeat the SDK's de-duplication had to hide.
    raw_search, raw_scan = log.raw_items("search"), log.raw_items("scan")
    assert raw_search == products * 2
    assert raw_scan == provisioned * 2
    expected_pages = 2 * (-(-PRODUCTS // PAGE_SIZE)) + 2 * (-(-PROVISIONED // PAGE_SIZE))
    assert len(log.pages["search"]) + len(log.pages["scan"]) == expected_pages
    report(
        f"paging-{int(rate * 100)}pct",
        requests=sum(emulator.calls.values()) - calls_before,
        pages=expected_pages,
        botocore_retries=len(botocore_sleeps.sleeps),
        products=f"{len(set(searched))}/{PRODUCTS}",
        provisioned=f"{len(set(scanned))}/{PROVISIONED}",
        skipped=len(set(products) - set(searched)) + len(set(provisioned) - set(scanned)),
        repeated=(len(raw_search) - 2 * len(set(raw_search)))
        + (len(raw_scan) - 2 * len(set(raw_scan))),
    )


def test_a_change_whose_answers_were_all_lost_tells_the_caller_its_token(
    emulator: ServiceCatalogEmulator, fake_time: FakeTime
) -> None:
    """The service launched the product, botocore's attempts ran out, the caller never heard.

    Only the SDK-generated ProvisionToken makes a repeat safe, so the error must
    carry it (``response_metadata.idempotency_token`` exists only when an answer
    arrived). Without it, a repeat with a new token is a second launch (the real
    service refuses the taken name, and the caller cannot tell it was its own).
    """
    sc = sdk_client(fake_time)
    product_id, artifact_id = create_product(sc, emulator, "lost-answers")

    def lose_then_throttle(response: Any = None, **_: Any) -> float | None:
        if response is not None and response[0].status_code == 200:
            # Processed; the answer is lost, and every further attempt is throttled.
            emulator.inject_fault("ProvisionProduct", "ThrottlingException", MAX_ATTEMPTS - 1)
            return 0.0
        return None

    sc.raw.meta.events.register_first(
        "needs-retry.servicecatalog.ProvisionProduct", lose_then_throttle
    )

    def launch(token: str | None) -> ProvisionProductOutput:
        return sc.provision_product(
            provisioned_product_name="lost-answers-app",
            product_id=product_id,
            provisioning_artifact_id=artifact_id,
            provisioning_parameters={"BucketName": "lost-answers-bucket"},
            provision_token=token,
        )

    with pytest.raises(errors.ThrottlingError) as caught:
        launch(None)
    sc.raw.meta.events.unregister("needs-retry.servicecatalog.ProvisionProduct", lose_then_throttle)
    assert emulator.calls["ProvisionProduct"] == MAX_ATTEMPTS
    launched = list(sc.scan_provisioned_products())
    assert len(launched) == 1  # the first attempt did launch it

    token = getattr(caught.value, "idempotency_token", None)
    assert isinstance(token, str), (
        "ThrottlingError after a processed-but-unanswered ProvisionProduct does not say "
        "which ProvisionToken was sent: the caller cannot repeat the call safely"
    )
    assert token
    again = launch(token)
    assert again.record_detail is not None
    assert again.record_detail.provisioned_product_id == launched[0].id
    assert len(list(sc.scan_provisioned_products())) == 1
