"""A TCP proxy on 127.0.0.1 that a test can break: forward, refuse (stopped) or drop every connection."""

from __future__ import annotations

import contextlib
import socket
import threading


class FlakyProxy:
    """Listens on a fixed local port in front of `target`; `mode` is "forward", "drop" or "stopped"."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.mode = "stopped"
        self._server: socket.socket | None = None
        self._open: list[socket.socket] = []

    def start(self, mode: str = "forward") -> None:
        """Listen (again) in `mode`."""
        self.mode = mode
        if self._server is None:
            server = socket.socket()
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind(("127.0.0.1", self.port))
            server.listen(64)
            self._server = server
            threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def stop(self) -> None:
        """Close the listener and every live connection: new connects are refused."""
        self.mode = "stopped"
        server, self._server = self._server, None
        if server is not None:
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)
            server.close()
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.close()
        self._open.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            if self.mode != "forward":
                # Accept, read a little, hang up: a server dying mid-conversation.
                with contextlib.suppress(OSError):
                    client.settimeout(0.2)
                    client.recv(1024)
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
