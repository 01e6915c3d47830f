"""TagOptions: the library, their associations with portfolios and products, launch tags.

A TagOption is a key and a value an administrator allows. Associated with a
portfolio or product, active TagOptions become tags on what is launched from it:
see :func:`launch_tags`. Deactivating one keeps its associations.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from . import _resource_ids
from ._backend import EmulatorBackend
from ._errors import EmulatorError, duplicate, invalid, not_found
from ._library_model import TagOption
from ._model import new_id
from ._paging import page
from ._views import parse_tags
from ._visibility import offers, usable, visible_portfolios

Params = Mapping[str, Any]

_KEY_MAX, _VALUE_MAX = 128, 256
_RESOURCE_TYPES = (_resource_ids.PORTFOLIO, _resource_ids.PRODUCT)


def _allowed_char(char: str) -> bool:
    # The model's pattern: letters, separators, numbers and _ . : / = + - @
    return unicodedata.category(char)[0] in "LZN" or char in "_.:/=+-@"


def _text(params: Params, name: str, limit: int) -> str:
    value = params.get(name)
    if not isinstance(value, str) or not 1 <= len(value) <= limit:
        raise invalid(f"{name} must be between 1 and {limit} characters long.")
    if not all(_allowed_char(c) for c in value):
        raise invalid(f"{name} {value!r} contains characters a TagOption cannot hold.")
    return value


def _option(backend: EmulatorBackend, tag_option_id: Any) -> TagOption:
    found = backend.tag_options.get(tag_option_id) if isinstance(tag_option_id, str) else None
    if found is None:
        raise not_found(f"TagOption {tag_option_id} not found.")
    return found


def _links(backend: EmulatorBackend, resource_id: str) -> list[str]:
    """TagOption ids on a resource; links of deleted resources are dropped on the way."""
    if _resource_ids.find(backend, resource_id) is None:
        backend.tag_option_links.pop(resource_id, None)
        return []
    return backend.tag_option_links.get(resource_id, [])


def _resources_of(backend: EmulatorBackend, tag_option_id: str) -> list[_resource_ids.Resource]:
    found = []
    for resource_id in list(backend.tag_option_links):
        if tag_option_id in _links(backend, resource_id):
            resource = _resource_ids.find(backend, resource_id)
            if resource is not None:
                found.append(resource)
    return found


def tag_options_for(
    backend: EmulatorBackend, resource_ids: Iterable[str], *, include_inactive: bool = False
) -> list[TagOption]:
    """The TagOptions associated with any of these resources, each once.

    Only active ones unless ``include_inactive``: an inactive TagOption keeps its
    associations but offers nothing at launch.
    """
    seen: dict[str, TagOption] = {}
    expanded = _expand_paths(backend, resource_ids)
    for resource_id in expanded:
        for option_id in _links(backend, resource_id):
            option = backend.tag_options.get(option_id)
            if option is not None and (option.active or include_inactive):
                seen.setdefault(option.id, option)
    for option in _shared_options(backend, expanded):
        if option.active or include_inactive:
            seen.setdefault(option.id, option)
    return list(seen.values())


def _shared_options(backend: EmulatorBackend, resource_ids: list[str]) -> list[TagOption]:
    """The sharer's TagOptions on portfolios shared here with ``ShareTagOptions`` on."""
    found = []
    for owner, share in offers(backend):
        if (
            share.share_tag_options
            and share.portfolio_id in resource_ids
            and usable(backend, share)
        ):
            for option_id in _links(owner, share.portfolio_id):
                option = owner.tag_options.get(option_id)
                if option is not None:
                    found.append(option)
    return found


def tag_option_details(backend: EmulatorBackend, resource_id: str) -> list[dict[str, Any]]:
    """TagOptionDetail items of every TagOption on a resource, for the Describe* responses."""
    return [o.detail() for o in tag_options_for(backend, [resource_id], include_inactive=True)]


def launch_tags(
    backend: EmulatorBackend, resource_ids: Iterable[str], given: Mapping[str, str]
) -> dict[str, str]:
    """The tags a launch gets: ``given`` checked against the TagOptions, plus defaults.

    ``resource_ids`` are the product and the launch path (or its portfolio). Per key, each
    resource allows the values of its active TagOptions with that key, and a launch
    may use only values every such resource allows. A key with one allowed value is
    applied when not given; a key with several must be given one of them; other
    tags pass through unchecked.
    """
    allowed: dict[str, set[str]] = {}
    for resource_id in dict.fromkeys(_expand_paths(backend, resource_ids)):
        mine: dict[str, set[str]] = {}
        for option in tag_options_for(backend, [resource_id]):
            mine.setdefault(option.key, set()).add(option.value)
        for key, values in mine.items():
            allowed[key] = allowed[key] & values if key in allowed else values
    tags = dict(given)
    for key, values in allowed.items():
        choices = ", ".join(sorted(values)) or "none: its TagOptions conflict"
        if key in tags:
            if tags[key] not in values:
                raise invalid(f"Tag {key} must have one of the TagOption values ({choices}).")
        elif len(values) == 1:
            tags[key] = next(iter(values))
        elif values:
            raise invalid(f"Tag {key} is required; choose one of the TagOption values ({choices}).")
    return tags


def tag_option_summaries(backend: EmulatorBackend, resource_ids: list[str]) -> list[dict[str, Any]]:
    """TagOptionSummary items (one per key, its values) of the TagOptions on these resources."""
    values: dict[str, list[str]] = {}
    for option in tag_options_for(backend, resource_ids):
        if option.value not in values.setdefault(option.key, []):
            values[option.key].append(option.value)
    return [{"Key": key, "Values": vals} for key, vals in values.items()]


def _path_portfolios(backend: EmulatorBackend) -> dict[str, str]:
    """Launch path id -> id of the portfolio the path goes through."""
    return {path: p.id for p in visible_portfolios(backend) for path in p.products.values()}


def _expand_paths(backend: EmulatorBackend, resource_ids: Iterable[str]) -> list[str]:
    # A launch path stands for its portfolio: callers may name either.
    ids = list(resource_ids)
    if not any(i.startswith("lpv") for i in ids):
        return ids
    paths = _path_portfolios(backend)
    return [paths.get(i, i) for i in ids]


def provision_tags(
    backend: EmulatorBackend, product_id: str, path_id: str | None, raw_tags: Any
) -> dict[str, str]:
    """ProvisionProduct's ``Tags`` checked against the TagOptions of the product and path."""
    resources = [product_id] if path_id is None else [product_id, path_id]
    return launch_tags(backend, resources, parse_tags(raw_tags))


# -- handlers -------------------------------------------------------------------


def create_tag_option(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """CreateTagOption: a new active key/value pair; the same pair twice is a duplicate."""
    key = _text(params, "Key", _KEY_MAX)
    value = _text(params, "Value", _VALUE_MAX)
    if any(o.key == key and o.value == value for o in backend.tag_options.values()):
        raise duplicate(f"A TagOption with key {key} and value {value} already exists.")
    option = TagOption(id=new_id("tag"), key=key, value=value, owner=backend.account_id)
    backend.tag_options[option.id] = option
    return {"TagOptionDetail": option.detail()}


def describe_tag_option(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DescribeTagOption."""
    return {"TagOptionDetail": _option(backend, params.get("Id")).detail()}


def update_tag_option(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """UpdateTagOption: a new value (not one the key already has) and/or (de)activation."""
    option = _option(backend, params.get("Id"))
    value = option.value
    if "Value" in params:
        value = _text(params, "Value", _VALUE_MAX)
    if value != option.value and any(
        o.key == option.key and o.value == value for o in backend.tag_options.values()
    ):
        raise duplicate(f"A TagOption with key {option.key} and value {value} already exists.")
    active = params.get("Active", option.active)
    if not isinstance(active, bool):
        raise invalid("Active must be true or false.")
    option.value, option.active = value, active
    return {"TagOptionDetail": option.detail()}


def delete_tag_option(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DeleteTagOption: refused while the TagOption is associated with anything."""
    option = _option(backend, params.get("Id"))
    if _resources_of(backend, option.id):
        raise EmulatorError(
            "ResourceInUseException",
            f"TagOption {option.id} is associated with resources; disassociate it first.",
        )
    del backend.tag_options[option.id]
    return {}


def list_tag_options(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListTagOptions: filtered by Key, Value and Active, in creation order, paged."""
    filters = params.get("Filters") or {}
    found = [
        o
        for o in backend.tag_options.values()
        if filters.get("Key") in (None, o.key)
        and filters.get("Value") in (None, o.value)
        and filters.get("Active") in (None, o.active)
    ]
    items, token = page(found, params)
    out: dict[str, Any] = {"TagOptionDetails": [o.detail() for o in items]}
    if token is not None:
        out["PageToken"] = token  # this operation names its next token PageToken
    return out


def associate_tag_option(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """AssociateTagOptionWithResource: an active TagOption onto a portfolio or product."""
    option = _option(backend, params.get("TagOptionId"))
    resource = _resource_ids.require(backend, params.get("ResourceId"))
    if not option.active:
        raise EmulatorError(
            "InvalidStateException", f"TagOption {option.id} is inactive; activate it first."
        )
    links = backend.tag_option_links.setdefault(resource.id, [])
    if option.id in links:
        raise duplicate(f"TagOption {option.id} is already associated with {resource.id}.")
    links.append(option.id)
    return {}


def disassociate_tag_option(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """DisassociateTagOptionFromResource."""
    option = _option(backend, params.get("TagOptionId"))
    resource = _resource_ids.require(backend, params.get("ResourceId"), check_form=False)
    links = _links(backend, resource.id)
    if option.id not in links:
        raise not_found(f"TagOption {option.id} is not associated with {resource.id}.")
    links.remove(option.id)
    return {}


def list_resources_for_tag_option(backend: EmulatorBackend, params: Params) -> dict[str, Any]:
    """ListResourcesForTagOption: its portfolios and/or products, paged."""
    option = _option(backend, params.get("TagOptionId"))
    resource_type = params.get("ResourceType")
    if resource_type is not None and resource_type not in _RESOURCE_TYPES:
        raise invalid(f"ResourceType must be one of {', '.join(_RESOURCE_TYPES)}.")
    found = [r for r in _resources_of(backend, option.id) if resource_type in (None, r.type)]
    items, token = page(found, params)
    out: dict[str, Any] = {"ResourceDetails": [r.detail() for r in items]}
    if token is not None:
        out["PageToken"] = token
    return out
