"""The package's exception handlers catch what they expect, and a bug propagates as itself.

Each handler that turns failures into an SDK error (ResponseParseError, a
BotocoreCompatibilityWarning, the emulator's TemplateError and StackError) names
the types its guarded code raises on bad input; anything else, such as a
ZeroDivisionError from a bug, is not dressed up as one of those.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

import attrs
import boto3
import pytest
from botocore.parsers import JSONParser
from cattrs.errors import ForbiddenExtraKeysError
from moto import mock_aws

from servicecatalog_sdk import (
    BotocoreCompatibilityWarning,
    ServiceCatalogClient,
    _compat,
    _converter,
    _parsing,
    _transport,
)
from servicecatalog_sdk._converter import ModelConverter
from servicecatalog_sdk.cli import _run
from servicecatalog_sdk.errors import ResponseParseError
from servicecatalog_sdk.models import RecordDetail, Tag
from servicecatalog_sdk.testing import _stacks, _templates

ACCOUNT, REGION = "123456789012", "us-east-1"


def _bug(*_: Any, **__: Any) -> Any:
    """Stands in for a programming error: fails the way no bad input does."""
    return 1 / 0


# -- response conversion ------------------------------------------------------


def test_a_bug_in_a_reading_hook_propagates_as_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(_converter._BY_CLASS, datetime, _bug)
    conv = ModelConverter()  # a fresh one: its hooks are built from the patched table
    with pytest.raises(ZeroDivisionError):
        conv.structure({"CreatedTime": "2024-01-01"}, RecordDetail)


def _buggy_validator(_: Any, __: Any, value: str | None) -> None:
    if value is not None:
        value.no_such_method()  # type: ignore[attr-defined]  # the bug under test


@attrs.frozen(kw_only=True)
class WithBuggyValidator:
    _wire_names: ClassVar[dict[str, str]] = {"name": "Name"}
    name: str | None = attrs.field(default=None, validator=_buggy_validator)


def test_a_bug_in_a_models_validator_propagates_as_itself() -> None:
    with pytest.raises(AttributeError, match="no_such_method"):
        ModelConverter().structure({"Name": "x"}, WithBuggyValidator)


@pytest.mark.parametrize(
    ("wire", "cls", "strict", "cause", "path"),
    [
        ({"CreatedTime": "yesterday"}, RecordDetail, False, ValueError, "$.CreatedTime"),
        ({"CreatedTime": 1e20}, RecordDetail, False, OverflowError, "$.CreatedTime"),
        ({"RecordId": 5}, RecordDetail, False, TypeError, "$.RecordId"),
        ({"Value": "v"}, Tag, False, KeyError, "$.Key"),
        ({"RecordId": "r", "New": 1}, RecordDetail, True, ForbiddenExtraKeysError, "$.New"),
    ],
)
def test_bad_wire_data_is_a_parse_error_chained_to_its_cause(
    wire: dict[str, Any], cls: type[Any], strict: bool, cause: type[Exception], path: str
) -> None:
    with pytest.raises(ResponseParseError) as info:
        ModelConverter(strict=strict).structure(wire, cls)
    assert isinstance(info.value.__cause__, cause)
    assert info.value.path == path


def test_a_bug_met_while_locating_the_bad_member_propagates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The first failure is bad data (a number for a string); naming where it is
    # runs the hooks again, member by member, and meets the bug.
    conv = ModelConverter()
    conv.hook(Tag)  # compiled with the real hooks
    monkeypatch.setitem(conv._hooks, str, _bug)
    with pytest.raises(ZeroDivisionError):
        conv.structure({"Key": 5, "Value": "v"}, Tag)


# -- the botocore self-checks ---------------------------------------------------


@pytest.fixture
def fresh_verdicts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(_compat, "_warned", set())
    _parsing.fast_parsing_problem.cache_clear()
    yield
    _parsing.fast_parsing_problem.cache_clear()


@pytest.mark.usefixtures("fresh_verdicts")
def test_a_bug_in_the_parser_check_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parsing, "_canonical", _bug)
    with pytest.raises(ZeroDivisionError):
        _parsing.fast_parsing_problem()


@pytest.mark.usefixtures("fresh_verdicts")
def test_a_botocore_parser_error_in_the_check_is_a_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from botocore.parsers import ResponseParserError

    def refuse(self: Any, response: Any, shape: Any) -> Any:
        raise ResponseParserError("a botocore that parses differently")

    monkeypatch.setattr(JSONParser, "_do_parse", refuse)
    problem = _parsing.fast_parsing_problem()
    assert problem == "checking it raised ResponseParserError: a botocore that parses differently"


def _client_whose_register_first_raises(monkeypatch: pytest.MonkeyPatch, error: Exception) -> Any:
    raw = boto3.client("servicecatalog", region_name=REGION)

    def register_first(*_: Any, **__: Any) -> None:
        raise error

    monkeypatch.setattr(raw.meta.events, "register_first", register_first)
    return raw


def test_a_refused_deadline_hook_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_compat, "_warned", set())
    raw = _client_whose_register_first_raises(monkeypatch, ValueError("must accept kwargs"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ServiceCatalogClient(raw, strict=True)
    ours = [w for w in caught if issubclass(w.category, BotocoreCompatibilityWarning)]
    assert len(ours) == 1
    assert "raised ValueError" in str(ours[0].message)


def test_a_bug_while_registering_the_deadline_hook_propagates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_compat, "_warned", set())
    _transport._needs_retry_problem.cache_clear()
    raw = _client_whose_register_first_raises(monkeypatch, ZeroDivisionError())
    with pytest.raises(ZeroDivisionError):
        ServiceCatalogClient(raw, strict=True)


# -- the CLI's log handler --------------------------------------------------------


class _FailingConsole:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def err(self, text: str) -> None:
        raise self.error


def _record() -> logging.LogRecord:
    return logging.LogRecord("servicecatalog_sdk", logging.WARNING, __file__, 1, "news", (), None)


def test_a_log_line_that_cannot_be_written_is_reported_not_raised(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging, "raiseExceptions", True)
    handler = _run._ConsoleHandler(_FailingConsole(OSError("broken pipe")), logging.WARNING)  # type: ignore[arg-type]
    handler.emit(_record())  # does not raise
    assert "OSError: broken pipe" in capsys.readouterr().err  # logging's own report


def test_a_recursion_error_in_a_log_line_propagates() -> None:
    handler = _run._ConsoleHandler(_FailingConsole(RecursionError()), logging.WARNING)  # type: ignore[arg-type]
    with pytest.raises(RecursionError):
        handler.emit(_record())


# -- the emulator's templates and stacks ------------------------------------------


@pytest.fixture
def moto_aws() -> Iterator[None]:
    with mock_aws():
        yield


def _template(resources: dict[str, Any]) -> str:
    return json.dumps({"Resources": resources})


QUEUE = _template({"Q": {"Type": "AWS::SQS::Queue"}})


@pytest.mark.usefixtures("moto_aws")
def test_an_absent_bucket_is_a_template_error_chained_to_motos() -> None:
    from moto.s3.exceptions import MissingBucket

    with pytest.raises(_templates.TemplateError) as info:
        _templates.read_template("https://s3.amazonaws.com/nope/t.json", ACCOUNT, "aws")
    assert isinstance(info.value.__cause__, MissingBucket)


@pytest.mark.usefixtures("moto_aws")
def test_a_bug_while_reading_a_template_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.s3.models import S3Backend

    monkeypatch.setattr(S3Backend, "get_object", _bug)
    with pytest.raises(ZeroDivisionError):
        _templates.read_template("https://s3.amazonaws.com/b/t.json", ACCOUNT, "aws")


@pytest.mark.parametrize(
    "text",
    [
        "Resources: {a: [}",  # neither YAML nor JSON
        "a: b\n---\nc: d",  # two YAML documents
        "Resources:\n  Q:\n    Type: !!int queue",  # a YAML tag whose value does not fit
        "Created: 2024-13-45",  # a YAML timestamp with no such date
    ],
)
def test_an_unparsable_template_is_a_template_error(text: str) -> None:
    with pytest.raises(_templates.TemplateError, match="Template format error"):
        _templates.parse_template(text)


def test_a_bug_while_parsing_a_template_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.cloudformation.models import Stack

    monkeypatch.setattr(Stack, "parse_template", staticmethod(_bug))
    with pytest.raises(ZeroDivisionError):
        _templates.parse_template(QUEUE)


def _stack_count() -> int:
    from moto.cloudformation.models import cloudformation_backends

    return len(cloudformation_backends[ACCOUNT][REGION].stacks)


@pytest.mark.usefixtures("moto_aws")
@pytest.mark.parametrize(
    ("template", "moto_raises"),
    [
        # moto's resource models refuse a template with Python's own errors:
        (_template({"R": {"Type": "AWS::IAM::Role", "Properties": {}}}), KeyError),
        (
            _template(
                {"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "X"}}}}
            ),
            KeyError,
        ),
        (
            _template({"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": "x"}}}),
            ValueError,
        ),
        (_template({"Q": {"Type": "AWS::SQS::Queue", "Properties": "oops"}}), AttributeError),
        (
            _template(
                {"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::Join": 5}}}}
            ),
            TypeError,
        ),
        # ... and with its own service errors.
        (
            json.dumps(
                {
                    "Resources": {"Q": {"Type": "AWS::SQS::Queue"}},
                    "Outputs": {"O": {"Value": {"Fn::GetAtt": ["Q", "Nope"]}}},
                }
            ),
            Exception,
        ),
    ],
)
def test_a_template_moto_refuses_is_a_stack_error(
    template: str, moto_raises: type[Exception]
) -> None:
    with pytest.raises(_stacks.StackError) as info:
        _stacks.create(ACCOUNT, REGION, "s", template, {})
    assert isinstance(info.value.__cause__, moto_raises)
    assert _stack_count() == 0  # rolled back, as CloudFormation does


@pytest.mark.usefixtures("moto_aws")
def test_a_bug_while_creating_a_stack_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.cloudformation.models import CloudFormationBackend

    monkeypatch.setattr(CloudFormationBackend, "create_stack", _bug)
    with pytest.raises(ZeroDivisionError):
        _stacks.create(ACCOUNT, REGION, "s", QUEUE, {})


@pytest.mark.usefixtures("moto_aws")
def test_a_bug_while_updating_or_deleting_a_stack_propagates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from moto.cloudformation.models import CloudFormationBackend

    stack_id = _stacks.create(ACCOUNT, REGION, "s", QUEUE, {})
    with monkeypatch.context() as patch:
        patch.setattr(CloudFormationBackend, "update_stack", _bug)
        with pytest.raises(ZeroDivisionError):
            _stacks.update(ACCOUNT, REGION, stack_id, QUEUE, {})
    with monkeypatch.context() as patch:
        patch.setattr(CloudFormationBackend, "delete_stack", _bug)
        with pytest.raises(ZeroDivisionError):
            _stacks.delete(ACCOUNT, REGION, stack_id)


@pytest.mark.usefixtures("moto_aws")
def test_looking_up_an_unknown_stack_is_a_stack_error_and_a_bug_propagates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from moto.cloudformation.exceptions import ValidationError
    from moto.cloudformation.models import CloudFormationBackend

    with pytest.raises(_stacks.StackError) as info:
        _stacks.look_up(ACCOUNT, REGION, "no-such-stack")
    assert isinstance(info.value.__cause__, ValidationError)
    monkeypatch.setattr(CloudFormationBackend, "get_stack", _bug)
    with pytest.raises(ZeroDivisionError):
        _stacks.look_up(ACCOUNT, REGION, "no-such-stack")
