"""Connection bookkeeping for the stack's threaded servers (the emulators and the hostile
servers): each connection's socket and handler thread are recorded, so that closing a
server shuts every open connection down and joins every handler thread. Nothing is left
running after a test, not even a keep-alive connection a client never closed."""
from __future__ import annotations

import contextlib
import socket
import threading


class ConnectionTracking:
    """Mixin for ``socketserver``'s threading servers (put it first among the bases and call
    :meth:`_init_connection_tracking` before the server's ``__init__``)."""

    def _init_connection_tracking(self) -> None:
        self._conn_lock = threading.Lock()
        self._conns: set = set()
        self._handler_threads: set = set()

    def _connection_thread_name(self) -> str:
        return f"{type(self).__name__}-{self.server_address[1]}-conn"

    def process_request(self, request, client_address):
        t = threading.Thread(target=self._tracked_request, args=(request, client_address), daemon=True,
                             name=self._connection_thread_name())
        with self._conn_lock:
            self._conns.add(request)
            self._handler_threads.add(t)
        t.start()

    def _tracked_request(self, request, client_address):
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._conn_lock:
                self._conns.discard(request)
                self._handler_threads.discard(threading.current_thread())

    def close_connections(self) -> None:
        """Shut every open connection down and wait (up to 5 s each) for its handler."""
        with self._conn_lock:
            conns, threads = list(self._conns), list(self._handler_threads)
        for c in conns:
            with contextlib.suppress(OSError):
                c.shutdown(socket.SHUT_RDWR)
        for t in threads:
            t.join(timeout=5)
