"""The emulator's HTTP server, on a thread of its own, quick to stop.

It serves :class:`~._front.ServingApp`: Service Catalog answered by the emulator,
everything else by moto's application.

moto's ``ThreadedMotoServer`` serves with socketserver's default shutdown poll of
half a second, so each stop waits up to 0.5 s; a suite that starts a server-mode
emulator per test pays that every time. This serves the same application
(``DomainDispatcherApplication`` over ``create_backend_app``, which
``moto.server`` re-exports from ``moto.moto_server.werkzeug_app``)
through werkzeug's threaded server with a short poll, and closes the socket
when it stops.
"""

from __future__ import annotations

import threading
from typing import Any

# How often the serving loop checks for a stop request, in seconds.
_POLL_INTERVAL = 0.02


class LocalServer:
    """moto's server on ``host:port`` (port 0 picks a free one) until :meth:`stop`."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._httpd: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Bind the port and serve in a daemon thread; returns once the port is bound."""
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server

        from ._front import ServingApp

        app = ServingApp(DomainDispatcherApplication(create_backend_app))
        self._httpd = make_server(self.host, self.port, app, threaded=True)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL},
            name="servicecatalog-emulator-server",
            daemon=True,
        )
        self._thread.start()

    def host_and_port(self) -> tuple[str, int]:
        """The address the server listens on."""
        if self._httpd is None:
            raise RuntimeError("The server is not running")
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    def stop(self) -> None:
        """Stop serving and release the port; safe to call when not running."""
        httpd, thread = self._httpd, self._thread
        self._httpd = self._thread = None
        if httpd is None:
            return
        httpd.shutdown()
        if thread is not None:
            thread.join()
        httpd.server_close()
