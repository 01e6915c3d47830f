"""Template URLs and parameter checks."""

from __future__ import annotations

import pytest

from servicecatalog_sdk.testing._templates import (
    TemplateError,
    parse_s3_url,
    parse_template,
    resolve_parameters,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://bucket.s3.amazonaws.com/a/b.json", ("bucket", "a/b.json")),
        ("https://bucket.s3.eu-west-1.amazonaws.com/t.yaml", ("bucket", "t.yaml")),
        ("https://bucket.s3-eu-west-1.amazonaws.com/t.yaml", ("bucket", "t.yaml")),
        ("https://my.s3.bucket.s3.amazonaws.com/t.json", ("my.s3.bucket", "t.json")),
        ("https://s3.amazonaws.com/bucket/a/b.json", ("bucket", "a/b.json")),
        ("https://s3.us-west-2.amazonaws.com/bucket/t.json", ("bucket", "t.json")),
        ("https://s3-us-west-2.amazonaws.com/bucket/t.json", ("bucket", "t.json")),
        ("http://127.0.0.1:5123/bucket/a/b.json", ("bucket", "a/b.json")),
        ("http://localhost:5000/bucket/t.json", ("bucket", "t.json")),
        ("https://bucket.s3.amazonaws.com/with%20space.json", ("bucket", "with space.json")),
    ],
)
def test_parse_s3_url(url: str, expected: tuple[str, str]) -> None:
    assert parse_s3_url(url) == expected


@pytest.mark.parametrize(
    "url", ["ftp://bucket/t.json", "https://s3.amazonaws.com/bucket-only", "not a url", ""]
)
def test_parse_s3_url_rejects(url: str) -> None:
    with pytest.raises(TemplateError):
        parse_s3_url(url)


def test_parse_template_yaml_with_tags() -> None:
    text = "Resources:\n  T:\n    Type: AWS::SNS::Topic\nOutputs:\n  A:\n    Value: !Ref T\n"
    parsed = parse_template(text)
    assert list(parsed["Resources"]) == ["T"]


@pytest.mark.parametrize("text", ["[1, 2]", "{}", "Resources: 3", "{not: [valid"])
def test_parse_template_rejects(text: str) -> None:
    with pytest.raises(TemplateError, match="Template format error"):
        parse_template(text)


TEMPLATE = {
    "Parameters": {
        "Name": {"Type": "String", "MinLength": 3, "AllowedPattern": "[a-z-]+"},
        "Size": {"Type": "String", "Default": "small", "AllowedValues": ["small", "large"]},
        "Count": {"Type": "Number", "Default": 1, "MinValue": 1, "MaxValue": 5},
    },
    "Resources": {"T": {"Type": "AWS::SNS::Topic"}},
}


def test_resolve_parameters_fills_defaults() -> None:
    values, errors = resolve_parameters(TEMPLATE, {"Name": "orders"})
    assert errors == []
    assert values == {"Name": "orders", "Size": "small", "Count": "1"}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({}, "Parameters: [Name] must have values"),
        ({"Name": "orders", "Other": "x"}, "Parameters: [Other] do not exist in the template"),
        ({"Name": "orders", "Size": "huge"}, "must be one of AllowedValues"),
        ({"Name": "Orders"}, "must match pattern"),
        ({"Name": "ab"}, "at least 3 characters"),
        ({"Name": "orders", "Count": "9"}, "not greater than 5"),
        ({"Name": "orders", "Count": "many"}, "must be a number"),
    ],
)
def test_resolve_parameters_errors(given: dict[str, str], message: str) -> None:
    _, errors = resolve_parameters(TEMPLATE, given)
    assert any(message in e for e in errors), errors
