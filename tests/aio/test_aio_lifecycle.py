"""Opening and closing the asyncio client (once only), app lifespans, and reprs."""

from __future__ import annotations

import ast
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from aiobotocore.session import get_session
from aiobotocore.stub import AioStubber

from servicecatalog_sdk.aio import AsyncServiceCatalogClient
from servicecatalog_sdk.testing import ServiceCatalogEmulator

ASYNC_PAGE = Path(__file__).resolve().parents[2] / "docs" / "pages" / "async.md"
RECORD = {"RecordDetail": {"RecordId": "rec-1"}}


class Opener:
    """Stands for aiobotocore's client context manager; records its use."""

    def __init__(self, raw: Any, *, fails: bool = False) -> None:
        self.raw = raw
        self.fails = fails
        self.events: list[str] = []

    async def __aenter__(self) -> Any:
        self.events.append("open")
        if self.fails:
            raise OSError("cannot open")
        return self.raw

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.events.append("close")


class Session:
    """Stands for an aiobotocore session whose ``create_client`` hands out ``opener``."""

    def __init__(self, opener: Opener) -> None:
        self.opener = opener

    def create_client(self, service_name: str, **_: Any) -> Opener:
        assert service_name == "servicecatalog"
        return self.opener


def built(opener: Opener) -> AsyncServiceCatalogClient:
    return AsyncServiceCatalogClient.from_session(Session(opener), "eu-west-1", strict=True)


@pytest.mark.asyncio
async def test_a_built_client_opens_once_and_once_closed_cannot_be_reopened(
    raw_aio: Any, stub: AioStubber
) -> None:
    opener = Opener(raw_aio)
    sc = built(opener)
    stub.add_response("describe_record", RECORD, {"Id": "rec-1"})
    async with sc as entered:
        assert entered is sc
        assert (await sc.describe_record(id="rec-1")).record_detail is not None
        with pytest.raises(RuntimeError, match="already open"):
            async with sc:
                pass
        assert sc.raw is raw_aio  # the refused entry left it open
    assert opener.events == ["open", "close"]
    with pytest.raises(RuntimeError, match="closed and cannot be reopened"):
        async with sc:
            pass
    # Nothing is queued on the stubber: a call must fail before reaching it.
    with pytest.raises(RuntimeError, match="closed"):
        await sc.describe_record(id="rec-1")
    await sc.aclose()  # closing again does nothing
    assert opener.events == ["open", "close"]


@pytest.mark.asyncio
async def test_aclose_closes_an_open_client_and_a_never_opened_one_stays_shut(
    raw_aio: Any,
) -> None:
    opener = Opener(raw_aio)
    sc = built(opener)
    await sc.__aenter__()
    await sc.aclose()
    await sc.aclose()
    assert opener.events == ["open", "close"]
    with pytest.raises(RuntimeError, match="closed"):
        _ = sc.raw

    never = Opener(raw_aio)
    unopened = built(never)
    await unopened.aclose()
    with pytest.raises(RuntimeError, match="closed and cannot be reopened"):
        async with unopened:
            pass
    assert never.events == []


@pytest.mark.asyncio
async def test_a_client_that_failed_to_open_is_closed(raw_aio: Any) -> None:
    opener = Opener(raw_aio, fails=True)
    sc = built(opener)
    with pytest.raises(OSError, match="cannot open"):
        async with sc:
            pass
    with pytest.raises(RuntimeError, match="closed and cannot be reopened"):
        async with sc:
            pass
    assert opener.events == ["open"]


@pytest.mark.asyncio
async def test_a_given_client_is_neither_opened_nor_closed_by_the_sdk(
    raw_aio: Any, stub: AioStubber
) -> None:
    sc = AsyncServiceCatalogClient(raw_aio, strict=True)
    async with sc:
        pass
    await sc.aclose()
    async with sc:  # entering again is fine: there is nothing of the SDK's to close
        stub.add_response("describe_record", RECORD, {"Id": "rec-1"})
        assert (await sc.describe_record(id="rec-1")).record_detail is not None


@pytest.mark.asyncio
async def test_a_lifespan_that_builds_its_client_runs_again_and_a_shared_client_does_not(
    emulator: ServiceCatalogEmulator,
) -> None:
    # The pattern of docs/pages/async.md: the client is built inside the lifespan,
    # so an app whose lifespan runs twice (tests, reloads) gets a fresh one each time.
    @asynccontextmanager
    async def lifespan(app: object) -> AsyncIterator[dict[str, AsyncServiceCatalogClient]]:
        async with emulator.async_client() as sc:
            yield {"sc": sc}

    used: list[AsyncServiceCatalogClient] = []
    for run in range(2):
        async with lifespan(object()) as state:
            sc = state["sc"]
            portfolio = await sc.create_portfolio(
                display_name=f"run-{run}", provider_name="platform"
            )
            assert portfolio.portfolio_detail is not None
            assert len([p async for p in sc.list_portfolios()]) == run + 1
            used.append(sc)
    assert used[0] is not used[1]
    for sc in used:  # each run closed its client
        with pytest.raises(RuntimeError, match="closed"):
            await sc.list_portfolios().first()

    # A client built once, outside the lifespan, serves the first run only.
    shared = emulator.async_client()

    @asynccontextmanager
    async def shared_lifespan(app: object) -> AsyncIterator[None]:
        async with shared:
            yield

    async with shared_lifespan(object()):
        assert await shared.list_portfolios().first() is not None
    with pytest.raises(RuntimeError, match="closed and cannot be reopened"):
        async with shared_lifespan(object()):
            pass


def test_the_documented_fastapi_app_builds_its_client_inside_the_lifespan() -> None:
    blocks = re.findall(r"```python\n(.*?)```", ASYNC_PAGE.read_text(), re.S)
    [app_code] = [b for b in blocks if "FastAPI(lifespan=lifespan)" in b]
    tree = ast.parse(app_code)

    def builds_client(node: ast.AST) -> bool:
        return any(
            isinstance(n, ast.Attribute) and n.attr == "from_session" for n in ast.walk(node)
        )

    # Nothing at module level builds a client: a closed one cannot be reopened.
    for stmt in tree.body:
        if not isinstance(stmt, ast.AsyncFunctionDef | ast.FunctionDef):
            assert not builds_client(stmt), ast.unparse(stmt)
    [lifespan] = [
        s for s in tree.body if isinstance(s, ast.AsyncFunctionDef) and s.name == "lifespan"
    ]
    [opened] = [s for s in ast.walk(lifespan) if isinstance(s, ast.AsyncWith)]
    assert builds_client(opened.items[0].context_expr)


@pytest.mark.asyncio
async def test_reprs_name_the_class_region_and_operation_but_no_credentials() -> None:
    secret = "wJalrXUtnFEMI-not-a-real-secret"
    access_key = "AKIAEXAMPLENOTREAL02"
    sc = AsyncServiceCatalogClient.from_session(
        get_session(),
        "eu-west-1",
        aws_access_key_id=access_key,
        aws_secret_access_key=secret,
        strict=True,
    )
    texts = [repr(sc), repr(sc.scan_provisioned_products())]  # before it opens
    async with sc:
        texts += [repr(sc), repr(sc.list_provisioning_artifacts(product_id="prod-1"))]
    texts.append(repr(sc))
    assert texts == [
        "AsyncServiceCatalogClient(region='eu-west-1')",
        "AsyncPageIterator(operation='ScanProvisionedProducts', region='eu-west-1')",
        "AsyncServiceCatalogClient(region='eu-west-1')",
        "AsyncPageIterator(operation='ListProvisioningArtifacts', region='eu-west-1')",
        "AsyncServiceCatalogClient(region='eu-west-1')",
    ]
    for text in texts:
        assert secret not in text
        assert access_key not in text


@pytest.mark.asyncio
async def test_a_given_clients_repr_reads_its_region(raw_aio: Any) -> None:
    sc = AsyncServiceCatalogClient(raw_aio, strict=True)
    assert repr(sc) == "AsyncServiceCatalogClient(region='us-east-1')"
