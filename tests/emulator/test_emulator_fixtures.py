"""The fixtures users' suites get, planned failures, and restarting an emulator."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .emulator_helpers import create_product, settle

pytest_plugins = ["pytester"]


def _provision(sc: Any, product_id: str, artifact_id: str, name: str) -> str:
    out = sc.provision_product(
        ProductId=product_id,
        ProvisioningArtifactId=artifact_id,
        ProvisionedProductName=name,
        ProvisioningParameters=[{"Key": "BucketName", "Value": f"{name}-bucket"}],
    )
    record_id: str = out["RecordDetail"]["RecordId"]
    return record_id


def _statuses(sc: Any, record_id: str, looks: int) -> list[str]:
    return [sc.describe_record(Id=record_id)["RecordDetail"]["Status"] for _ in range(looks)]


# -- the marker -----------------------------------------------------------------


@pytest.mark.servicecatalog_emulator(server=True, in_progress_polls=3)
def test_the_marker_sets_the_fixtures_options(
    servicecatalog_emulator: ServiceCatalogEmulator,
) -> None:
    assert servicecatalog_emulator.endpoint_url is not None
    assert servicecatalog_emulator.in_progress_polls == 3
    sc = servicecatalog_emulator.boto3_client()
    product_id, artifact_id = create_product(servicecatalog_emulator)
    record_id = _provision(sc, product_id, artifact_id, "marked")
    assert _statuses(sc, record_id, 4) == ["IN_PROGRESS"] * 3 + ["SUCCEEDED"]


def test_without_a_marker_the_fixture_is_in_process_with_two_polls(
    servicecatalog_emulator: ServiceCatalogEmulator,
) -> None:
    assert servicecatalog_emulator.endpoint_url is None
    assert servicecatalog_emulator.in_progress_polls == 2


# -- the session-scoped fixture, in a suite of its own --------------------------


def test_the_session_fixture_is_one_emulator_for_the_whole_suite(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def servicecatalog_emulator_options():
            return {"in_progress_polls": 0}
        """
    )
    pytester.makepyfile(
        textwrap.dedent(
            """
            SEEN = []

            def test_first(servicecatalog_emulator_session):
                assert servicecatalog_emulator_session.in_progress_polls == 0
                sc = servicecatalog_emulator_session.boto3_client()
                sc.create_portfolio(DisplayName="shared", ProviderName="me")
                SEEN.append(servicecatalog_emulator_session)

            def test_second_sees_the_first_tests_state(servicecatalog_emulator_session):
                assert SEEN == [servicecatalog_emulator_session]
                sc = servicecatalog_emulator_session.boto3_client()
                names = [p["DisplayName"] for p in sc.list_portfolios()["PortfolioDetails"]]
                assert names == ["shared"]
            """
        )
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=2)


def test_a_positional_marker_argument_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.servicecatalog_emulator(True)
        def test_it(servicecatalog_emulator):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*takes keyword options only*"])


# -- a planned failure ------------------------------------------------------------


def test_a_planned_failure_fails_the_next_launch_only(emulator: ServiceCatalogEmulator) -> None:
    sc = emulator.boto3_client()
    product_id, artifact_id = create_product(emulator)
    emulator.fail_next_change("orders", "Resource creation cancelled")
    record = settle(sc, _provision(sc, product_id, artifact_id, "orders"))
    assert record["RecordDetail"]["Status"] == "FAILED"
    assert record["RecordDetail"]["RecordErrors"] == [
        {"Code": "StackFailure", "Description": "Resource creation cancelled"}
    ]
    detail = sc.describe_provisioned_product(Name="orders")["ProvisionedProductDetail"]
    assert detail["Status"] == "ERROR"
    assert detail["StatusMessage"] == "Resource creation cancelled"
    # Used up: the next launch under another name, and a retry, run normally.
    assert settle(sc, _provision(sc, product_id, artifact_id, "other"))["RecordDetail"][
        "Status"
    ] == ("SUCCEEDED")


def test_a_planned_update_failure_rolls_back_first_and_leaves_the_product_tainted(
    emulator: ServiceCatalogEmulator,
) -> None:
    sc = emulator.boto3_client()
    product_id, artifact_id = create_product(emulator)
    settle(sc, _provision(sc, product_id, artifact_id, "orders"))
    before = sc.describe_provisioned_product(Name="orders")["ProvisionedProductDetail"]
    emulator.fail_next_change("orders", "Update rolled back: quota exceeded")
    update = sc.update_provisioned_product(
        ProvisionedProductName="orders",
        ProvisioningParameters=[{"Key": "Size", "Value": "large"}],
    )
    record_id = update["RecordDetail"]["RecordId"]
    assert _statuses(sc, record_id, 4) == [
        "IN_PROGRESS",
        "IN_PROGRESS",
        "IN_PROGRESS_IN_ERROR",
        "FAILED",
    ]
    after = sc.describe_provisioned_product(Name="orders")["ProvisionedProductDetail"]
    assert after["Status"] == "TAINTED"
    assert after["StatusMessage"] == "Update rolled back: quota exceeded"
    # The planned failure did no work: the stack kept its parameters.
    outputs = sc.get_provisioned_product_outputs(ProvisionedProductId=before["Id"])["Outputs"]
    assert {"OutputKey": "Size", "OutputValue": "small"} in [
        {"OutputKey": o["OutputKey"], "OutputValue": o["OutputValue"]} for o in outputs
    ]


def test_a_planned_failure_needs_a_running_emulator_and_a_message() -> None:
    emulator = ServiceCatalogEmulator()
    with pytest.raises(RuntimeError, match="not running"):
        emulator.fail_next_change("orders", "boom")
    with emulator, pytest.raises(ValueError, match="must not be empty"):
        emulator.fail_next_change("orders", "")


# -- restarting -------------------------------------------------------------------


@pytest.mark.parametrize("server", [False, True])
def test_a_stopped_emulator_starts_again_from_an_empty_catalog(server: bool) -> None:
    emulator = ServiceCatalogEmulator(server=server, in_progress_polls=0)
    for _ in range(2):
        with emulator:
            sc = emulator.boto3_client()
            assert sc.search_products_as_admin()["ProductViewDetails"] == []
            assert dict(emulator.calls) == {"SearchProductsAsAdmin": 1}
            product_id, artifact_id = create_product(emulator)
            assert settle(sc, _provision(sc, product_id, artifact_id, "again"))["RecordDetail"][
                "Status"
            ] == ("SUCCEEDED")
            emulator.inject_fault("DescribeRecord", "ThrottlingException", times=50)
