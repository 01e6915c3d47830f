"""The README's demo command runs the whole lifecycle and shows it."""

from __future__ import annotations

import io

from servicecatalog_sdk import demo


def test_demo_runs_the_lifecycle_and_keeps_the_secret_out() -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    slept: list[float] = []
    assert demo.main([], stdout=stdout, stderr=stderr, sleep=slept.append) == 0
    out = stdout.getvalue()
    for expected in (
        "record rec-",
        "launch path lpv3-",
        '"Orders platform": constraints LAUNCH',
        "principal arn:aws:iam::123456789012:user/servicecatalog-emulator (this demo's caller)",
        "launch role arn:aws:iam::123456789012:role/SCLaunchRole",
        "output BucketName = ",
        "output Version = 2",
        "RecordFailedError",
        "ProvisionedProductTaintedError",
        "TAINTED",
        "is gone; buckets deleted: ",
        "TERMINATE_PROVISIONED_PRODUCT  SUCCEEDED",
        "UPDATE_PROVISIONED_PRODUCT     FAILED",
    ):
        assert expected in out, expected
    assert "SUCCEEDED" in stderr.getvalue()
    assert slept, "the waits polled more than once"
    assert demo._DEMO_SECRET not in out + stderr.getvalue()
