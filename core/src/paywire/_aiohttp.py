"""``AiohttpTransport``: an optional, faster ``AsyncTransport`` on aiohttp (``pip install paywire[aiohttp]``).

It keeps the contract of ``AsyncHttpxTransport``: the same ``send``/``aclose``, the same
``TransportFailure`` kinds and ``sent`` flags, the same reply size cap, no redirects, no query,
user info or header value in a failure message. It bypasses httpx's request and response
objects, which cost more per call than the network does on a fast link.

Timeouts: ``Timeout.total`` bounds the whole attempt (connect, send, reply headers and body);
``connect`` bounds establishing a connection, ``pool`` adds the wait for a free pooled one;
``read`` bounds each socket read. aiohttp has no per-write timeout: ``total`` covers writes,
and the engine always sets it. Cookies are never stored between calls. aiohttp's own
``ClientSession.request`` is used, so vcrpy records and replays this transport too.
"""

from __future__ import annotations

import aiohttp

from ._config import Timeout
from ._http import HttpRequest, HttpResponse
from ._transport import DEFAULT_MAX_RESPONSE_BYTES, FailureKind, ReplyBody, TransportFailure, _describe, _end

__all__ = ["AiohttpTransport"]

# Raised before a byte of the request left the process: always safe to retry.
_NOT_SENT: tuple[type[BaseException], ...] = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)
_INVALID: tuple[type[BaseException], ...] = (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError, ValueError, TypeError)

_CHUNK = 64 * 1024


class AiohttpTransport:
    """An ``AsyncTransport`` on one pooled ``aiohttp.ClientSession``, created on first use.

    ``limit``: the most connections open at once (like httpx's default pool, 100); further
    calls wait for a free one, bounded by ``Timeout.pool``. ``session``: bring your own (it is
    closed by ``aclose``); it should not follow redirects on its own behalf.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        limit: int = 100,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._session = session
        self._limit = limit
        self.max_response_bytes = max_response_bytes

    def _open(self) -> aiohttp.ClientSession:
        # Created lazily: a ClientSession belongs to the running event loop.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._limit),
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=True,
            )
        return self._session

    async def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse:
        session = self._open()
        deadline = _end(timeout)
        failure: TransportFailure
        try:
            async with session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=request.body or None,
                allow_redirects=False,
                timeout=_client_timeout(timeout),
            ) as raw:
                return await self._read(raw, deadline)
        except TransportFailure:
            raise
        except _NOT_SENT as exc:
            kind: FailureKind = "timeout" if isinstance(exc, TimeoutError) else "network"
            failure = TransportFailure(kind, _describe(exc, request), sent=False)
        except TimeoutError as exc:  # total or per-read timeout once the request was on its way
            detail = _describe(exc, request) if str(exc) else "call deadline exceeded"
            failure = TransportFailure("timeout", detail, sent=True)
        except (aiohttp.ClientError, OSError) as exc:
            if isinstance(exc, _INVALID):
                failure = TransportFailure(
                    "invalid", f"cannot send this request: {_describe(exc, request)}", sent=False
                )
            else:
                failure = TransportFailure("network", _describe(exc, request), sent=True)
        except (ValueError, TypeError) as exc:  # a header or URL aiohttp refuses to put on the wire
            failure = TransportFailure("invalid", f"cannot send this request: {_describe(exc, request)}", sent=False)
        # Raised outside the except blocks: nothing chained, so no aiohttp exception (which may
        # hold the request's URL and headers) travels with the failure.
        raise failure

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
