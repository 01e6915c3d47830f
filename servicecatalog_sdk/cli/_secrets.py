"""Which ``--param`` values are secret: those the artifact declares ``NoEcho``.

A value given with ``--secret-param`` is always secret. A value given with
``--param`` is secret when the provisioning artifact declares its parameter
``NoEcho``, read with ``DescribeProvisioningParameters`` before the change is
sent. When that cannot be read, every ``--param`` value is treated as secret
for the run (fail safe), and one line on stderr says so without quoting any.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, NamedTuple

import botocore.exceptions

from servicecatalog_sdk.errors import (
    ParamValidationError,
    ServiceCatalogError,
    ServiceCatalogSDKError,
)

if TYPE_CHECKING:
    from servicecatalog_sdk.cli._output import Console
    from servicecatalog_sdk.client import ServiceCatalogClient

__all__ = ["Artifact", "SecretParameters", "current_artifact"]

#: What a failed NoEcho lookup can raise: anything the SDK or botocore raises for a call.
_LOOKUP_ERRORS: Final = (ServiceCatalogSDKError, botocore.exceptions.BotoCoreError)


class Artifact(NamedTuple):
    """The provisioning artifact a change launches: the NoEcho cache key."""

    product_id: str | None
    artifact_id: str | None
    path_id: str | None = None


class SecretParameters:
    """Marks secret parameter values on the console; one lookup per artifact per run.

    The cache lives as long as this object, which the CLI makes once per
    ``main()`` run: nothing is kept between runs.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self._no_echo: dict[Artifact, frozenset[str]] = {}
        self._warned = False

    def protect(
        self,
        client: ServiceCatalogClient,
        values: Mapping[str, str],
        artifact: Callable[[], Artifact],
    ) -> None:
        """Mask the ``values`` (key -> value from ``--param``) that are secret.

        ``artifact`` names the artifact the change will use; it is called only
        when there are values to judge (it may need a call of its own).
        """
        if not values:
            return
        try:
            no_echo = self.no_echo_keys(client, artifact())
        except ParamValidationError:
            # The command's own arguments are wrong; the change itself will be
            # refused for the same reason before anything is sent, and that
            # error is the one to show. Mask everything meanwhile.
            self.console.add_secrets(values.values())
            return
        except _LOOKUP_ERRORS as exc:
            # Masking too much beats printing a password.
            self.console.add_secrets(values.values())
            self._warn(exc)
            return
        self.console.add_secrets(value for key, value in values.items() if key in no_echo)

    def no_echo_keys(self, client: ServiceCatalogClient, artifact: Artifact) -> frozenset[str]:
        """The keys of the parameters ``artifact`` declares NoEcho (cached)."""
        cached = self._no_echo.get(artifact)
        if cached is None:
            described = client.describe_provisioning_parameters(
                product_id=artifact.product_id,
                provisioning_artifact_id=artifact.artifact_id,
                path_id=artifact.path_id,
            )
            cached = frozenset(
                p.parameter_key
                for p in described.provisioning_artifact_parameters
                if p.is_no_echo and p.parameter_key is not None
            )
            self._no_echo[artifact] = cached
        return cached

    def _warn(self, exc: BaseException) -> None:
        if self._warned:
            return
        self._warned = True
        # The error's name only: a message could quote what was sent.
        reason = exc.code if isinstance(exc, ServiceCatalogError) else type(exc).__name__
        self.console.err(
            f"warning: could not read which parameters are NoEcho ({reason}); "
            "every --param value is masked in this run"
        )


def current_artifact(
    client: ServiceCatalogClient,
    *,
    id: str | None,
    name: str | None,
    product_id: str | None,
    artifact_id: str | None,
    path_id: str | None,
) -> Artifact:
    """The artifact an update will use: the one given, else the product's current one."""
    if product_id is None or artifact_id is None:
        detail = client.describe_provisioned_product(id=id, name=name).provisioned_product_detail
        if detail is not None:
            product_id = product_id or detail.product_id
            artifact_id = artifact_id or detail.provisioning_artifact_id
    return Artifact(product_id, artifact_id, path_id)
