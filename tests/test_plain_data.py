"""Models and errors are plain data: they pickle, copy and deep-copy to equal objects."""

from __future__ import annotations

import copy
import functools
import inspect
import operator
import pickle
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar

import hypothesis.strategies as st
import pytest
from botocore.exceptions import ClientError
from hypothesis import given

from servicecatalog_sdk import errors, models
from servicecatalog_sdk._converter import ModelConverter
from servicecatalog_sdk._model_support import EMPTY_MAPPING, FrozenDict
from servicecatalog_sdk.models import (
    ProvisionedProductDetail,
    ProvisioningParameter,
    RecordDetail,
    RecordError,
    RecordStatus,
)
from tests.test_properties import SETTINGS, shape_and_wire
from tests.wire import full_wire, service_model, structure_names

STRICT = ModelConverter(strict=True)
T = TypeVar("T")


def round_trips(obj: T) -> list[T]:
    """``obj`` through pickle (every protocol), ``copy.copy`` and ``copy.deepcopy``."""
    pickled = [
        pickle.loads(pickle.dumps(obj, protocol=p)) for p in range(2, pickle.HIGHEST_PROTOCOL + 1)
    ]
    return [*pickled, copy.copy(obj), copy.deepcopy(obj)]


# -- models --------------------------------------------------------------------------


@pytest.mark.parametrize("name", structure_names())
def test_every_filled_model_round_trips(name: str) -> None:
    cls = getattr(models, name)
    obj = STRICT.structure(full_wire(service_model().shape_for(name)), cls)
    for other in round_trips(obj):
        assert type(other) is cls
        assert other == obj
        assert repr(other) == repr(obj)
        assert STRICT.unstructure(other) == STRICT.unstructure(obj)


@SETTINGS
@given(shape_and_wire(unknown_enums=True))
def test_drawn_models_round_trip(case: tuple[str, Any]) -> None:
    name, wire = case
    obj = STRICT.structure(wire, getattr(models, name))
    for other in round_trips(obj):
        assert other == obj
        assert STRICT.unstructure(other) == wire


def test_models_holding_maps_are_hashable_and_read_only() -> None:
    wire = {"Info": {"TemplateUrl": "https://t"}, "Status": "AVAILABLE"}
    out = STRICT.structure(wire, models.DescribeProvisioningArtifactOutput)
    assert isinstance(out.info, FrozenDict)
    assert hash(out) == hash(copy.deepcopy(out))
    assert out.info == {"TemplateUrl": "https://t"}
    with pytest.raises(TypeError):
        out.info["x"] = "y"  # type: ignore[index]
    empty = models.DescribeProvisioningArtifactOutput()
    assert empty.info is EMPTY_MAPPING
    assert pickle.loads(pickle.dumps(empty)) == empty


def test_unknown_enum_values_survive_pickling_as_the_cached_pseudo_member() -> None:
    new = RecordStatus("SOMETHING_NEW")
    for other in round_trips(new):
        assert other is new
        assert not other.is_known
    for other in round_trips(RecordStatus.SUCCEEDED):
        assert other is RecordStatus.SUCCEEDED
    record = RecordDetail(status=new)
    assert pickle.loads(pickle.dumps(record)).status is new


def test_secrets_stay_redacted_after_a_round_trip() -> None:
    secret = "S3cr3t-plain-data"
    parameter = ProvisioningParameter(key="Password", value=secret)
    for other in round_trips(parameter):
        assert other == parameter
        assert secret not in repr(other)
        assert other.value == secret


# -- the read-only mapping -------------------------------------------------------------


def test_frozen_dict_is_an_immutable_mapping_equal_to_its_dict() -> None:
    source = {"a": 1, "b": 2}
    frozen = FrozenDict(source)
    source["c"] = 3
    assert frozen == {"a": 1, "b": 2}
    assert operator.eq({"a": 1, "b": 2}, frozen)  # dict on the left: the reflected __eq__
    assert frozen != {"a": 1}
    assert frozen != [("a", 1), ("b", 2)]
    assert FrozenDict([("a", 1)]) == FrozenDict({"a": 1})
    assert isinstance(frozen, Mapping)
    assert not isinstance(frozen, dict)
    assert list(frozen) == ["a", "b"]
    assert len(frozen) == 2
    assert "a" in frozen
    assert frozen.get("z") is None
    assert frozen.get("z", 0) == 0
    assert list(frozen.items()) == [("a", 1), ("b", 2)]
    assert repr(frozen) == "FrozenDict({'a': 1, 'b': 2})"
    with pytest.raises(TypeError):
        frozen["a"] = 5  # type: ignore[index]
    with pytest.raises(TypeError):
        del frozen["a"]  # type: ignore[attr-defined]
    assert not hasattr(frozen, "update")
    assert not hasattr(frozen, "__dict__")
    assert hash(frozen) == hash(FrozenDict({"b": 2, "a": 1}))
    with pytest.raises(TypeError):
        hash(FrozenDict({"a": [1]}))  # hashable only when the values are


def test_frozen_dict_copies() -> None:
    frozen = FrozenDict({"k": ["mutable"]})
    assert copy.copy(frozen) is frozen
    deep = copy.deepcopy(frozen)
    assert deep == frozen
    assert deep["k"] is not frozen["k"]
    for other in round_trips(frozen):
        assert type(other) is FrozenDict
        assert other == frozen
    assert pickle.loads(pickle.dumps(EMPTY_MAPPING)) == {}


# -- errors -----------------------------------------------------------------------------

WHEN = datetime(2024, 1, 1, tzinfo=timezone.utc)


def record(status: str = "FAILED") -> RecordDetail:
    return RecordDetail(
        record_id="rec-1",
        status=RecordStatus(status),
        created_time=WHEN,
        record_errors=(RecordError(code="E1", description="stack failed"),),
    )


def product(status: str = "ERROR") -> ProvisionedProductDetail:
    return ProvisionedProductDetail(
        id="pp-1", name="orders", status=models.ProvisionedProductStatus(status),
        status_message="rolled back",
    )  # fmt: skip


def service_error(cls: type[errors.ServiceCatalogError]) -> errors.ServiceCatalogError:
    err = cls(
        code="ResourceNotFoundException",
        message="no such thing",
        operation="DescribeRecord",
        request_id="req-1",
        http_status=400,
    )
    err.idempotency_token = "tok-1"
    return err


def filled(name: str) -> Any:
    """The output model ``name`` with every member filled."""
    return STRICT.structure(full_wire(service_model().shape_for(name)), getattr(models, name))


def transport_error() -> errors.TransportError:
    err = errors.TransportError("connection reset", operation="ProvisionProduct", retryable=True)
    err.idempotency_token = "tok-2"
    return err


# One filled instance of every error class; a class missing here fails the census below.
ERRORS: dict[type[BaseException], Callable[[], BaseException]] = {
    **{
        cls: functools.partial(service_error, cls)
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.ServiceCatalogError)
    },
    errors.ServiceCatalogSDKError: lambda: errors.ServiceCatalogSDKError("root"),
    errors.TransportError: transport_error,
    errors.ParamValidationError: lambda: errors.ParamValidationError("id must not be empty"),
    errors.ResponseParseError: lambda: errors.ResponseParseError(
        shape="DescribeRecordOutput", path="$.RecordDetail.Status", reason="expected a string"
    ),
    errors.PaginationError: lambda: errors.PaginationError("token repeated"),
    errors.WaiterError: lambda: errors.WaiterError("waiter failed"),
    errors.WaiterTimeoutError: lambda: errors.WaiterTimeoutError(
        "still IN_PROGRESS after 30s",
        last=record("IN_PROGRESS"),
        status="IN_PROGRESS",
        resource_id="rec-1",
        started=filled("ProvisionProductOutput"),
    ),
    errors.RecordFailedError: lambda: errors.RecordFailedError(record()),
    errors.ProvisionedProductFailedError: lambda: errors.ProvisionedProductFailedError(product()),
    errors.ProvisionedProductTaintedError: lambda: errors.ProvisionedProductTaintedError(
        product("TAINTED")
    ),
    errors.ProvisionedProductsFailedError: lambda: errors.ProvisionedProductsFailedError(
        {"pp-1": product(), "pp-2": None},
        {"pp-1": "is in ERROR", "pp-2": "not found"},
        {"pp-3": product("AVAILABLE")},
    ),
    errors.ProductFailedError: lambda: errors.ProductFailedError(
        filled("DescribeProductAsAdminOutput"), product_id="prod-1"
    ),
    errors.ProvisioningArtifactFailedError: lambda: errors.ProvisioningArtifactFailedError(
        filled("DescribeProvisioningArtifactOutput"), product_id="prod-1", artifact_id="pa-1"
    ),
    errors.CopyProductFailedError: lambda: errors.CopyProductFailedError(
        filled("DescribeCopyProductStatusOutput"), copy_product_token="copy-1"
    ),
    errors.ProvisionedProductPlanFailedError: lambda: errors.ProvisionedProductPlanFailedError(
        filled("DescribeProvisionedProductPlanOutput"), plan_id="plan-1"
    ),
    errors.PortfolioShareFailedError: lambda: errors.PortfolioShareFailedError(
        filled("DescribePortfolioShareStatusOutput"), portfolio_share_token="share-1"
    ),
}


def test_every_error_class_has_a_case() -> None:
    public = {
        obj
        for obj in vars(errors).values()
        if inspect.isclass(obj) and issubclass(obj, errors.ServiceCatalogSDKError)
    }
    assert public == set(ERRORS)


def assert_same_error(other: BaseException, err: BaseException) -> None:
    assert type(other) is type(err)
    assert str(other) == str(err)
    assert other.args == err.args
    assert vars(other) == vars(err)


@pytest.mark.parametrize("name", sorted(c.__name__ for c in ERRORS))
def test_every_error_round_trips_with_its_fields(name: str) -> None:
    cls = getattr(errors, name)
    err = ERRORS[cls]()
    assert vars(err) or cls in (
        errors.ServiceCatalogSDKError,
        errors.ParamValidationError,
        errors.PaginationError,
        errors.WaiterError,
    )
    for other in round_trips(err):
        assert_same_error(other, err)


def test_the_fleet_errors_mappings_stay_read_only_after_pickling() -> None:
    err = ERRORS[errors.ProvisionedProductsFailedError]()
    assert isinstance(err, errors.ProvisionedProductsFailedError)
    other = pickle.loads(pickle.dumps(err))
    assert isinstance(other.failures, FrozenDict)
    assert other.failures["pp-2"] is None
    assert other.results["pp-3"].status is models.ProvisionedProductStatus.AVAILABLE
    assert str(other) == "2 of 3 failed: pp-1: is in ERROR; pp-2: not found"


# A ResourceNotFoundError pickled (protocol 4) when every class was defined in
# errors.py itself: such pickles must keep loading.
OLD_PICKLE = (
    b"\x80\x04\x95\xa1\x00\x00\x00\x00\x00\x00\x00\x8c\x19servicecatalog_sdk.errors\x94"
    b"\x8c\x08_rebuild\x94\x93\x94h\x00\x8c\x15ResourceNotFoundError\x94\x93\x94\x8c\x07"
    b"o: c: m\x94\x85\x94\x86\x94R\x94}\x94(\x8c\x04code\x94\x8c\x01c\x94\x8c\x07message"
    b"\x94\x8c\x01m\x94\x8c\toperation\x94\x8c\x01o\x94\x8c\nrequest_id\x94N\x8c\x0bhttp_"
    b"status\x94Nub."
)


def test_errors_pickle_by_their_public_module_and_old_pickles_load() -> None:
    for name in errors.__all__:
        obj = getattr(errors, name)
        if inspect.isclass(obj):
            assert obj.__module__ == "servicecatalog_sdk.errors", name
    err = service_error(errors.ResourceNotFoundError)
    assert b"servicecatalog_sdk._" not in pickle.dumps(err)
    old = pickle.loads(OLD_PICKLE)
    assert type(old) is errors.ResourceNotFoundError
    assert (old.code, old.message, old.operation, str(old)) == ("c", "m", "o", "o: c: m")
    # Pickled before service errors were ClientErrors: the botocore fields are filled in.
    assert isinstance(old, ClientError)
    assert old.response == {"Error": {"Code": "c", "Message": "m"}, "ResponseMetadata": {}}
    assert old.operation_name == "o"


def test_a_service_error_keeps_botocores_response_through_a_round_trip() -> None:
    headers = FrozenDict({"x-amzn-requestid": "req-1"})  # a Mapping that is not a dict
    error_part = {"Code": "ThrottlingException", "Message": "Rate exceeded"}
    response = {
        "Error": error_part,
        "ResponseMetadata": {"RequestId": "req-1", "HTTPStatusCode": 400, "HTTPHeaders": headers},
    }
    err = errors.ThrottlingError(
        code="ThrottlingException",
        message="Rate exceeded",
        operation="ScanProvisionedProducts",
        request_id="req-1",
        http_status=400,
        response=response,
    )
    assert err.response == response
    assert err.response["Error"] is not error_part
    assert type(err.response["ResponseMetadata"]["HTTPHeaders"]) is dict
    error_part["Code"] = "changed later"  # the error holds its own copy
    for other in round_trips(err):
        assert_same_error(other, err)
        assert isinstance(other, ClientError)
        assert other.response["Error"]["Code"] == "ThrottlingException"
        assert other.response["ResponseMetadata"]["HTTPHeaders"] == {"x-amzn-requestid": "req-1"}
        assert other.operation_name == "ScanProvisionedProducts"
        assert str(other) == "ScanProvisionedProducts: ThrottlingException: Rate exceeded"


text = st.text(max_size=20)


@SETTINGS
@given(
    st.sampled_from(
        sorted(
            (c for c in ERRORS if issubclass(c, errors.ServiceCatalogError)),
            key=lambda c: c.__name__,
        )
    ),
    text,
    text,
    text,
    st.none() | text,
    st.none() | st.integers(100, 599),
)
def test_drawn_service_errors_round_trip(
    cls: type[errors.ServiceCatalogError],
    code: str,
    message: str,
    operation: str,
    request_id: str | None,
    http_status: int | None,
) -> None:
    err = cls(
        code=code,
        message=message,
        operation=operation,
        request_id=request_id,
        http_status=http_status,
    )
    for other in round_trips(err):
        assert_same_error(other, err)
        assert isinstance(other, errors.ServiceCatalogError)
        assert (other.code, other.message, other.operation) == (code, message, operation)
        assert other.response["Error"] == {"Code": code, "Message": message}
        assert other.operation_name == operation


@SETTINGS
@given(text, text, text, st.booleans())
def test_drawn_parse_and_transport_errors_round_trip(
    shape: str, path: str, reason: str, retryable: bool
) -> None:
    for err in (
        errors.ResponseParseError(shape=shape, path=path, reason=reason),
        errors.TransportError(reason, operation=shape, retryable=retryable),
    ):
        for other in round_trips(err):
            assert_same_error(other, err)


def test_a_raised_and_chained_error_pickles_with_its_fields() -> None:
    caught: list[errors.ThrottlingError] = []
    try:
        try:
            raise KeyError("inner")
        except KeyError as inner:
            raise service_error(errors.ThrottlingError) from inner
    except errors.ThrottlingError as exc:
        caught.append(exc)
    other = pickle.loads(pickle.dumps(caught[0]))
    assert_same_error(other, caught[0])
    assert isinstance(other, errors.ThrottlingError)
    assert other.idempotency_token == "tok-1"
