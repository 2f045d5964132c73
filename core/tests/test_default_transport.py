"""Which transport a client gets when it names none, and what the async httpx transport says
about a call its deadline stopped (sent or not)."""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
import time
from collections.abc import Iterator

import pytest

import paywire
from paywire import HttpRequest, Timeout, TransportFailure
from paywire._transport import AsyncHttpxTransport, HttpxTransport, default_async_transport, default_transport


def test_the_sync_client_uses_httpx(echo: str) -> None:
    assert isinstance(default_transport(), HttpxTransport)
    assert isinstance(paywire.Client(echo, credentials={"api_key": "sk_test_x"})._transport, HttpxTransport)


def test_the_async_client_uses_aiohttp_when_it_is_installed(echo: str) -> None:
    aiohttp_transport = pytest.importorskip("paywire._aiohttp").AiohttpTransport
    assert isinstance(default_async_transport(), aiohttp_transport)
    assert isinstance(paywire.AsyncClient(echo, credentials={"api_key": "sk_test_x"})._transport, aiohttp_transport)
    chosen = AsyncHttpxTransport()
    assert paywire.AsyncClient(echo, credentials={"api_key": "sk_test_x"}, transport=chosen)._transport is chosen


def test_the_async_client_uses_httpx_without_aiohttp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)  # import aiohttp now raises ImportError
    assert isinstance(default_async_transport(), AsyncHttpxTransport)


def test_the_async_client_uses_httpx_for_a_socks_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("aiohttp")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")  # aiohttp cannot use it; httpx[socks] can
    assert isinstance(default_async_transport(), AsyncHttpxTransport)


@pytest.fixture
def silent_tls_port() -> Iterator[int]:
    """A 127.0.0.1 port that accepts connections and never answers (a TLS handshake hangs there)."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


def test_a_deadline_hit_before_the_request_went_out_is_not_sent(silent_tls_port: int) -> None:
    transport = AsyncHttpxTransport()
    request = HttpRequest("POST", f"https://127.0.0.1:{silent_tls_port}/v1/customers", {}, b"a=1")

    async def main() -> None:
        try:
            await transport.send(request, Timeout(connect=5.0, total=0.3))  # the handshake outlives total
        finally:
            await transport.aclose()

    started = time.monotonic()
    with pytest.raises(TransportFailure) as info:
        asyncio.run(main())
    assert time.monotonic() - started < 2.0
    assert (info.value.kind, info.value.sent) == ("timeout", False)


def test_a_deadline_hit_after_the_request_went_out_is_ambiguous(silent_tls_port: int) -> None:
    transport = AsyncHttpxTransport()
    request = HttpRequest("POST", f"http://127.0.0.1:{silent_tls_port}/v1/customers", {}, b"a=1")

    async def main() -> None:
        try:
            await transport.send(request, Timeout(read=5.0, total=0.3))
        finally:
            await transport.aclose()

    with pytest.raises(TransportFailure) as info:
        asyncio.run(main())
    assert (info.value.kind, info.value.sent) == ("timeout", True)
