"""What the CLI prints: JSON for ``jq``, tables, and a console that redacts secrets."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final, TextIO

import attrs

from servicecatalog_sdk._model_support import redacted_repr

__all__ = ["REDACTED", "Console", "format_table", "to_json", "to_jsonable"]

#: What a secret value is printed as.
REDACTED: Final = "***"


def to_jsonable(value: Any) -> Any:
    """A typed model (or anything inside one) as plain JSON data.

    Attribute names stay the SDK's snake_case; datetimes become ISO 8601 text;
    members the models mark secret (provisioning parameter values) become ``***``.
    """
    if attrs.has(type(value)):
        out: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            secret = field.repr is redacted_repr and item is not None
            out[field.name] = REDACTED if secret else to_jsonable(item)
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def to_json(value: Any, *, extra: Mapping[str, Any] | None = None) -> str:
    """``value`` as indented JSON text; ``extra`` members are added to a JSON object."""
    data = to_jsonable(value)
    if extra and isinstance(data, dict):
        data = {**data, **extra}
    return json.dumps(data, indent=2, sort_keys=False)


def format_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Left-aligned columns under a header line; ``-`` for a missing value."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [list(headers), *cells]
    ]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


class Console:
    """stdout and stderr, with every known secret value masked before it is written.

    The CLI itself never prints a parameter value; masking what goes out is the
    second line of defence, for a service message that quotes one back.
    """

    #: Shorter values are not masked: they would blank out unrelated text.
    MIN_SECRET_LENGTH: Final = 3

    def __init__(self, stdout: TextIO, stderr: TextIO) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self._secrets: list[str] = []

    @property
    def stderr_is_tty(self) -> bool:
        """Whether stderr is a terminal (live progress line) or a log (plain lines)."""
        isatty = getattr(self.stderr, "isatty", None)
        return bool(isatty and isatty())

    def add_secrets(self, values: Iterable[str]) -> None:
        """Mask these values in everything written from now on."""
        fresh = {v for v in values if len(v) >= self.MIN_SECRET_LENGTH}
        # Longest first, so a secret containing another is masked whole.
        self._secrets = sorted(set(self._secrets) | fresh, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every known secret masked."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def out(self, text: str) -> None:
        """One line on stdout."""
        self.stdout.write(self.redact(text) + "\n")
        self.stdout.flush()

    def err(self, text: str, *, end: str = "\n") -> None:
        """Text on stderr (``end=""`` for a live line)."""
        self.stderr.write(self.redact(text) + end)
        self.stderr.flush()
