"""The README's demo: the whole provisioning lifecycle, on a local Service Catalog.

``servicecatalog-sdk demo`` (or ``make demo``) starts the emulator from
:mod:`servicecatalog_sdk.testing` in this process (no AWS account, no network),
then does what a platform team and a deployment pipeline do, through the typed
SDK: create a product from a CloudFormation template, put it in a portfolio with
a launch constraint and a principal, provision it through its launch path, wait,
read its outputs, update it, try an update that fails (and show why the product
is TAINTED), terminate it, and print the record history.

It uses the package's public API only, as an application would: the client,
the models, the errors, and :mod:`servicecatalog_sdk.testing`'s emulator.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, TextIO

from servicecatalog_sdk.errors import (
    ProvisionedProductTaintedError,
    RecordFailedError,
)

if TYPE_CHECKING:
    from servicecatalog_sdk.client import ServiceCatalogClient
    from servicecatalog_sdk.models import DescribeRecordOutput

__all__ = ["TEMPLATE_V1", "TEMPLATE_V2", "main"]

#: Version 1: an S3 bucket, a size choice, a secret the stack never shows.
TEMPLATE_V1: Final[dict[str, Any]] = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {
        "Size": {"Type": "String", "Default": "small", "AllowedValues": ["small", "large"]},
        "ApiToken": {"Type": "String", "NoEcho": True},
    },
    "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}},
    "Outputs": {
        "BucketName": {"Value": {"Ref": "Bucket"}},
        "BucketArn": {"Value": {"Fn::GetAtt": ["Bucket", "Arn"]}},
        "Size": {"Value": {"Ref": "Size"}},
    },
}

#: Version 2: the same, with one more output.
TEMPLATE_V2: Final[dict[str, Any]] = {
    **TEMPLATE_V1,
    "Outputs": {**TEMPLATE_V1["Outputs"], "Version": {"Value": "2"}},
}

# Short poll delays: the local service moves on per observation, not per second.
_MIN_DELAY: Final = 0.1
_MAX_DELAY: Final = 0.4
_DEMO_SECRET: Final = "demo-token-7f3a9c"
_PORTFOLIO: Final = "Orders platform"
_LAUNCH_ROLE: Final = "arn:aws:iam::123456789012:role/SCLaunchRole"


class _Console:
    """stdout and stderr, with the demo's secret masked.

    A second line of defence: the models' reprs already hide parameter values.
    """

    def __init__(self, stdout: TextIO, stderr: TextIO, secret: str) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.secret = secret

    def out(self, text: str) -> None:
        print(text.replace(self.secret, "***"), file=self.stdout, flush=True)

    def err(self, text: str) -> None:
        print(text.replace(self.secret, "***"), file=self.stderr, flush=True)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Left-aligned columns under a header line; ``-`` for a missing value."""

    def cell(value: object) -> str:
        if isinstance(value, datetime):
            return f"{value:%Y-%m-%d %H:%M:%S}"
        return "-" if value is None else str(value)

    lines = [list(headers), *([cell(v) for v in row] for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(headers))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


class _Demo:
    def __init__(
        self, sc: ServiceCatalogClient, console: _Console, sleep: Callable[[float], None]
    ) -> None:
        self.sc = sc
        self.console = console
        self.sleep = sleep
        self.step = 0

    def heading(self, text: str) -> None:
        self.step += 1
        self.console.out(f"\n{self.step}. {text}")

    def say(self, text: str) -> None:
        self.console.out(f"   {text}")

    def wait_for_record(self, record_id: str, what: str) -> DescribeRecordOutput:
        """Wait, saying on stderr each status the record passes through."""
        seen: list[str] = []

        def on_poll(out: DescribeRecordOutput) -> None:
            status = str(out.record_detail.status if out.record_detail else "?")
            if not seen or seen[-1] != status:
                self.console.err(f"   waiting for {what}: {status} (poll {len(seen) + 1})")
            seen.append(status)

        return self.sc.wait_for_record(
            record_id,
            timeout=120,
            on_poll=on_poll,
            sleep=self.sleep,
            min_delay=_MIN_DELAY,
            max_delay=_MAX_DELAY,
        )

    def show_outputs(self, done: DescribeRecordOutput) -> None:
        record = done.record_detail
        assert record is not None
        self.say(f"record {record.record_id}: {record.status}")
        for output in done.record_outputs:
            self.say(f"  output {output.output_key} = {output.output_value}")


def _run(emulator: Any, console: _Console, sleep: Callable[[float], None]) -> int:
    from servicecatalog_sdk.models import (
        ProvisioningArtifactProperties,
        ProvisioningArtifactType,
        ProvisioningParameter,
    )

    sc: ServiceCatalogClient = emulator.client()
    sc.waiter_sleep = sleep
    demo = _Demo(sc, console, sleep)

    demo.heading("Create a product from a CloudFormation template (an S3 bucket with outputs)")
    created = sc.create_product(
        name="orders-storage",
        owner="platform-team",
        product_type="CLOUD_FORMATION_TEMPLATE",
        provisioning_artifact_parameters=ProvisioningArtifactProperties(
            name="v1",
            info={"LoadTemplateFromURL": emulator.upload_template(TEMPLATE_V1)},
            type=ProvisioningArtifactType.CLOUD_FORMATION_TEMPLATE,
        ),
    )
    assert created.product_view_detail is not None
    assert created.product_view_detail.product_view_summary is not None
    assert created.provisioning_artifact_detail is not None
    product_id = created.product_view_detail.product_view_summary.product_id
    v1 = created.provisioning_artifact_detail.id
    assert product_id is not None
    assert v1 is not None
    v2_detail = sc.create_provisioning_artifact(
        product_id=product_id,
        parameters=ProvisioningArtifactProperties(
            name="v2", info={"LoadTemplateFromURL": emulator.upload_template(TEMPLATE_V2)}
        ),
    ).provisioning_artifact_detail
    assert v2_detail is not None
    v2 = v2_detail.id
    assert v2 is not None
    demo.say(f"product {product_id}: versions v1 ({v1}) and v2 ({v2})")
    for artifact in sc.list_provisioning_artifacts(product_id=product_id):
        demo.say(f"  {artifact.name}: {artifact.type} created {artifact.created_time:%H:%M:%S %Z}")

    demo.heading("Put it in a portfolio: a launch constraint, a principal, a launch path")
    portfolio = sc.create_portfolio(display_name=_PORTFOLIO, provider_name="platform-team")
    assert portfolio.portfolio_detail is not None
    portfolio_id = portfolio.portfolio_detail.id
    assert portfolio_id is not None
    sc.associate_product_with_portfolio(product_id=product_id, portfolio_id=portfolio_id)
    sc.create_constraint(
        portfolio_id=portfolio_id,
        product_id=product_id,
        type="LAUNCH",
        parameters=json.dumps({"RoleArn": _LAUNCH_ROLE}),
        description="stacks run as SCLaunchRole, not as the caller",
    )
    # As on AWS, only a principal of the portfolio sees and launches its products:
    # grant the identity this demo's client acts as.
    me = emulator.caller_arn()
    sc.associate_principal_with_portfolio(
        portfolio_id=portfolio_id, principal_arn=me, principal_type="IAM"
    )
    demo.say(f"portfolio {portfolio_id} ({_PORTFOLIO}); principal {me} (this demo's caller)")
    for path in sc.list_launch_paths(product_id=product_id):
        kinds = ", ".join(str(c.type) for c in path.constraint_summaries)
        demo.say(f'launch path {path.id} "{path.name}": constraints {kinds}')

    demo.heading("Provision it through the launch path, with parameters, and wait")
    parameters = [
        ProvisioningParameter(key="Size", value="small"),
        ProvisioningParameter(key="ApiToken", value=_DEMO_SECRET),
    ]
    demo.say(f"parameters: {parameters!r}")
    started = sc.provision_product(
        product_id=product_id,
        provisioning_artifact_id=v1,
        provisioned_product_name="orders-storage-dev",
        path_name=_PORTFOLIO,
        provisioning_parameters=parameters,
        tags={"team": "orders"},
    )
    assert started.record_detail is not None
    assert started.record_detail.record_id is not None
    assert started.response_metadata is not None
    demo.say(
        f"ProvisionProduct answered at once with record {started.record_detail.record_id} "
        f"({started.record_detail.status}); idempotency token "
        f"{started.response_metadata.idempotency_token}"
    )
    demo.say(
        f"path {started.record_detail.path_id}, launch role {started.record_detail.launch_role_arn}"
    )
    done = demo.wait_for_record(started.record_detail.record_id, "provisioning")
    demo.show_outputs(done)
    assert done.record_detail is not None
    pp_id = done.record_detail.provisioned_product_id
    assert pp_id is not None

    demo.heading("Update it to v2 (Size=large), and wait")
    updated = sc.update_provisioned_product(
        provisioned_product_id=pp_id,
        provisioning_artifact_id=v2,
        provisioning_parameters={"Size": "large"},
    )
    assert updated.record_detail is not None
    assert updated.record_detail.record_id is not None
    demo.show_outputs(demo.wait_for_record(updated.record_detail.record_id, "the update"))

    demo.heading("Try an update the template rejects (Size=huge)")
    failing = sc.update_provisioned_product(
        provisioned_product_id=pp_id,
        provisioning_artifact_id=v2,
        provisioning_parameters={"Size": "huge"},
    )
    assert failing.record_detail is not None
    failed_record = failing.record_detail.record_id
    assert failed_record is not None
    try:
        demo.wait_for_record(failed_record, "the failing update")
    except RecordFailedError as exc:
        demo.say(f"RecordFailedError: {exc}")
        for error in exc.errors:
            demo.say(f"  {error.code}: {error.description}")
    else:  # pragma: no cover - the template rejects the value
        demo.say("unexpected: the update succeeded")
        return 1
    try:
        sc.wait_for_provisioned_product(
            id=pp_id, record_id=failed_record, min_delay=_MIN_DELAY, max_delay=_MAX_DELAY
        )
    except ProvisionedProductTaintedError as exc:
        demo.say(f"ProvisionedProductTaintedError: {exc}")
        demo.say("TAINTED: the update rolled back; the stack still runs v2 with Size=large")
    detail = sc.describe_provisioned_product(id=pp_id).provisioned_product_detail
    assert detail is not None
    demo.say(
        f"last successful record {detail.last_successful_provisioning_record_id}, "
        f"last record {detail.last_record_id}"
    )

    demo.heading("Terminate it, and wait until it is gone")
    buckets_before = _bucket_names(emulator)
    terminated = sc.terminate_provisioned_product(provisioned_product_id=pp_id)
    assert terminated.record_detail is not None
    assert terminated.record_detail.record_id is not None
    demo.wait_for_record(terminated.record_detail.record_id, "termination")
    sc.wait_for_termination(id=pp_id, min_delay=_MIN_DELAY, max_delay=_MAX_DELAY)
    gone = buckets_before - _bucket_names(emulator)
    demo.say(f"provisioned product {pp_id} is gone; buckets deleted: {', '.join(sorted(gone))}")

    demo.heading("Record history")
    rows = [
        (r.record_id, r.record_type, r.status, r.provisioned_product_name, r.created_time)
        for r in sc.list_record_history()
    ]
    for line in _table(("RECORD", "TYPE", "STATUS", "PRODUCT", "CREATED"), rows).splitlines():
        demo.say(line)
    demo.say(f"requests served: {sum(emulator.calls.values())} ({len(emulator.calls)} operations)")
    return 0


def _bucket_names(emulator: Any) -> set[str]:
    return {b["Name"] for b in emulator.boto3_client("s3").list_buckets()["Buckets"]}


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    sleep: Callable[[float], None] | None = None,
) -> int:
    """Run the demo; return the process exit code (0 when the lifecycle ran as shown).

    ``sleep`` replaces ``time.sleep`` between polls (tests pass one that returns).
    """
    console = _Console(stdout or sys.stdout, stderr or sys.stderr, _DEMO_SECRET)
    try:
        from servicecatalog_sdk.testing import ServiceCatalogEmulator
    except ImportError as exc:
        console.err(
            f"the demo needs the testing extra: pip install 'servicecatalog-sdk[testing]' ({exc})"
        )
        return 2
    console.out("servicecatalog-sdk demo: a provisioning lifecycle on a local Service Catalog")
    console.out("(moto in this process: no AWS account, no network)")
    with ServiceCatalogEmulator(in_progress_polls=3) as emulator:
        return _run(emulator, console, sleep if sleep is not None else _real_sleep)


def _real_sleep(seconds: float) -> None:
    time.sleep(seconds)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
