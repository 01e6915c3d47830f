"""A sentinel password, used as a NoEcho provisioning parameter, is never shown.

What is guaranteed, and checked here across the whole lifecycle (SDK and CLI):

* log records of the SDK's own loggers (``servicecatalog_sdk.*``) at every level,
  and records of every other logger (botocore, urllib3, moto) at INFO and above;
* exception messages, ``args``, ``repr`` and chains (cause and context), and the
  formatted traceback text, of every error the SDK raises: a failed update, a
  tainted product, a timeout, a service error, a ParamValidationError about a
  wrong-typed secret, a ResponseParseError about a wrong-typed echoed value;
* ``repr``/``str`` of request models (``ProvisioningParameter``,
  ``UpdateProvisioningParameter``) and of outputs that echo parameters
  (``ProvisionedProductPlanDetails``, ``DescribeProvisionedProductPlanOutput``)
  or describe them (``DescribeProvisioningArtifactOutput``);
* the CLI's stdout and stderr, with ``--json`` and ``--debug``, for success,
  failure, timeout, API error and usage error. The CLI masks the values of
  parameters the artifact declares NoEcho (read with DescribeProvisioningParameters)
  and of ``--secret-param``; other values and outputs are printed as they are.

Not guaranteed: botocore's own DEBUG log, which prints request bodies (the test
shows that it does, so the capture is known to work). Turn botocore's DEBUG
logging on only where such logs are safe to keep.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable, Iterator

import pytest

from servicecatalog_sdk import ServiceCatalogClient, errors, structure
from servicecatalog_sdk.cli import (
    EXIT_API_ERROR,
    EXIT_CHANGE_FAILED,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    main,
)
from servicecatalog_sdk.models import (
    DescribeProvisionedProductPlanOutput,
    ProvisionedProductPlanDetails,
    ProvisioningParameter,
    RecordStatus,
    UpdateProvisioningParameter,
)
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .conftest import FakeTime, create_product

SECRET = "S3ntinel-Pa55-" + uuid.uuid4().hex


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception reachable through ``__cause__`` and ``__context__``."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) not in seen:
            seen.add(id(current))
            yield current
            todo += [e for e in (current.__cause__, current.__context__) if e is not None]


def exception_texts(exc: BaseException) -> list[str]:
    """Every text a logger or an error reporter could print for ``exc``."""
    texts = ["".join(traceback.format_exception(exc))]
    for e in chain(exc):
        texts += [str(e), repr(e), repr(e.args), repr(vars(e))]
    return texts


def assert_no_secret(texts: list[str], where: str) -> None:
    leaks = [t for t in texts if SECRET in t]
    assert not leaks, f"the secret appears in {where}: {leaks[0][:300]!r}"


def guaranteed_log_lines(records: list[logging.LogRecord]) -> list[str]:
    """The records we guarantee clean: the SDK's at every level, everyone's at INFO+."""
    lines = []
    for r in records:
        if r.name.startswith("servicecatalog_sdk") or r.levelno >= logging.INFO:
            text = r.getMessage()
            if r.exc_info and r.exc_info[1] is not None:
                text += "".join(traceback.format_exception(r.exc_info[1]))
            lines.append(f"{r.name}:{r.levelname}:{text}")
    return lines


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every logger at DEBUG, botocore included."""
    caplog.set_level(logging.DEBUG)
    for name in ("servicecatalog_sdk", "botocore", "boto3", "urllib3"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def test_request_models_and_echoing_outputs_never_show_the_secret() -> None:
    parameter = ProvisioningParameter(key="DbPassword", value=SECRET)
    update = UpdateProvisioningParameter(key="DbPassword", value=SECRET)
    plan = ProvisionedProductPlanDetails(plan_name="p", provisioning_parameters=(update,))
    objects: list[object] = [
        parameter,
        update,
        plan,
        DescribeProvisionedProductPlanOutput(provisioned_product_plan_details=plan),
        # The same, read from the wire as DescribeProvisionedProductPlan answers it.
        structure(
            {
                "ProvisionedProductPlanDetails": {
                    "PlanName": "p",
                    "ProvisioningParameters": [{"Key": "DbPassword", "Value": SECRET}],
                }
            },
            DescribeProvisionedProductPlanOutput,
            strict=True,
        ),
    ]
    texts = [t for o in objects for t in (repr(o), str(o), f"{o}", f"{o!r}")]
    assert_no_secret(texts, "a model's repr")
    assert "'***'" in repr(parameter)  # set, and said to be set
    assert repr(ProvisioningParameter(key="DbPassword")).endswith("value=None)")


def test_a_wrong_typed_echoed_value_in_a_response_is_not_quoted() -> None:
    wire = {
        "ProvisionedProductPlanDetails": {
            "ProvisioningParameters": [{"Key": "DbPassword", "Value": [SECRET]}]
        }
    }
    with pytest.raises(errors.ResponseParseError) as caught:
        structure(wire, DescribeProvisionedProductPlanOutput, strict=True)
    assert_no_secret(exception_texts(caught.value), "a ResponseParseError")


def test_the_sdk_lifecycle_never_shows_the_secret(
    emulator: ServiceCatalogEmulator,
    sc: ServiceCatalogClient,
    fake_time: FakeTime,
    all_logs: pytest.LogCaptureFixture,
) -> None:
    seen: list[str] = []
    raised: list[BaseException] = []

    def expect(kind: type[BaseException], call: Callable[[], object]) -> None:
        with pytest.raises(kind) as caught:
            call()
        raised.append(caught.value)

    product_id, v1 = create_product(sc, emulator, "secret-product")
    # (DescribeProvisioningArtifact lists the same parameters as DescribeProvisioningParameters.)
    described = sc.describe_provisioning_artifact(
        product_id=product_id,
        provisioning_artifact_id=v1,
        include_provisioning_artifact_parameters=True,
    )
    seen.append(repr(described))
    assert any(p.is_no_echo for p in described.provisioning_artifact_parameters)

    secret = ProvisioningParameter(key="DbPassword", value=SECRET)
    launched = sc.provision_product(
        provisioned_product_name="secret-app",
        product_id=product_id,
        provisioning_artifact_id=v1,
        provisioning_parameters=[
            ProvisioningParameter(key="BucketName", value="secret-app-bucket"),
            secret,
        ],
        wait=True,
    )
    assert launched.record_detail is not None
    assert launched.record_detail.status is RecordStatus.SUCCEEDED
    pp_id = launched.record_detail.provisioned_product_id
    assert pp_id
    seen += [repr(launched), str(launched)]

    new_secret = UpdateProvisioningParameter(key="DbPassword", value=SECRET)
    keep = UpdateProvisioningParameter(key="BucketName", use_previous_value=True)

    # A wait that times out while the update carrying the secret is in flight.
    expect(
        errors.WaiterTimeoutError,
        lambda: sc.update_provisioned_product(
            provisioned_product_id=pp_id,
            provisioning_parameters=[keep, new_secret],
            wait=True,
            wait_timeout=1,
        ),
    )
    seen.append(repr(sc.wait_for_provisioned_product(id=pp_id)))

    # A failed update (Size outside AllowedValues) carrying the secret, then TAINTED.
    expect(
        errors.RecordFailedError,
        lambda: sc.update_provisioned_product(
            provisioned_product_id=pp_id,
            provisioning_parameters=[
                keep,
                new_secret,
                UpdateProvisioningParameter(key="Size", value="huge"),
            ],
            wait=True,
        ),
    )
    expect(errors.ProvisionedProductTaintedError, lambda: sc.wait_for_provisioned_product(id=pp_id))

    # A service error answering a request that carried the secret.
    expect(
        errors.DuplicateResourceError,
        lambda: sc.provision_product(
            provisioned_product_name="secret-app",
            product_id=product_id,
            provisioning_artifact_id=v1,
            provisioning_parameters=[secret],
        ),
    )

    # Wrong-typed secrets: botocore's validation message would quote them.
    for wrong in (SECRET.encode(), [SECRET], {"password": SECRET}, (SECRET, 1)):
        expect(
            errors.ParamValidationError,
            lambda wrong=wrong: sc.provision_product(  # type: ignore[misc]
                provisioned_product_name="secret-app-2",
                product_id=product_id,
                provisioning_artifact_id=v1,
                provisioning_parameters=[ProvisioningParameter(key="DbPassword", value=wrong)],
            ),
        )
    expect(
        errors.ParamValidationError,
        lambda: sc.update_provisioned_product(
            provisioned_product_id=pp_id,
            provisioning_parameters={"DbPassword": SECRET.encode()},  # type: ignore[dict-item]
        ),
    )

    ended = sc.terminate_provisioned_product(provisioned_product_id=pp_id, wait=True)
    seen.append(repr(ended))
    sc.wait_for_termination(id=pp_id)

    # The secret did reach the service (the check would be empty otherwise) ...
    assert any(SECRET in r.getMessage() for r in all_logs.records if r.name.startswith("botocore"))
    # ... and nothing we guarantee shows it.
    for exc in raised:
        assert_no_secret(exception_texts(exc), f"a {type(exc).__name__}")
    assert_no_secret(seen, "an output's repr")
    assert_no_secret(guaranteed_log_lines(all_logs.records), "a log record")
    assert len(raised) == 9


@pytest.fixture
def server_emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceCatalogEmulator]:
    """A server-mode emulator the CLI reaches through --endpoint-url."""
    with ServiceCatalogEmulator(server=True, in_progress_polls=2) as emu:
        for name, value in emu.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("AWS_ENDPOINT_URL")
        yield emu


def test_the_cli_never_shows_the_secret(
    server_emulator: ServiceCatalogEmulator,
    capsys: pytest.CaptureFixture[str],
    all_logs: pytest.LogCaptureFixture,
) -> None:
    endpoint = server_emulator.endpoint_url
    assert endpoint is not None
    product_id, v1 = create_product(
        ServiceCatalogClient(server_emulator.boto3_client(), strict=True),
        server_emulator,
        "cli-secret",
    )
    outputs: list[str] = []

    def cli(*argv: str) -> int:
        fake_time = FakeTime()
        code = main(
            ["--endpoint-url", endpoint, "--region", "us-east-1", *argv],
            clock=fake_time.clock,
            sleep=fake_time.sleep,
        )
        captured = capsys.readouterr()
        outputs.extend([captured.out, captured.err])
        return code

    password = f"DbPassword={SECRET}"
    launch = ("provision", "--product-id", product_id, "--artifact-id", v1)
    assert cli(*launch, "--name", "cli-app", "--param", "BucketName=cli-bucket",
               "--param", password, "--wait", "--json", "--debug") == EXIT_OK  # fmt: skip
    assert cli(*launch, "--name", "cli-app", "--param", "BucketName=cli-bucket-2",
               "--param", password, "--debug") == EXIT_API_ERROR  # fmt: skip
    update = ("update", "--name", "cli-app", "--keep-param", "BucketName", "--param", password)
    assert cli(*update, "--wait", "--timeout", "1s", "--debug") == EXIT_TIMEOUT
    assert cli("wait", "provisioned-product", "--name", "cli-app", "--json") == EXIT_OK
    assert cli(*update, "--param", "Size=huge", "--wait", "--json", "--debug") == (
        EXIT_CHANGE_FAILED
    )
    # A value typed without its key, and a value where a duration belongs.
    assert cli("update", "--name", "cli-app", "--param", SECRET) == EXIT_USAGE
    assert cli(*update, "--timeout", SECRET) == EXIT_USAGE
    assert cli("terminate", "--name", "cli-app", "--wait", "--json", "--debug") == EXIT_OK
    assert cli("products", "--json") == EXIT_OK
    assert cli("records", "--json", "--debug") == EXIT_OK

    assert_no_secret(outputs, "the CLI's output")
    # Only secrets are masked: the ordinary output of the first launch is in clear.
    assert '"output_value": "small"' in outputs[0]
    assert_no_secret(guaranteed_log_lines(all_logs.records), "a log record during a CLI run")
