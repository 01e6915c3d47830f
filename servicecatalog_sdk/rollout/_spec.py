"""The rollout file: typed, validated before any AWS call."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

__all__ = [
    "Override",
    "Preferences",
    "RolloutSpec",
    "SpecError",
    "Targets",
    "load_spec",
    "parse_spec",
]

_ACCOUNT = re.compile(r"^\d{12}$")
_PERCENT = re.compile(r"^(\d{1,3})%$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_TOP_KEYS = frozenset(
    {
        "product",
        "version",
        "name",
        "parameters",
        "tags",
        "path",
        "targets",
        "overrides",
        "role",
        "preferences",
        "action",
    }
)
_TARGET_KEYS = frozenset(
    {"accounts", "organizational_units", "account_tags", "exclude_accounts", "regions"}
)
_OVERRIDE_KEYS = frozenset({"accounts", "regions", "parameters", "tags", "version"})
_PREFERENCE_KEYS = frozenset(
    {
        "max_concurrent",
        "failure_tolerance",
        "region_concurrency",
        "region_order",
        "concurrency_mode",
    }
)


class SpecError(ValueError):
    """The rollout file is wrong: ``key`` names where (``targets.regions``), the message why."""

    def __init__(self, key: str, reason: str) -> None:
        self.key = key
        self.reason = reason
        super().__init__(f"{key}: {reason}")


@attrs.frozen(kw_only=True)
class Targets:
    """Which accounts and regions the rollout reaches."""

    accounts: tuple[str, ...] = ()
    organizational_units: tuple[str, ...] = ()
    account_tags: Mapping[str, str] = attrs.field(factory=dict)
    exclude_accounts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Override:
    """Settings for some accounts and/or regions, merged over the base (later overrides win)."""

    accounts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    parameters: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    tags: Mapping[str, str] = attrs.field(factory=dict)
    version: str | None = None

    def applies_to(self, account: str, region: str) -> bool:
        """Whether this override covers the (account, region); an empty list covers all."""
        return (not self.accounts or account in self.accounts) and (
            not self.regions or region in self.regions
        )


@attrs.frozen(kw_only=True)
class Preferences:
    """StackSets-style operation preferences: a count, or a ``"25%"`` string."""

    max_concurrent: int | str = 1
    failure_tolerance: int | str = 0
    region_concurrency: Literal["PARALLEL", "SEQUENTIAL"] = "PARALLEL"
    region_order: tuple[str, ...] = ()
    concurrency_mode: Literal["STRICT", "SOFT"] = "STRICT"


@attrs.frozen(kw_only=True)
class RolloutSpec:
    """One product, one version, many (account, region) targets.

    ``parameters`` stays out of ``repr``: its values may be secrets.
    """

    product: str
    version: str
    name: str
    targets: Targets
    parameters: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    tags: Mapping[str, str] = attrs.field(factory=dict)
    path: str | None = None
    overrides: tuple[Override, ...] = ()
    role: str | None = None
    preferences: Preferences = attrs.field(factory=Preferences)
    action: Literal["ensure", "terminate"] = "ensure"

    def to_dict(self) -> dict[str, Any]:
        """The file form of this spec (what :func:`parse_spec` reads back)."""
        out: dict[str, Any] = {
            "product": self.product,
            "version": self.version,
            "name": self.name,
            "parameters": dict(self.parameters),
            "tags": dict(self.tags),
            "targets": {
                "accounts": list(self.targets.accounts),
                "organizational_units": list(self.targets.organizational_units),
                "account_tags": dict(self.targets.account_tags),
                "exclude_accounts": list(self.targets.exclude_accounts),
                "regions": list(self.targets.regions),
            },
            "overrides": [
                {
                    "accounts": list(o.accounts),
                    "regions": list(o.regions),
                    "parameters": dict(o.parameters),
                    "tags": dict(o.tags),
                    **({"version": o.version} if o.version is not None else {}),
                }
                for o in self.overrides
            ],
            "preferences": {
                "max_concurrent": self.preferences.max_concurrent,
                "failure_tolerance": self.preferences.failure_tolerance,
                "region_concurrency": self.preferences.region_concurrency,
                "region_order": list(self.preferences.region_order),
                "concurrency_mode": self.preferences.concurrency_mode,
            },
            "action": self.action,
        }
        if self.path is not None:
            out["path"] = self.path
        if self.role is not None:
            out["role"] = self.role
        return out


def load_spec(path: str | Path) -> RolloutSpec:
    """Read and validate a rollout file (YAML, or JSON, which is YAML too).

    Raises :class:`SpecError` naming the key and the reason; ``OSError`` when
    the file cannot be read.
    """
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecError("(file)", f"not valid YAML or JSON: {exc}") from None
    return parse_spec(data)


def parse_spec(data: object) -> RolloutSpec:
    """Validate a parsed rollout document (a mapping) into a :class:`RolloutSpec`."""
    top = _mapping(data, "(file)", _TOP_KEYS)
    for required in ("product", "version", "name", "targets"):
        if required not in top:
            raise SpecError(required, "is required")
    name = _string(top["name"], "name")
    _check_template(name, "name")
    parameters = _string_map(top.get("parameters", {}), "parameters")
    for key, value in parameters.items():
        _check_template(value, f"parameters.{key}")
    action = top.get("action", "ensure")
    if action not in ("ensure", "terminate"):
        raise SpecError("action", f"must be 'ensure' or 'terminate', got {action!r}")
    role = top.get("role")
    if role is not None:
        role = _string(role, "role")
        if "/" in role or ":" in role:
            raise SpecError(
                "role", "is a role name (e.g. OrganizationAccountAccessRole), not an ARN"
            )
    targets = _targets(top["targets"])
    overrides = _overrides(top.get("overrides", []))
    preferences = _preferences(top.get("preferences", {}), targets.regions)
    path = top.get("path")
    return RolloutSpec(
        product=_string(top["product"], "product"),
        version=_string(top["version"], "version"),
        name=name,
        parameters=parameters,
        tags=_string_map(top.get("tags", {}), "tags"),
        path=None if path is None else _string(path, "path"),
        targets=targets,
        overrides=overrides,
        role=role,
        preferences=preferences,
        action=action,
    )


def _mapping(value: object, key: str, allowed: frozenset[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SpecError(key, f"must be a mapping, got {type(value).__name__}")
    for k in value:
        if k not in allowed:
            where = str(k) if key == "(file)" else f"{key}.{k}"
            raise SpecError(where, f"unknown key (expected one of {', '.join(sorted(allowed))})")
    return value


def _string(value: object, key: str) -> str:
    # YAML reads 111111111111 as an int; an account id is a string either way.
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise SpecError(key, f"must be a string, got {type(value).__name__}")
    text = str(value)
    if not text:
        raise SpecError(key, "must not be empty")
    return text


def _string_list(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise SpecError(key, f"must be a list, got {type(value).__name__}")
    return tuple(_string(v, f"{key}[{i}]") for i, v in enumerate(value))


def _string_map(value: object, key: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise SpecError(key, f"must be a mapping, got {type(value).__name__}")
    out: dict[str, str] = {}
    for k, v in value.items():
        if isinstance(v, bool):
            v = "true" if v else "false"
        out[_string(k, key)] = _string(v, f"{key}.{k}")
    return out


def _accounts(value: object, key: str) -> tuple[str, ...]:
    accounts = _string_list(value, key)
    for i, account in enumerate(accounts):
        if not _ACCOUNT.match(account):
            raise SpecError(f"{key}[{i}]", f"must be a 12-digit account id, got {account!r}")
    return accounts


def _check_template(text: str, key: str) -> None:
    for field in _PLACEHOLDER.findall(text):
        if field not in ("account", "region"):
            raise SpecError(key, f"unknown placeholder {{{field}}} (use {{account}} or {{region}})")


def _targets(value: object) -> Targets:
    top = _mapping(value, "targets", _TARGET_KEYS)
    accounts = _accounts(top.get("accounts", []), "targets.accounts")
    ous = _string_list(top.get("organizational_units", []), "targets.organizational_units")
    for i, ou in enumerate(ous):
        if not (ou.startswith("ou-") or ou.startswith("r-")):
            raise SpecError(
                f"targets.organizational_units[{i}]", f"must be an ou-… or r-… id, got {ou!r}"
            )
    tags = _string_map(top.get("account_tags", {}), "targets.account_tags")
    if not (accounts or ous or tags):
        raise SpecError(
            "targets", "needs at least one of accounts, organizational_units, account_tags"
        )
    regions = _string_list(top.get("regions", []), "targets.regions")
    if not regions:
        raise SpecError("targets.regions", "needs at least one region")
    if len(set(regions)) != len(regions):
        raise SpecError("targets.regions", "lists a region twice")
    return Targets(
        accounts=accounts,
        organizational_units=ous,
        account_tags=tags,
        exclude_accounts=_accounts(top.get("exclude_accounts", []), "targets.exclude_accounts"),
        regions=regions,
    )


def _overrides(value: object) -> tuple[Override, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise SpecError("overrides", f"must be a list, got {type(value).__name__}")
    out = []
    for i, item in enumerate(value):
        key = f"overrides[{i}]"
        top = _mapping(item, key, _OVERRIDE_KEYS)
        parameters = _string_map(top.get("parameters", {}), f"{key}.parameters")
        for name, text in parameters.items():
            _check_template(text, f"{key}.parameters.{name}")
        version = top.get("version")
        out.append(
            Override(
                accounts=_accounts(top.get("accounts", []), f"{key}.accounts"),
                regions=_string_list(top.get("regions", []), f"{key}.regions"),
                parameters=parameters,
                tags=_string_map(top.get("tags", {}), f"{key}.tags"),
                version=None if version is None else _string(version, f"{key}.version"),
            )
        )
    return tuple(out)


def _count_or_percent(value: object, key: str, minimum: int) -> int | str:
    if isinstance(value, bool):
        raise SpecError(key, "must be a count or a percentage like '25%'")
    if isinstance(value, int):
        if value < minimum:
            raise SpecError(key, f"must be at least {minimum}, got {value}")
        return value
    if isinstance(value, str):
        match = _PERCENT.match(value.strip())
        if match and 0 <= int(match.group(1)) <= 100:
            return f"{int(match.group(1))}%"
    raise SpecError(key, f"must be a count or a percentage like '25%', got {value!r}")


def _preferences(value: object, regions: tuple[str, ...]) -> Preferences:
    top = _mapping(value, "preferences", _PREFERENCE_KEYS)
    region_concurrency = top.get("region_concurrency", "PARALLEL")
    if region_concurrency not in ("PARALLEL", "SEQUENTIAL"):
        raise SpecError(
            "preferences.region_concurrency",
            f"must be PARALLEL or SEQUENTIAL, got {region_concurrency!r}",
        )
    mode = top.get("concurrency_mode", "STRICT")
    if mode not in ("STRICT", "SOFT"):
        raise SpecError("preferences.concurrency_mode", f"must be STRICT or SOFT, got {mode!r}")
    order = _string_list(top.get("region_order", []), "preferences.region_order")
    for i, region in enumerate(order):
        if region not in regions:
            raise SpecError(
                f"preferences.region_order[{i}]", f"{region!r} is not in targets.regions"
            )
    if len(set(order)) != len(order):
        raise SpecError("preferences.region_order", "lists a region twice")
    return Preferences(
        max_concurrent=_count_or_percent(
            top.get("max_concurrent", 1), "preferences.max_concurrent", 1
        ),
        failure_tolerance=_count_or_percent(
            top.get("failure_tolerance", 0), "preferences.failure_tolerance", 0
        ),
        region_concurrency=region_concurrency,
        region_order=order,
        concurrency_mode=mode,
    )


def spec_from_json(text: str) -> RolloutSpec:
    """A spec from :meth:`RolloutSpec.to_dict`'s JSON (how a durable job keeps its input)."""
    return parse_spec(json.loads(text))
