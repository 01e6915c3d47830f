"""``python -m servicecatalog_sdk``: the ``servicecatalog-sdk`` command line."""

import sys

from servicecatalog_sdk.cli import main

if __name__ == "__main__":
    sys.exit(main())
