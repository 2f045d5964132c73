"""Connection slots for paywire's own pools: calls beyond the pool's size wait their turn.

httpx queues a request that finds no free connection inside its pool, fails it with
``PoolTimeout`` after ``Timeout.pool``, and does work for every queued request each time a
connection frees up: with 1,000 creates in flight every call failed. Here a call first takes one of
``max_connections`` slots (first come, first served: ``threading.Semaphore``/``asyncio.Semaphore``)
and only then enters httpx, which always has a connection for it. Waiting for a slot is local
queueing behind the client's own calls, not part of any attempt: an attempt's ``Timeout.total``
starts once it holds a slot (see ``queued_seconds``). Memory grows with the calls waiting, and no
more; a waiting call can be cancelled (``asyncio.timeout``): it has sent nothing.

Sync: one httpx pool per route (direct, or each proxy the environment names). Async: each slot
lends one single-connection httpx transport, the most recently used for the request's origin
first. httpx's async pool spends time on every one of its connections at each request, so
one pool of 100 costs several times the CPU per request of 100 pools of one (docs/performance.md).
HTTP, TLS, proxies and keep-alive stay httpx's own.
"""

from __future__ import annotations

import asyncio
import contextvars
import ssl
import threading
import time

import httpx

from ._deadline import bound
from ._proxy import Proxies

__all__ = ["AsyncConnections", "SyncPools", "queued_seconds", "take_slot"]

_queued: contextvars.ContextVar[float] = contextvars.ContextVar("paywire_queued", default=0.0)

_ONE = httpx.Limits(max_connections=1, max_keepalive_connections=1)


def queued_seconds() -> float:
    """Seconds this thread or task has spent waiting for a connection slot, in total.

    The engine can subtract the growth of this over a call from the time the call's deadline
    counts, so that queueing behind the client's own calls never uses up a call's retries.
    """
    return _queued.get()


def _waited(since: float) -> None:
    _queued.set(_queued.get() + time.monotonic() - since)


async def take_slot(slots: asyncio.Semaphore) -> None:
    """``slots.acquire()``, the time spent waiting (if any) added to ``queued_seconds``."""
    if slots.locked():
        since = time.monotonic()
        await slots.acquire()
        _waited(since)
    else:
        await slots.acquire()


def _limits(max_connections: int) -> httpx.Limits:
    # Every connection kept alive: with httpx's default of 20, a busy pool of 100 closes and
    # reopens connections (a TLS handshake each, with a real processor) all the time.
    return httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)


class SyncPools:
    """``max_connections`` slots over one bounded httpx pool per route."""

    def __init__(self, max_connections: int, proxies: Proxies | None, verify: ssl.SSLContext) -> None:
        limits = _limits(max_connections)
        self.direct = bound(httpx.HTTPTransport(verify=verify, limits=limits))
        self._proxies = proxies
        # Keyed by the proxy object: two variables may name one proxy host with different credentials.
        self._via: dict[int, httpx.HTTPTransport] = {}
        for proxy in proxies.distinct() if proxies is not None else ():
            self._via[id(proxy)] = bound(httpx.HTTPTransport(verify=verify, limits=limits, proxy=proxy))
        self._slots = threading.BoundedSemaphore(max_connections)

    def route(self, url: httpx.URL) -> httpx.HTTPTransport:
        """The pool for ``url``: direct, or the one of its proxy."""
        proxy = None if self._proxies is None else self._proxies.for_url(url)
        return self.direct if proxy is None else self._via[id(proxy)]

    def acquire(self) -> None:
        if not self._slots.acquire(blocking=False):
            since = time.monotonic()
            self._slots.acquire()
            _waited(since)

    def release(self) -> None:
        self._slots.release()

    def close(self) -> None:
        self.direct.close()
        for pool in self._via.values():
            pool.close()


Origin = tuple[str, str, int | None]


class AsyncConnections:
    """``max_connections`` slots, each lending a single-connection httpx transport."""

    def __init__(self, max_connections: int, proxies: Proxies | None, verify: ssl.SSLContext) -> None:
        self._proxies = proxies
        self._verify = verify
        self._slots = asyncio.Semaphore(max_connections)
        self._idle: dict[Origin, list[httpx.AsyncHTTPTransport]] = {}
        self._every: list[httpx.AsyncHTTPTransport] = []

    async def acquire(self, url: httpx.URL, origin: Origin) -> httpx.AsyncHTTPTransport:
        """A connection for ``url``, once a slot is free; hand it back with ``release``."""
        await take_slot(self._slots)
        idle = self._idle.get(origin)
        if idle:
            return idle.pop()  # the most recently used: the likeliest to be open and warm
        proxy = None if self._proxies is None else self._proxies.for_url(url)
        transport = httpx.AsyncHTTPTransport(verify=self._verify, limits=_ONE, proxy=proxy)
        self._every.append(transport)
        return transport

    def release(self, origin: Origin, transport: httpx.AsyncHTTPTransport) -> None:
        self._idle.setdefault(origin, []).append(transport)
        self._slots.release()

    async def aclose(self) -> None:
        every, self._every, self._idle = self._every, [], {}
        for transport in every:
            await transport.aclose()
