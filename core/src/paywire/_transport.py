"""Transports: the only code that touches the network. Sync and async, on httpx by default.

A transport sends one ``HttpRequest`` and returns one ``HttpResponse``, or raises
``TransportFailure`` saying whether the request may have reached the server (``sent``), which
decides whether a retry is safe. Replies larger than ``max_response_bytes`` are refused.

An attempt never runs past ``Timeout.total``: httpx's read timeout applies to each read, so a
server dripping its reply byte by byte would defeat it. The default transports therefore wrap
httpcore's network streams so that every connect, read and write waits at most for what is left
of the attempt, and check the clock between body chunks as well. Failure messages never hold a
URL's query or user info, nor any request header value.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import ssl
import time
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Protocol, runtime_checkable

import httpcore
import httpx

from ._config import Timeout
from ._http import HttpRequest, HttpResponse
from ._redact import redact

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "AsyncHttpxTransport",
    "AsyncTransport",
    "HttpxTransport",
    "Transport",
    "TransportFailure",
]

DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024

FailureKind = Literal["timeout", "network", "too_large", "invalid"]
"""``invalid``: the request could not be built for sending (bad URL or header); nothing was sent."""

# The monotonic time the current attempt must end by (None: unbounded); read by the streams below.
_attempt_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "paywire_attempt_deadline", default=None
)


class TransportFailure(Exception):
    """No usable reply. ``sent``: the request may have reached the server (ambiguous)."""

    def __init__(self, kind: FailureKind, detail: str, *, sent: bool, status_code: int | None = None) -> None:
        super().__init__(detail)
        self.kind: FailureKind = kind
        self.detail = detail
        self.sent = sent
        self.status_code = status_code


@runtime_checkable
class Transport(Protocol):
    def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse: ...
    def close(self) -> None: ...


@runtime_checkable
class AsyncTransport(Protocol):
    async def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse: ...
    async def aclose(self) -> None: ...


_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.ProxyError,
    httpx.LocalProtocolError,
)


def _failure(exc: Exception, request: HttpRequest) -> TransportFailure:
    # Connect and pool failures happen before a byte of the request left: always safe to retry.
    sent = not isinstance(exc, _NOT_SENT)
    kind: FailureKind = "timeout" if isinstance(exc, httpx.TimeoutException) else "network"
    if isinstance(exc, httpx.UnsupportedProtocol):
        kind = "invalid"
    return TransportFailure(kind, _describe(exc, request), sent=sent)


def _describe(exc: BaseException, request: HttpRequest) -> str:
    """``Type: message`` with the request's header values and URL secrets masked."""
    text = str(exc)
    if not text:
        return type(exc).__name__
    return f"{type(exc).__name__}: {redact(text, _header_values(request.headers))}"


def _header_values(headers: Mapping[str, str]) -> Iterable[str]:
    for value in headers.values():
        yield value
        # "Bearer sk_..." / "Basic <b64>": the credential alone may be quoted too.
        _scheme, _, credential = value.partition(" ")
        if credential:
            yield credential


def _invalid(exc: Exception, request: HttpRequest) -> TransportFailure:
    return TransportFailure("invalid", f"cannot send this request: {_describe(exc, request)}", sent=False)


def _undecodable(exc: Exception, request: HttpRequest) -> TransportFailure:
    return TransportFailure("network", f"undecodable reply: {_describe(exc, request)}", sent=True)


def _httpx_timeout(timeout: Timeout) -> httpx.Timeout:
    return httpx.Timeout(connect=timeout.connect, read=timeout.read, write=timeout.write, pool=timeout.pool)


def _too_large(status: int, limit: int) -> TransportFailure:
    return TransportFailure("too_large", f"reply larger than {limit} bytes", sent=True, status_code=status)


def _late(status: int) -> TransportFailure:
    return TransportFailure("timeout", "call deadline exceeded while reading the reply", sent=True, status_code=status)


class ReplyBody:
    """A reply's body as it arrives, refused past ``limit`` bytes (declared or received) or past
    the attempt's ``deadline``: the one rule every transport reads replies by."""

    def __init__(self, status: int, content_length: str | None, limit: int, deadline: float | None) -> None:
        if content_length and content_length.isdigit() and int(content_length) > limit:
            raise _too_large(status, limit)
        self._status, self._limit, self._deadline = status, limit, deadline
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self._limit:
            raise _too_large(self._status, self._limit)
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise _late(self._status)
        self._chunks.append(chunk)

    def read(self) -> bytes:
        return b"".join(self._chunks)


def _response(raw: httpx.Response, body: bytes) -> HttpResponse:
    return HttpResponse(raw.status_code, {k.lower(): v for k, v in raw.headers.items()}, body)


def _end(timeout: Timeout) -> float | None:
    return None if timeout.total is None else time.monotonic() + timeout.total


def _left(deadline: float | None, timeout: float | None, expired: type[Exception]) -> float | None:
    """The timeout for one network operation: ``timeout``, shortened to what is left of the attempt."""
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
        return self._stream.read(max_bytes, _left(_attempt_deadline.get(), timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(_attempt_deadline.get(), timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        timeout = _left(_attempt_deadline.get(), timeout, httpcore.ConnectTimeout)
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
        timeout = _left(_attempt_deadline.get(), timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        timeout = _left(_attempt_deadline.get(), timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _AsyncDeadlineStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, _left(_attempt_deadline.get(), timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, _left(_attempt_deadline.get(), timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = _left(_attempt_deadline.get(), timeout, httpcore.ConnectTimeout)
        return _AsyncDeadlineStream(await self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        timeout = _left(_attempt_deadline.get(), timeout, httpcore.ConnectTimeout)
        return _AsyncDeadlineStream(await self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = _left(_attempt_deadline.get(), timeout, httpcore.ConnectTimeout)
        return _AsyncDeadlineStream(await self._backend.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def _bound_pool(transport: httpx.HTTPTransport | httpx.AsyncHTTPTransport) -> None:
    """Make the transport's connection pool honour the attempt deadline on every socket operation.

    httpx offers no public way to pass a network backend, so this reaches into its pool; if that
    ever changes, the per-chunk clock check in ``send`` still bounds the body (not the headers).
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    elif isinstance(backend, httpcore.AsyncNetworkBackend):
        pool._network_backend = _AsyncDeadlineBackend(backend)  # type: ignore[union-attr]


class _RequestBuilder:
    """The ``httpx.Request`` for an ``HttpRequest``. A caller's own client builds it (its
    configuration applies); for paywire's own pool, called without its client, it is built as
    that client would: the client's default headers (``User-Agent``, ``Accept-Encoding``...) under
    the request's own, and the timeouts as the ``timeout`` extension."""

    def __init__(self, client: httpx.Client | httpx.AsyncClient, *, own_pool: bool) -> None:
        self._client = None if own_pool else client
        self._headers = [(name.lower(), value) for name, value in client.headers.items()]

    def build(self, request: HttpRequest, timeout: Timeout) -> httpx.Request:
        if self._client is not None:
            return self._client.build_request(
                request.method,
                request.url,
                headers=request.headers,
                content=request.body,
                timeout=_httpx_timeout(timeout),
            )
        own = request.headers
        names = {name.lower() for name in own}
        headers = [(n, v) for n, v in self._headers if n not in names]
        headers.extend(own.items())
        extensions = {
            "timeout": {"connect": timeout.connect, "read": timeout.read, "write": timeout.write, "pool": timeout.pool}
        }
        return httpx.Request(
            request.method, _parsed_url(request.url), headers=headers, content=request.body, extensions=extensions
        )


@functools.lru_cache(maxsize=256)
def _parsed_url(url: str) -> httpx.URL:
    """``httpx.URL(url)``, parsed once per distinct URL (a connector posts to a handful): parsing
    costs about 10 us a request. ``httpx.URL`` is immutable, so requests can share it."""
    return httpx.URL(url)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default TLS context (certifi's CAs, or ``SSL_CERT_FILE``/``SSL_CERT_DIR``), built once
    per process and shared by every default transport: building one costs about 35 ms."""
    return httpx.create_ssl_context()


class HttpxTransport:
    """The default sync transport: one pooled httpx connection pool reused by every call.

    Without ``client``, requests go straight to the pool's ``httpx.HTTPTransport``: the
    ``httpx.Client`` layer (cookies, auth, redirects, event hooks) does nothing paywire uses and
    costs more per call than a request on a fast link. Like any ``httpx.Client`` given a
    transport, this pool ignores ``HTTP(S)_PROXY``. With ``client``, every request goes through
    ``client.send``, so that client's own configuration (proxies included) applies.
    """

    def __init__(
        self, client: httpx.Client | None = None, *, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    ) -> None:
        self._pool: httpx.HTTPTransport | None = None
        if client is None:
            self._pool = httpx.HTTPTransport(verify=_tls_context())
            _bound_pool(self._pool)
            client = httpx.Client(transport=self._pool, follow_redirects=False)
        self._client = client
        self._build = _RequestBuilder(client, own_pool=self._pool is not None)
        self.max_response_bytes = max_response_bytes

    def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse:
        outcome = self._attempt(request, timeout)
        if isinstance(outcome, TransportFailure):
            raise outcome  # raised here, outside any except: no httpx exception (and its request) chained
        return outcome

    def _attempt(self, request: HttpRequest, timeout: Timeout) -> HttpResponse | TransportFailure:
        limit = self.max_response_bytes
        deadline = _end(timeout)
        pool = self._pool
        try:
            built = self._build.build(request, timeout)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            return _invalid(exc, request)
        token = _attempt_deadline.set(deadline)
        try:
            raw = self._client.send(built, stream=True) if pool is None else pool.handle_request(built)
            try:
                body = ReplyBody(raw.status_code, raw.headers.get("content-length"), limit, deadline)
                for chunk in raw.iter_bytes():
                    body.add(chunk)
            finally:
                raw.close()
        except httpx.TransportError as exc:
            return _failure(exc, request)
        except httpx.DecodingError as exc:
            return _undecodable(exc, request)
        finally:
            _attempt_deadline.reset(token)
        return _response(raw, body.read())

    def close(self) -> None:
        self._client.close()


class AsyncHttpxTransport:
    """The default async transport: one pooled httpx connection pool (see ``HttpxTransport``)."""

    def __init__(
        self, client: httpx.AsyncClient | None = None, *, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    ) -> None:
        self._pool: httpx.AsyncHTTPTransport | None = None
        if client is None:
            self._pool = httpx.AsyncHTTPTransport(verify=_tls_context())
            _bound_pool(self._pool)
            client = httpx.AsyncClient(transport=self._pool, follow_redirects=False)
        self._client = client
        self._build = _RequestBuilder(client, own_pool=self._pool is not None)
        self.max_response_bytes = max_response_bytes

    async def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse:
        outcome = await self._attempt(request, timeout)
        if isinstance(outcome, TransportFailure):
            raise outcome  # raised here, outside any except: no httpx exception (and its request) chained
        return outcome

    async def _attempt(self, request: HttpRequest, timeout: Timeout) -> HttpResponse | TransportFailure:
        try:
            built = self._build.build(request, timeout)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            return _invalid(exc, request)
        deadline = _end(timeout)
        token = _attempt_deadline.set(deadline)
        try:
            if timeout.total is None:
                return await self._send(built, request, deadline)
            # The streams above already stop at the deadline; this also covers a custom client.
            async with asyncio.timeout(timeout.total + _GRACE):
                return await self._send(built, request, deadline)
        except TimeoutError:
            return TransportFailure("timeout", "call deadline exceeded", sent=True)
        finally:
            _attempt_deadline.reset(token)

    async def _send(
        self, built: httpx.Request, request: HttpRequest, deadline: float | None
    ) -> HttpResponse | TransportFailure:
        limit = self.max_response_bytes
        pool = self._pool
        try:
            raw = await (self._client.send(built, stream=True) if pool is None else pool.handle_async_request(built))
            try:
                body = ReplyBody(raw.status_code, raw.headers.get("content-length"), limit, deadline)
                async for chunk in raw.aiter_bytes():
                    body.add(chunk)
            finally:
                await raw.aclose()
        except httpx.TransportError as exc:
            return _failure(exc, request)
        except httpx.DecodingError as exc:
            return _undecodable(exc, request)
        return _response(raw, body.read())

    async def aclose(self) -> None:
        await self._client.aclose()


_GRACE = 0.05
"""Seconds the async watchdog allows past ``Timeout.total`` before cancelling the attempt."""
