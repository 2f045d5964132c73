"""Transports: the only code that touches the network. Sync and async, on httpx by default.

A transport sends one ``HttpRequest`` and returns one ``HttpResponse``, or raises
``TransportFailure`` saying whether the request may have reached the server (``sent``), which
decides whether a retry is safe. Replies larger than ``max_response_bytes`` are refused.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

import httpx

from ._config import Timeout
from ._http import HttpRequest, HttpResponse

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "AsyncHttpxTransport",
    "AsyncTransport",
    "HttpxTransport",
    "Transport",
    "TransportFailure",
]

DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024

FailureKind = Literal["timeout", "network", "too_large"]


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


def _failure(exc: httpx.TransportError) -> TransportFailure:
    # Connect and pool failures happen before a byte of the request left: always safe to retry.
    not_sent = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol,
                httpx.ProxyError, httpx.LocalProtocolError)
    sent = not isinstance(exc, not_sent)
    kind: FailureKind = "timeout" if isinstance(exc, httpx.TimeoutException) else "network"
    return TransportFailure(kind, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, sent=sent)


def _httpx_timeout(timeout: Timeout) -> httpx.Timeout:
    return httpx.Timeout(connect=timeout.connect, read=timeout.read, write=timeout.write, pool=timeout.pool)


def _too_large(status: int, limit: int) -> TransportFailure:
    return TransportFailure("too_large", f"reply larger than {limit} bytes", sent=True, status_code=status)


def _declared_too_large(response: httpx.Response, limit: int) -> bool:
    length = response.headers.get("content-length")
    return bool(length and length.isdigit() and int(length) > limit)


def _response(raw: httpx.Response, body: bytes) -> HttpResponse:
    return HttpResponse(raw.status_code, {k.lower(): v for k, v in raw.headers.items()}, body)


class HttpxTransport:
    """The default sync transport: one pooled ``httpx.Client`` reused by every call."""

    def __init__(self, client: httpx.Client | None = None, *, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES) -> None:
        self._client = client or httpx.Client(follow_redirects=False)
        self.max_response_bytes = max_response_bytes

    def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse:
        limit = self.max_response_bytes
        try:
            raw = self._client.send(
                self._client.build_request(request.method, request.url, headers=request.headers,
                                           content=request.body, timeout=_httpx_timeout(timeout)),
                stream=True,
            )
            try:
                if _declared_too_large(raw, limit):
                    raise _too_large(raw.status_code, limit)
                chunks: list[bytes] = []
                size = 0
                for chunk in raw.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(raw.status_code, limit)
                    chunks.append(chunk)
            finally:
                raw.close()
        except httpx.TransportError as exc:
            raise _failure(exc) from None
        except httpx.DecodingError as exc:
            raise TransportFailure("network", f"undecodable reply: {exc}", sent=True) from None
        return _response(raw, b"".join(chunks))

    def close(self) -> None:
        self._client.close()


class AsyncHttpxTransport:
    """The default async transport: one pooled ``httpx.AsyncClient``."""

    def __init__(self, client: httpx.AsyncClient | None = None, *, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES) -> None:
        self._client = client or httpx.AsyncClient(follow_redirects=False)
        self.max_response_bytes = max_response_bytes

    async def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse:
        limit = self.max_response_bytes
        try:
            raw = await self._client.send(
                self._client.build_request(request.method, request.url, headers=request.headers,
                                           content=request.body, timeout=_httpx_timeout(timeout)),
                stream=True,
            )
            try:
                if _declared_too_large(raw, limit):
                    raise _too_large(raw.status_code, limit)
                chunks: list[bytes] = []
                size = 0
                async for chunk in raw.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(raw.status_code, limit)
                    chunks.append(chunk)
            finally:
                await raw.aclose()
        except httpx.TransportError as exc:
            raise _failure(exc) from None
        except httpx.DecodingError as exc:
            raise TransportFailure("network", f"undecodable reply: {exc}", sent=True) from None
        return _response(raw, b"".join(chunks))

    async def aclose(self) -> None:
        await self._client.aclose()
