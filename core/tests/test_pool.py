"""Calls beyond a transport's connections wait their turn instead of failing, and the wait is not
part of any attempt's deadline: on every default transport, sync (from threads) and async.

The server answers each request after ``DELAY``: with 2 connections and 12 calls, the last call
waits 5 x ``DELAY`` for a connection, longer than both ``Timeout.pool`` and ``Timeout.total``.
httpx's own pool fails such calls with ``PoolTimeout`` (checked below, so the test proves
something), and so did paywire's transports before.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

import paywire
from paywire import HttpRequest, HttpResponse, Timeout
from paywire._pool import queued_seconds
from paywire._transport import AsyncHttpxTransport, HttpxTransport

DELAY = 0.1
CALLS = 12
CONNECTIONS = 2
TIGHT = Timeout(connect=1.0, read=1.0, write=1.0, pool=0.05, total=0.4)


class SlowServer:
    """127.0.0.1, one reply per request after ``DELAY``; counts the most requests it held at once."""

    def __init__(self) -> None:
        self.busy = self.most = self.served = 0
        lock = threading.Lock()
        state = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", "0")))
                with lock:
                    state.busy += 1
                    state.most = max(state.most, state.busy)
                time.sleep(DELAY)
                with lock:
                    state.busy -= 1
                    state.served += 1
                self.send_response(200)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1/customers"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def slow() -> Iterator[SlowServer]:
    server = SlowServer()
    yield server
    server.close()


def _request(url: str) -> HttpRequest:
    return HttpRequest("POST", url, {"content-type": "text/plain"}, b"a=1")


def _async_transports() -> dict[str, Callable[[], Any]]:
    kinds: dict[str, Callable[[], Any]] = {"httpx": lambda: AsyncHttpxTransport(max_connections=CONNECTIONS)}
    try:
        from paywire._aiohttp import AiohttpTransport
    except ImportError:  # pragma: no cover - aiohttp is in the test extra
        return kinds
    kinds["aiohttp"] = lambda: AiohttpTransport(limit=CONNECTIONS)
    return kinds


ASYNC = _async_transports()


def test_httpx_alone_fails_these_calls(slow: SlowServer) -> None:
    """The control: the same load on a plain httpx pool of the same size times out waiting."""

    async def main() -> list[Any]:
        limits = httpx.Limits(max_connections=CONNECTIONS)
        async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(1.0, pool=TIGHT.pool)) as client:
            calls = [client.post(slow.url, content=b"a=1") for _ in range(CALLS)]
            return await asyncio.gather(*calls, return_exceptions=True)

    outcomes = asyncio.run(main())
    assert any(isinstance(o, httpx.PoolTimeout) for o in outcomes)


@pytest.mark.parametrize("kind", ASYNC)
def test_async_calls_beyond_the_connections_wait_and_all_succeed(kind: str, slow: SlowServer) -> None:
    transport = ASYNC[kind]()

    async def main() -> list[HttpResponse]:
        try:
            return list(await asyncio.gather(*(transport.send(_request(slow.url), TIGHT) for _ in range(CALLS))))
        finally:
            await transport.aclose()

    started = time.monotonic()
    replies = asyncio.run(main())
    assert [r.status_code for r in replies] == [200] * CALLS
    assert slow.most <= CONNECTIONS  # never more in flight than the transport's connections
    assert time.monotonic() - started >= (CALLS / CONNECTIONS) * DELAY * 0.9  # they did queue


def test_sync_calls_from_many_threads_wait_and_all_succeed(slow: SlowServer) -> None:
    transport = HttpxTransport(max_connections=CONNECTIONS)
    with ThreadPoolExecutor(CALLS) as pool:
        replies = list(pool.map(lambda _: transport.send(_request(slow.url), TIGHT), range(CALLS)))
    transport.close()
    assert [r.status_code for r in replies] == [200] * CALLS
    assert slow.most <= CONNECTIONS


@pytest.mark.parametrize("kind", ASYNC)
def test_a_call_cancelled_while_waiting_sent_nothing_and_freed_nothing(kind: str, slow: SlowServer) -> None:
    transport = ASYNC[kind]()

    async def main() -> tuple[list[HttpResponse], bool]:
        try:
            busy = [asyncio.create_task(transport.send(_request(slow.url), TIGHT)) for _ in range(CONNECTIONS)]
            await asyncio.sleep(DELAY / 4)
            try:  # waits behind the two in flight, then is cancelled
                await asyncio.wait_for(transport.send(_request(slow.url), TIGHT), DELAY / 4)
            except TimeoutError:
                cancelled = True
            first = await asyncio.gather(*busy)
            later = await asyncio.gather(*(transport.send(_request(slow.url), TIGHT) for _ in range(CONNECTIONS)))
            return [*first, *later], cancelled
        finally:
            await transport.aclose()

    replies, cancelled = asyncio.run(main())
    assert cancelled and len(replies) == 2 * CONNECTIONS
    assert slow.served == 2 * CONNECTIONS  # the cancelled call never reached the server


@pytest.mark.parametrize("kind", ASYNC)
def test_waiting_is_counted_apart_for_the_engine(kind: str, slow: SlowServer) -> None:
    transport = ASYNC[kind]()

    async def one() -> float:
        before = queued_seconds()
        await transport.send(_request(slow.url), TIGHT)
        return queued_seconds() - before

    async def main() -> list[float]:
        try:
            return list(await asyncio.gather(*(one() for _ in range(CONNECTIONS + 2))))
        finally:
            await transport.aclose()

    waits = sorted(asyncio.run(main()))
    assert waits[:CONNECTIONS] == [0.0] * CONNECTIONS
    assert waits[-1] >= DELAY * 0.9


def test_a_call_that_waited_for_a_connection_still_has_its_retries(echo: str) -> None:
    """Twelve calls on two connections, each answered 503 once then created: the last calls wait
    longer than the whole deadline for a connection, and must still get their retry."""
    seen: dict[str, int] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", "0")))
            key = self.headers.get("idempotency-key", "")
            with lock:
                seen[key] = seen.get(key, 0) + 1
                first = seen[key] == 1
            time.sleep(DELAY)
            body = b'{"error": "busy"}' if first else b'{"id": "cus_1"}'
            self.send_response(503 if first else 200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    deadline = 4 * DELAY  # shorter than the last call's wait for a connection (about 11 x DELAY)
    policy = paywire.RetryPolicy(max_retries=1, backoff=0.001, max_backoff=0.001, deadline=deadline)
    try:
        with paywire.Client(
            echo,
            credentials={"api_key": "k"},
            base_url=f"http://127.0.0.1:{server.server_address[1]}",
            transport=HttpxTransport(max_connections=CONNECTIONS),
            retry=policy,
        ) as client:

            def create(i: int) -> object:
                try:
                    return client.customers.create(email=f"c{i}@example.com")
                except paywire.PaywireError as exc:
                    return exc

            with ThreadPoolExecutor(max_workers=CALLS) as pool:
                results = list(pool.map(create, range(CALLS)))
    finally:
        server.shutdown()
        server.server_close()
    assert [r for r in results if not isinstance(r, paywire.CreateCustomerResponse)] == []
    assert sorted(seen.values()) == [2] * CALLS
