"""A local AWS Service Catalog on moto, for the demo and for users' tests.

Install the ``testing`` extra (``pip install servicecatalog-sdk[testing]``), then::

    from servicecatalog_sdk.testing import ServiceCatalogEmulator

    with ServiceCatalogEmulator() as emulator:
        url = emulator.upload_template({"Resources": {...}})
        sc = emulator.boto3_client()

or use the ``servicecatalog_emulator`` pytest fixture the extra registers.

Service Catalog requests are read and answered by the emulator itself
(``_front`` reads them, ``_dispatch`` answers): moto never parses one. moto
serves the other services and holds their state; this package leans on a few of
its internals, each named in the module that uses it and tested on moto 5.2.1 and
the newest 5.2 release (hence the extra's ``<5.3`` pin): the Service Catalog
entry of moto's in-process URL table, pointed at the emulator while one runs
(``_front``);
``BaseBackend``/``BackendDict`` for state moto resets, read per account
(``_backend``); the CloudFormation backend's stack methods (``_stacks``); S3's
``get_object`` plus CloudFormation's template parser (``_templates``); and the
Organizations backend's organization, accounts and OUs (``_organizations``).
Everything else goes through moto's public ``mock_aws``, the server application
``moto.server`` exports (served by ``_server``), ``/moto-api/reset`` and its
documented ``x-moto-account-id`` request header, which the emulator's clients
for other accounts send.
"""

from servicecatalog_sdk.testing.emulator import ServiceCatalogEmulator

__all__ = ["ServiceCatalogEmulator"]
