"""Clients in the target accounts: one per (account, region), adaptive retries."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from servicecatalog_sdk.client import ServiceCatalogClient

__all__ = ["Clients", "RoleError"]

_SESSION_NAME = "servicecatalog-rollout"

_C = TypeVar("_C")


class RoleError(Exception):
    """The target account cannot be reached: the role cannot be assumed, or no role was given."""


class Clients:
    """Builds and keeps the clients of a rollout; safe to share between threads.

    With a ``role``, each target account is reached through
    ``arn:aws:iam::ACCOUNT:role/ROLE`` assumed with the caller's credentials;
    without one, only the caller's own account is a valid target. Every
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
            from botocore.exceptions import BotoCoreError, ClientError

            from servicecatalog_sdk._parsing import sdk_session

            arn = f"arn:aws:iam::{account}:role/{self._role}"
            with self._caller_lock:
                sts = self._caller_sts()
            try:
                creds = sts.assume_role(RoleArn=arn, RoleSessionName=_SESSION_NAME)["Credentials"]
            except (ClientError, BotoCoreError) as exc:
                raise RoleError(f"cannot assume {arn}: {exc}") from None
            session = sdk_session(
                aws_access_key_id=creds["AccessKeyId"],
                aws_secret_access_key=creds["SecretAccessKey"],
                aws_session_token=creds["SessionToken"],
            )
        self._sessions[account] = session
        return session

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
