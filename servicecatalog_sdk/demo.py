"""The README's demo: typed results from a canned Service Catalog answer.

Runs offline: a botocore ``Stubber`` answers one ``DescribeRecord`` call the way
the service would, and the demo prints what the SDK makes of it.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone

from servicecatalog_sdk.client import ServiceCatalogClient


def main() -> int:
    """Print a typed record read through the SDK from a canned response."""
    import boto3
    from botocore.stub import Stubber

    raw = boto3.client(
        "servicecatalog",
        region_name="us-east-1",
        aws_access_key_id="demo",
        aws_secret_access_key="demo",
    )
    answer = {
        "RecordDetail": {
            "RecordId": "rec-demo00000001",
            "ProvisionedProductName": "orders-db",
            "Status": "SUCCEEDED",
            "CreatedTime": datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc),
            "RecordType": "PROVISION_PRODUCT",
            "RecordErrors": [],
        },
        "RecordOutputs": [
            {"OutputKey": "Endpoint", "OutputValue": "orders-db.internal:5432"},
            {"OutputKey": "BucketName", "OutputValue": "orders-backups"},
        ],
    }
    with Stubber(raw) as stubber:
        stubber.add_response("describe_record", answer, {"Id": "rec-demo00000001"})
        out = ServiceCatalogClient(raw).describe_record(id="rec-demo00000001")
    record = out.record_detail
    assert record is not None
    print(
        f"record {record.record_id}: {record.status!r} at {record.created_time:%Y-%m-%d %H:%M %Z}"
    )
    for output in out.record_outputs:
        print(f"  {output.output_key} = {output.output_value}")
    print(repr(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
