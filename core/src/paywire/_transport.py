"""Transports: the only code that touches the network. Sync and async, on httpx or aiohttp.

A transport sends one ``HttpRequest`` and returns one ``HttpResponse``, or raises
``TransportFailure`` saying whether the request may have reached the server (``sent``), which
decides whether a retry is safe. Replies larger than ``max_response_bytes`` are refused.

What an attempt's ``Timeout.total`` covers: from the moment the attempt holds one of the
transport's connection slots (``_pool``) to the last byte of the reply. Connecting, TLS, sending
and every read count; waiting behind the client's own calls for a free slot does not, so calls
that never started are never failed for it. httpx's read timeout applies to each read, so a
server dripping its reply byte by byte would defeat it: async attempts run under
``asyncio.timeout``, sync ones in pools whose every socket operation waits at most for what is
left (``_deadline``), and both check the clock between body chunks.

Proxies: like ``httpx.Client()``, the default transports read ``HTTP_PROXY``, ``HTTPS_PROXY``,
``ALL_PROXY`` and ``NO_PROXY`` when built (``_proxy``); ``trust_env=False`` ignores them (and
``SSL_CERT_FILE``/``SSL_CERT_DIR``). Failure messages never hold a URL's query or user info, a
request header value, or a proxy's credentials.
"""

from __future__ import annotations

import asyncio
import functools
import ssl
import time
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Protocol, runtime_checkable

import httpx

from ._config import Timeout
from ._deadline import attempt_deadline
from ._http import HttpRequest, HttpResponse
from ._pool import AsyncConnections, Origin, SyncPools
from ._proxy import Hidden, Proxies, environment_proxies
from ._redact import redact

__all__ = [
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "AsyncHttpxTransport",
    "AsyncTransport",
    "HttpxTransport",
    "Transport",
    "TransportFailure",
    "default_async_transport",
    "default_transport",
]

DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
DEFAULT_MAX_CONNECTIONS = 100
"""Connections one transport keeps open at most (httpx's and aiohttp's default); calls beyond wait."""

FailureKind = Literal["timeout", "network", "too_large", "invalid"]
"""``invalid``: the request could not be built for sending (bad URL or header); nothing was sent."""


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


def _failure(exc: Exception, request: HttpRequest, secrets: Iterable[str] = ()) -> TransportFailure:
    # Connect and pool failures happen before a byte of the request left: always safe to retry.
    sent = not isinstance(exc, _NOT_SENT)
    kind: FailureKind = "timeout" if isinstance(exc, httpx.TimeoutException) else "network"
    if isinstance(exc, httpx.UnsupportedProtocol):
        kind = "invalid"
    return TransportFailure(kind, _describe(exc, request, secrets), sent=sent)


def _describe(exc: BaseException, request: HttpRequest, secrets: Iterable[str] = ()) -> str:
    """``Type: message`` with the request's header values, ``secrets`` (a proxy's credentials)
    and URL secrets masked."""
    text = str(exc)
    if not text:
        return type(exc).__name__
    return f"{type(exc).__name__}: {redact(text, [*_header_values(request.headers), *secrets])}"


def _header_values(headers: Mapping[str, str]) -> Iterable[str]:
    for value in headers.values():
        yield value
        # "Bearer sk_..." / "Basic <b64>": the credential alone may be quoted too.
        _scheme, _, credential = value.partition(" ")
        if credential:
            yield credential


def _invalid(exc: Exception, request: HttpRequest, secrets: Iterable[str] = ()) -> TransportFailure:
    return TransportFailure("invalid", f"cannot send this request: {_describe(exc, request, secrets)}", sent=False)


def _undecodable(exc: Exception, request: HttpRequest, secrets: Iterable[str] = ()) -> TransportFailure:
    return TransportFailure("network", f"undecodable reply: {_describe(exc, request, secrets)}", sent=True)


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


class _RequestBuilder:
    """The ``httpx.Request`` for an ``HttpRequest``. A caller's own client builds it (its
    configuration applies); for paywire's own pools it is built as an ``httpx.Client`` would:
    httpx's default headers (``User-Agent``, ``Accept-Encoding``...) under the request's own, and
    the timeouts as the ``timeout`` extension."""

    def __init__(self, client: httpx.Client | httpx.AsyncClient | None) -> None:
        self._client = client
        self._headers = _client_headers()

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


@functools.cache
def _client_headers() -> list[tuple[str, str]]:
    """The headers an ``httpx.Client`` adds to every request (built once, without a pool)."""
    with httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(204))) as client:
        return [(name.lower(), value) for name, value in client.headers.items()]


@functools.lru_cache(maxsize=256)
def _parsed_url(url: str) -> httpx.URL:
    """``httpx.URL(url)``, parsed once per distinct URL (a connector posts to a handful): parsing
    costs about 10 us a request. ``httpx.URL`` is immutable, so requests can share it."""
    return httpx.URL(url)


@functools.lru_cache(maxsize=256)
def _origin(url: str) -> Origin:
    parsed = _parsed_url(url)
    return (parsed.scheme, parsed.host, parsed.port)


@functools.cache
def _tls_context(trust_env: bool = True) -> ssl.SSLContext:
    """httpx's default TLS context (certifi's CAs, or ``SSL_CERT_FILE``/``SSL_CERT_DIR`` when
    ``trust_env``), built once per process and shared by every default transport, aiohttp's too:
    building one costs about 35 ms."""
    return httpx.create_ssl_context(trust_env=trust_env)


def _proxies(trust_env: bool) -> tuple[Proxies | None, Hidden]:
    """The environment's proxies (None without ``trust_env``) and the credentials they hold."""
    proxies = environment_proxies() if trust_env else None
    return proxies, (Hidden() if proxies is None else proxies.secrets())


class HttpxTransport:
    """The default sync transport: httpx connection pools reused by every call.

    Without ``client``, requests go straight to paywire's own pools (one per route: direct, or
    each proxy the environment names): the ``httpx.Client`` layer (cookies, auth, redirects,
    event hooks) does nothing paywire uses and costs more per call than a request on a fast link.
    At most ``max_connections`` calls are in flight; more wait their turn, from any number of
    threads. With ``client``, every request goes through ``client.send``, so that client's own
    configuration (pool, proxies, TLS) applies, and only the reply body is held to the deadline.
    """

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        trust_env: bool = True,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._pools: SyncPools | None = None
        self._secrets = Hidden()
        if client is None:
            proxies, self._secrets = _proxies(trust_env)
            self._pools = SyncPools(max_connections, proxies, _tls_context(trust_env))
        self._client = client
        self._build = _RequestBuilder(client)
        self.max_response_bytes = max_response_bytes

    def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse:
        outcome = self._attempt(request, timeout)
        if isinstance(outcome, TransportFailure):
            raise outcome  # raised here, outside any except: no httpx exception (and its request) chained
        return outcome

    def _attempt(self, request: HttpRequest, timeout: Timeout) -> HttpResponse | TransportFailure:
        try:
            built = self._build.build(request, timeout)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            return _invalid(exc, request, self._secrets)
        pools = self._pools
        if pools is None:
            return self._exchange(None, built, request, timeout)
        pools.acquire()
        try:
            return self._exchange(pools.route(built.url), built, request, timeout)
        finally:
            pools.release()

    def _exchange(
        self, pool: httpx.HTTPTransport | None, built: httpx.Request, request: HttpRequest, timeout: Timeout
    ) -> HttpResponse | TransportFailure:
        deadline = _end(timeout)  # counted from here: the attempt holds its connection slot
        token = attempt_deadline.set(deadline)
        try:
            raw = pool.handle_request(built) if pool is not None else self._own_client().send(built, stream=True)
            try:
                body = ReplyBody(raw.status_code, raw.headers.get("content-length"), self.max_response_bytes, deadline)
                for chunk in raw.iter_bytes():
                    body.add(chunk)
            finally:
                raw.close()
        except httpx.TransportError as exc:
            return _failure(exc, request, self._secrets)
        except httpx.DecodingError as exc:
            return _undecodable(exc, request, self._secrets)
        finally:
            attempt_deadline.reset(token)
        return _response(raw, body.read())

    def _own_client(self) -> httpx.Client:
        assert self._client is not None
        return self._client

    def close(self) -> None:
        if self._pools is not None:
            self._pools.close()
        if self._client is not None:
            self._client.close()


class _Progress:
    """httpx's ``trace`` request extension: notes when the request itself starts going out (a
    proxy's CONNECT does not count), so a deadline hit before that is a call that was not sent."""

    __slots__ = ("sending",)

    def __init__(self) -> None:
        self.sending = False

    async def __call__(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith(".send_request_headers.started") and info["request"].method != b"CONNECT":
            self.sending = True


class AsyncHttpxTransport:
    """The async transport on httpx (see ``HttpxTransport``); ``AsyncClient``'s default when
    aiohttp is not installed. Without ``client``, each of ``max_connections`` slots lends one
    single-connection httpx transport (``_pool``); with ``client``, ``client.send`` is used."""

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        trust_env: bool = True,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._connections: AsyncConnections | None = None
        self._secrets = Hidden()
        if client is None:
            proxies, self._secrets = _proxies(trust_env)
            self._connections = AsyncConnections(max_connections, proxies, _tls_context(trust_env))
        self._client = client
        self._build = _RequestBuilder(client)
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
            return _invalid(exc, request, self._secrets)
        connections = self._connections
        if connections is None:
            return await self._exchange(None, built, request, timeout)
        origin = _origin(request.url)
        connection = await connections.acquire(built.url, origin)
        try:
            return await self._exchange(connection, built, request, timeout)
        finally:
            connections.release(origin, connection)

    async def _exchange(
        self,
        connection: httpx.AsyncHTTPTransport | None,
        built: httpx.Request,
        request: HttpRequest,
        timeout: Timeout,
    ) -> HttpResponse | TransportFailure:
        progress = built.extensions["trace"] = _Progress()
        deadline = _end(timeout)  # counted from here: the attempt holds its connection slot
        try:
            async with asyncio.timeout(timeout.total):
                if connection is not None:
                    raw = await connection.handle_async_request(built)
                else:
                    raw = await self._own_client().send(built, stream=True)
                try:
                    body = ReplyBody(
                        raw.status_code, raw.headers.get("content-length"), self.max_response_bytes, deadline
                    )
                    async for chunk in raw.aiter_bytes():
                        body.add(chunk)
                finally:
                    await raw.aclose()
        except TimeoutError:
            return TransportFailure("timeout", "call deadline exceeded", sent=progress.sending)
        except httpx.TransportError as exc:
            return _failure(exc, request, self._secrets)
        except httpx.DecodingError as exc:
            return _undecodable(exc, request, self._secrets)
        return _response(raw, body.read())

    def _own_client(self) -> httpx.AsyncClient:
        assert self._client is not None
        return self._client

    async def aclose(self) -> None:
        if self._connections is not None:
            await self._connections.aclose()
        if self._client is not None:
            await self._client.aclose()


def default_transport() -> Transport:
    """``Client``'s transport when none is given: ``HttpxTransport()``."""
    return HttpxTransport()


def default_async_transport() -> AsyncTransport:
    """``AsyncClient``'s transport when none is given.

    ``AiohttpTransport()`` when aiohttp 3.10 or later is installed (``pip install paywire[aiohttp]``):
    it does several times more creates per second; both keep the same timeouts, retries,
    idempotency, redaction, TLS and proxies. ``AsyncHttpxTransport()`` otherwise, and also when
    the environment names a SOCKS proxy, which aiohttp cannot use. Pass ``transport=`` to choose.
    """
    if _aiohttp_usable():
        proxies = environment_proxies()
        if proxies is None or not proxies.needs_socks():
            from ._aiohttp import AiohttpTransport

            return AiohttpTransport()
    return AsyncHttpxTransport()


def _aiohttp_usable() -> bool:
    try:
        import aiohttp
    except ImportError:
        return False
    major, minor = (int(part) for part in aiohttp.__version__.split(".")[:2])
    return (major, minor) >= (3, 10)
