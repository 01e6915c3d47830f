"""Each waiter is one declaration: the forms come from it, and it names real things."""

from __future__ import annotations

import enum
import importlib.util
import inspect
import sys
import typing
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pytest
from botocore.stub import Stubber

from servicecatalog_sdk import AsyncServiceCatalogClient, ServiceCatalogClient, models, waiters
from servicecatalog_sdk._waiting import _declarations, _drive, _forms, _started
from servicecatalog_sdk._waiting._decisions import Waiter, fails, ident
from servicecatalog_sdk._waiting._declarations import WAITERS
from servicecatalog_sdk.errors import CopyProductFailedError, UnknownValueWarning

from .resource_cases import copy_answer
from .waiter_helpers import FakeTime

ROOT = Path(__file__).resolve().parents[2]

T = TypeVar("T")

ids = [w.name for w in WAITERS]


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "sc_generate_waiters", ROOT / "tools" / "generate_waiters.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_generated_forms_are_current() -> None:
    generator = load_generator()
    text = generator.formatted(generator.render())
    assert generator.OUTPUT.read_text() == text, "run `python tools/generate_waiters.py`"


def _status_enum(waiter: Waiter[Any]) -> type[enum.Enum]:
    """The model enum of a waiter's status, found by following its subject path."""
    found: Any = getattr(models, waiter.observation.split(" ")[0])
    for attr in (*waiter.subject, waiter.status):
        hint = typing.get_type_hints(found)[attr]
        found = next(a for a in (*typing.get_args(hint), hint) if a is not type(None))
    assert issubclass(found, enum.Enum), (waiter.name, found)
    status_enum: type[enum.Enum] = found
    return status_enum


@pytest.mark.parametrize("waiter", [w for w in WAITERS if w.decide is None], ids=lambda w: w.name)
def test_every_declared_status_is_a_value_of_the_models_enum(waiter: Waiter[Any]) -> None:
    values = {m.value for m in _status_enum(waiter)}
    table = waiter.statuses
    named = table.pending | table.done | table.failed | set(waiter.expect)
    assert named <= values, (waiter.name, sorted(named - values))
    assert not (table.pending & table.done)
    assert not ((table.pending | table.done) & table.failed)


@pytest.mark.parametrize("waiter", WAITERS, ids=ids)
def test_every_declaration_polls_an_operation_of_both_clients_with_its_keywords(
    waiter: Waiter[Any],
) -> None:
    signature = inspect.signature(getattr(waiters, waiter.method))
    for client in (ServiceCatalogClient, AsyncServiceCatalogClient):
        operation = inspect.signature(getattr(client, waiter.operation))
        assert set(waiter.request) <= set(operation.parameters), (client, waiter.operation)
    assert set(waiter.request.values()) <= set(signature.parameters)
    assert set(waiter.resource_id) <= set(signature.parameters)
    for started in waiter.started:
        assert started.argument in signature.parameters


@pytest.mark.parametrize("waiter", WAITERS, ids=ids)
def test_the_function_and_both_methods_take_the_same_keywords(waiter: Waiter[Any]) -> None:
    def keywords(form: Any) -> list[tuple[str, object, object]]:
        params = list(inspect.signature(form).parameters.values())[1:]  # client / self
        return [(p.name, p.kind, p.default) for p in params]

    function = keywords(getattr(waiters, waiter.method))
    assert function == keywords(getattr(ServiceCatalogClient, waiter.method))
    assert function == keywords(getattr(AsyncServiceCatalogClient, waiter.method))
    assert inspect.iscoroutinefunction(getattr(AsyncServiceCatalogClient, waiter.method))
    # wait=True fills every keyword it does not set from the declaration's defaults.
    required = {a.name for a in waiter.args if a.default is ...}
    assert {name for name, _, _ in function} == required | set(waiter.arguments({}))


def test_the_generated_forms_are_what_the_package_exports() -> None:
    for waiter in WAITERS:
        assert getattr(_declarations, waiter.name.upper()) is waiter  # the forms' reference
    names = {w.method for w in WAITERS}
    assert names <= set(waiters.__all__)
    for name in names:
        assert getattr(waiters, name) is getattr(_forms, name)
    assert waiters.WaiterMixin is _forms.WaiterMixin


def _runs(follow: _started.FollowUp[T], waiter: Waiter[T]) -> tuple[Any, Any]:
    """The pair; mypy checks that the follow-up's result type is the declaration's."""
    return follow, waiter


def test_each_follow_up_runs_its_declaration() -> None:
    pairs = [
        _runs(_started.RECORD, _declarations.RECORD),
        _runs(_started.PRODUCT, _declarations.PRODUCT),
        _runs(_started.ARTIFACT, _declarations.PROVISIONING_ARTIFACT),
        _runs(_started.COPY, _declarations.COPY_PRODUCT),
        _runs(_started.PLAN, _declarations.PROVISIONED_PRODUCT_PLAN),
        _runs(_started.SHARE, _declarations.PORTFOLIO_SHARE),
        _runs(_started.ORGANIZATIONS_ENABLED, _declarations.ORGANIZATIONS_ACCESS),
        _runs(_started.ORGANIZATIONS_DISABLED, _declarations.ORGANIZATIONS_ACCESS),
    ]
    follow_ups = [v for v in vars(_started).values() if isinstance(v, _started.FollowUp)]
    assert {id(f) for f, _ in pairs} == {id(f) for f in follow_ups}
    for follow, waiter in pairs:
        assert follow.waiter is waiter
        assert follow.waits_for == waiter.method
        assert waiter.started or follow.keywords  # wait=True knows what to wait on


#: A waiter no module of the SDK declares: a product copy seen through a made-up lens.
COPY_LANDED: Waiter[Any] = Waiter(
    name="copy_landed",
    summary="Wait until the copy landed",
    doc="A waiter declared by a test.",
    operation="describe_copy_product_status",
    request={"copy_product_token": "token"},
    args=(ident("token"),),
    what=("copy {token}",),
    resource_id=("token",),
    status="copy_product_status",
    pending=frozenset({"IN_PROGRESS"}),
    done=frozenset({"SUCCEEDED"}),
    failures=(fails(CopyProductFailedError, "FAILED", ids={"copy_product_token": "token"}),),
    observation="DescribeCopyProductStatusOutput",
)


def test_a_new_declaration_runs_on_the_engine_and_gets_typed_forms(
    raw_client: Any, stubber: Stubber
) -> None:
    fake = FakeTime()
    sc = ServiceCatalogClient(
        raw_client, waiter_clock=fake.clock, waiter_sleep=fake.sleep, strict=True
    )
    for status in ("IN_PROGRESS", "PAUSED", "FAILED"):
        stubber.add_response(
            "describe_copy_product_status", copy_answer(status), {"CopyProductToken": "tok-1"}
        )

    with (
        pytest.warns(UnknownValueWarning, match="copy tok-1 has status 'PAUSED'"),
        pytest.raises(CopyProductFailedError) as caught,
    ):
        _drive.wait(COPY_LANDED, sc, COPY_LANDED.arguments({"token": "tok-1"}))

    stubber.assert_no_pending_responses()
    assert caught.value.resource_id == "tok-1"
    assert len(fake.sleeps) == 2
    source = load_generator().render([COPY_LANDED])
    assert "def wait_for_copy_landed(\n    client: WaiterClient,\n    *,\n    token: str," in source
    assert "async def wait_for_copy_landed(" in source
    assert "-> DescribeCopyProductStatusOutput:" in source
    compile(source, "<generated>", "exec")
