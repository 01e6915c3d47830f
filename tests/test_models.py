"""Generated models and the converter: round trips, forward compatibility, errors."""

from __future__ import annotations

import importlib
import subprocess
import sys
from datetime import datetime, timezone
from typing import Any

import attrs
import pytest

from servicecatalog_sdk import models
from servicecatalog_sdk._converter import ModelConverter
from servicecatalog_sdk.errors import ResponseParseError
from servicecatalog_sdk.models import (
    ProductType,
    ProductViewFilterBy,
    ProductViewSummary,
    ProvisionedProductDetail,
    ProvisionedProductStatus,
    ProvisioningArtifactDetail,
    ProvisioningParameter,
    RecordDetail,
    RecordStatus,
    UpdateProvisioningParameter,
)
from tests.wire import full_wire, service_model, structure_names

LENIENT = ModelConverter(strict=False)
STRICT = ModelConverter(strict=True)


def model_class(name: str) -> type[Any]:
    cls: type[Any] = getattr(models, name)
    return cls


def test_every_structure_and_enum_shape_has_a_model() -> None:
    model = service_model()
    enums = [
        n
        for n in model.shape_names
        if model.shape_for(n).type_name == "string" and model.shape_for(n).enum
    ]
    # 248 structures, less the 90 operation inputs and the 8 error shapes.
    assert len(structure_names()) == 150
    assert sorted(models.__all__) == sorted([*structure_names(), *enums])


def test_no_model_for_operation_inputs_or_error_shapes() -> None:
    model = service_model()
    for op in model.operation_names:
        assert not hasattr(models, model.operation_model(op).input_shape.name)
        assert hasattr(models, model.operation_model(op).output_shape.name)
    for name in ("ResourceNotFoundException", "InvalidParametersException"):
        assert not hasattr(models, name)


@pytest.mark.parametrize("name", structure_names())
def test_full_wire_dict_round_trips(name: str) -> None:
    wire = full_wire(service_model().shape_for(name))
    obj = STRICT.structure(wire, model_class(name))
    assert STRICT.unstructure(obj) == wire


@pytest.mark.parametrize("name", structure_names())
def test_models_are_frozen_keyword_only_attrs_classes(name: str) -> None:
    cls = model_class(name)
    assert attrs.has(cls)
    fields = attrs.fields(cls)
    assert all(f.kw_only for f in fields)
    shape = service_model().shape_for(name)
    required = set(shape.required_members)
    # Required members come first and have no default; the rest are optional.
    wire_names = model_class(name)._wire_names
    kinds = [wire_names.get(f.name) in required for f in fields if f.name != "response_metadata"]
    assert kinds == sorted(kinds, reverse=True)
    obj = STRICT.structure(full_wire(shape), cls)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, fields[0].name if fields else "anything", None)


def test_core_models_carry_the_current_api_members() -> None:
    names = {f.name for f in attrs.fields(RecordDetail)}
    assert {
        "record_id",
        "status",
        "created_time",
        "record_errors",
        "record_tags",
        "launch_role_arn",
    } <= names
    names = {f.name for f in attrs.fields(ProvisionedProductDetail)}
    assert {
        "status",
        "last_record_id",
        "last_successful_provisioning_record_id",
        "launch_role_arn",
    } <= names
    assert {"id", "product_id", "has_default_path"} <= {
        f.name for f in attrs.fields(ProductViewSummary)
    }
    assert {"guidance", "source_revision"} <= {
        f.name for f in attrs.fields(ProvisioningArtifactDetail)
    }


def test_attribute_names_follow_botocore_xform_name() -> None:
    from servicecatalog_sdk.models import Principal, ProductViewDetail, ProvisionedProductDetail

    assert "product_arn" in attrs.fields_dict(ProductViewDetail)
    assert "principal_arn" in attrs.fields_dict(Principal)
    assert "arn" in attrs.fields_dict(ProvisionedProductDetail)
    assert RecordDetail._wire_names["record_id"] == "RecordId"


def test_enum_members_are_named_by_their_value() -> None:
    assert ProductViewFilterBy.SOURCE_PRODUCT_ID.value == "SourceProductId"
    assert ProductType.TERRAFORM_CLOUD.value == "TERRAFORM_CLOUD"
    assert RecordStatus.IN_PROGRESS_IN_ERROR.value == "IN_PROGRESS_IN_ERROR"


def test_record_and_provisioned_product_statuses_are_distinct_enums() -> None:
    assert set(RecordStatus.__members__) != set(ProvisionedProductStatus.__members__)
    assert not issubclass(RecordStatus, ProvisionedProductStatus)
    assert "PLAN_IN_PROGRESS" in ProvisionedProductStatus.__members__
    assert "PLAN_IN_PROGRESS" not in RecordStatus.__members__


@pytest.mark.parametrize("conv", [LENIENT, STRICT], ids=["lenient", "strict"])
def test_unknown_enum_value_converts_and_is_unequal_to_known_members(conv: ModelConverter) -> None:
    record = conv.structure({"RecordId": "rec-1", "Status": "SOMETHING_NEW"}, RecordDetail)
    status = record.status
    assert isinstance(status, RecordStatus)
    assert status.value == "SOMETHING_NEW"
    assert not status.is_known
    assert all(status != member for member in RecordStatus)
    assert status == "SOMETHING_NEW"
    # The raw string survives a round trip back to the wire.
    assert conv.unstructure(record) == {"RecordId": "rec-1", "Status": "SOMETHING_NEW"}
    again = conv.structure({"Status": "SOMETHING_NEW"}, RecordDetail)
    assert again.status is status
    assert RecordStatus.SUCCEEDED.is_known


def test_unknown_keys_are_ignored_leniently_and_rejected_strictly() -> None:
    wire = {"RecordId": "rec-1", "BrandNewMember": {"x": 1}}
    assert LENIENT.structure(wire, RecordDetail) == RecordDetail(record_id="rec-1")
    with pytest.raises(ResponseParseError) as info:
        STRICT.structure(wire, RecordDetail)
    assert info.value.path == "$.BrandNewMember"


def test_missing_optional_members_give_none_and_empty_collections() -> None:
    record = LENIENT.structure({}, RecordDetail)
    assert record.status is None
    assert record.record_errors == ()
    detail = LENIENT.structure({}, ProvisioningArtifactDetail)
    assert detail.created_time is None


def test_wrong_types_raise_response_parse_error_with_the_path() -> None:
    wire = {"RecordId": "rec-1", "RecordErrors": [{"Code": "ok"}, {"Code": 5}]}
    with pytest.raises(ResponseParseError) as info:
        LENIENT.structure(wire, RecordDetail)
    assert info.value.shape == "RecordDetail"
    assert info.value.path == "$.RecordErrors[1].Code"
    assert "RecordErrors[1].Code" in str(info.value)


@pytest.mark.parametrize(
    ("wire", "path"),
    [
        ({"CreatedTime": [1]}, "$.CreatedTime"),
        ({"RecordErrors": "not a list"}, "$.RecordErrors"),
        ({"RecordTags": [{"Key": True}]}, "$.RecordTags[0].Key"),
        ({"Status": 7}, "$.Status"),
        ([1, 2], "$"),
    ],
)
def test_every_bad_value_names_its_path(wire: Any, path: str) -> None:
    with pytest.raises(ResponseParseError) as info:
        LENIENT.structure(wire, RecordDetail)
    assert info.value.path == path


def test_required_member_missing_is_a_parse_error() -> None:
    from servicecatalog_sdk.models import ProvisioningArtifactSummary, UsageInstruction

    assert ProvisioningArtifactSummary is not None
    with pytest.raises(ResponseParseError) as info:
        LENIENT.structure({"Value": "v"}, models.Tag)
    assert info.value.path == "$.Key"
    assert UsageInstruction(type="t").value is None


def test_datetimes_stay_timezone_aware() -> None:
    naive = datetime(2020, 1, 1, 12, 0)
    record = LENIENT.structure({"CreatedTime": naive, "UpdatedTime": 1577880000}, RecordDetail)
    assert record.created_time == datetime(2020, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert record.updated_time == datetime(2020, 1, 1, 12, 0, tzinfo=timezone.utc)


def test_maps_in_outputs_are_read_only() -> None:
    detail = LENIENT.structure(
        {"Info": {"TemplateBody": "{}"}}, models.DescribeProvisioningArtifactOutput
    )
    assert dict(detail.info) == {"TemplateBody": "{}"}
    with pytest.raises(TypeError):
        detail.info["x"] = "y"  # type: ignore[index]


def test_provisioning_parameter_values_never_reach_a_repr() -> None:
    secret = "S3cr3t-SENTINEL"
    objs = [
        ProvisioningParameter(key="Password", value=secret),
        UpdateProvisioningParameter(key="Password", value=secret, use_previous_value=False),
        models.ProvisionedProductPlanDetails(
            provisioning_parameters=(UpdateProvisioningParameter(key="Password", value=secret),)
        ),
    ]
    for obj in objs:
        assert secret not in repr(obj)
        assert secret not in str(obj)
        assert "Password" in repr(obj)
    assert ProvisioningParameter(key="k", value=secret) != ProvisioningParameter(
        key="k", value="other"
    )


def test_importing_the_package_loads_no_model_module() -> None:
    code = (
        "import sys, servicecatalog_sdk;"
        "loaded = [m for m in sys.modules if m.startswith('servicecatalog_sdk.models.')];"
        "assert not loaded, loaded;"
        "from servicecatalog_sdk.models import DescribeRecordOutput;"
        "loaded = sorted(m for m in sys.modules if m.startswith('servicecatalog_sdk.models.'));"
        "print(' '.join(loaded))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = {m.rpartition(".")[2] for m in result.stdout.split()}
    # Exactly the output's own closure: the record, its errors, tags, outputs, the enums.
    assert loaded == {
        "_describe_record_output",
        "_record_detail",
        "_record_error",
        "_record_output",
        "_record_tag",
        "_enums",
    }


def test_every_lazy_name_resolves() -> None:
    for name in models.__all__:
        assert getattr(models, name).__name__ == name
    with pytest.raises(AttributeError):
        models.NoSuchModel  # noqa: B018
    top = importlib.import_module("servicecatalog_sdk")
    for name in top.__all__:
        assert getattr(top, name) is not None


def test_the_path_goes_inside_optional_nested_objects() -> None:
    with pytest.raises(ResponseParseError) as info:
        LENIENT.structure({"RecordDetail": {"RecordId": 5}}, models.DescribeRecordOutput)
    assert info.value.path == "$.RecordDetail.RecordId"
    with pytest.raises(ResponseParseError) as info:
        STRICT.structure({"RecordDetail": {"Brand": 1}}, models.DescribeRecordOutput)
    assert info.value.path == "$.RecordDetail.Brand"
