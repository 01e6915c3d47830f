"""The root of the SDK's exceptions, and its warnings (re-exported by ``errors``)."""

from __future__ import annotations

from typing import Any, Final, TypeVar

__all__ = [
    "PUBLIC_MODULE",
    "BotocoreCompatibilityWarning",
    "ServiceCatalogSDKError",
    "UnknownValueWarning",
    "public",
]

#: Where users import every error from: the module the classes claim as theirs.
PUBLIC_MODULE: Final = "servicecatalog_sdk.errors"

_T = TypeVar("_T", bound=type)


def public(cls: _T) -> _T:
    """Name an error class by its public module.

    Pickles refer to a class by its module, and tracebacks show it: both then
    say ``servicecatalog_sdk.errors``, which stays put when the private modules
    that define the classes move.
    """
    cls.__module__ = PUBLIC_MODULE
    return cls


def _rebuild(cls: type[BaseException], args: tuple[Any, ...]) -> BaseException:
    # BaseException.__new__ sets ``args`` (hence str()); __init__ is not run,
    # because most of ours take keyword-only fields that pickle cannot pass.
    return cls.__new__(cls, *args)


@public
class ServiceCatalogSDKError(Exception):
    """Root of every exception this SDK raises.

    Every error of the SDK pickles and copies with all its fields and the same
    ``str()``, so it can cross process boundaries (``multiprocessing``,
    ``concurrent.futures``, task queues).
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # The third item is applied by BaseException.__setstate__ (a __dict__ update).
        return (_rebuild, (type(self), self.args), self.__dict__)


@public
class UnknownValueWarning(UserWarning):
    """The service sent a value this SDK version does not know (e.g. a new status)."""


@public
class BotocoreCompatibilityWarning(UserWarning):
    """The installed botocore lacks an internal an SDK speed-up or safeguard relies on.

    The SDK then does without it (botocore's standard response parser, say):
    results stay the same. The message names what is missing and its effect.
    """


# Pickles name the rebuilder by the public module as well (older ones already do).
_rebuild.__module__ = PUBLIC_MODULE
