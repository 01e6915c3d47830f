"""Hand-written constructor loops into the SDK's own attrs classes: the floor.

Nothing generic: one function per shape, reading botocore's parsed dict with
``.get`` and calling the attrs constructors, enums and tuples directly. This is
as fast as building these models can be in pure Python, so the SDK converter's
time over it is the cost of its generality.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from servicecatalog_sdk import ResponseMetadata
from servicecatalog_sdk.models import (
    CodeStarParameters,
    DescribeRecordOutput,
    LastSync,
    LastSyncStatus,
    ProductType,
    ProductViewDetail,
    ProductViewSummary,
    ProvisionedProductDetail,
    ProvisionedProductStatus,
    RecordDetail,
    RecordError,
    RecordOutput,
    RecordStatus,
    RecordTag,
    ScanProvisionedProductsOutput,
    SearchProductsAsAdminOutput,
    SourceConnectionDetail,
    SourceConnectionParameters,
    SourceType,
    Status,
)

__all__ = ["FLOORS"]

Wire = Mapping[str, Any]


def _metadata(m: Wire | None) -> ResponseMetadata | None:
    if m is None:
        return None
    return ResponseMetadata(
        request_id=m.get("RequestId"),
        http_status_code=m.get("HTTPStatusCode"),
        retry_attempts=m.get("RetryAttempts", 0),
        idempotency_token=m.get("SdkIdempotencyToken"),
    )


def _provisioned_product(p: Wire) -> ProvisionedProductDetail:
    status = p.get("Status")
    return ProvisionedProductDetail(
        name=p.get("Name"),
        arn=p.get("Arn"),
        type=p.get("Type"),
        id=p.get("Id"),
        status=None if status is None else ProvisionedProductStatus(status),
        status_message=p.get("StatusMessage"),
        created_time=p.get("CreatedTime"),
        idempotency_token=p.get("IdempotencyToken"),
        last_record_id=p.get("LastRecordId"),
        last_provisioning_record_id=p.get("LastProvisioningRecordId"),
        last_successful_provisioning_record_id=p.get("LastSuccessfulProvisioningRecordId"),
        product_id=p.get("ProductId"),
        provisioning_artifact_id=p.get("ProvisioningArtifactId"),
        launch_role_arn=p.get("LaunchRoleArn"),
    )


def scan_provisioned_products(d: Wire) -> ScanProvisionedProductsOutput:
    return ScanProvisionedProductsOutput(
        provisioned_products=tuple(
            [_provisioned_product(p) for p in d.get("ProvisionedProducts", ())]
        ),
        next_page_token=d.get("NextPageToken"),
        response_metadata=_metadata(d.get("ResponseMetadata")),
    )


def _summary(s: Wire | None) -> ProductViewSummary | None:
    if s is None:
        return None
    kind = s.get("Type")
    return ProductViewSummary(
        id=s.get("Id"),
        product_id=s.get("ProductId"),
        name=s.get("Name"),
        owner=s.get("Owner"),
        short_description=s.get("ShortDescription"),
        type=None if kind is None else ProductType(kind),
        distributor=s.get("Distributor"),
        has_default_path=s.get("HasDefaultPath"),
        support_email=s.get("SupportEmail"),
        support_description=s.get("SupportDescription"),
        support_url=s.get("SupportUrl"),
    )


def _source_connection(c: Wire | None) -> SourceConnectionDetail | None:
    if c is None:
        return None
    kind = c.get("Type")
    params = c.get("ConnectionParameters")
    code_star = None if params is None else params.get("CodeStar")
    sync = c.get("LastSync")
    sync_status = None if sync is None else sync.get("LastSyncStatus")
    return SourceConnectionDetail(
        type=None if kind is None else SourceType(kind),
        connection_parameters=None
        if params is None
        else SourceConnectionParameters(
            code_star=None
            if code_star is None
            else CodeStarParameters(
                connection_arn=code_star["ConnectionArn"],
                repository=code_star["Repository"],
                branch=code_star["Branch"],
                artifact_path=code_star["ArtifactPath"],
            )
        ),
        last_sync=None
        if sync is None
        else LastSync(
            last_sync_time=sync.get("LastSyncTime"),
            last_sync_status=None if sync_status is None else LastSyncStatus(sync_status),
            last_sync_status_message=sync.get("LastSyncStatusMessage"),
            last_successful_sync_time=sync.get("LastSuccessfulSyncTime"),
            last_successful_sync_provisioning_artifact_id=sync.get(
                "LastSuccessfulSyncProvisioningArtifactId"
            ),
        ),
    )


def _product_view(v: Wire) -> ProductViewDetail:
    status = v.get("Status")
    return ProductViewDetail(
        product_view_summary=_summary(v.get("ProductViewSummary")),
        status=None if status is None else Status(status),
        product_arn=v.get("ProductARN"),
        created_time=v.get("CreatedTime"),
        source_connection=_source_connection(v.get("SourceConnection")),
    )


def search_products_as_admin(d: Wire) -> SearchProductsAsAdminOutput:
    return SearchProductsAsAdminOutput(
        product_view_details=tuple([_product_view(v) for v in d.get("ProductViewDetails", ())]),
        next_page_token=d.get("NextPageToken"),
        response_metadata=_metadata(d.get("ResponseMetadata")),
    )


def _record_detail(r: Wire | None) -> RecordDetail | None:
    if r is None:
        return None
    status = r.get("Status")
    return RecordDetail(
        record_id=r.get("RecordId"),
        provisioned_product_name=r.get("ProvisionedProductName"),
        status=None if status is None else RecordStatus(status),
        created_time=r.get("CreatedTime"),
        updated_time=r.get("UpdatedTime"),
        provisioned_product_type=r.get("ProvisionedProductType"),
        record_type=r.get("RecordType"),
        provisioned_product_id=r.get("ProvisionedProductId"),
        product_id=r.get("ProductId"),
        provisioning_artifact_id=r.get("ProvisioningArtifactId"),
        path_id=r.get("PathId"),
        record_errors=tuple(
            [
                RecordError(code=e.get("Code"), description=e.get("Description"))
                for e in r.get("RecordErrors", ())
            ]
        ),
        record_tags=tuple(
            [RecordTag(key=t.get("Key"), value=t.get("Value")) for t in r.get("RecordTags", ())]
        ),
        launch_role_arn=r.get("LaunchRoleArn"),
    )


def describe_record(d: Wire) -> DescribeRecordOutput:
    return DescribeRecordOutput(
        record_detail=_record_detail(d.get("RecordDetail")),
        record_outputs=tuple(
            [
                RecordOutput(
                    output_key=o.get("OutputKey"),
                    output_value=o.get("OutputValue"),
                    description=o.get("Description"),
                )
                for o in d.get("RecordOutputs", ())
            ]
        ),
        next_page_token=d.get("NextPageToken"),
        response_metadata=_metadata(d.get("ResponseMetadata")),
    )


#: Operation name -> (output class, hand-written conversion).
FLOORS: Final[Mapping[str, tuple[type[Any], Callable[[Wire], object]]]] = {
    "ScanProvisionedProducts": (ScanProvisionedProductsOutput, scan_provisioned_products),
    "SearchProductsAsAdmin": (SearchProductsAsAdminOutput, search_products_as_admin),
    "DescribeRecord": (DescribeRecordOutput, describe_record),
}
