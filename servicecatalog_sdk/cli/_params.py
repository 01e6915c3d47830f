"""Where provisioning parameter values come from: a file, the command line, the environment.

``--params-file`` gives the base (a JSON object, or YAML when PyYAML is
installed); ``--param``, ``--secret-param`` and ``--param-from-env`` override
single keys of it, and none of those three may name a key another one names.
No message here ever quotes a value: only keys, file names and variable names.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final, NamedTuple

from servicecatalog_sdk.errors import ParamValidationError

__all__ = ["ParameterValues", "ParamsFileError", "collect", "read_params_file"]

_YAML_SUFFIXES: Final = (".yaml", ".yml")


class ParamsFileError(Exception):
    """The ``--params-file`` cannot be used: unreadable, malformed, or not key -> string."""


class ParameterValues(NamedTuple):
    """Every parameter value of a change, and which of them NoEcho decides on."""

    #: Key -> value, every source merged.
    values: dict[str, str]
    #: The values masked only if the artifact declares them NoEcho (all but --secret-param).
    judged: dict[str, str]


def _scalar(key: str, value: Any) -> str:
    # The JSON reader hands numbers over as written (see _read_json); true/false
    # become the words CloudFormation takes for them.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    kind = "null" if value is None else "a list" if isinstance(value, list) else "an object"
    raise ParamsFileError(
        f"parameter {key!r} is {kind}; a value must be a string, a number or true/false "
        '(a CommaDelimitedList is one string: "a,b,c")'
    )


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ParamsFileError(f"parameter {key!r} is given twice")
        result[key] = value
    return result


def _read_json(text: str) -> object:
    try:
        # Numbers stay the text they were written as: 1.50 is "1.50", not 1.5.
        return json.loads(
            text,
            parse_int=str,
            parse_float=str,
            parse_constant=str,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        # exc.msg and the position only: str(exc) is fine too, but a future
        # Python could quote the document, which may hold a password.
        raise ParamsFileError(
            f"not valid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})"
        ) from None


def _read_yaml(text: str) -> object:
    try:
        # Optional (PyYAML is no dependency of this package), hence untyped here.
        yaml: Any = importlib.import_module("yaml")
    except ModuleNotFoundError:
        raise ParamsFileError(
            "reading YAML needs PyYAML (pip install pyyaml); or write the file as JSON"
        ) from None
    try:
        # Composed, not loaded: every scalar stays the text it was written as
        # (no 0755 -> 493, no yes -> True), and duplicate keys can be seen.
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        # The problem and its place only: str(exc) quotes the offending lines.
        mark = exc.problem_mark
        where = f" (line {mark.line + 1} column {mark.column + 1})" if mark is not None else ""
        raise ParamsFileError(f"not valid YAML: {exc.problem}{where}") from None
    except yaml.YAMLError:
        raise ParamsFileError("not valid YAML") from None
    if not isinstance(node, yaml.MappingNode):
        return None
    pairs: list[tuple[str, Any]] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise ParamsFileError("every key must be a plain string")
        if isinstance(value_node, yaml.ScalarNode):
            value: Any = value_node.value
        else:
            value = [] if isinstance(value_node, yaml.SequenceNode) else {}
        pairs.append((str(key_node.value), value))
    return _unique_keys(pairs)


def read_params_file(path: str) -> dict[str, str]:
    """The key -> value object in the JSON (or, with PyYAML, YAML) file at ``path``.

    A ``.yaml`` or ``.yml`` file is read as YAML, anything else as JSON.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
        raise ParamsFileError(f"cannot read --params-file {path!r}: {reason}") from None
    try:
        data = _read_yaml(text) if file.suffix.lower() in _YAML_SUFFIXES else _read_json(text)
        if not isinstance(data, dict):
            raise ParamsFileError("it must hold one object of parameter key -> value")
        for key in data:
            if not isinstance(key, str) or not key.strip():
                raise ParamsFileError("every parameter key must be a non-empty string")
        return {key: _scalar(key, value) for key, value in data.items()}
    except ParamsFileError as exc:
        raise ParamsFileError(f"--params-file {path!r}: {exc}") from None


def _from_environment(
    pairs: Iterable[tuple[str, str]], environ: Mapping[str, str]
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key, variable in pairs:
        value = environ.get(variable)
        if value is None:
            raise ParamValidationError(
                f"--param-from-env {key}={variable}: environment variable {variable} is not set"
            )
        if not value:
            # An unset CI secret often arrives as an empty variable; --param KEY= sends "".
            raise ParamValidationError(
                f"--param-from-env {key}={variable}: environment variable {variable} is empty"
            )
        found.append((key, value))
    return found


def _each_key_once(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    result: dict[str, str] = {}
    for key, value in pairs:
        if key in result:
            raise ParamValidationError(f"parameter {key} is given twice")
        result[key] = value
    return result


def collect(
    *,
    params_file: str | None,
    params: Iterable[tuple[str, str]],
    secret_params: Iterable[tuple[str, str]],
    from_env: Iterable[tuple[str, str]],
    keep: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> ParameterValues:
    """Merge every source into one key -> value mapping; say which values NoEcho judges.

    ``keep`` names keys whose previous value an update keeps (``--keep-param``):
    like a ``--param``, that overrides the file's value for the key.
    """
    kept = set(keep)
    file_values = read_params_file(params_file) if params_file else {}
    file_values = {k: v for k, v in file_values.items() if k not in kept}
    secret = list(secret_params)
    env_values = _from_environment(from_env, os.environ if environ is None else environ)
    given = _each_key_once([*params, *secret, *env_values])
    values = {**file_values, **given}
    secret_keys = {key for key, _ in secret}
    judged = {k: v for k, v in values.items() if k not in secret_keys}
    return ParameterValues(values, judged)
