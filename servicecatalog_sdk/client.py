"""``ServiceCatalogClient``: the typed face of a boto3 ``servicecatalog`` client."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Final, Literal

from servicecatalog_sdk._generated.client_methods import GeneratedOperations
from servicecatalog_sdk._waiting._forms import WaiterMixin

__all__ = [
    "CONNECT_TIMEOUT",
    "MAX_ATTEMPTS",
    "READ_TIMEOUT",
    "RETRY_MODE",
    "ServiceCatalogClient",
]

#: botocore retry mode of the clients the SDK builds (``"adaptive"`` on request).
RETRY_MODE: Final = "standard"
#: Attempts per request (the first one included) of the clients the SDK builds:
#: enough to ride out a throttling storm, where botocore's default of 3 is not.
MAX_ATTEMPTS: Final = 8
#: Seconds to connect, and to wait for a response, on the clients the SDK builds:
#: a hung request ends and is retried instead of stalling a waiter forever.
CONNECT_TIMEOUT: Final = 10
#: Seconds to wait for a response on the clients the SDK builds (see CONNECT_TIMEOUT).
READ_TIMEOUT: Final = 60


def sdk_config(retry_mode: object, max_attempts: object, user_config: Any | None) -> Any:
    """The botocore ``Config`` of the clients the SDK builds (sync and asyncio alike).

    botocore retries in ``retry_mode`` up to ``max_attempts``, with the SDK's
    timeouts; a ``user_config`` is merged over them.
    """
    from botocore.config import Config

    if retry_mode not in ("standard", "adaptive"):
        raise ValueError(f"retry_mode must be 'standard' or 'adaptive', got {retry_mode!r}")
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
        raise ValueError(f"max_attempts must be a positive integer, got {max_attempts!r}")
    config = Config(
        retries={"mode": retry_mode, "total_max_attempts": max_attempts},
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
    )
    return config if user_config is None else config.merge(user_config)


class ServiceCatalogClient(GeneratedOperations, WaiterMixin):
    """Every AWS Service Catalog operation, with typed arguments and results.

    Wrap a boto3 client you built (it keeps its own configuration)::

        sc = ServiceCatalogClient(boto3.client("servicecatalog"))

    or let the SDK build one with :meth:`from_session`. ``accept_language``
    (``"en"``, ``"jp"``, ``"zh"``) is sent with every operation that takes one,
    unless a call gives its own. ``waiter_clock`` and ``waiter_sleep`` replace
    ``time.monotonic`` and ``time.sleep`` in this client's waits (``wait=True``
    included), for tests that must not sleep.

    One client may be shared by threads, like the boto3 client it wraps: each
    call keeps its request, idempotency token, pages and wait deadline to
    itself. As with boto3, iterate a listing in the thread that started it.

    ``strict=True`` makes the client reject a response that holds members its
    models lack (a ``ResponseParseError``) instead of ignoring them: meant for
    test suites, to learn early when the service (or an emulator) says more
    than this SDK reads. It applies to this client only, its waiters and
    paged listings included.

    A client built by :meth:`from_session` owns its boto3 client: :meth:`close`,
    or leaving a ``with`` block, closes it, and the SDK client then refuses
    further calls (``RuntimeError``). A boto3 client you passed in stays
    yours: closing the SDK client leaves it, and the SDK client, usable.
    """

    def __init__(
        self,
        boto3_client: Any,
        *,
        accept_language: str | None = None,
        waiter_clock: Callable[[], float] | None = None,
        waiter_sleep: Callable[[float], None] | None = None,
        strict: bool = False,
    ) -> None:
        super().__init__(
            boto3_client,
            accept_language=accept_language,
            waiter_clock=waiter_clock,
            waiter_sleep=waiter_sleep,
            strict=strict,
        )
        # Set by from_session: the boto3 client is the SDK's to close.
        self._owns_client = False

    def close(self) -> None:
        """Close the boto3 client if :meth:`from_session` built it; later calls then fail.

        A boto3 client passed to the constructor is left open (its owner
        closes it). Closing again does nothing.
        """
        if self._owns_client:
            self._transport.close()

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`close` closed the client (only one :meth:`from_session` built)."""
        return self._transport.closed

    def __enter__(self) -> ServiceCatalogClient:
        """Use the client in a ``with`` block that closes it (see :meth:`close`)."""
        if self.is_closed:
            raise RuntimeError(
                "this ServiceCatalogClient is closed and cannot be reopened: build a new one"
            )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the client (see :meth:`close`)."""
        self.close()

    def __repr__(self) -> str:
        """The class and the region, e.g. ``ServiceCatalogClient(region='eu-west-1')``."""
        return f"{type(self).__name__}(region={self._region!r})"

    @classmethod
    def from_session(
        cls,
        session: Any | None = None,
        region_name: str | None = None,
        *,
        retry_mode: Literal["standard", "adaptive"] = RETRY_MODE,
        max_attempts: int = MAX_ATTEMPTS,
        accept_language: str | None = None,
        waiter_clock: Callable[[], float] | None = None,
        waiter_sleep: Callable[[float], None] | None = None,
        strict: bool = False,
        **client_kwargs: Any,
    ) -> ServiceCatalogClient:
        """Build the boto3 client too: botocore retries, timeouts, and the given region.

        ``session`` is a ``boto3.Session``. When omitted, the SDK makes its own,
        whose response parser is faster than botocore's default (epoch
        timestamps straight to UTC datetimes, no copying of JSON it would not
        change; see :mod:`servicecatalog_sdk._parsing`); a session you pass is
        used as it is.
        ``client_kwargs`` go to ``session.client`` (``endpoint_url``, ...). A
        ``config`` given there is merged over the SDK's retry and timeout settings.
        ``strict`` is as for the constructor. The client owns the boto3
        client: :meth:`close` (or the end of a ``with`` block) closes it.
        """
        config = sdk_config(retry_mode, max_attempts, client_kwargs.pop("config", None))
        if session is None:
            from servicecatalog_sdk._parsing import sdk_session

            session = sdk_session()
        client = session.client(
            "servicecatalog", region_name=region_name, config=config, **client_kwargs
        )
        sc = cls(
            client,
            accept_language=accept_language,
            waiter_clock=waiter_clock,
            waiter_sleep=waiter_sleep,
            strict=strict,
        )
        sc._owns_client = True
        return sc
