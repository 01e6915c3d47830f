"""Handlers for constraints, and what constraints do to launches.

Types and ``Parameters`` JSON follow the CreateConstraint reference: ``LAUNCH``
(``RoleArn`` or ``LocalRoleName``), ``NOTIFICATION`` (``NotificationArns``),
``RESOURCE_UPDATE`` (``TagUpdateOnProvisionedProduct``), ``STACKSET`` (stored and
described only) and ``TEMPLATE`` (``Rules``, evaluated by ``_rules`` at launch).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final

from ._backend import EmulatorBackend
from ._errors import duplicate, invalid, not_found
from ._model import Artifact, new_id
from ._paging import page
from ._portfolio_model import Constraint, LaunchPath, Portfolio
from ._rules import check_rules_shape, violations
from ._templates import TemplateError, parse_template
from ._visibility import find_portfolio, find_product, own_portfolio, visible_portfolios

Params = Mapping[str, Any]

TYPES: Final = ("LAUNCH", "NOTIFICATION", "RESOURCE_UPDATE", "STACKSET", "TEMPLATE")
# Types a product can hold only once per portfolio (and LAUNCH excludes STACKSET).
_SINGLE: Final = ("LAUNCH", "STACKSET", "RESOURCE_UPDATE")
_ROLE_ARN: Final = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+")
_SNS_ARN: Final = re.compile(r"arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+")
_ROLE_NAME: Final = re.compile(r"[\w+=,.@-]{1,64}")
_TAG_UPDATES: Final = ("ALLOWED", "NOT_ALLOWED")


def _object(text: Any) -> dict[str, Any]:
    if not isinstance(text, str):
        raise invalid("Parameters must be a JSON string")
    try:
        parsed = json.loads(text)
    except ValueError:
        raise invalid("Parameters is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise invalid("Parameters must be a JSON object")
    return parsed


def _check_launch(value: Mapping[str, Any]) -> None:
    role_arn, local = value.get("RoleArn"), value.get("LocalRoleName")
    if (role_arn is None) == (local is None):
        raise invalid("A LAUNCH constraint needs either RoleArn or LocalRoleName, not both.")
    if role_arn is not None and not (isinstance(role_arn, str) and _ROLE_ARN.fullmatch(role_arn)):
        raise invalid(f"RoleArn {role_arn} is not an IAM role ARN.")
    if local is not None and not (isinstance(local, str) and _ROLE_NAME.fullmatch(local)):
        raise invalid(f"LocalRoleName {local} is not a valid IAM role name.")


def _check_notification(value: Mapping[str, Any]) -> None:
    arns = value.get("NotificationArns")
    if not isinstance(arns, list) or not arns:
        raise invalid("A NOTIFICATION constraint needs a non-empty NotificationArns list.")
    for arn in arns:
        if not isinstance(arn, str) or not _SNS_ARN.fullmatch(arn):
            raise invalid(f"NotificationArns: {arn} is not an SNS topic ARN.")


def _properties(value: Mapping[str, Any], kind: str) -> Mapping[str, Any]:
    properties = value.get("Properties")
    if not isinstance(properties, dict):
        raise invalid(f"A {kind} constraint needs a Properties object.")
    return properties


def _check_resource_update(value: Mapping[str, Any]) -> None:
    if tag_update_setting(value) not in _TAG_UPDATES:
        raise invalid("TagUpdateOnProvisionedProduct must be ALLOWED or NOT_ALLOWED.")


def _check_stackset(value: Mapping[str, Any]) -> None:
    properties = _properties(value, "STACKSET")
    for key in ("AccountList", "RegionList"):
        listed = properties.get(key)
        if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
            raise invalid(f"STACKSET Properties.{key} must be a list of strings.")
    for key in ("AdminRole", "ExecutionRole"):
        if not isinstance(properties.get(key), str):
            raise invalid(f"STACKSET Properties.{key} is required.")


def _check_template(value: Mapping[str, Any]) -> None:
    problem = check_rules_shape(value.get("Rules"))
    if problem is not None:
        raise invalid(f"A TEMPLATE constraint's {problem}.")


_CHECKS: Final = {
    "LAUNCH": _check_launch,
    "NOTIFICATION": _check_notification,
    "RESOURCE_UPDATE": _check_resource_update,
    "STACKSET": _check_stackset,
    "TEMPLATE": _check_template,
}


def tag_update_setting(value: Mapping[str, Any]) -> Any:
    """A RESOURCE_UPDATE constraint's setting (the reference spells the key two ways)."""
    properties = _properties(value, "RESOURCE_UPDATE")
    return properties.get(
        "TagUpdateOnProvisionedProduct", properties.get("TagUpdatesOnProvisionedProduct")
    )


def _detail(constraint: Constraint) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ConstraintId": constraint.id,
        "Type": constraint.type,
        "Owner": constraint.owner,
        "ProductId": constraint.product_id,
        "PortfolioId": constraint.portfolio_id,
    }
    if constraint.description is not None:
        out["Description"] = constraint.description
    return out


def _full(constraint: Constraint) -> dict[str, Any]:
    return {
        "ConstraintDetail": _detail(constraint),
        "ConstraintParameters": constraint.parameters,
        "Status": "AVAILABLE",
    }


def _find(portfolios: list[Portfolio], constraint_id: Any) -> tuple[Portfolio, Constraint]:
    if not constraint_id:
        raise invalid("Id is required")
    for portfolio in portfolios:
        if constraint_id in portfolio.constraints:
            return portfolio, portfolio.constraints[constraint_id]
    raise not_found(f"Constraint {constraint_id} not found.")


def _description(params: Params) -> str | None:
    description = params.get("Description")
    if description is not None and (not isinstance(description, str) or len(description) > 2000):
        raise invalid("Description must be a string of at most 2000 characters")
    return description


def create_constraint(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """CreateConstraint: a constraint on a product that the portfolio holds."""
    token = params.get("IdempotencyToken")
    earlier = backend.seen("CreateConstraint", token)
    if earlier is not None:
        for portfolio in backend.portfolios.values():
            if earlier in portfolio.constraints:
                return _full(portfolio.constraints[earlier])
    portfolio = own_portfolio(backend, params.get("PortfolioId"))
    product = find_product(backend, params.get("ProductId") or "")
    if product.id not in portfolio.products:
        raise not_found(f"Product {product.id} is not associated with portfolio {portfolio.id}.")
    kind = params.get("Type")
    if kind not in TYPES:
        raise invalid(f"Type must be one of {', '.join(TYPES)}")
    _CHECKS[kind](_object(params.get("Parameters")))
    held = {c.type for c in portfolio.constraints.values() if c.product_id == product.id}
    if kind in _SINGLE and kind in held:
        raise duplicate(f"Product {product.id} already has a {kind} constraint in {portfolio.id}.")
    if {kind} | held >= {"LAUNCH", "STACKSET"}:
        raise invalid("A product cannot have both a LAUNCH and a STACKSET constraint.")
    constraint = Constraint(
        id=new_id("cons"),
        type=kind,
        portfolio_id=portfolio.id,
        product_id=product.id,
        owner=backend.account_id,
        parameters=str(params["Parameters"]),
        description=_description(params),
    )
    portfolio.constraints[constraint.id] = constraint
    backend.remember("CreateConstraint", token, constraint.id)
    return _full(constraint)


def describe_constraint(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeConstraint: the constraint and its parameters."""
    _, constraint = _find(visible_portfolios(backend), params.get("Id"))
    return _full(constraint)


def update_constraint(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """UpdateConstraint: new description and/or parameters (of the same type)."""
    _, constraint = _find(list(backend.portfolios.values()), params.get("Id"))
    description = _description(params)
    if "Parameters" in params:
        _CHECKS[constraint.type](_object(params["Parameters"]))
        constraint.parameters = str(params["Parameters"])
    if description is not None:
        constraint.description = description
    return _full(constraint)


def delete_constraint(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DeleteConstraint."""
    portfolio, constraint = _find(list(backend.portfolios.values()), params.get("Id"))
    del portfolio.constraints[constraint.id]
    return {}


def list_constraints_for_portfolio(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListConstraintsForPortfolio: the portfolio's constraints, optionally for one product."""
    portfolio = find_portfolio(backend, params.get("PortfolioId"))
    product_id = params.get("ProductId")
    found = [
        c for c in portfolio.constraints.values() if not product_id or c.product_id == product_id
    ]
    items, token = page(found, params)
    out: dict[str, Any] = {"ConstraintDetails": [_detail(c) for c in items]}
    if token is not None:
        out["NextPageToken"] = token
    return out


def _on(portfolio: Portfolio, product_id: str, kind: str | None = None) -> list[Constraint]:
    return [
        c
        for c in portfolio.constraints.values()
        if c.product_id == product_id and (kind is None or c.type == kind)
    ]


def constraint_summaries(
    backend: EmulatorBackend, portfolio_or_path_id: str, product_id: str
) -> list[dict[str, Any]]:
    """ConstraintSummaries of a product in a portfolio, named by portfolio id or path id."""
    for portfolio in visible_portfolios(backend):
        if portfolio_or_path_id in (portfolio.id, portfolio.products.get(product_id)):
            out = []
            for constraint in _on(portfolio, product_id):
                summary = {"Type": constraint.type}
                if constraint.description is not None:
                    summary["Description"] = constraint.description
                out.append(summary)
            return out
    return []


def launch_role_arn(backend: EmulatorBackend, path: LaunchPath | None) -> str | None:
    """The role a LAUNCH constraint on ``path`` makes launches use, in the launching account."""
    if path is None:
        return None
    for constraint in _on(path.portfolio, path.product_id, "LAUNCH"):
        value = json.loads(constraint.parameters)
        if value.get("RoleArn"):
            return str(value["RoleArn"])
        return f"arn:{backend.partition}:iam::{backend.account_id}:role/{value['LocalRoleName']}"
    return None


def tag_updates_allowed(path: LaunchPath | None) -> bool:
    """True only when a RESOURCE_UPDATE constraint on ``path`` says ALLOWED, as AWS requires."""
    if path is None:
        return False
    return any(
        tag_update_setting(json.loads(c.parameters)) == "ALLOWED"
        for c in _on(path.portfolio, path.product_id, "RESOURCE_UPDATE")
    )


def check_template_rules(
    path: LaunchPath | None, artifact: Artifact, given: Mapping[str, str]
) -> None:
    """Refuse a launch whose parameter values break a TEMPLATE constraint on ``path``.

    ``given`` is what the stack would get before defaults; the template's defaults
    fill in the rest. The message names the broken assertions, never the values.
    """
    if path is None or artifact.template_body is None:
        return
    rules = _on(path.portfolio, path.product_id, "TEMPLATE")
    if not rules:
        return
    try:
        declared = parse_template(artifact.template_body).get("Parameters") or {}
    except TemplateError:
        return  # the launch fails on the template itself
    values: dict[str, str | list[str]] = {}
    for name, spec in declared.items():
        spec = spec if isinstance(spec, dict) else {}
        raw = given.get(name, spec.get("Default"))
        if raw is None:
            continue
        kind = str(spec.get("Type", "String"))
        listed = kind == "CommaDelimitedList" or kind.startswith("List<")
        values[name] = [v.strip() for v in str(raw).split(",")] if listed else str(raw)
    broken = [d for c in rules for d in violations(json.loads(c.parameters)["Rules"], values)]
    if broken:
        raise invalid("Template constraint violated: " + "; ".join(broken))
