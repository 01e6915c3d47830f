"""TEMPLATE constraint rules, evaluated against a launch's parameter values.

The rules are CloudFormation-style ``Rules``: each has an optional
``RuleCondition`` and ``Assertions`` of ``Assert`` + ``AssertDescription``. The
emulator evaluates the functions that need only the parameter values: ``Ref``,
``Fn::Equals``, ``Fn::Not``, ``Fn::And``, ``Fn::Or``, ``Fn::Contains``,
``Fn::EachMemberEquals`` and ``Fn::EachMemberIn``. A rule that uses anything else
(``Fn::ValueOf`` reads the account's resources) is skipped rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Values = Mapping[str, str | list[str]]


class _Unsupported(Exception):
    """The rule uses a function or parameter the emulator cannot evaluate."""


def check_rules_shape(rules: Any) -> str | None:
    """Why ``rules`` is not a ``Rules`` object, or None when its outline is right."""
    if not isinstance(rules, dict) or not rules:
        return "Rules must be a non-empty object"
    for name, rule in rules.items():
        assertions = rule.get("Assertions") if isinstance(rule, dict) else None
        if not isinstance(assertions, list) or not assertions:
            return f"Rule {name} must have a non-empty Assertions list"
        if any(not isinstance(a, dict) or "Assert" not in a for a in assertions):
            return f"Every assertion of rule {name} needs an Assert"
    return None


def _value(node: Any, values: Values) -> Any:
    if isinstance(node, (str, int, float, bool)):
        return str(node).lower() if isinstance(node, bool) else str(node)
    if isinstance(node, list):
        return [_value(item, values) for item in node]
    if isinstance(node, dict) and len(node) == 1:
        ((function, args),) = node.items()
        if function == "Ref":
            if args not in values:
                raise _Unsupported(f"Ref to {args}")
            return values[args]
        return _truth(node, values)
    raise _Unsupported(repr(node))


def _args(node: Mapping[str, Any], function: str, count: int | None = None) -> list[Any]:
    args = node[function]
    if not isinstance(args, list) or (count is not None and len(args) != count):
        raise _Unsupported(function)
    return args


def _as_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise _Unsupported("a list was expected")
    return [str(v) for v in value]


def _truth(node: Any, values: Values) -> bool:
    if not isinstance(node, dict) or len(node) != 1:
        raise _Unsupported(repr(node))
    (function,) = node
    if function == "Fn::Equals":
        left, right = (_value(a, values) for a in _args(node, function, 2))
        return bool(left == right)
    if function == "Fn::Not":
        return not _truth(_args(node, function, 1)[0], values)
    if function == "Fn::And":
        return all(_truth(a, values) for a in _args(node, function))
    if function == "Fn::Or":
        return any(_truth(a, values) for a in _args(node, function))
    if function == "Fn::Contains":
        allowed, value = _args(node, function, 2)
        return _value(value, values) in _as_list(_value(allowed, values))
    if function == "Fn::EachMemberEquals":
        members, value = _args(node, function, 2)
        wanted = _value(value, values)
        return all(m == wanted for m in _as_list(_value(members, values)))
    if function == "Fn::EachMemberIn":
        members, allowed = _args(node, function, 2)
        pool = _as_list(_value(allowed, values))
        return all(m in pool for m in _as_list(_value(members, values)))
    raise _Unsupported(str(function))


def violations(rules: Mapping[str, Any], values: Values) -> list[str]:
    """AssertDescriptions of the assertions ``values`` break, rule by rule."""
    broken: list[str] = []
    for name, rule in rules.items():
        try:
            condition = rule.get("RuleCondition")
            if condition is not None and not _truth(condition, values):
                continue
            failed = [a for a in rule.get("Assertions") or [] if not _truth(a["Assert"], values)]
        except _Unsupported:
            continue
        broken += [str(a.get("AssertDescription") or f"Rule {name} is not met") for a in failed]
    return broken
