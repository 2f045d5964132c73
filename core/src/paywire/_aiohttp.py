"""``AiohttpTransport``: an optional, faster ``AsyncTransport`` on aiohttp (``pip install paywire[aiohttp]``).

It keeps the contract of ``AsyncHttpxTransport``: the same ``send``/``aclose``, the same
``TransportFailure`` kinds and ``sent`` flags, the same reply size cap, no redirects, no query,
user info or header value in a failure message. It bypasses httpx's request and response
objects, which cost more per call than the network does on a fast link.

``AsyncClient`` uses it by default when aiohttp is installed (``default_async_transport``).

Connections: at most ``limit`` calls are in flight; more wait their turn, first come first
served, and that wait is not part of any attempt (as on httpx: see ``_transport``). Timeouts:
``Timeout.total`` bounds the whole attempt from the moment it holds a slot (connect, send, reply
headers and body); ``connect`` bounds establishing a connection (``pool`` is added, for aiohttp's
own wait, which the slots keep at nil); ``read`` bounds each socket read. aiohttp has no
per-write timeout: ``total`` covers writes, and the engine always sets it. TLS uses the same
context as the httpx transports, and proxies come from the same environment variables with
httpx's rules (``_proxy``; ``trust_env=False`` ignores them). Cookies are never stored between
calls. aiohttp's own ``ClientSession.request`` is used, so vcrpy records and replays it too.
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import aiohttp

from ._config import Timeout
from ._http import HttpRequest, HttpResponse
from ._pool import Origin, take_slot
from ._transport import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RESPONSE_BYTES,
    FailureKind,
    ReplyBody,
    TransportFailure,
    _describe,
    _end,
    _origin,
    _parsed_url,
    _proxies,
    _tls_context,
)

__all__ = ["AiohttpTransport"]

# Raised before a byte of the request left the process: always safe to retry.
_NOT_SENT: tuple[type[BaseException], ...] = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)
_INVALID: tuple[type[BaseException], ...] = (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError, ValueError, TypeError)

_CHUNK = 64 * 1024
_DIRECT: dict[str, Any] = {}


class AiohttpTransport:
    """An ``AsyncTransport`` on one pooled ``aiohttp.ClientSession``, created on first use.

    ``limit``: the most connections open, and calls in flight, at once (like httpx's default
    pool, 100); further calls wait for a free one. ``trust_env``: read proxies from the
    environment (and ``SSL_CERT_FILE``/``SSL_CERT_DIR``), as httpx does. ``session``: bring your
    own (it is closed by ``aclose``; its own proxy and TLS settings apply, and ``limit`` does not);
    it should not follow redirects on its own behalf.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        limit: int = DEFAULT_MAX_CONNECTIONS,
        trust_env: bool = True,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._session = session
        self._limit = limit
        self._trust_env = trust_env
        self._slots = asyncio.Semaphore(limit) if session is None else None
        proxies, self._secrets = _proxies(trust_env if session is None else False)
        if proxies is not None and proxies.needs_socks():
            raise ValueError("aiohttp cannot use the SOCKS proxy the environment names: use AsyncHttpxTransport")
        self._proxies = proxies
        self._proxy_arguments: dict[Origin, dict[str, Any]] = {}
        self.max_response_bytes = max_response_bytes

    def _open(self) -> aiohttp.ClientSession:
        # Created lazily: a ClientSession belongs to the running event loop.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._limit, ssl=_tls_context(self._trust_env)),
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=True,
            )
        return self._session

    async def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse:
        slots = self._slots
        if slots is None:
            return await self._send(request, timeout)
        await take_slot(slots)
        try:
            return await self._send(request, timeout)
        finally:
            slots.release()

    async def _send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse:
        session = self._open()
        deadline = _end(timeout)  # counted from here: the attempt holds its slot
        secrets = self._secrets
        failure: TransportFailure
        try:
            proxy = _DIRECT if self._proxies is None else self._proxy_for(request.url)
            headers = request.headers if "headers" not in proxy else {**request.headers, **proxy["headers"]}
            async with session.request(
                request.method,
                request.url,
                headers=headers,
                data=request.body or None,
                allow_redirects=False,
                timeout=_client_timeout(timeout),
                proxy=proxy.get("proxy"),
                proxy_headers=proxy.get("proxy_headers"),
            ) as raw:
                return await self._read(raw, deadline)
        except TransportFailure:
            raise
        except _NOT_SENT as exc:
            kind: FailureKind = "timeout" if isinstance(exc, TimeoutError) else "network"
            failure = TransportFailure(kind, _describe(exc, request, secrets), sent=False)
        except TimeoutError as exc:  # total or per-read timeout once the request was on its way
            detail = _describe(exc, request, secrets) if str(exc) else "call deadline exceeded"
            failure = TransportFailure("timeout", detail, sent=True)
        except (aiohttp.ClientError, OSError) as exc:
            if isinstance(exc, _INVALID):
                failure = TransportFailure(
                    "invalid", f"cannot send this request: {_describe(exc, request, secrets)}", sent=False
                )
            else:
                failure = TransportFailure("network", _describe(exc, request, secrets), sent=True)
        except (ValueError, TypeError) as exc:  # a header or URL aiohttp refuses to put on the wire
            detail = _describe(exc, request, secrets)
            failure = TransportFailure("invalid", f"cannot send this request: {detail}", sent=False)
        # Raised outside the except blocks: nothing chained, so no aiohttp exception (which may
        # hold the request's URL and headers) travels with the failure.
        raise failure

    def _proxy_for(self, url: str) -> dict[str, Any]:
        """aiohttp's proxy arguments for ``url`` (only called when a proxy is set), kept per origin.

        A proxy's credentials go as ``Proxy-Authorization`` (Basic, as httpx sends them): on the
        CONNECT for https://, on the request itself for http://, which the proxy receives whole.
        """
        assert self._proxies is not None
        origin = _origin(url)
        arguments = self._proxy_arguments.get(origin)
        if arguments is None:
            proxy = self._proxies.for_url(_parsed_url(url))
            arguments = {} if proxy is None else {"proxy": str(proxy.url)}
            if proxy is not None and proxy.auth is not None:
                token = base64.b64encode(":".join(proxy.auth).encode()).decode()
                key = "proxy_headers" if origin[0] == "https" else "headers"
                arguments[key] = {"Proxy-Authorization": f"Basic {token}"}
            self._proxy_arguments[origin] = arguments
        return arguments

    async def _read(self, raw: aiohttp.ClientResponse, deadline: float | None) -> HttpResponse:
        limit = self.max_response_bytes
        status = raw.status
        length = raw.headers.get("content-length")
        body = ReplyBody(status, length, limit, deadline)
        if length is not None and raw.headers.get("content-encoding") is None:
            # The declared length is within the limit (checked above) and aiohttp reads no more
            # than it: one read instead of a chunk loop. Timeouts bound it as they bound the loop.
            body.add(await raw.read())
        else:
            async for chunk in raw.content.iter_chunked(_CHUNK):
                body.add(chunk)
        return HttpResponse(status, _headers(raw), body.read())

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def _client_timeout(timeout: Timeout) -> aiohttp.ClientTimeout:
    total = timeout.total
    return aiohttp.ClientTimeout(
        total=total,
        connect=timeout.pool + timeout.connect,
        sock_connect=timeout.connect,
        # A per-read timer re-armed on every chunk costs per call; it is moot when total is shorter.
        sock_read=None if total is not None and timeout.read >= total else timeout.read,
    )


def _headers(raw: aiohttp.ClientResponse) -> dict[str, str]:
    """Lower-case names; a repeated header's values joined with ``, `` as httpx does."""
    headers: dict[str, str] = {}
    for name, value in raw.headers.items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers
