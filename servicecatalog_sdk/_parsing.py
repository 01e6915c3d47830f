"""How the SDK's own botocore sessions parse responses.

:meth:`ServiceCatalogClient.from_session` without a session makes one with
:func:`sdk_session`; a session or client the user passes in is left as it is.
Its ``response_parser_factory`` component (registered the documented way)
changes two things:

* epoch timestamps become UTC datetimes directly (:func:`epoch_to_utc`, set
  through the public ``set_parser_defaults(timestamp_parser=...)``); botocore's
  default goes through ``tzlocal()``, which was most of its parse time here;
* JSON subtrees that hold no timestamp, blob, union, document or renamed
  member anywhere (a page of record outputs, say) are kept as ``json.loads``
  made them instead of being copied member by member. botocore's copy
  changes nothing in such a subtree but drop ``null`` members and members its
  model lacks; the SDK's converter reads both the same way, and ``.raw``
  callers get the same values plus those extra members.

The second needs botocore internals: it overrides ``JSONParser._parse_shape``
and reads ``ResponseParserFactory._defaults``. So before the first such
session, once per process, :func:`fast_parsing_problem` checks that both
are there as expected and parses a representative response (timestamps,
nested lists, a map, nulls, unknown and renamed members) with this parser
and with botocore's standard one, comparing the results. If anything is off,
the session gets botocore's standard ``ResponseParserFactory`` with only the
timestamp default, and a ``BotocoreCompatibilityWarning`` says why: slower,
never wrong. The asyncio client's own sessions get the same parser on
aiobotocore's async parser classes (:mod:`servicecatalog_sdk._async_parsing`),
through the same check and fallback.

The SDK's sessions also share what botocore parses from its data files (the
endpoints, the service model), as the clients of boto3's default session do:
a new session reads them again otherwise, about 50 ms a client.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, Final

import boto3
import botocore
import botocore.loaders
import botocore.session
from botocore.model import (
    InvalidShapeError,
    InvalidShapeReferenceError,
    NoShapeFoundError,
    Shape,
    ShapeResolver,
)
from botocore.parsers import JSONParser, ResponseParserError, ResponseParserFactory

from servicecatalog_sdk._compat import warn_once

__all__ = [
    "CHECK_ERRORS",
    "check_parser_factory",
    "epoch_to_utc",
    "fast_parsing_problem",
    "problem_raised",
    "register_parser_factory",
    "sdk_session",
]

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
    #: The JSON parser it makes (the asyncio factory's is aiobotocore's flavour).
    json_parser_class: Callable[..., Any] = _ShapeWalkJSONParser

    def __init__(self) -> None:
        super().__init__()
        self._needs_walk: dict[str, bool] = {}  # shape -> does botocore change it

    def create_parser(self, protocol_name: str) -> Any:
        if protocol_name == "json":
            return self.json_parser_class(self._needs_walk, **self._defaults)
        return super().create_parser(protocol_name)


# -- the self-check ---------------------------------------------------------------

# Shaped like Service Catalog's outputs: a record with timestamps and nested
# lists, a page of outputs with nothing to convert, a map of lists (as in
# ProductViewAggregations), and one member renamed on the wire.
_CHECK_SHAPES: Final[dict[str, Any]] = {
    "Output": {
        "type": "structure",
        "members": {
            "RecordDetail": {"shape": "RecordDetail"},
            "RecordOutputs": {"shape": "RecordOutputs"},
            "Aggregations": {"shape": "Aggregations"},
            "Renamed": {"shape": "Text", "locationName": "WireName"},
            "NextPageToken": {"shape": "Text"},
        },
    },
    "RecordDetail": {
        "type": "structure",
        "members": {
            "RecordId": {"shape": "Text"},
            "CreatedTime": {"shape": "Time"},
            "UpdatedTime": {"shape": "Time"},
            "RecordErrors": {"shape": "RecordErrors"},
            "RecordTags": {"shape": "RecordTags"},
        },
    },
    "RecordErrors": {"type": "list", "member": {"shape": "RecordError"}},
    "RecordError": {
        "type": "structure",
        "members": {"Code": {"shape": "Text"}, "Description": {"shape": "Text"}},
    },
    "RecordTags": {"type": "list", "member": {"shape": "RecordTag"}},
    "RecordTag": {
        "type": "structure",
        "members": {"Key": {"shape": "Text"}, "Value": {"shape": "Text"}},
    },
    "RecordOutputs": {"type": "list", "member": {"shape": "RecordOutput"}},
    "RecordOutput": {
        "type": "structure",
        "members": {
            "OutputKey": {"shape": "Text"},
            "OutputValue": {"shape": "Text"},
            "Description": {"shape": "Text"},
        },
    },
    "Aggregations": {"type": "map", "key": {"shape": "Text"}, "value": {"shape": "Buckets"}},
    "Buckets": {"type": "list", "member": {"shape": "Bucket"}},
    "Bucket": {
        "type": "structure",
        "members": {"Value": {"shape": "Text"}, "ApproximateCount": {"shape": "Count"}},
    },
    "Text": {"type": "string"},
    "Time": {"type": "timestamp"},
    "Count": {"type": "integer"},
}

_CHECK_BODY: Final[dict[str, Any]] = {
    "RecordDetail": {
        "RecordId": "rec-1",
        "CreatedTime": 1700000000.5,
        "UpdatedTime": 1700000060,
        "RecordErrors": [{"Code": "E1", "Description": None}],
        "RecordTags": [],
        "AddedLater": {"Nested": [1, None]},
    },
    "RecordOutputs": [
        {"OutputKey": "k1", "OutputValue": "v1", "Description": None, "AddedLater": "x"},
        {"OutputKey": "k2"},
    ],
    "Aggregations": {"Owner": [{"Value": "me", "ApproximateCount": 2}], "Type": []},
    "WireName": "renamed",
    "NextPageToken": None,
    "AddedLater": [1, 2],
}


def _canonical(value: Any, shape: Shape) -> Any:
    """``value`` as the converter reads it: null members and members the model lacks dropped."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {
            name: _canonical(value[name], member)
            for name, member in shape.members.items()
            if value.get(name) is not None
        }
    if kind == "list" and isinstance(value, list):
        return [_canonical(item, shape.member) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: _canonical(item, shape.value) for key, item in value.items()}
    if isinstance(value, datetime):
        # Equal instants in different zones compare equal: compare the zone too.
        return (value, value.utcoffset())
    return value


def _parse(parser: Any, response: dict[str, Any], shape: Shape) -> Any:
    return parser.parse(response, shape)


def _check_fast_parsing() -> str | None:
    """What is wrong with the fast parser on this botocore, or None."""
    return check_parser_factory(_SdkParserFactory(), _parse)


def check_parser_factory(
    factory: _SdkParserFactory, parse: Callable[[Any, dict[str, Any], Shape], Any]
) -> str | None:
    """What is wrong with ``factory``'s JSON parser (run by ``parse``), or None.

    Shared by both flavours: ``parse(parser, response, shape)`` returns the
    parsed response of a blocking parser, or of an asyncio one.
    """
    names = [p.name for p in inspect.signature(JSONParser._parse_shape).parameters.values()]
    if names != ["self", "shape", "node"]:
        return f"JSONParser._parse_shape takes ({', '.join(names)}), not (self, shape, node)"
    factory.set_parser_defaults(timestamp_parser=epoch_to_utc)
    defaults = getattr(factory, "_defaults", None)
    if not isinstance(defaults, dict) or defaults.get("timestamp_parser") is not epoch_to_utc:
        return "ResponseParserFactory keeps its parser defaults elsewhere than _defaults"
    shape = ShapeResolver(_CHECK_SHAPES).get_shape_by_name("Output")
    response = {
        "body": json.dumps(_CHECK_BODY).encode(),
        "headers": {"x-amzn-requestid": "check"},
        "status_code": 200,
    }
    fast = parse(factory.create_parser("json"), response, shape)
    if not factory._needs_walk:
        return "JSONParser no longer parses through _parse_shape"
    standard = JSONParser(timestamp_parser=epoch_to_utc).parse(response, shape)
    if _canonical(fast, shape) != _canonical(standard, shape) or (
        fast.get("ResponseMetadata") != standard.get("ResponseMetadata")
    ):
        return "its results differ from botocore's standard parser"
    return None


#: What the self-check raises on a botocore whose internals moved: a missing
#: attribute, class or module, a changed signature (TypeError; ValueError from
#: ``inspect``), a missing key or index, or botocore's own shape and parser
#: errors. Any of them means "do not rely on the fast parser"; anything else
#: (ZeroDivisionError, NameError, ...) is a bug of the check and propagates.
CHECK_ERRORS: Final[tuple[type[Exception], ...]] = (
    AttributeError,
    ImportError,
    LookupError,
    TypeError,
    ValueError,
    ResponseParserError,
    InvalidShapeError,
    InvalidShapeReferenceError,
    NoShapeFoundError,
)


def problem_raised(exc: Exception) -> str:
    """The self-check's verdict when it raised ``exc``."""
    return f"checking it raised {type(exc).__name__}: {exc}"


@functools.cache
def fast_parsing_problem() -> str | None:
    """Why the fast parser cannot be used with this botocore, or None: checked once a process."""
    try:
        return _check_fast_parsing()
    except CHECK_ERRORS as exc:
        return problem_raised(exc)


def register_parser_factory(
    session: Any,
    problem: str | None,
    fast: Callable[[], ResponseParserFactory],
    standard: Callable[[], ResponseParserFactory],
    *,
    flavour: str = "",
) -> None:
    """Give a botocore (or aiobotocore) ``session`` the fast parser factory.

    On a ``problem`` (the self-check's verdict) it gets the ``standard`` one,
    with the timestamp default only, and a warning names the problem once.
    """
    if problem is None:
        factory = fast()
    else:
        warn_once(
            f"{flavour}parser",
            f"botocore {botocore.__version__} does not fit the SDK's faster response "
            f"parsing ({problem}); {flavour}clients built by from_session() use "
            "botocore's standard parser instead: the same results, parsed more slowly",
        )
        factory = standard()
    factory.set_parser_defaults(timestamp_parser=epoch_to_utc)
    session.register_component("response_parser_factory", factory)


# -- shared data files -------------------------------------------------------------

# What the loaders of the SDK's sessions have parsed, by the data path they
# search (AWS_DATA_PATH): the endpoints, the service model and the like, which
# botocore only reads. Kept for the process, as boto3's default session keeps its own.
_DATA_CACHES: dict[str | None, dict[Any, Any]] = {}


def _share_data_loader(core: Any) -> None:
    """Give a new session a data loader whose cache the SDK's sessions share.

    The loader is botocore's own, made as the session makes it; only its
    private ``_cache`` dict is swapped for the shared one. Where botocore no
    longer keeps a fresh dict there, the session keeps its own loader.
    """
    data_path = core.get_config_variable("data_path")
    loader = botocore.loaders.create_loader(data_path)
    fresh = getattr(loader, "_cache", None)
    if type(fresh) is not dict or fresh:
        return
    loader._cache = _DATA_CACHES.setdefault(data_path, {})
    core.register_component("data_loader", loader)


def sdk_session(**session_kwargs: Any) -> Any:
    """A new ``boto3.Session`` whose clients parse responses as described above.

    Its data loader shares what the SDK's other sessions parsed; everything
    else (credentials, configuration, events) is the session's own.
    ``session_kwargs`` (credentials, say) go to ``boto3.Session``.
    """
    core = botocore.session.get_session()
    register_parser_factory(core, fast_parsing_problem(), _SdkParserFactory, ResponseParserFactory)
    # Before boto3.Session, which adds its own data directory to the loader.
    _share_data_loader(core)
    return boto3.Session(botocore_session=core, **session_kwargs)
