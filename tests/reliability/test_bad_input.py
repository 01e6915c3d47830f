"""Bad input from the caller: a clear ParamValidationError (a ValueError) before any request.

A ``before-send`` handler registered first on the boto3 client fails the test if
a request gets as far as the wire; in the CLI, each bad invocation exits 2 with one
error line on stderr (after argparse's usage block, for parse errors) and no request.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from servicecatalog_sdk import ServiceCatalogClient, errors
from servicecatalog_sdk.cli import EXIT_USAGE, ClientOptions, main
from servicecatalog_sdk.models import ProvisioningParameter

from .conftest import FakeTime, boto3_session

Call = Callable[[ServiceCatalogClient], object]


class Wire:
    """Refuses (and remembers) every request that reaches ``before-send``."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __call__(self, request: Any, **_: Any) -> None:
        self.sent.append(f"{request.method} {request.headers.get('X-Amz-Target')}")
        raise AssertionError("a request reached before-send")


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def sc(wire: Wire, fake_time: FakeTime) -> ServiceCatalogClient:
    """An SDK-built client whose requests never leave: no emulator, no AWS."""
    raw = ServiceCatalogClient.from_session(boto3_session(), region_name="us-east-1").raw
    raw.meta.events.register_first("before-send.servicecatalog", wire)
    return ServiceCatalogClient(
        raw, waiter_clock=fake_time.clock, waiter_sleep=fake_time.sleep, strict=True
    )


LAUNCH: dict[str, Any] = {
    "provisioned_product_name": "orders-db",
    "product_id": "prod-abc",
    "provisioning_artifact_id": "pa-1",
}

BAD_TIMEOUTS: dict[str, object] = {
    "zero": 0,
    "minus-one": -1,
    "nan": math.nan,
    "inf": math.inf,
    "str": "10",
    "true": True,
    "negative-timedelta": timedelta(seconds=-5),
}

CASES: list[tuple[str, Call, str]] = [
    # -- wrong types ------------------------------------------------------------------
    (
        "name-int",
        lambda sc: sc.provision_product(**{**LAUNCH, "provisioned_product_name": 123}),
        "ProvisionedProductName",
    ),
    ("record-id-int", lambda sc: sc.describe_record(id=42), "Id must be a string, got int"),  # type: ignore[arg-type]
    (
        "parameters-a-string",
        lambda sc: sc.provision_product(**LAUNCH, provisioning_parameters="Size=small"),  # type: ignore[arg-type]
        "ProvisioningParameters",
    ),
    (
        "parameters-list-of-strings",
        lambda sc: sc.provision_product(**LAUNCH, provisioning_parameters=["Size=small"]),  # type: ignore[list-item]
        r"ProvisioningParameters\[0\]",
    ),
    (
        "parameter-without-key",
        lambda sc: sc.provision_product(
            **LAUNCH, provisioning_parameters=[ProvisioningParameter(key="", value="x")]
        ),
        r"ProvisioningParameters\[0\].Key",
    ),
    (
        "tag-value-int",
        lambda sc: sc.provision_product(**LAUNCH, tags={"team": 7}),  # type: ignore[dict-item]
        r"Tags\[0\].Value",
    ),
    (
        "fleet-ids-a-string",
        lambda sc: sc.wait_for_provisioned_products("pp-1"),
        "ids must be a list",
    ),
    ("fleet-ids-empty", lambda sc: sc.wait_for_provisioned_products([]), "ids must not be empty"),
    # -- empty, blank and malformed ids ------------------------------------------------
    ("record-id-blank", lambda sc: sc.describe_record(id=" \t"), "Id must not be empty"),
    ("wait-record-id-none", lambda sc: sc.wait_for_record(None), "record_id"),  # type: ignore[arg-type]
    ("wait-record-id-empty", lambda sc: sc.wait_for_record(""), "record_id"),
    (
        "wait-product-name-blank",
        lambda sc: sc.wait_for_provisioned_product(name="  "),
        "name must be a non-empty string",
    ),
    (
        "terminate-name-blank",
        lambda sc: sc.terminate_provisioned_product(provisioned_product_name="\n"),
        "ProvisionedProductName must not be empty",
    ),
    (
        "update-artifact-id-empty",
        lambda sc: sc.update_provisioned_product(
            provisioned_product_id="pp-1", provisioning_artifact_id=""
        ),
        "ProvisioningArtifactId must not be empty",
    ),
    ("record-id-none", lambda sc: sc.describe_record(id=None), "Id is required"),  # type: ignore[arg-type]
    # -- conflicting arguments ------------------------------------------------------------
    (
        "provision-artifact-id-and-name",
        lambda sc: sc.provision_product(**LAUNCH, provisioning_artifact_name="v1"),
        "ProvisioningArtifactId or ProvisioningArtifactName",
    ),
    (
        "provision-path-id-and-name",
        lambda sc: sc.provision_product(**LAUNCH, path_id="lp-1", path_name="default"),
        "PathId or PathName",
    ),
    (
        "update-artifact-id-and-name",
        lambda sc: sc.update_provisioned_product(
            provisioned_product_id="pp-1",
            provisioning_artifact_id="pa-1",
            provisioning_artifact_name="v1",
        ),
        "ProvisioningArtifactId or ProvisioningArtifactName",
    ),
    (
        "wait-product-id-and-name",
        lambda sc: sc.wait_for_termination(id="pp-1", name="orders-db"),
        "exactly one of id and name",
    ),
    (
        "wait-min-delay-over-max",
        lambda sc: sc.wait_for_record("rec-1", min_delay=40, max_delay=30),
        "min_delay",
    ),
    # -- max_items and page_size ----------------------------------------------------------
    *[
        (
            f"max-items-{label}",
            (lambda sc, v=value: sc.scan_provisioned_products(max_items=v)),
            "max_items must be a positive integer",
        )
        for label, value in [("0", 0), ("-1", -1), ("str", "5"), ("float", 2.0), ("true", True)]
    ],
    (
        "max-items-0-record-history",
        lambda sc: sc.list_record_history(max_items=0),
        "max_items",
    ),
    *[
        (
            f"page-size-{label}",
            (lambda sc, v=value: list(sc.scan_provisioned_products(page_size=v))),
            "PageSize",
        )
        for label, value in [("str", "4"), ("float", 4.5), ("negative", -1), ("true", True)]
    ],
    (
        "page-size-str-search",
        lambda sc: list(sc.search_products_as_admin(page_size="4")),  # type: ignore[arg-type]
        "PageSize",
    ),
    # -- timeouts: of every waiter, and of wait=True, checked BEFORE the change is sent --
    *[
        case
        for i, bad in BAD_TIMEOUTS.items()
        for case in [
            (
                f"wait-for-record-timeout-{i}",
                (lambda sc, t=bad: sc.wait_for_record("rec-1", timeout=t)),
                "timeout",
            ),
            (
                f"wait-for-product-timeout-{i}",
                (lambda sc, t=bad: sc.wait_for_provisioned_product(id="pp-1", timeout=t)),
                "timeout",
            ),
            (
                f"wait-for-termination-timeout-{i}",
                (lambda sc, t=bad: sc.wait_for_termination(name="db", timeout=t)),
                "timeout",
            ),
            (
                f"wait-for-fleet-timeout-{i}",
                (lambda sc, t=bad: sc.wait_for_provisioned_products(["pp-1"], timeout=t)),
                "timeout",
            ),
            (
                f"provision-wait-timeout-{i}",
                (lambda sc, t=bad: sc.provision_product(**LAUNCH, wait=True, wait_timeout=t)),
                "timeout",
            ),
            (
                f"update-wait-timeout-{i}",
                (
                    lambda sc, t=bad: sc.update_provisioned_product(
                        provisioned_product_id="pp-1", wait=True, wait_timeout=t
                    )
                ),
                "timeout",
            ),
            (
                f"terminate-wait-timeout-{i}",
                (
                    lambda sc, t=bad: sc.terminate_provisioned_product(
                        provisioned_product_id="pp-1", wait=True, wait_timeout=t
                    )
                ),
                "timeout",
            ),
        ]
    ],
]


@pytest.mark.parametrize(("call", "mentions"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_a_clear_value_error_before_any_request(
    sc: ServiceCatalogClient, wire: Wire, call: Call, mentions: str
) -> None:
    with pytest.raises(errors.ParamValidationError, match=mentions) as caught:
        call(sc)
    assert isinstance(caught.value, ValueError)
    assert wire.sent == [], f"sent before failing: {wire.sent}"
    message = str(caught.value)
    assert message
    assert "Traceback" not in message


# Values only the service model's patterns or maximum lengths refuse: the SDK
# leaves them to the service (AWS loosens those constraints over time).
SENT_CASES: list[tuple[str, Call]] = [
    ("record-id-with-space", lambda sc: sc.describe_record(id="rec 1")),
    ("record-id-padded", lambda sc: sc.describe_record(id=" rec-1 ")),
    ("record-id-154-chars", lambda sc: sc.describe_record(id="rec-" + "a" * 150)),
    ("product-id-with-newline", lambda sc: sc.describe_provisioned_product(id="pp-1\n")),
    (
        "terminate-id-with-slash",
        lambda sc: sc.terminate_provisioned_product(provisioned_product_id="pp-1/../pp-2"),
    ),
    ("page-size-over-the-models-maximum", lambda sc: list(sc.list_record_history(page_size=21))),
]


@pytest.mark.parametrize("call", [c[1] for c in SENT_CASES], ids=[c[0] for c in SENT_CASES])
def test_values_only_a_pattern_or_maximum_refuses_are_sent(
    sc: ServiceCatalogClient, wire: Wire, call: Call
) -> None:
    with pytest.raises(AssertionError, match="a request reached before-send"):
        call(sc)
    assert len(wire.sent) == 1


# -- the CLI ------------------------------------------------------------------------------

CLI_CASES: list[tuple[str, list[str], str]] = [
    ("timeout-zero", ["wait", "record", "rec-1", "--timeout", "0"], "--timeout"),
    ("timeout-negative", ["wait", "record", "rec-1", "--timeout=-1"], "--timeout"),
    ("timeout-nan", ["terminate", "--id", "pp-1", "--timeout", "nan"], "--timeout"),
    ("timeout-inf", ["terminate", "--id", "pp-1", "--timeout", "inf"], "--timeout"),
    ("timeout-unit", ["update", "--id", "pp-1", "--timeout", "10d"], "--timeout"),
    ("param-without-equals", ["update", "--id", "pp-1", "--param", "Size"], "KEY=VALUE"),
    ("param-without-key", ["update", "--id", "pp-1", "--param", "=small"], "KEY=VALUE"),
    (
        "tag-without-equals",
        ["provision", "--product-id", "p", "--artifact-id", "a", "--name", "n", "--tag", "team"],
        "KEY=VALUE",
    ),
    ("id-and-name", ["update", "--id", "pp-1", "--name", "db"], "not allowed with"),
    ("terminate-id-and-name", ["terminate", "--id", "pp-1", "--name", "db"], "not allowed"),
    ("neither-id-nor-name", ["terminate", "--wait"], "required"),
    ("unknown-command", ["frobnicate"], "invalid choice"),
    ("unknown-option", ["records", "--colour"], "unrecognized arguments"),
    ("no-command", [], "required"),
    ("blank-id", ["update", "--id", " ", "--param", "a=b"], "must not be empty"),
    ("empty-record-id", ["wait", "record", ""], "record_id"),
    ("limit-zero", ["records", "--limit", "0"], "max_items"),
    ("limit-not-a-number", ["records", "--limit", "ten"], "--limit"),
    ("duplicate-param", ["update", "--id", "pp-1", "--param", "a=1", "--param", "a=2"], "twice"),
]


@pytest.mark.parametrize(
    ("argv", "mentions"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES]
)
def test_a_bad_cli_invocation_exits_2_with_one_error_line_and_sends_nothing(
    sc: ServiceCatalogClient,
    wire: Wire,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    mentions: str,
) -> None:
    built: list[ClientOptions] = []

    def factory(options: ClientOptions) -> ServiceCatalogClient:
        built.append(options)
        return sc

    fake_time = FakeTime()
    code = main(
        ["--region", "us-east-1", *argv],
        client_factory=factory,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    )
    out, err = capsys.readouterr()
    assert code == EXIT_USAGE
    assert out == ""
    lines = err.rstrip("\n").splitlines()
    errors_lines = [line for line in lines if "error:" in line]
    assert len(errors_lines) == 1, err
    assert lines[-1] == errors_lines[0], "the error is the last line"
    assert lines[-1].startswith("servicecatalog-sdk: error: ")
    assert mentions in lines[-1]
    # Anything before it is argparse's usage block, never a traceback.
    assert "Traceback" not in err
    assert all(line.startswith(("usage:", " ")) for line in lines[:-1]), err
    assert wire.sent == []
