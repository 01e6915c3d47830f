"""The emulator's server in the foreground, for ``servicecatalog-sdk emulator``.

It prints the endpoint as its first line of output, so a script or a test that
started it can read where to connect, and serves until SIGINT or SIGTERM.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import TextIO

from .emulator import ServiceCatalogEmulator


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    in_progress_polls: int = 2,
    region_name: str = "us-east-1",
    out: TextIO,
    ready: Callable[[ServiceCatalogEmulator], None] | None = None,
) -> int:
    """Run a server-mode emulator until SIGINT or SIGTERM; return the exit code (0).

    ``port=0`` picks a free port. The first line written to ``out`` is the
    endpoint URL; ``ready`` (for tests) is called once the server listens.
    Must run in the main thread, where Python delivers signals.
    """
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    handled = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, on_signal) for signum in handled}
    try:
        emulator = ServiceCatalogEmulator(
            server=True,
            host=host,
            port=port,
            in_progress_polls=in_progress_polls,
            region_name=region_name,
        )
        with emulator:
            out.write(f"{emulator.endpoint_url}\n")
            out.write(
                "Serving AWS Service Catalog (with S3, CloudFormation, IAM and STS); "
                "any credentials work. Stop with Ctrl-C.\n"
            )
            out.flush()
            if ready is not None:
                ready(emulator)
            # A timeout keeps the wait interruptible on every platform.
            while not stop.wait(0.5):
                pass
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    out.write("Stopped.\n")
    out.flush()
    return 0
