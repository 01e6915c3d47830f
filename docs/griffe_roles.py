"""A griffe extension: the package's reST-flavoured docstrings as Markdown.

The docstrings are written for people reading the source, so they use Sphinx
roles (``:class:`~servicecatalog_sdk.errors.RecordFailedError```) and ``::``
before a literal block. mkdocstrings renders Markdown, where both would show
as raw punctuation. This extension rewrites them while griffe loads the package:

* a role naming a public dotted path becomes a cross-reference (autorefs
  resolves it to the documented object; ``~`` keeps only the last component as
  the link text);
* a role naming a private path (a component starting with ``_``) or a bare
  name becomes inline code, since no page documents it;
* a paragraph ending in ``::`` ends in ``:``; the indented block after it is
  already a Markdown code block;
* an attribute documented by ``#:`` comment lines above it (the Sphinx
  convention the package uses for constants) gets those lines as its docstring.

It also makes a missing docstring fail ``mkdocs build --strict``: once the
package is loaded, every public module, class, function and method reachable
from a public module (inherited methods included) and every name a public
module lists in ``__all__`` must have a docstring, or a warning names it.

Loaded by ``docs/mkdocs.yml`` (``extensions: [griffe_roles.py]``).
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Alias, Docstring, Extension, Module, Object, logger

_ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj|const):`(~?)([^`]+)`")
_LITERAL_MARKER = re.compile(r"(?<=\S)::[ \t]*\n(?=[ \t]*\n)")
_BARE_LITERAL_MARKER = re.compile(r"(?m)^[ \t]*::[ \t]*\n(?=[ \t]*\n)")


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1) == "~", match.group(2).strip()
    text = target.rsplit(".", 1)[-1] if short else target
    parts = target.split(".")
    private = any(part.startswith("_") and not part.startswith("__") for part in parts)
    if len(parts) < 2 or private or not target.startswith("servicecatalog_sdk"):
        return f"`{text}`"
    return f"[`{text}`][{target}]"


def to_markdown(text: str) -> str:
    """One docstring, reST roles and literal markers turned into Markdown."""
    text = _ROLE.sub(_role, text)
    text = _BARE_LITERAL_MARKER.sub("", text)
    return _LITERAL_MARKER.sub(":\n", text)


def _comment_docstring(obj: Object) -> str | None:
    """The ``#:`` comment lines right above an attribute, as text."""
    if obj.lineno is None or obj.filepath is None or isinstance(obj.filepath, list):
        return None
    try:
        lines = obj.lines_collection[obj.filepath]
    except KeyError:
        return None
    found: list[str] = []
    index = obj.lineno - 2
    while 0 <= index < len(lines) and lines[index].strip().startswith("#:"):
        found.insert(0, lines[index].strip()[2:].strip())
        index -= 1
    return "\n".join(found) or None


def _document(obj: Object) -> None:
    """Give ``obj`` its ``#:`` docstring if it has none, and make it Markdown (once)."""
    if getattr(obj, "_sc_docs_done", False):
        return
    obj._sc_docs_done = True  # type: ignore[attr-defined]
    if obj.docstring is None and obj.is_attribute:
        text = _comment_docstring(obj)
        if text is not None:
            obj.docstring = Docstring(text, parent=obj)
    if obj.docstring is not None:
        obj.docstring.value = to_markdown(obj.docstring.value)


def _is_public(name: str) -> bool:
    return not name.startswith("_") or name == "__version__"


class SphinxRolesToMarkdown(Extension):
    """Rewrite docstrings as Markdown, and warn about public names without one.

    ``allow_undocumented`` lists dotted paths exempt from the check (known gaps
    waiting for a docstring in the package; keep the list empty when you can).
    """

    def __init__(self, allow_undocumented: list[str] | None = None) -> None:
        super().__init__()
        self.allowed = frozenset(allow_undocumented or ())

    def on_object(self, *, obj: Object, **kwargs: Any) -> None:
        """Called by griffe for each object it loaded."""
        _document(obj)

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        """Warn (failing a strict build) about every public name without a docstring."""
        if pkg.name != "servicecatalog_sdk":
            return
        for path in sorted(set(_undocumented(pkg)) - self.allowed):
            logger.warning("%s has no docstring", path)


def _undocumented(module: Module) -> list[str]:
    """Public names of ``module`` and its public submodules that have no docstring.

    A name counts as public when the module lists it in ``__all__``; a module
    without ``__all__`` exposes its classes and functions not starting with ``_``.
    """
    _document(module)
    missing: list[str] = [] if module.docstring else [module.path]
    exports = None if module.exports is None else {str(e) for e in module.exports}
    for name, member in module.members.items():
        if not _is_public(name):
            continue
        if isinstance(member, Alias):
            if exports is None or name not in exports:
                continue  # an import: documented where it is defined
            try:
                target = member.final_target
            except Exception:  # an alias griffe cannot resolve (outside the package)
                continue
        else:
            target = member
        if target.is_module:
            if isinstance(target, Module) and not isinstance(member, Alias):
                missing += _undocumented(target)
            continue
        if exports is not None and name not in exports:
            continue
        if exports is None and not (target.is_class or target.is_function):
            continue
        _document(target)
        if not target.docstring:
            missing.append(f"{module.path}.{name}")
        if target.is_class:
            missing += _undocumented_members(target, f"{module.path}.{name}")
    return missing


def _undocumented_members(cls: Object, path: str) -> list[str]:
    """Public methods and nested classes of ``cls`` (inherited ones too) with no docstring."""
    missing: list[str] = []
    for name, member in cls.all_members.items():
        if not _is_public(name) or member.is_attribute:
            continue  # model fields and enum members are described by their class
        try:
            target = member.final_target if isinstance(member, Alias) else member
        except Exception:
            continue
        if (target.is_function or target.is_class) and not target.docstring:
            missing.append(f"{path}.{name}")
    return missing
