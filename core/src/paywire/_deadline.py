"""The sync attempt deadline inside httpx's pool: the one place paywire uses httpx internals.

httpx's timeouts apply to each socket operation, so a server that drips its reply a byte at a
time never trips them. Async attempts are cut by ``asyncio.timeout``; a blocking call in a thread
cannot be cut from outside, so each connect, read and write of a sync pool waits at most for what
is left of the attempt. httpx has no public way to give its pool a network backend: ``bound``
swaps the one at ``HTTPTransport._pool._network_backend`` (``httpcore``'s public backend interface)
for a wrapper, and raises if that attribute is not there, so a changed httpx fails loudly instead
of silently dropping the deadline. ``core/tests/test_httpx_internals.py`` checks the same on the
installed httpx, and ``core/pyproject.toml`` admits only the httpx versions it was tested with.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

__all__ = ["attempt_deadline", "bound"]

attempt_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "paywire_attempt_deadline", default=None
)
"""The monotonic time the current attempt must end by (None: unbounded), set by the sync transport."""


def bound(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    """``transport``, its pool's every socket operation bounded by ``attempt_deadline``."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if not isinstance(backend, httpcore.NetworkBackend):
        raise RuntimeError(
            f"httpx {httpx.__version__} no longer keeps its pool's network backend where paywire bounds the "
            "attempt deadline (HTTPTransport._pool._network_backend): install an httpx version that "
            "core/pyproject.toml admits"
        )
    if not isinstance(backend, _DeadlineBackend):
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    return transport


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    """The timeout for one network operation: ``timeout``, shortened to what is left of the attempt."""
    deadline = attempt_deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("call deadline exceeded")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        timeout = _left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        timeout = _left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)
