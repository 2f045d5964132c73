"""A forward HTTP proxy on 127.0.0.1 for tests: absolute-form requests and CONNECT tunnels.

It records what went through it (method, target, ``Proxy-Authorization``), may require a
password (407 otherwise), and only ever connects to 127.0.0.1, whatever host a request names.
It stops with ``close()`` and, in any case, after ``lifetime`` seconds.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Passed:
    method: str
    target: str
    authorization: str | None


@dataclass
class ForwardProxy:
    require: str | None = None
    """``Proxy-Authorization`` value required (None: anyone may use it)."""
    lifetime: float = 60.0
    seen: list[Passed] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def _serve(self) -> None:
        end = time.monotonic() + self.lifetime
        while not self._stop.is_set() and time.monotonic() < end:
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            with contextlib.suppress(OSError, ValueError):
                while self._one(conn):
                    pass

    def _one(self, conn: socket.socket) -> bool:
        """Relay one request (False: the connection is done)."""
        head = _read_head(conn)
        if head is None:
            return False
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        self.seen.append(Passed(method, target, headers.get("proxy-authorization")))
        if self.require is not None and headers.get("proxy-authorization") != self.require:
            conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n")
            return True
        if method == "CONNECT":
            port = int(target.rsplit(":", 1)[1])
            with socket.create_connection(("127.0.0.1", port), timeout=5) as upstream:
                conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _pipe(conn, upstream)
            return False
        url = urlsplit(target)
        body = _read_exact(conn, int(headers.get("content-length", "0")))
        kept = [line for line in lines[1:] if line and not line.lower().startswith(("proxy-", "connection:"))]
        path = url.path + (f"?{url.query}" if url.query else "")
        request = f"{method} {path} HTTP/1.1\r\n" + "\r\n".join([*kept, "connection: close"]) + "\r\n\r\n"
        with socket.create_connection(("127.0.0.1", url.port or 80), timeout=5) as upstream:
            upstream.sendall(request.encode("latin-1") + body)
            reply = _read_head(upstream) or b""
            length = next((int(line.split(b":")[1]) for line in reply.split(b"\r\n") if _is_length(line)), 0)
            reply += b"\r\n\r\n" + _read_exact(upstream, length)
        conn.sendall(reply)
        return False


def _read_head(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(1)
        if not chunk:
            return None
        data += chunk
    return data[:-4]


def _is_length(line: bytes) -> bool:
    return line.lower().startswith(b"content-length:")


def _read_exact(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Relay bytes both ways until either side closes (a CONNECT tunnel)."""
    while True:
        ready, _, _ = select.select([a, b], [], [], 10)
        if not ready:
            return
        for source in ready:
            data = source.recv(65536)
            if not data:
                return
            (b if source is a else a).sendall(data)
