"""Clients in the target accounts: one per (account, region), adaptive retries."""

from __future__ import annotations

import threading
from typing import Any

from servicecatalog_sdk.client import ServiceCatalogClient

__all__ = ["Clients", "RoleError"]

_SESSION_NAME = "servicecatalog-rollout"


class RoleError(Exception):
    """The target account cannot be reached: the role cannot be assumed, or no role was given."""


class Clients:
    """Builds and keeps the clients of a rollout.

    With a ``role``, each target account is reached through
    ``arn:aws:iam::ACCOUNT:role/ROLE`` assumed with the caller's credentials;
    without one, only the caller's own account is a valid target. Every
    Service Catalog client uses botocore's ``adaptive`` retry mode, whose
    client-side rate limiter slows down when the service throttles.
    """

    def __init__(self, role: str | None, *, session: Any | None = None) -> None:
        """``session`` is a ``boto3.Session`` for the caller (default: a new one)."""
        import boto3

        self._role = role
        self._session = session if session is not None else boto3.Session()
        self._lock = threading.Lock()
        self._sessions: dict[str, Any] = {}
        self._sc: dict[tuple[str, str], ServiceCatalogClient] = {}
        self._cfn: dict[tuple[str, str], Any] = {}
        self._caller: str | None = None

    def caller_account(self) -> str:
        """The caller's account id (STS ``GetCallerIdentity``, read once)."""
        with self._lock:
            if self._caller is None:
                self._caller = str(self._session.client("sts").get_caller_identity()["Account"])
            return self._caller

    def organizations(self) -> Any:
        """A boto3 Organizations client in the caller's account."""
        with self._lock:
            return self._session.client("organizations", region_name="us-east-1")

    def _account_session(self, account: str) -> Any:
        # Called with the lock held.
        if account in self._sessions:
            return self._sessions[account]
        if self._role is None:
            if account != self._caller:
                raise RoleError(
                    f"no role given: only the caller's account {self._caller} can be reached"
                )
            session = self._session
        else:
            import boto3
            from botocore.exceptions import BotoCoreError, ClientError

            arn = f"arn:aws:iam::{account}:role/{self._role}"
            try:
                creds = self._session.client("sts").assume_role(
                    RoleArn=arn, RoleSessionName=_SESSION_NAME
                )["Credentials"]
            except (ClientError, BotoCoreError) as exc:
                raise RoleError(f"cannot assume {arn}: {exc}") from None
            session = boto3.Session(
                aws_access_key_id=creds["AccessKeyId"],
                aws_secret_access_key=creds["SecretAccessKey"],
                aws_session_token=creds["SessionToken"],
            )
        self._sessions[account] = session
        return session

    def servicecatalog(self, account: str, region: str) -> ServiceCatalogClient:
        """The Service Catalog client of the target (raises :class:`RoleError`)."""
        if self._role is None:
            self.caller_account()
        with self._lock:
            key = (account, region)
            if key not in self._sc:
                session = self._account_session(account)
                self._sc[key] = ServiceCatalogClient.from_session(
                    session, region_name=region, retry_mode="adaptive"
                )
            return self._sc[key]

    def cloudformation(self, account: str, region: str) -> Any:
        """A boto3 CloudFormation client of the target, for reading stack parameters."""
        if self._role is None:
            self.caller_account()
        with self._lock:
            key = (account, region)
            if key not in self._cfn:
                from botocore.config import Config

                session = self._account_session(account)
                self._cfn[key] = session.client(
                    "cloudformation",
                    region_name=region,
                    config=Config(retries={"mode": "adaptive", "total_max_attempts": 10}),
                )
            return self._cfn[key]

    def close(self) -> None:
        """Close the Service Catalog clients."""
        with self._lock:
            for client in self._sc.values():
                client.close()
            self._sc.clear()
