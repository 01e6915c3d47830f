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

from servicecatalog_sdk.cli._config import config_problem
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
    """The provisioning artifact a change launches, by id or name: the NoEcho cache key."""

    product_id: str | None
    artifact_id: str | None
    path_id: str | None = None
    product_name: str | None = None
    artifact_name: str | None = None
    path_name: str | None = None


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
            if config_problem(exc) is not None:
                # No credentials, say: the change cannot be sent either, and
                # that error (exit 5) is the one to show.
                raise
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
                product_name=artifact.product_name,
                provisioning_artifact_id=artifact.artifact_id,
                provisioning_artifact_name=artifact.artifact_name,
                path_id=artifact.path_id,
                path_name=artifact.path_name,
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
    client: ServiceCatalogClient, *, id: str | None, name: str | None, launch: Artifact
) -> Artifact:
    """The artifact an update will use: ``launch`` as given, completed from the product.

    A product or artifact given neither by id nor by name is the provisioned
    product's current one.
    """
    has_product = launch.product_id is not None or launch.product_name is not None
    has_artifact = launch.artifact_id is not None or launch.artifact_name is not None
    if has_product and has_artifact:
        return launch
    detail = client.describe_provisioned_product(id=id, name=name).provisioned_product_detail
    if detail is None:
        return launch
    if not has_product:
        launch = launch._replace(product_id=detail.product_id)
    if not has_artifact:
        launch = launch._replace(artifact_id=detail.provisioning_artifact_id)
    return launch
