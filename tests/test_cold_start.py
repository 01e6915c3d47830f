"""What a process's first client and first call load, and what later clients reuse.

A Lambda function or a short CLI run pays these once per process: reading a
response must not import cattrs (writing a model into a request still does),
the converter's own reading hooks must pick what cattrs would, and a second
``from_session()`` client must not parse botocore's data files again.
"""

from __future__ import annotations

import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import botocore.loaders
import pytest

import servicecatalog_sdk.models as models
from benchmarks import imports
from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk._converter import ModelConverter

# One process: the SDK's own client reads a canned DescribeRecord answer (sent
# through botocore's whole stack), strictly, then writes a model into a request.
_FIRST_CALL = """
import sys
from botocore.awsrequest import AWSResponse
from servicecatalog_sdk import ServiceCatalogClient
from servicecatalog_sdk.models import ProvisioningParameter

sc = ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)
body = b'{"RecordDetail": {"RecordId": "rec-1", "Status": "SUCCEEDED", "CreatedTime": 1.5}}'

class Raw:
    def stream(self, **kwargs):
        yield body

sc.raw.meta.events.register(
    "before-send", lambda request, **kwargs: AWSResponse(request.url, 200, {}, Raw())
)
assert sc.describe_record(id="rec-1").record_detail.status.value == "SUCCEEDED"
print("after reading:", "cattrs" in sys.modules)
from servicecatalog_sdk import unstructure
assert unstructure(ProvisioningParameter(key="Size", value="small")) == {
    "Key": "Size", "Value": "small"
}
print("after writing:", "cattrs" in sys.modules)
"""


def test_reading_a_response_does_not_import_cattrs_writing_a_model_does() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_CALL], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["after reading: False", "after writing: True"]


def _member_types() -> Iterator[Any]:
    """Every model class, and every type its members hold (optionals unwrapped)."""
    for name in models.__all__:
        cls = getattr(models, name)
        if not (isinstance(cls, type) and attrs.has(cls)):
            continue
        yield cls
        for tp in typing.get_type_hints(cls).values():
            args = typing.get_args(tp)
            if type(None) in args:
                (tp,) = (a for a in args if a is not type(None))
            yield tp


@pytest.mark.parametrize("strict", [False, True])
def test_the_converters_reading_hooks_are_those_cattrs_would_pick(strict: bool) -> None:
    conv = ModelConverter(strict=strict)
    types = list(_member_types())
    assert len(types) > 500
    for tp in types:
        if typing.get_origin(tp) is None:  # a class: the very same hook
            assert conv.hook(tp) is conv._cattrs.get_structure_hook(tp), tp
    # Tuples and maps get a fresh closure from each dispatch: compare what they read.
    detail = {"RecordId": "rec-1", "RecordErrors": [{"Code": "E1"}]}
    items = conv.hook(tuple[models.RecordDetail, ...])
    assert items([detail], tuple[models.RecordDetail, ...]) == conv._cattrs.structure(
        [detail], tuple[models.RecordDetail, ...]
    )
    assert items([detail], tuple[models.RecordDetail, ...])[0].record_errors[0].code == "E1"


def _endpoint_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Where botocore reads its endpoint data from disk, from now on."""
    loads: list[str] = []
    read = botocore.loaders.JSONFileLoader.load_file

    def counting(self: Any, file_path: str) -> Any:
        found = read(self, file_path)
        if found is not None and Path(file_path).name == "endpoints":
            loads.append(file_path)
        return found

    monkeypatch.setattr(botocore.loaders.JSONFileLoader, "load_file", counting)
    return loads


def test_clients_of_the_sdks_sessions_share_parsed_data_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A data path of this test's own: nothing is cached for it yet.
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    loads = _endpoint_loads(monkeypatch)
    first = ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)
    second = ServiceCatalogClient.from_session(region_name="eu-west-1", strict=True)
    assert len(loads) == 1
    assert second.raw.meta.region_name == "eu-west-1"
    assert first.raw.meta.endpoint_url != second.raw.meta.endpoint_url
    # Each session keeps its own loader, searching AWS_DATA_PATH first.
    for sc in (first, second):
        assert sc.raw._loader.search_paths[0] == str(tmp_path)
    assert first.raw._loader is not second.raw._loader

    # Another data path is another cache: its data is read again.
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path / "other"))
    ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)
    assert len(loads) == 2


def test_a_session_the_caller_passes_keeps_its_own_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import boto3

    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)  # fills the cache
    loads = _endpoint_loads(monkeypatch)
    ServiceCatalogClient.from_session(boto3.Session(), region_name="us-east-1", strict=True)
    assert len(loads) == 1


def test_the_cold_start_benchmark_measures_both_kinds() -> None:
    env = imports.environment()
    for kind in ("sdk", "boto3"):
        sample = imports.one(kind, env)
        assert sample["window"] > 0
        assert sample["second_client"] > 0
        assert sample["full_gc_in_window"] in (0, 1)
        # The window runs up to the process's first full collection.
        assert sample["full_gc_by_end"] >= 1
    assert imports.one("sdk", env)["import"] > 0
