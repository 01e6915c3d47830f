"""Rate limits per account, region and operation; a catalog per region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product

OTHER_ACCOUNT = "210987654321"


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    """The emulator's clock, moved by hand."""
    return FakeClock()


@pytest.fixture
def limited(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> Iterator[ServiceCatalogEmulator]:
    # One attempt per call: botocore would otherwise retry a throttled call itself.
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    with ServiceCatalogEmulator(in_progress_polls=0, clock=clock) as emulator:
        yield emulator


def _throttled(call: Any, **kwargs: Any) -> bool:
    try:
        call(**kwargs)
    except ClientError as exc:
        error = (exc.response["Error"], exc.response["ResponseMetadata"]["HTTPStatusCode"])
    else:
        return False
    assert error == ({"Code": "ThrottlingException", "Message": "Rate exceeded"}, 400)
    return True


def test_a_rate_limit_throttles_one_account_region_and_operation_and_no_other(
    limited: ServiceCatalogEmulator, clock: FakeClock
) -> None:
    limited.rate_limit("ListPortfolios", 1, burst=2)
    here = limited.boto3_client()
    other_account = limited.boto3_client(account_id=OTHER_ACCOUNT)
    other_region = limited.boto3_client(region_name="eu-west-1")

    assert [_throttled(here.list_portfolios) for _ in range(3)] == [False, False, True]
    # Another operation, another account, another region: buckets of their own.
    assert not _throttled(here.list_tag_options)
    assert [_throttled(other_account.list_portfolios) for _ in range(3)] == [False, False, True]
    assert [_throttled(other_region.list_portfolios) for _ in range(3)] == [False, False, True]
    # Refilled at one request a second.
    clock.now += 1.0
    assert [_throttled(here.list_portfolios) for _ in range(2)] == [False, True]
    assert limited.calls["ListPortfolios"] == 11  # throttled requests are counted too


def test_a_rate_limit_narrowed_to_an_account_leaves_the_others_alone(
    limited: ServiceCatalogEmulator,
) -> None:
    limited.rate_limit("ListPortfolios", 0.5, account_id=OTHER_ACCOUNT)
    here = limited.boto3_client()
    other = limited.boto3_client(account_id=OTHER_ACCOUNT)
    assert [_throttled(other.list_portfolios) for _ in range(2)] == [False, True]
    assert not any(_throttled(here.list_portfolios) for _ in range(5))


def test_clear_faults_removes_rate_limits(limited: ServiceCatalogEmulator) -> None:
    limited.rate_limit("ListPortfolios", 1)
    sc = limited.boto3_client()
    assert [_throttled(sc.list_portfolios) for _ in range(2)] == [False, True]
    limited.clear_faults()
    assert not any(_throttled(sc.list_portfolios) for _ in range(5))


def test_rate_limit_refuses_what_cannot_be_a_limit(limited: ServiceCatalogEmulator) -> None:
    with pytest.raises(ValueError, match="no Service Catalog operation"):
        limited.rate_limit("DescribeRecords", 1)
    with pytest.raises(ValueError, match="positive"):
        limited.rate_limit("DescribeRecord", 0)
    with pytest.raises(ValueError, match="burst"):
        limited.rate_limit("DescribeRecord", 1, burst=0)
    with pytest.raises(ValueError, match="12 digits"):
        limited.rate_limit("DescribeRecord", 1, account_id="1")


# -- regions ------------------------------------------------------------------------


def test_each_region_has_a_catalog_of_its_own(emulator: ServiceCatalogEmulator) -> None:
    product_id, _ = create_product(emulator, grant=False)
    here = emulator.boto3_client()
    eu = emulator.boto3_client(region_name="eu-west-1")
    assert [
        v["ProductViewSummary"]["ProductId"]
        for v in here.search_products_as_admin()["ProductViewDetails"]
    ] == [product_id]
    assert eu.search_products_as_admin()["ProductViewDetails"] == []
    created = eu.create_portfolio(DisplayName="eu", ProviderName="me")["PortfolioDetail"]
    assert created["ARN"].split(":")[3] == "eu-west-1"
    assert here.list_portfolios()["PortfolioDetails"] == []
    # The typed client takes a region too.
    portfolios = list(emulator.client(region_name="eu-west-1").list_portfolios())
    assert [p.display_name for p in portfolios] == ["eu"]
    assert list(emulator.client().list_portfolios()) == []


# -- unstable order -------------------------------------------------------------------


def _launch_many(emulator: ServiceCatalogEmulator, count: int) -> None:
    sc = emulator.boto3_client()
    product_id, artifact_id = create_product(emulator)
    for i in range(count):
        sc.provision_product(
            ProductId=product_id,
            ProvisioningArtifactId=artifact_id,
            ProvisionedProductName=f"pp-{i:02d}",
            ProvisioningParameters=[{"Key": "BucketName", "Value": f"bucket-{i:02d}"}],
        )


def _names_by_page(sc: Any, **sort: Any) -> list[str]:
    names: list[str] = []
    token: dict[str, str] = {}
    while True:
        out = sc.search_provisioned_products(PageSize=5, **sort, **token)
        names += [pp["Name"] for pp in out["ProvisionedProducts"]]
        if not out.get("NextPageToken"):
            return names
        token = {"PageToken": out["NextPageToken"]}


def test_unsorted_searches_can_answer_in_no_stable_order(emulator: ServiceCatalogEmulator) -> None:
    _launch_many(emulator, 20)
    sc = emulator.boto3_client()
    expected = [f"pp-{i:02d}" for i in range(20)]
    assert _names_by_page(sc) == expected  # off by default: creation order
    emulator.unstable_order = True
    paged = _names_by_page(sc)
    # Offset paging over a shuffled order repeats some products and misses others.
    assert len(paged) == 20
    assert len(set(paged)) < 20
    # SortBy keeps a stable order, and so whole pages.
    assert _names_by_page(sc, SortBy="name") == expected
    emulator.unstable_order = False
    assert _names_by_page(sc) == expected


def test_unstable_order_is_a_bool(emulator: ServiceCatalogEmulator) -> None:
    with pytest.raises(ValueError, match="True or False"):
        emulator.unstable_order = 1  # type: ignore[assignment]
