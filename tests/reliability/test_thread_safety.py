"""The lazily built state shared between threads: converter hooks and unknown enum values.

A client shared by threads (see ``tests/e2e/test_e2e_threads.py``) reaches these
from every thread at once; each is built on first use. The switch interval is
shortened while the threads run, so the interpreter changes threads often enough
for a check-then-set race to show.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from servicecatalog_sdk import models
from servicecatalog_sdk._converter import ModelConverter
from servicecatalog_sdk._model_support import ServiceEnum
from tests.wire import full_wire, service_model

THREADS = 8
T = TypeVar("T")


@pytest.fixture(autouse=True)
def _switch_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def all_at_once(work: Callable[[int], T]) -> list[T]:
    """Run ``work(i)`` in ``THREADS`` threads released together; their results in order."""
    start = threading.Barrier(THREADS)

    def run(i: int) -> T:
        start.wait(timeout=30)
        return work(i)

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


class Colour(ServiceEnum):
    """A fresh enum for these tests: no pseudo-member cached yet."""

    RED = "RED"


def test_threads_meeting_new_enum_values_share_one_pseudo_member_each() -> None:
    values = [f"NEW_{n}" for n in range(200)]

    def convert(_: int) -> list[ServiceEnum]:
        return [Colour(v) for v in values]

    seen = all_at_once(convert)
    for n, value in enumerate(values):
        members = {id(thread_result[n]) for thread_result in seen}
        assert len(members) == 1, f"{value}: {len(members)} different pseudo-members"
        # ...and the one kept is the one every thread got: no thread's value was dropped.
        assert Colour(value) is seen[0][n]
        assert not Colour(value).is_known
    assert Colour("RED") is Colour.RED


@pytest.mark.parametrize(
    "name", ["DescribeRecordOutput", "DescribeProvisionedProductOutput", "SearchProductsOutput"]
)
def test_a_fresh_converter_used_by_threads_at_once_builds_the_same_results(name: str) -> None:
    wire = full_wire(service_model().shape_for(name))
    cls: type[Any] = getattr(models, name)
    expected = ModelConverter(strict=True).structure(wire, cls)
    shared = ModelConverter(strict=True)  # its hooks are built by whichever thread comes first

    results = all_at_once(lambda _: shared.structure(wire, cls))
    assert results == [expected] * THREADS
    assert [shared.unstructure(r) for r in results] == [wire] * THREADS
