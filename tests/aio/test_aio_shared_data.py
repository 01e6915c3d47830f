"""The asyncio client's own sessions share botocore's parsed data files with the SDK's others.

A second ``AsyncServiceCatalogClient.from_session()`` in a process reads
neither the endpoints nor the service model again, and neither does a blocking
client after it: all of the SDK's sessions keep one cache per data path. Also
here: a bug in the asyncio parser's self-check propagates instead of becoming
a compatibility warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore.loaders
import pytest

from servicecatalog_sdk import ServiceCatalogClient, _async_parsing, _compat, _parsing
from servicecatalog_sdk.aio import AsyncServiceCatalogClient

CLIENT_KWARGS: dict[str, Any] = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    "strict": True,
}


def _data_file_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The endpoints and Service Catalog model files botocore reads from disk, from now on."""
    loads: list[str] = []
    read = botocore.loaders.JSONFileLoader.load_file

    def counting(self: Any, file_path: str) -> Any:
        found = read(self, file_path)
        path = Path(file_path)
        if found is not None and (
            path.name == "endpoints"
            or (path.name == "service-2" and "servicecatalog" in path.parts)
        ):
            loads.append(path.name)
        return found

    monkeypatch.setattr(botocore.loaders.JSONFileLoader, "load_file", counting)
    return loads


@pytest.mark.asyncio
async def test_asyncio_clients_share_parsed_data_files_with_every_sdk_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A data path of this test's own: nothing is cached for it yet.
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    loads = _data_file_loads(monkeypatch)
    async with AsyncServiceCatalogClient.from_session(region_name="us-east-1", **CLIENT_KWARGS):
        pass
    assert sorted(loads) == ["endpoints", "service-2"]
    async with AsyncServiceCatalogClient.from_session(
        region_name="eu-west-1", **CLIENT_KWARGS
    ) as second:
        assert second.raw.meta.region_name == "eu-west-1"
        loader = second.raw._loader
    blocking = ServiceCatalogClient.from_session(region_name="us-east-1", strict=True)
    assert sorted(loads) == ["endpoints", "service-2"]  # read once, for all three
    assert blocking.raw._loader._cache is loader._cache
    # Each session keeps its own loader, searching AWS_DATA_PATH first.
    assert loader is not blocking.raw._loader
    assert loader.search_paths[0] == str(tmp_path)


@pytest.fixture
def fresh_async_verdict(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(_compat, "_warned", set())
    _async_parsing.fast_async_parsing_problem.cache_clear()
    yield
    _async_parsing.fast_async_parsing_problem.cache_clear()


@pytest.mark.usefixtures("fresh_async_verdict")
def test_a_bug_in_the_asyncio_parser_check_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(*_: Any) -> Any:
        return 1 / 0

    monkeypatch.setattr(_parsing, "_canonical", bug)
    with pytest.raises(ZeroDivisionError):
        _async_parsing.fast_async_parsing_problem()
