"""Block until a Service Catalog change is really done.

ProvisionProduct, UpdateProvisionedProduct and TerminateProvisionedProduct
return at once with a record; these functions poll until the change settles::

    from servicecatalog_sdk import waiters

    out = sc.provision_product(...)
    done = waiters.wait_for_record(sc, out.record_detail.record_id, timeout=1800)

:class:`WaiterMixin` gives a client the same functions as methods
(``sc.wait_for_record(record_id)``), and so do the waiters of the other
asynchronous operations: products and provisioning artifacts being created,
product copies, provisioned product plans, organization portfolio shares and
AWS Organizations access. A function called with a client uses that client's
``waiter_clock`` and ``waiter_sleep`` unless it is given its own. Polls back off
exponentially with equal jitter (a random pause in ``[d/2, d]``, ``d`` doubling
from :data:`MIN_DELAY` to :data:`MAX_DELAY`); every wait ends by its timeout
(default :data:`DEFAULT_TIMEOUT`) with
:class:`~servicecatalog_sdk.errors.WaiterTimeoutError`. Throttling and server
faults during a wait are retried, never fatal before the deadline, and never
past it: botocore's own retries of a poll stop where a retry could start after
the deadline, so a wait whose every poll is throttled ends within about one
request of its timeout, the last failure chained.

The record and provisioned-product waits read the change's history once, at
the caller's ``User`` access level unless told ``history_access_level="Account"``
(or the client's ``waiter_history_access_level``); a refused read turns that
history off for the client. ``on_poll`` is a plain function here: a coroutine
function is a ``TypeError`` (the asyncio client awaits one).

Each waiter is declared once (``servicecatalog_sdk/_waiting/_declarations.py``);
these functions, the client methods and ``wait=True`` all run that declaration.
"""

from __future__ import annotations

from servicecatalog_sdk._waiting._fleet import FleetObservation
from servicecatalog_sdk._waiting._forms import (
    WaiterMixin,
    wait_for_copy_product,
    wait_for_organizations_access,
    wait_for_portfolio_share,
    wait_for_product,
    wait_for_provisioned_product,
    wait_for_provisioned_product_plan,
    wait_for_provisioned_products,
    wait_for_provisioning_artifact,
    wait_for_record,
    wait_for_termination,
)
from servicecatalog_sdk._waiting._protocol import WaiterClient
from servicecatalog_sdk._waiting._settings import (
    DEFAULT_TIMEOUT,
    MAX_DELAY,
    MIN_DELAY,
    NOT_FOUND_RETRIES,
    Clock,
    Sleep,
    Timeout,
)
from servicecatalog_sdk.errors import ProvisionedProductsFailedError

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_DELAY",
    "MIN_DELAY",
    "NOT_FOUND_RETRIES",
    "Clock",
    "FleetObservation",
    "ProvisionedProductsFailedError",
    "Sleep",
    "Timeout",
    "WaiterClient",
    "WaiterMixin",
    "wait_for_copy_product",
    "wait_for_organizations_access",
    "wait_for_portfolio_share",
    "wait_for_product",
    "wait_for_provisioned_product",
    "wait_for_provisioned_product_plan",
    "wait_for_provisioned_products",
    "wait_for_provisioning_artifact",
    "wait_for_record",
    "wait_for_termination",
]
