"""What the SDK knows about one response beyond its body."""

from __future__ import annotations

import attrs

__all__ = ["ResponseMetadata"]


@attrs.frozen(kw_only=True)
class ResponseMetadata:
    """Request id, HTTP status, retries and idempotency token of one response.

    Every ``<Operation>Output`` carries one as ``response_metadata`` (it takes no
    part in equality). ``idempotency_token`` is the token the SDK sent for an
    operation that takes one (``ProvisionToken``, ``UpdateToken``, ...): keep it
    to repeat a call safely after a lost response.
    """

    request_id: str | None = None
    http_status_code: int | None = None
    retry_attempts: int = 0
    idempotency_token: str | None = None
