"""Local AWS configuration problems: no credentials, no region, a bad profile or endpoint.

They exit 5, apart from 4 (the service refused): nothing was sent, and the fix
is on this machine. They are told apart by type, wherever they surface: botocore
raises them while building the client or signing the first request, and an SDK
error may carry one as its ``__cause__``.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

import botocore.exceptions

__all__ = ["CONFIG_ERRORS", "ConfigurationError", "check_endpoint_url", "config_problem", "explain"]


class ConfigurationError(Exception):
    """The local configuration cannot work (e.g. a malformed ``--endpoint-url``)."""


#: botocore's exceptions for what the user fixes in their AWS configuration.
CONFIG_ERRORS: Final = (
    ConfigurationError,
    botocore.exceptions.NoCredentialsError,
    botocore.exceptions.PartialCredentialsError,
    botocore.exceptions.CredentialRetrievalError,
    botocore.exceptions.UnknownCredentialError,
    botocore.exceptions.TokenRetrievalError,
    botocore.exceptions.SSOError,
    botocore.exceptions.NoRegionError,
    botocore.exceptions.InvalidRegionError,
    botocore.exceptions.ProfileNotFound,
    botocore.exceptions.ConfigParseError,
    botocore.exceptions.ConfigNotFound,
    botocore.exceptions.InvalidConfigError,
    botocore.exceptions.InvalidRetryConfigurationError,
    botocore.exceptions.InvalidProxiesConfigError,
    botocore.exceptions.InvalidEndpointConfigurationError,
    botocore.exceptions.EndpointResolutionError,
)

# How far down a chain of causes to look (wrappers nest one or two deep).
_MAX_CHAIN: Final = 8


def config_problem(exc: BaseException) -> BaseException | None:
    """The configuration error ``exc`` is or was caused by (``raise ... from``), if any."""
    current: BaseException | None = exc
    for _ in range(_MAX_CHAIN):
        if current is None:
            return None
        if isinstance(current, CONFIG_ERRORS):
            return current
        current = current.__cause__
    return None


def explain(problem: BaseException) -> str:
    """One line naming the problem, with the usual fix for the common ones."""
    if isinstance(problem, botocore.exceptions.NoCredentialsError):
        return (
            "no AWS credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
            "configure ~/.aws/credentials or SSO, or choose a --profile"
        )
    if isinstance(problem, botocore.exceptions.NoRegionError):
        return "no AWS region configured: pass --region or set AWS_REGION"
    return str(problem) or type(problem).__name__


def check_endpoint_url(url: str | None) -> None:
    """Raise :class:`ConfigurationError` unless ``url`` is an http(s) URL with a host.

    botocore accepts some URLs that can never be sent to (another scheme, a
    port out of range) and fails only at the first request, as a transport error.
    """
    if url is None:
        return
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks the port's range
    except ValueError as exc:
        raise ConfigurationError(f"invalid --endpoint-url {url!r}: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise ConfigurationError(f"invalid --endpoint-url {url!r}: use http:// or https://")
    if not parts.hostname:
        raise ConfigurationError(f"invalid --endpoint-url {url!r}: no host")
