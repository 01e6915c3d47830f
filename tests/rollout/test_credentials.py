"""The rollout's assumed-role credentials: assumed once per account, again before they expire."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.credentials
import moto.sts.models
import pytest
from botocore.awsrequest import AWSResponse

from servicecatalog_sdk.rollout._aws import Clients, RoleError
from servicecatalog_sdk.testing import ServiceCatalogEmulator, _front
from tests.rollout._catalog import PRODUCT, ROLE, make_catalog

A, B = "111111111111", "222222222222"
REGIONS = ["us-east-1", "eu-west-1"]


def _arn(account: str) -> str:
    return f"arn:aws:iam::{account}:role/{ROLE}"


class _Sts:
    """The caller's AssumeRole calls: the role ARNs asked for and the access keys STS issued."""

    def __init__(self, session: Any) -> None:
        self.roles: list[str] = []
        self.keys: dict[str, str] = {}  # access key id -> role ARN
        self.denied: set[str] = set()
        session.events.register("provide-client-params.sts.AssumeRole", self._asked)
        session.events.register("before-call.sts.AssumeRole", self._deny)
        session.events.register("after-call.sts.AssumeRole", self._issued)

    def _asked(self, params: dict[str, Any], **_: Any) -> None:
        self.roles.append(params["RoleArn"])

    def _deny(self, **_: Any) -> Any:
        # AWS's answer when the role's trust policy does not name the caller.
        arn = self.roles[-1]  # of this call: the tests call STS from one thread
        if arn not in self.denied:
            return None
        error = {
            "Error": {
                "Code": "AccessDenied",
                "Message": f"User is not authorized to perform: sts:AssumeRole on resource: {arn}",
            },
            "ResponseMetadata": {"HTTPStatusCode": 403},
        }
        return AWSResponse("https://sts.amazonaws.com/", 403, {}, None), error

    def _issued(self, parsed: dict[str, Any], **_: Any) -> None:
        if "Credentials" in parsed:
            self.keys[parsed["Credentials"]["AccessKeyId"]] = self.roles[-1]


@pytest.fixture
def callers(clients: tuple[Clients, _Sts], monkeypatch: pytest.MonkeyPatch) -> list[_front.Caller]:
    """Who the emulator saw sending each Service Catalog request (its access key among others)."""
    seen: list[_front.Caller] = []
    real = _front.caller_of

    def recording(headers: Any, url: str) -> _front.Caller:
        caller = real(headers, url)
        seen.append(caller)
        return caller

    monkeypatch.setattr(_front, "caller_of", recording)
    return seen


@pytest.fixture
def clients(servicecatalog_emulator: ServiceCatalogEmulator) -> Iterator[tuple[Clients, _Sts]]:
    make_catalog(servicecatalog_emulator, [A, B], REGIONS)
    caller = boto3.Session()  # the fixture's fake keys, from the environment
    sts = _Sts(caller)
    made = Clients(ROLE, session=caller)
    try:
        yield made, sts
    finally:
        made.close()


def _product_names(clients: Clients, account: str, region: str) -> list[str | None]:
    # Granted to the role only: the emulator finds it for the role's keys, not the caller's.
    return [v.name for v in clients.servicecatalog(account, region).search_products()]


class _Clock:
    """One "now" for botocore's credential refresh and for moto's STS, moved by the test.

    moto dates the keys it issues from its own clock: left on real time, keys
    issued "later" would already be near expiry on botocore's moved clock.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = datetime.datetime.now(datetime.timezone.utc)
        monkeypatch.setattr(botocore.credentials, "_local_now", lambda: self.now)
        monkeypatch.setattr(moto.sts.models, "utcnow", lambda: self.now.replace(tzinfo=None))

    def advance(self, minutes: float) -> None:
        self.now += datetime.timedelta(minutes=minutes)


def test_each_account_is_assumed_once_when_first_reached(
    clients: tuple[Clients, _Sts], callers: list[_front.Caller]
) -> None:
    made, sts = clients
    made.servicecatalog(A, REGIONS[0])
    assert sts.roles == [_arn(A)]  # eagerly, before any Service Catalog call

    for account in (A, B):
        for region in REGIONS:
            assert _product_names(made, account, region) == [PRODUCT]
        made.cloudformation(account, REGIONS[1]).list_stacks()
    assert sts.roles == [_arn(A), _arn(B)]
    assert len(callers) == 4
    for caller in callers:
        assert caller.access_key is not None
        assert sts.keys[caller.access_key] == _arn(caller.account)
        assert caller.identity.arn == _arn(caller.account)


def test_keys_near_expiry_are_replaced_by_a_new_assume_role(
    clients: tuple[Clients, _Sts],
    callers: list[_front.Caller],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made, sts = clients
    clock = _Clock(monkeypatch)
    for region in REGIONS:
        assert _product_names(made, A, region) == [PRODUCT]
    first = callers[0].access_key
    assert [c.access_key for c in callers] == [first, first]
    assert sts.roles == [_arn(A)]

    # 40 minutes on, before botocore's refresh windows (from 15 minutes before
    # the hour the keys last): the same keys, no AssumeRole.
    clock.advance(40)
    assert _product_names(made, A, REGIONS[0]) == [PRODUCT]
    assert [c.access_key for c in callers] == [first] * 3
    assert sts.roles == [_arn(A)]

    # 55 minutes on, within botocore's mandatory refresh window: the next call
    # assumes the role again and is signed with the new keys; the account's
    # other region and its CloudFormation client share them.
    clock.advance(15)
    del callers[:]
    for region in REGIONS:
        assert _product_names(made, A, region) == [PRODUCT]
    made.cloudformation(A, REGIONS[0]).list_stacks()
    assert sts.roles == [_arn(A), _arn(A)]
    second = callers[0].access_key
    assert second is not None
    assert second != first
    assert [c.access_key for c in callers] == [second, second]
    assert sts.keys[second] == _arn(A)

    # And they last their own hour: 40 minutes later, still no new AssumeRole.
    clock.advance(40)
    assert _product_names(made, A, REGIONS[1]) == [PRODUCT]
    assert callers[-1].access_key == second
    assert sts.roles == [_arn(A), _arn(A)]


def test_a_role_that_cannot_be_assumed_is_a_role_error_naming_it(
    clients: tuple[Clients, _Sts], callers: list[_front.Caller]
) -> None:
    made, sts = clients
    sts.denied.add(_arn(B))
    with pytest.raises(RoleError, match=rf"^cannot assume {_arn(B)}: .*AccessDenied"):
        made.servicecatalog(B, REGIONS[0])
    with pytest.raises(RoleError, match=rf"^cannot assume {_arn(B)}: "):
        made.cloudformation(B, REGIONS[0])
    assert callers == []  # nothing reached Service Catalog in B
    assert _product_names(made, A, REGIONS[0]) == [PRODUCT]  # the other account is unaffected
