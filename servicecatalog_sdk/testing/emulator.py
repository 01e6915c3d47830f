"""``ServiceCatalogEmulator``: a local AWS Service Catalog on moto, for tests and demos."""

from __future__ import annotations

import json
import logging
import os
import random
import time
import urllib.request
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from . import _moto_corrections
from ._dispatch import Session, activate, deactivate
from ._faults import FaultPlan
from ._front import install, uninstall
from ._server import LocalServer
from ._virtual_time import (
    retry_on_virtual_time,
    virtual_async_sleep,
    virtual_clock,
    virtual_sleep,
)
from ._visibility import find_product

if TYPE_CHECKING:
    from servicecatalog_sdk.aio import AsyncServiceCatalogClient
    from servicecatalog_sdk.client import ServiceCatalogClient

# Credentials for moto: it accepts any, and fixed fake ones guarantee a stray
# request can never be signed with a developer's real keys.
FAKE_ACCESS_KEY = "testing"
FAKE_SECRET_KEY = "testing"
#: The account the emulator's clients act as unless told otherwise (moto's default).
DEFAULT_ACCOUNT_ID = "123456789012"
# moto serves a request for the account this header names (moto's multi-account
# feature); without it, the account is found from the request's access key.
_ACCOUNT_HEADER = "x-moto-account-id"
TEMPLATE_BUCKET = "servicecatalog-emulator-templates"
# The portfolio grant_access() puts products in when they are in none yet.
_ACCESS_PORTFOLIO = "Emulator access"


_session: Any = None


def _boto3_session() -> Any:
    # One session for every emulator: a new one reloads botocore's endpoint data,
    # which costs more than everything else a short test does.
    global _session
    if _session is None:
        import boto3

        _session = boto3.session.Session(
            aws_access_key_id=FAKE_ACCESS_KEY, aws_secret_access_key=FAKE_SECRET_KEY
        )
    return _session


def _monotonic() -> float:
    # time.monotonic read at call time, so a test that patches it is obeyed.
    return time.monotonic()


def _act_as_in(session: Any, account_id: str) -> None:
    """Make every request of the clients ``session`` creates act as ``account_id``."""

    def add_header(request: Any, **_: Any) -> None:
        request.headers[_ACCOUNT_HEADER] = account_id

    session.register("before-sign.servicecatalog", add_header)


def _retry_on_virtual_time(client: Any) -> None:
    # First, ahead of botocore's own retry handler (whose answer it overrides).
    client.meta.events.register_first(
        "needs-retry.servicecatalog",
        retry_on_virtual_time,
        unique_id="servicecatalog-emulator-virtual-retries",
    )


def _check_account(account_id: str) -> str:
    if len(account_id) != 12 or not account_id.isdigit():
        raise ValueError(f"account_id must be 12 digits, got {account_id!r}")
    return account_id


def _act_as(client: Any, account_id: str) -> None:
    """Make every request of the boto3 ``client`` act as ``account_id``."""

    def add_header(request: Any, **_: Any) -> None:
        request.headers[_ACCOUNT_HEADER] = account_id

    client.meta.events.register_first("before-sign.*.*", add_header)


class ServiceCatalogEmulator:
    """A local Service Catalog: moto plus the provisioning lifecycle moto lacks.

    Use it as a context manager. In-process (``server=False``) it runs under moto's
    ``mock_aws``; with ``server=True`` it starts moto's threaded server on
    127.0.0.1 on a free port, reachable by other processes at :attr:`endpoint_url`.
    Records move CREATED -> IN_PROGRESS -> SUCCEEDED/FAILED after
    ``in_progress_polls`` observations (DescribeRecord, DescribeProvisionedProduct,
    ScanProvisionedProducts, SearchProvisionedProducts), so tests need no sleeping.
    With ``stale_reads=N``, the next N DescribeProvisionedProduct calls after an
    update or a termination still show the product as it was (AVAILABLE, the
    old last record), as AWS's eventually consistent reads can: a waiter must
    not take that for the end of the change.
    Both knobs can be changed while the emulator runs and apply from the next
    request on.
    Clients from :meth:`boto3_client` and :meth:`client` act as account
    ``123456789012`` unless given another ``account_id``; each account has its
    own products, portfolios and provisioned products.
    Only one emulator can run at a time in a process. The emulator reads and
    answers Service Catalog requests itself (moto serves the other services);
    in-process, moto's route for Service Catalog points at it only while it runs.
    """

    def __init__(
        self,
        *,
        server: bool = False,
        in_progress_polls: int = 2,
        stale_reads: int = 0,
        region_name: str = "us-east-1",
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Callable[[], float] | None = None,
        unstable_order: bool = False,
        change_seconds: float | None = None,
        enforce_access: bool = True,
    ) -> None:
        self.server = server
        self.region_name = region_name
        #: Where server mode listens; port 0 picks a free port.
        self.host = host
        self.port = port
        # The emulator's own sense of time (rate limits, change_seconds): read
        # through time.monotonic at call time unless given.
        self._plan = FaultPlan(clock)
        self._session = Session(self._plan, 0, 0, clock or _monotonic)
        self.change_seconds = change_seconds
        self.enforce_access = enforce_access
        self.in_progress_polls = in_progress_polls
        self.stale_reads = stale_reads
        self.unstable_order = unstable_order
        self._mock: Any = None
        self._server: Any = None
        self._endpoint_url: str | None = None
        self._clients: dict[tuple[str, str, str], Any] = {}
        self._sdk_clients: dict[tuple[str, str], ServiceCatalogClient] = {}
        self._template_count = 0
        self._werkzeug_level: int | None = None

    # -- knobs -------------------------------------------------------------------

    @property
    def in_progress_polls(self) -> int:
        """How many observations a change spends IN_PROGRESS; settable while running."""
        return self._session.in_progress_polls

    @in_progress_polls.setter
    def in_progress_polls(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError("in_progress_polls must be an integer >= 0")
        self._session.in_progress_polls = value

    @property
    def stale_reads(self) -> int:
        """How many reads after a change still show the old state; settable while running."""
        return self._session.stale_reads

    @stale_reads.setter
    def stale_reads(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError("stale_reads must be an integer >= 0")
        self._session.stale_reads = value

    @property
    def enforce_access(self) -> bool:
        """Whether end users see and launch only what a portfolio grants them (default).

        As on AWS, ``SearchProducts``, ``DescribeProduct``, ``ProvisionProduct``,
        ``CreateProvisionedProductPlan`` and the other end-user operations see a
        product only through a portfolio of the caller's account whose principals
        match the caller; otherwise ``ResourceNotFoundException`` or an empty list.
        ``False`` lets every caller use every product, as the emulator did before
        1.1. Settable while running.
        """
        return self._session.enforce_access

    @enforce_access.setter
    def enforce_access(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise ValueError("enforce_access must be True or False")
        self._session.enforce_access = value

    @property
    def change_seconds(self) -> float | None:
        """Seconds after which a change ends whether read or not; None: only by reads.

        For tools that sleep between polls instead of polling (Terraform, a shell
        loop): with ``change_seconds=30`` a change is done 30 s after it started
        (of the emulator's ``clock``), at the first request that arrives after
        that; ``in_progress_polls`` reads still end it sooner. Settable while running.
        """
        return self._session.change_seconds

    @change_seconds.setter
    def change_seconds(self, value: float | None) -> None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0
        ):
            raise ValueError("change_seconds must be a number >= 0, or None")
        self._session.change_seconds = None if value is None else float(value)

    @property
    def unstable_order(self) -> bool:
        """Whether SearchProvisionedProducts without ``SortBy`` answers in a shuffled order.

        Off by default. AWS promises no order without ``SortBy``, so paging code
        that relies on one can skip or repeat items in production; turn this on
        (settable while running; the shuffle is seeded, so runs repeat) to find it.
        """
        return self._session.unstable_order is not None

    @unstable_order.setter
    def unstable_order(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise ValueError("unstable_order must be True or False")
        self._session.unstable_order = random.Random(0) if value else None

    # -- lifecycle -------------------------------------------------------------

    def __enter__(self) -> ServiceCatalogEmulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start serving, from an empty catalog; a stopped emulator can be started again."""
        activate(self._session)
        # A restart begins as new: no templates uploaded, no faults, no counts.
        self._template_count = 0
        self._plan.clear()
        self._plan.calls.clear()
        try:
            _moto_corrections.apply()
            if self.server:
                # werkzeug logs every request to stderr, which drowns a demo's output.
                werkzeug_logger = logging.getLogger("werkzeug")
                self._werkzeug_level = werkzeug_logger.level
                werkzeug_logger.setLevel(logging.WARNING)
                self._server = LocalServer(self.host, self.port)
                self._server.start()
                host, port = self._server.host_and_port()
                self._endpoint_url = f"http://{host}:{port}"
                self._reset_server()
            else:
                from moto import mock_aws

                install()
                self._mock = mock_aws()
                self._mock.start()
        except BaseException:  # whatever stopped the start (even Ctrl-C): undo it, then re-raise
            uninstall()
            _moto_corrections.undo()
            deactivate(self._session)
            raise

    def stop(self) -> None:
        """Stop moto and drop every resource the emulator held."""
        try:
            if self._server is not None:
                try:
                    self._reset_server()
                finally:
                    self._server.stop()
            elif self._mock is not None:
                self._mock.stop()
        finally:
            if self._werkzeug_level is not None:
                logging.getLogger("werkzeug").setLevel(self._werkzeug_level)
                self._werkzeug_level = None
            self._server = self._mock = self._endpoint_url = None
            self._clients.clear()
            self._sdk_clients.clear()
            uninstall()
            _moto_corrections.undo()
            deactivate(self._session)

    def _reset_server(self) -> None:
        # moto's public reset endpoint; no proxy may stand between us and 127.0.0.1.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(f"{self._endpoint_url}/moto-api/reset", method="POST")
        with opener.open(request, timeout=10):
            pass

    # -- where it is -----------------------------------------------------------

    @property
    def endpoint_url(self) -> str | None:
        """``http://127.0.0.1:PORT`` in server mode while running; None in-process."""
        return self._endpoint_url

    def environment(self) -> dict[str, str]:
        """Environment variables that point a boto3 program in another process here."""
        if self._endpoint_url is None:
            raise RuntimeError("Only a running server-mode emulator is reachable from outside")
        return {
            "AWS_ENDPOINT_URL": self._endpoint_url,
            "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
            "AWS_DEFAULT_REGION": self.region_name,
            "AWS_REGION": self.region_name,
            "NO_PROXY": "127.0.0.1,localhost," + os.environ.get("NO_PROXY", ""),
        }

    # -- clients ---------------------------------------------------------------

    def boto3_client(
        self,
        service: str = "servicecatalog",
        *,
        account_id: str | None = None,
        region_name: str | None = None,
    ) -> Any:
        """A boto3 client for ``service`` (servicecatalog, s3, cloudformation, ...) bound here.

        It acts as ``account_id`` (default ``123456789012``) in ``region_name``
        (default the emulator's); each account and region has a catalog of its own.
        """
        if self._mock is None and self._server is None:
            raise RuntimeError("The emulator is not running; use it as a context manager")
        account = _check_account(account_id or DEFAULT_ACCOUNT_ID)
        region = region_name or self.region_name
        if (service, account, region) not in self._clients:
            from botocore.config import Config

            options: dict[str, Any] = {}
            if self._endpoint_url is not None:
                options["endpoint_url"] = self._endpoint_url
                # proxies={} stops botocore from routing 127.0.0.1 through an HTTP(S)_PROXY.
                options["config"] = Config(proxies={}, s3={"addressing_style": "path"})
            client = _boto3_session().client(
                service,
                region_name=region,
                aws_access_key_id=FAKE_ACCESS_KEY,
                aws_secret_access_key=FAKE_SECRET_KEY,
                **options,
            )
            if account != DEFAULT_ACCOUNT_ID:
                _act_as(client, account)
            self._clients[(service, account, region)] = client
        return self._clients[(service, account, region)]

    def client(
        self, *, account_id: str | None = None, region_name: str | None = None
    ) -> ServiceCatalogClient:
        """The SDK's typed ``ServiceCatalogClient`` bound here, acting as ``account_id``.

        It acts in ``region_name`` (default the emulator's region).

        Built by :meth:`ServiceCatalogClient.from_session`, like a production
        client (timeouts, UTC timestamps). Its waits and botocore's retries run on
        virtual time, which moves only when they pause: the emulator moves on per
        observation, not per second, so a test of ``wait=True`` code runs at full
        speed, and a wait on a change that never ends still ends with
        ``WaiterTimeoutError`` after its (virtual) timeout, in a bounded number of
        polls. botocore retries a throttled or failed request as for an SDK-built
        client (``MAX_ATTEMPTS`` attempts), its pauses on virtual time too. It is strict
        (``strict=True``): a response member the models lack fails the test
        instead of being dropped. For a lenient one, wrap :meth:`boto3_client`
        in ``ServiceCatalogClient`` yourself.
        """
        if self._mock is None and self._server is None:
            raise RuntimeError("The emulator is not running; use it as a context manager")
        account = _check_account(account_id or DEFAULT_ACCOUNT_ID)
        region = region_name or self.region_name
        cached = self._sdk_clients.get((account, region))
        if cached is None or cached.is_closed:  # a test may close the one it was given
            from botocore.config import Config

            from servicecatalog_sdk.client import ServiceCatalogClient

            options: dict[str, Any] = {}
            if self._endpoint_url is not None:
                options = {"endpoint_url": self._endpoint_url, "config": Config(proxies={})}
            sdk_client = ServiceCatalogClient.from_session(
                region_name=region,
                aws_access_key_id=FAKE_ACCESS_KEY,
                aws_secret_access_key=FAKE_SECRET_KEY,
                waiter_clock=virtual_clock,
                waiter_sleep=virtual_sleep,
                strict=True,
                **options,
            )
            _retry_on_virtual_time(sdk_client.raw)
            if account != DEFAULT_ACCOUNT_ID:
                _act_as(sdk_client.raw, account)
            self._sdk_clients[(account, region)] = sdk_client
        return self._sdk_clients[(account, region)]

    def async_client(
        self, *, account_id: str | None = None, region_name: str | None = None
    ) -> AsyncServiceCatalogClient:
        """An :class:`~servicecatalog_sdk.aio.AsyncServiceCatalogClient` bound here (server mode).

        Open it with ``async with emu.async_client() as sc:``; like :meth:`client`
        it is strict, acts as ``account_id`` and waits on virtual time. It needs
        ``server=True`` (aiobotocore talks HTTP to the emulator's server) and the
        ``async`` extra. Each call returns a new client for the caller's event loop.
        """
        if self._endpoint_url is None:
            raise RuntimeError("async_client() needs a running emulator with server=True")
        account = _check_account(account_id or DEFAULT_ACCOUNT_ID)
        from aiobotocore.session import get_session
        from botocore.config import Config

        from servicecatalog_sdk.aio import AsyncServiceCatalogClient

        session = get_session()
        if account != DEFAULT_ACCOUNT_ID:
            _act_as_in(session, account)
        # The asyncio client's boto3-level client exists only once it is opened, so
        # the retry handler goes on the session, which every client it makes copies.
        session.register("needs-retry.servicecatalog", retry_on_virtual_time)
        return AsyncServiceCatalogClient.from_session(
            session,
            region_name or self.region_name,
            endpoint_url=self._endpoint_url,
            config=Config(proxies={}),
            aws_access_key_id=FAKE_ACCESS_KEY,
            aws_secret_access_key=FAKE_SECRET_KEY,
            waiter_clock=virtual_clock,
            waiter_sleep=virtual_async_sleep,
            strict=True,
        )

    # -- templates -------------------------------------------------------------

    def upload_template(self, template: Mapping[str, Any] | str, name: str | None = None) -> str:
        """Put a CloudFormation template in moto S3; return a URL for ``LoadTemplateFromURL``."""
        s3 = self.boto3_client("s3")
        if not self._template_count:
            options: dict[str, Any] = {}
            if self.region_name != "us-east-1":
                options["CreateBucketConfiguration"] = {"LocationConstraint": self.region_name}
            s3.create_bucket(Bucket=TEMPLATE_BUCKET, **options)
        self._template_count += 1
        key = name or f"templates/template-{self._template_count}.json"
        body = template if isinstance(template, str) else json.dumps(template, indent=2)
        s3.put_object(Bucket=TEMPLATE_BUCKET, Key=key, Body=body.encode("utf-8"))
        if self._endpoint_url is not None:
            return f"{self._endpoint_url}/{TEMPLATE_BUCKET}/{key}"
        return f"https://{TEMPLATE_BUCKET}.s3.amazonaws.com/{key}"

    def add_marketplace_product(
        self,
        name: str,
        *,
        owner: str = "AWS Marketplace",
        artifact_types: tuple[str, ...] = ("MARKETPLACE_AMI", "MARKETPLACE_CAR"),
        description: str | None = None,
        account_id: str | None = None,
    ) -> str:
        """Seed a ``MARKETPLACE`` product, as a Marketplace subscription adds one; return its id.

        It gets one version per entry of ``artifact_types`` (``MARKETPLACE_AMI`` or
        ``MARKETPLACE_CAR``), named ``v1``, ``v2``, ..., without a template.
        ``SearchProductsAsAdmin(ProductSource="ACCOUNT")`` leaves it out, as AWS does.
        """
        if self._mock is None and self._server is None:
            raise RuntimeError("The emulator is not running; use it as a context manager")
        from ._backend import backend_for
        from ._copies import add_marketplace_product

        backend = backend_for(_check_account(account_id or DEFAULT_ACCOUNT_ID), self.region_name)
        product = add_marketplace_product(
            backend, name, owner=owner, artifact_types=artifact_types, description=description
        )
        return product.id

    # -- faults and counts -------------------------------------------------------

    def caller_arn(self, account_id: str | None = None) -> str:
        """The IAM identity the emulator's own clients act as in ``account_id``.

        Requests signed with the emulator's fake keys (its clients', the pytest
        fixture's environment) act as this user; requests signed with keys from
        the emulator's STS act as the role they assumed. Associate it with a
        portfolio (``PrincipalType="IAM"``) to grant the emulator's clients access,
        or call :meth:`grant_access`.
        """
        from ._access import default_identity

        account = _check_account(account_id or DEFAULT_ACCOUNT_ID)
        return default_identity(account).arn

    def grant_access(
        self,
        product_id: str,
        *,
        principal_arn: str | None = None,
        portfolio_id: str | None = None,
        account_id: str | None = None,
        region_name: str | None = None,
    ) -> str:
        """Let ``principal_arn`` (default :meth:`caller_arn`) launch a product; return the portfolio.

        The setup AWS requires before an end user can see or launch a product, in
        one call: the product goes into a portfolio of ``account_id`` and the
        principal (an IAM ARN) is associated with it. The portfolio is
        ``portfolio_id`` if given, else the one portfolio of the account that
        already holds the product, else a portfolio named "Emulator access" (made
        once per account and region). Granting again changes nothing.
        """
        if self._mock is None and self._server is None:
            raise RuntimeError("The emulator is not running; use it as a context manager")
        from ._backend import backend_for
        from ._dispatch import locked
        from ._portfolios import associate_product, create_portfolio
        from ._principals import associate_principal

        account = _check_account(account_id or DEFAULT_ACCOUNT_ID)
        principal = principal_arn or self.caller_arn(account)
        with locked():
            backend = backend_for(account, region_name or self.region_name)
            product = find_product(backend, product_id)
            if portfolio_id is None:
                holding = [p.id for p in backend.portfolios.values() if product.id in p.products]
                if len(holding) > 1:
                    raise ValueError(
                        f"Product {product.id} is in {len(holding)} portfolios of account "
                        f"{account}: pass portfolio_id"
                    )
                named = [
                    p.id for p in backend.portfolios.values() if p.display_name == _ACCESS_PORTFOLIO
                ]
                portfolio_id = next(iter(holding or named), None)
            if portfolio_id is None:
                created = create_portfolio(
                    backend,
                    {"DisplayName": _ACCESS_PORTFOLIO, "ProviderName": "servicecatalog-emulator"},
                )
                portfolio_id = str(created["PortfolioDetail"]["Id"])
            associate_product(backend, {"ProductId": product.id, "PortfolioId": portfolio_id})
            associate_principal(
                backend,
                {"PortfolioId": portfolio_id, "PrincipalARN": principal, "PrincipalType": "IAM"},
            )
        return portfolio_id

    def fail_next_change(
        self,
        provisioned_product_name: str,
        message: str,
        *,
        account_id: str | None = None,
        region_name: str | None = None,
    ) -> None:
        """Make the next change of the named provisioned product fail with ``message``.

        The next ProvisionProduct (the name need not exist yet), UpdateProvisionedProduct,
        TerminateProvisionedProduct or plan execution for that name in ``account_id``
        (default ``123456789012``) and ``region_name`` (default the emulator's)
        does no work and ends ``FAILED``, with ``message``
        as its record error. A failed first launch leaves the product ``ERROR``; a
        failed update shows ``IN_PROGRESS_IN_ERROR`` first (the rollback), then
        ``FAILED``, and leaves it ``TAINTED``, as CloudFormation's rollback does. Only
        the next change fails; the one after runs normally.
        """
        if self._mock is None and self._server is None:
            raise RuntimeError("The emulator is not running; use it as a context manager")
        if not provisioned_product_name or not message:
            raise ValueError("provisioned_product_name and message must not be empty")
        from ._backend import backend_for

        account = _check_account(account_id or DEFAULT_ACCOUNT_ID)
        backend = backend_for(account, region_name or self.region_name)
        backend.planned_failures[provisioned_product_name] = message

    @property
    def calls(self) -> Mapping[str, int]:
        """Service Catalog requests received per operation, faulted ones included."""
        return self._plan.calls

    def inject_fault(self, operation: str, error_code: str, times: int = 1) -> None:
        """Answer the next ``times`` ``operation`` requests with the AWS error ``error_code``.

        ThrottlingException and other client errors come with HTTP 400,
        InternalFailure with 500 and ServiceUnavailable with 503, as from AWS.
        """
        self._plan.inject(operation, error_code, times)

    def throttle(self, rate: float, *, seed: int = 0) -> None:
        """Answer a fraction ``rate`` of requests with ThrottlingException (seeded, repeatable)."""
        self._plan.throttle(rate, seed=seed)

    def rate_limit(
        self,
        operation: str,
        per_second: float,
        *,
        burst: int | None = None,
        account_id: str | None = None,
        region_name: str | None = None,
    ) -> None:
        """Throttle ``operation`` over ``per_second`` requests a second, as an AWS quota does.

        A token bucket per account, region and operation: ``burst`` requests
        (default ``per_second`` rounded up) may come at once, then it refills at
        ``per_second``; a request over it gets HTTP 400 ``ThrottlingException``
        "Rate exceeded". ``account_id`` / ``region_name`` narrow the limit to one
        account or region. Settable while running; :meth:`clear_faults` removes it.
        """
        from ._request_check import operation_names

        if operation not in operation_names():
            raise ValueError(f"{operation!r} is no Service Catalog operation")
        self._plan.rate_limit(
            operation,
            per_second,
            burst=burst,
            account_id=None if account_id is None else _check_account(account_id),
            region_name=region_name,
        )

    def clear_faults(self) -> None:
        """Drop injected faults and rate limits and stop throttling."""
        self._plan.clear()
