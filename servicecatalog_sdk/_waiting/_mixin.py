"""The waiters as client methods (kept light: the machinery loads on first wait)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from servicecatalog_sdk._waiting._protocol import WaiterClient
from servicecatalog_sdk._waiting._settings import (
    DEFAULT_TIMEOUT,
    MAX_DELAY,
    MIN_DELAY,
    Clock,
    Sleep,
    Timeout,
)

if TYPE_CHECKING:
    from servicecatalog_sdk._waiting._fleet import FleetObservation
    from servicecatalog_sdk.models import (
        AccessLevelFilter,
        DescribeProvisionedProductOutput,
        DescribeRecordOutput,
        ProvisionedProductDetail,
    )

__all__ = ["WaiterMixin"]


class WaiterMixin:
    """The waiters as client methods; each delegates to the function of the same name.

    A ``clock`` or ``sleep`` not given to a call falls back to the client's own
    ``waiter_clock`` / ``waiter_sleep`` (``None``: the ``time`` module's).
    """

    def wait_for_record(
        self: WaiterClient,
        record_id: str,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeRecordOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> DescribeRecordOutput:
        """Wait until the record is ``SUCCEEDED``; see :func:`wait_for_record`."""
        from servicecatalog_sdk._waiting._single import wait_for_record

        return wait_for_record(
            self,
            record_id,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock if clock is not None else self.waiter_clock,
            sleep=sleep if sleep is not None else self.waiter_sleep,
        )

    def wait_for_provisioned_product(
        self: WaiterClient,
        *,
        id: str | None = None,
        name: str | None = None,
        record_id: str | None = None,
        accept_tainted: bool = False,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProvisionedProductOutput], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> DescribeProvisionedProductOutput:
        """Wait until the product is ``AVAILABLE``; see :func:`wait_for_provisioned_product`."""
        from servicecatalog_sdk._waiting._single import wait_for_provisioned_product

        return wait_for_provisioned_product(
            self,
            id=id,
            name=name,
            record_id=record_id,
            accept_tainted=accept_tainted,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock if clock is not None else self.waiter_clock,
            sleep=sleep if sleep is not None else self.waiter_sleep,
        )

    def wait_for_termination(
        self: WaiterClient,
        *,
        id: str | None = None,
        name: str | None = None,
        record_id: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[DescribeProvisionedProductOutput | None], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        """Wait until the product is gone; see :func:`wait_for_termination`."""
        from servicecatalog_sdk._waiting._single import wait_for_termination

        wait_for_termination(
            self,
            id=id,
            name=name,
            record_id=record_id,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock if clock is not None else self.waiter_clock,
            sleep=sleep if sleep is not None else self.waiter_sleep,
        )

    def wait_for_provisioned_products(
        self: WaiterClient,
        ids: Iterable[str],
        *,
        record_ids: Mapping[str, str] | None = None,
        accept_tainted: bool = False,
        access_level_filter: AccessLevelFilter | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        on_poll: Callable[[FleetObservation], object] | None = None,
        min_delay: float = MIN_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> Mapping[str, ProvisionedProductDetail]:
        """Wait until every product settles; see :func:`wait_for_provisioned_products`."""
        from servicecatalog_sdk._waiting._fleet import wait_for_provisioned_products

        return wait_for_provisioned_products(
            self,
            ids,
            record_ids=record_ids,
            accept_tainted=accept_tainted,
            access_level_filter=access_level_filter,
            timeout=timeout,
            on_poll=on_poll,
            min_delay=min_delay,
            max_delay=max_delay,
            clock=clock if clock is not None else self.waiter_clock,
            sleep=sleep if sleep is not None else self.waiter_sleep,
        )
