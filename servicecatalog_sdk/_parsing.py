"""How the SDK's own botocore sessions parse responses.

Two changes to botocore's defaults, both through the session's documented
``response_parser_factory`` component, and only on sessions the SDK makes for
:meth:`ServiceCatalogClient.from_session` (a session or client the user passes
in is left as it is):

* epoch timestamps become UTC datetimes directly; botocore's default goes
  through ``tzlocal()``, which was most of its parse time for these responses;
* JSON subtrees that hold no timestamp or blob anywhere (a page of record
  outputs, say) are kept as ``json.loads`` made them instead of being copied
  member by member. botocore's copy changes nothing in such a subtree but drop
  ``null`` members and members its model lacks; the SDK's converter reads both
  the same way, and ``.raw`` callers get the same values.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import boto3
import botocore.session
from botocore.model import Shape
from botocore.parsers import PROTOCOL_PARSERS, JSONParser, ResponseParserFactory

__all__ = ["epoch_to_utc", "sdk_session"]

# Shape kinds botocore's JSON parser changes on the way (everything else passes as is).
_CONVERTED_KINDS = frozenset({"timestamp", "blob"})


def epoch_to_utc(value: Any) -> datetime:
    """Timestamp parser of the SDK's sessions: epoch numbers as UTC, the rest as botocore does."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    from botocore.utils import parse_timestamp

    parsed: datetime = parse_timestamp(value)
    return parsed


class _ShapeWalkJSONParser(JSONParser):  # type: ignore[misc]
    """botocore's JSON parser, skipping subtrees its walk would leave unchanged."""

    def __init__(self, needs_walk: dict[str, bool], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # botocore makes a parser per response: the verdicts live on the factory.
        self._needs_walk = needs_walk

    def _parse_shape(self, shape: Shape, node: Any) -> Any:
        if not self._walk(shape):
            return node
        return super()._parse_shape(shape, node)

    def _walk(self, shape: Shape) -> bool:
        key = f"{shape.type_name}:{shape.name}"
        known = self._needs_walk.get(key)
        if known is None:
            self._needs_walk[key] = True  # a shape that contains itself: walk it
            known = self._needs_walk[key] = _changes_on_the_way(shape, self._walk)
        return known


def _changes_on_the_way(shape: Shape, walk: Any) -> bool:
    """Whether botocore's parser changes values somewhere in ``shape``."""
    kind = shape.type_name
    if kind in _CONVERTED_KINDS:
        return True
    if kind == "structure":
        if getattr(shape, "is_document_type", False) or shape.metadata.get("union"):
            return True
        return any(
            walk(member) or member.serialization.get("name") for member in shape.members.values()
        )
    if kind == "list":
        return bool(walk(shape.member))
    if kind == "map":
        return bool(walk(shape.key) or walk(shape.value))
    return False


class _SdkParserFactory(ResponseParserFactory):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self._needs_walk: dict[str, bool] = {}  # shape -> does botocore change it

    def create_parser(self, protocol_name: str) -> Any:
        if protocol_name == "json":
            return _ShapeWalkJSONParser(self._needs_walk, **self._defaults)
        return PROTOCOL_PARSERS[protocol_name](**self._defaults)


def sdk_session() -> Any:
    """A new ``boto3.Session`` whose clients parse responses as described above."""
    core = botocore.session.get_session()
    factory = _SdkParserFactory()
    factory.set_parser_defaults(timestamp_parser=epoch_to_utc)
    core.register_component("response_parser_factory", factory)
    return boto3.Session(botocore_session=core)
