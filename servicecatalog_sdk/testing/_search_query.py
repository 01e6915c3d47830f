"""SearchProvisionedProducts' ``SearchQuery``: ``field:value`` terms over a product's attributes.

The fields are the ones AWS documents (``arn``, ``createdTime``, ``id``, ``name``,
``status``, ``tags``, ``productName``, ...), matched without regard to case against
the ProvisionedProductAttribute the search returns; a term without a known field is
free text, found in the product's name, id or product id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

# SearchQuery field -> ProvisionedProductAttribute member.
FIELDS: dict[str, str] = {
    "arn": "Arn",
    "createdtime": "CreatedTime",
    "id": "Id",
    "lastrecordid": "LastRecordId",
    "idempotencytoken": "IdempotencyToken",
    "name": "Name",
    "physicalid": "PhysicalId",
    "productid": "ProductId",
    "provisioningartifactid": "ProvisioningArtifactId",
    "type": "Type",
    "status": "Status",
    "tags": "Tags",
    "userarn": "UserArn",
    "userarnsession": "UserArnSession",
    "lastprovisioningrecordid": "LastProvisioningRecordId",
    "lastsuccessfulprovisioningrecordid": "LastSuccessfulProvisioningRecordId",
    "productname": "ProductName",
    "provisioningartifactname": "ProvisioningArtifactName",
}


def _tag_matches(tags: Any, wanted: str) -> bool:
    # "key=value" names one tag exactly; a bare "key" any tag with that key.
    key, sep, value = wanted.partition("=")
    for tag in tags or []:
        if tag["Key"].lower() == key and (not sep or tag["Value"].lower() == value):
            return True
    return False


def matches(attributes: Mapping[str, Any], query: str) -> bool:
    """True when the product with these attributes satisfies one SearchQuery term."""
    field, sep, value = query.partition(":")
    member = FIELDS.get(field.strip().lower()) if sep else None
    wanted = value.strip().lower()
    if member is None:
        text = query.strip().lower()
        return any(text in str(attributes.get(k, "")).lower() for k in ("Name", "Id", "ProductId"))
    actual = attributes.get(member)
    if member == "Tags":
        return _tag_matches(actual, wanted)
    if isinstance(actual, datetime):
        # A date or a leading part of the ISO time ("2026-12-01", "2026-12-01T10").
        return actual.isoformat().lower().startswith(wanted)
    return actual is not None and str(actual).lower() == wanted
