"""Clients in the target accounts: one per (account, region), adaptive retries."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from servicecatalog_sdk.client import ServiceCatalogClient

__all__ = ["Clients", "RoleError"]

_SESSION_NAME = "servicecatalog-rollout"

_C = TypeVar("_C")


class RoleError(Exception):
    """The target account cannot be reached: the role cannot be assumed, or no role was given."""


def _botocore_now() -> datetime:
    # botocore's own clock, looked up at call time: its AssumeRole fetcher
    # decides with it whether its cached keys are stale, and the credentials'
    # refresh must agree with that decision (and tests move it).
    import botocore.credentials

    now: datetime = botocore.credentials._local_now()
    return now


class Clients:
    """Builds and keeps the clients of a rollout; safe to share between threads.

    With a ``role``, each target account is reached through
    ``arn:aws:iam::ACCOUNT:role/ROLE`` assumed with the caller's credentials:
    once when the account is first reached (so a role that cannot be assumed
    is a :class:`RoleError` then), and again by botocore shortly before each
    role session expires (an hour by default), so a rollout may outlast it.
    Without a role, only the caller's own account is a valid target. Every
    Service Catalog client uses botocore's ``adaptive`` retry mode, whose
    client-side rate limiter slows down when the service throttles.

    Different accounts are reached and their clients built in parallel; the
    sessions of the accounts share botocore's parsed data files, so only the
    first client of the process parses the endpoints and the service model.
    """

    def __init__(self, role: str | None, *, session: Any | None = None) -> None:
        """``session`` is a ``boto3.Session`` for the caller (default: a new one)."""
        import boto3

        self._role = role
        self._session = session if session is not None else boto3.Session()
        # Guards the tables only; nothing slow runs while it is held.
        self._lock = threading.Lock()
        # boto3 sessions are not thread-safe: each is used under its own lock
        # (the caller's session under _caller_lock, an account's under its
        # entry in _account_locks), so one account waits only for itself.
        self._caller_lock = threading.Lock()
        self._account_locks: dict[str, threading.Lock] = {}
        self._sessions: dict[str, Any] = {}
        self._sc: dict[tuple[str, str], ServiceCatalogClient] = {}
        self._cfn: dict[tuple[str, str], Any] = {}
        self._caller: str | None = None
        self._sts: Any = None

    def caller_account(self) -> str:
        """The caller's account id (STS ``GetCallerIdentity``, read once)."""
        with self._caller_lock:
            if self._caller is None:
                self._caller = str(self._caller_sts().get_caller_identity()["Account"])
            return self._caller

    def organizations(self) -> Any:
        """A boto3 Organizations client in the caller's account."""
        with self._caller_lock:
            return self._session.client("organizations", region_name="us-east-1")

    def _caller_sts(self) -> Any:
        # Called with _caller_lock held; the client itself is thread-safe.
        if self._sts is None:
            self._sts = self._session.client("sts")
        return self._sts

    def _account_lock(self, account: str) -> threading.Lock:
        if self._role is None:
            return self._caller_lock  # the account's session is the caller's
        with self._lock:
            return self._account_locks.setdefault(account, threading.Lock())

    def _account_session(self, account: str) -> Any:
        # Called with the account's lock held.
        if account in self._sessions:
            return self._sessions[account]
        if self._role is None:
            if account != self._caller:
                raise RoleError(
                    f"no role given: only the caller's account {self._caller} can be reached"
                )
            session = self._session
        else:
            from servicecatalog_sdk._parsing import sdk_session

            credentials = self._role_credentials(f"arn:aws:iam::{account}:role/{self._role}")
            session = sdk_session()
            # botocore takes no refreshable credentials through its constructor
            # arguments (only static keys); its session uses the object set here
            # for every client it makes, and those clients read it at signing time.
            session._session._credentials = credentials
        self._sessions[account] = session
        return session

    def _role_credentials(self, arn: str) -> Any:
        """Credentials of the role ``arn`` that botocore assumes again before they expire.

        The first AssumeRole runs here, eagerly; later ones run in whichever
        call of the account's clients finds the keys close to expiry (botocore's
        refresh lock makes that one call per account, the others wait or go on
        with the still-valid keys).
        """
        from botocore.credentials import AssumeRoleCredentialFetcher, RefreshableCredentials
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
        from botocore.utils import parse_timestamp

        with self._caller_lock:
            source = self._session.get_credentials()
        if source is None:
            raise RoleError(f"cannot assume {arn}: {NoCredentialsError()}")
        fetcher = AssumeRoleCredentialFetcher(
            client_creator=self._sts_for_fetcher,
            source_credentials=source,
            role_arn=arn,
            extra_args={"RoleSessionName": _SESSION_NAME},
        )
        try:
            first = fetcher.fetch_credentials()
        except (ClientError, BotoCoreError) as exc:
            raise RoleError(f"cannot assume {arn}: {exc}") from None
        # Built directly rather than by create_from_metadata, which cannot be
        # given a clock: its default is botocore's clock as bound at import.
        return RefreshableCredentials(
            access_key=first["access_key"],
            secret_key=first["secret_key"],
            token=first["token"],
            expiry_time=parse_timestamp(first["expiry_time"]),
            refresh_using=fetcher.fetch_credentials,
            method="assume-role",
            time_fetcher=_botocore_now,
            account_id=first.get("account_id"),
        )

    def _sts_for_fetcher(self, service_name: str, **_credentials: Any) -> Any:
        # The fetcher asks for an STS client signed with the caller's current
        # keys; the caller's one STS client is exactly that, and sharing it
        # spares a client per account and per refresh.
        with self._caller_lock:
            return self._caller_sts()

    def _client(
        self,
        table: dict[tuple[str, str], _C],
        account: str,
        region: str,
        make: Callable[[Any], _C],
    ) -> _C:
        # Exactly one client per (account, region): it is built under the
        # account's lock, and looked up again once that lock is held.
        key = (account, region)
        with self._lock:
            if key in table:
                return table[key]
        with self._account_lock(account):
            with self._lock:
                if key in table:
                    return table[key]
            client = make(self._account_session(account))
            with self._lock:
                table[key] = client
            return client

    def servicecatalog(self, account: str, region: str) -> ServiceCatalogClient:
        """The Service Catalog client of the target (raises :class:`RoleError`)."""
        if self._role is None:
            self.caller_account()

        def make(session: Any) -> ServiceCatalogClient:
            return ServiceCatalogClient.from_session(
                session, region_name=region, retry_mode="adaptive"
            )

        return self._client(self._sc, account, region, make)

    def cloudformation(self, account: str, region: str) -> Any:
        """A boto3 CloudFormation client of the target, for reading stack parameters."""
        if self._role is None:
            self.caller_account()

        def make(session: Any) -> Any:
            from botocore.config import Config

            return session.client(
                "cloudformation",
                region_name=region,
                config=Config(retries={"mode": "adaptive", "total_max_attempts": 10}),
            )

        return self._client(self._cfn, account, region, make)

    def close(self) -> None:
        """Close the Service Catalog clients."""
        with self._lock:
            clients = list(self._sc.values())
            self._sc.clear()
        for client in clients:
            client.close()
