"""Serving the dashboard: waitress (plain HTTP) or cheroot (HTTPS with the standard library's ssl), many threads.

Why these servers: both are pure Python (no C build, no fork: they run the same on Linux,
macOS and Windows, where a team's server may be), both serve the WSGI app from a pool of
threads in ONE process, so the situations and the measure table are loaded once and
shared by every thread (no copy per worker, no reload). waitress is the production WSGI
server recommended by Flask's and Pyramid's documentation; it has no TLS (its
documentation says to terminate TLS in a proxy), so with ``--certfile/--keyfile`` the
app is served by cheroot (CherryPy's server), whose built-in adapter is the standard
library's :mod:`ssl` (TLS 1.2 or later here). Neither logs request paths, which name
situations.
"""

from __future__ import annotations

import ssl
import threading
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_THREADS", "Server", "make_server"]

DEFAULT_THREADS = 8  # callbacks of one page load arrive together (5 to 10); more threads only wait on the GIL


@dataclass
class Server:
    """A listening dashboard server: ``port`` is the port bound (useful with port 0)."""

    impl: Any
    kind: str  # "waitress" or "cheroot"
    host: str
    port: int
    tls: bool

    @property
    def url(self) -> str:
        shown = f"[{self.host.strip('[]')}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{shown}:{self.port}/"

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        try:
            if self.kind == "waitress":
                # waitress's own run() has no stop: poll its loop in short steps and look at the flag between them
                while not self._stop.is_set():
                    self.impl.asyncore.loop(timeout=0.2, map=self.impl._map, count=1)
            else:
                self.impl.serve()
        finally:
            self._stopped.set()

    def close(self) -> None:
        """Stop serving (from any thread) and release the port."""
        self._stop.set()
        if self.kind == "waitress":
            self._stopped.wait(5)
            for channel in list(self.impl._map.values()):  # open connections, then the listening socket
                if channel is not self.impl:
                    channel.close()
            self.impl.close()
            self.impl.task_dispatcher.shutdown(timeout=5)  # its worker threads
        else:
            self.impl.stop()

    def start_thread(self) -> threading.Thread:
        """Serve in a daemon thread (tests, benchmarks); stop with :meth:`close`."""
        thread = threading.Thread(target=self.serve_forever, name="netmap-dashboard", daemon=True)
        thread.start()
        return thread


def tls_context(certfile: str, keyfile: str) -> ssl.SSLContext:
    """A server context for ``certfile``/``keyfile``: TLS 1.2 or later, the standard library's default ciphers."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certfile, keyfile)
    return context


def make_server(wsgi_app, host: str = "127.0.0.1", port: int = 0, *, threads: int = DEFAULT_THREADS,
                certfile: str | None = None, keyfile: str | None = None) -> Server:
    """Bind ``host:port`` (0: any free port) and return the server, not yet serving.

    Raises OSError when the address cannot be bound, ssl.SSLError or OSError for an
    unusable certificate or key.
    """
    bind_host = host.strip("[]")
    if certfile or keyfile:
        from cheroot import wsgi
        from cheroot.ssl.builtin import BuiltinSSLAdapter

        context = tls_context(str(certfile), str(keyfile))  # fails here, before binding, on a bad file
        server = wsgi.Server((bind_host, port), wsgi_app, numthreads=threads, server_name="netmap",
                             timeout=10, shutdown_timeout=2)
        adapter = BuiltinSSLAdapter(str(certfile), str(keyfile))
        adapter.context = context
        server.ssl_adapter = adapter
        server.prepare()
        return Server(server, "cheroot", host, server.bind_addr[1], True)
    import logging

    from waitress.server import create_server
    from waitress.task import ThreadedTaskDispatcher

    # waitress warns at each request that waits for a free thread: under a team's normal load, a line per
    # page view; a saturated server still shows in its latency (see bench/bench_load.py)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # our own dispatcher, so that its threads can be stopped when the port cannot be bound (create_server
    # starts them before binding)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(threads)
    try:
        server = create_server(
            wsgi_app, host=bind_host, port=port, threads=threads, ident="netmap",  # no version in Server
            expose_tracebacks=False, clear_untrusted_proxy_headers=True, channel_timeout=60,
            connection_limit=200, max_request_body_size=2_000_000, _dispatcher=dispatcher,
        )
    except BaseException:
        dispatcher.shutdown(timeout=5)
        raise
    return Server(server, "waitress", host, server.effective_port, False)
