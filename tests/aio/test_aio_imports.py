"""The asyncio client costs nothing to users who never build one."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_package_or_the_client_class_does_not_import_aiobotocore() -> None:
    code = (
        "import sys, servicecatalog_sdk\n"
        "assert 'servicecatalog_sdk.aio' not in sys.modules\n"
        "from servicecatalog_sdk import AsyncServiceCatalogClient\n"
        "assert not [m for m in sys.modules if m.startswith(('aiobotocore', 'aiohttp'))]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
