"""``AiohttpTransport`` keeps the contract of ``AsyncHttpxTransport``, over real loopback sockets."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("aiohttp")

from conftest import LocalServer, json_body

import paywire
from paywire import HttpRequest, Timeout, TransportFailure
from paywire._aiohttp import AiohttpTransport
from paywire._transport import AsyncHttpxTransport

SECRET = "sk_test_fakeSecretValue123"
FIVE_SECONDS = Timeout(total=5.0)


def _post(url: str, body: bytes = b"a=1") -> HttpRequest:
    return HttpRequest(
        "POST", url, {"authorization": f"Bearer {SECRET}", "content-type": "application/x-www-form-urlencoded"}, body
    )


def _send(
    transport: AiohttpTransport | AsyncHttpxTransport, request: HttpRequest, timeout: Timeout = FIVE_SECONDS
) -> paywire.HttpResponse:
    async def main() -> paywire.HttpResponse:
        try:
            return await transport.send(request, timeout)
        finally:
            await transport.aclose()

    return asyncio.run(main())


def _failure(transport: AiohttpTransport, request: HttpRequest, timeout: Timeout = FIVE_SECONDS) -> TransportFailure:
    with pytest.raises(TransportFailure) as info:
        _send(transport, request, timeout)
    assert SECRET not in info.value.detail
    return info.value


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], str]]:
    """A one-connection-at-a-time TCP server on 127.0.0.1 running ``serve(conn)`` per connection."""
    servers: list[socket.socket] = []

    def start(serve: Callable[[socket.socket], None]) -> str:
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(5)
        servers.append(listener)

        def loop() -> None:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                with conn:
                    conn.settimeout(5)
                    try:
                        conn.recv(65536)
                        serve(conn)
                    except OSError:
                        pass

        threading.Thread(target=loop, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    yield start
    for listener in servers:
        listener.close()


def test_sends_the_request_and_returns_the_reply(local_server: LocalServer) -> None:
    local_server.reply = lambda seen: (
        201,
        {"Content-Type": "application/json", "Request-Id": "req_7"},
        b'{"id": "cus_9"}',
    )
    response = _send(AiohttpTransport(), _post(local_server.url + "/v1/customers", b"email=a%40b.c"))
    assert response.status_code == 201
    assert response.body == b'{"id": "cus_9"}'
    assert response.headers["request-id"] == "req_7"
    assert response.header("Content-Type") == "application/json"
    [seen] = local_server.requests
    assert seen.path == "/v1/customers"
    assert seen.body == b"email=a%40b.c"
    assert seen.headers["authorization"] == f"Bearer {SECRET}"
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"


def test_replies_match_the_httpx_transport(local_server: LocalServer) -> None:
    local_server.reply = lambda seen: (
        402,
        {"content-type": "application/json", "request-id": "req_1"},
        seen.body[::-1],
    )
    request = _post(local_server.url + "/x", "name=Zoë".encode())
    ours, theirs = _send(AiohttpTransport(), request), _send(AsyncHttpxTransport(), request)
    assert (ours.status_code, ours.body) == (theirs.status_code, theirs.body)
    assert {k: ours.headers[k] for k in ("content-type", "request-id", "content-length")} == {
        k: theirs.headers[k] for k in ("content-type", "request-id", "content-length")
    }
    assert local_server.requests[0].body == local_server.requests[1].body


def test_connections_are_pooled(local_server: LocalServer) -> None:
    transport = AiohttpTransport()

    async def main() -> None:
        for _ in range(5):
            await transport.send(_post(local_server.url + "/x"), Timeout(total=5.0))
        await transport.aclose()

    asyncio.run(main())
    assert len(local_server.requests) == 5
    assert local_server.connections == 1


def test_declared_oversized_reply_is_refused(local_server: LocalServer) -> None:
    local_server.reply = lambda seen: (200, {}, b"x" * 2000)
    failure = _failure(AiohttpTransport(max_response_bytes=1000), _post(local_server.url))
    assert (failure.kind, failure.sent, failure.status_code) == ("too_large", True, 200)


def test_undeclared_oversized_reply_is_cut_off(raw_server: Callable[..., str]) -> None:
    def chunked(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        for _ in range(50):
            conn.sendall(b"400\r\n" + b"x" * 0x400 + b"\r\n")
        conn.sendall(b"0\r\n\r\n")

    failure = _failure(AiohttpTransport(max_response_bytes=10_000), _post(raw_server(chunked)))
    assert (failure.kind, failure.sent, failure.status_code) == ("too_large", True, 200)


def test_refused_connection_was_not_sent() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    failure = _failure(AiohttpTransport(), _post(f"http://127.0.0.1:{port}/v1/customers?key={SECRET}"))
    assert (failure.kind, failure.sent) == ("network", False)
    # Nothing chained: aiohttp's exception would carry the request's URL and headers along.
    assert failure.__cause__ is None and failure.__context__ is None
    assert SECRET not in str(failure)


def test_dripping_reply_stops_at_the_attempt_deadline(raw_server: Callable[..., str]) -> None:
    def drip(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n")
        for _ in range(100):
            conn.sendall(b"x")
            time.sleep(0.05)

    started = time.monotonic()
    failure = _failure(AiohttpTransport(), _post(raw_server(drip)), Timeout(read=1.0, total=0.5))
    assert time.monotonic() - started < 2.0
    assert (failure.kind, failure.sent) == ("timeout", True)


def test_silent_server_is_a_sent_timeout(raw_server: Callable[..., str]) -> None:
    failure = _failure(AiohttpTransport(), _post(raw_server(lambda conn: time.sleep(2))), Timeout(read=0.3, total=5.0))
    assert (failure.kind, failure.sent) == ("timeout", True)


def test_dropped_connection_is_ambiguous(raw_server: Callable[..., str]) -> None:
    failure = _failure(AiohttpTransport(), _post(raw_server(lambda conn: None)))
    assert (failure.kind, failure.sent) == ("network", True)
    assert failure.__context__ is None


def test_unsendable_request_is_invalid(local_server: LocalServer) -> None:
    failure = _failure(AiohttpTransport(), _post("ftp://127.0.0.1/x"))
    assert (failure.kind, failure.sent) == ("invalid", False)
    bad_header = HttpRequest("POST", local_server.url, {"x-note": "a\r\nInjected: 1"}, b"")
    failure = _failure(AiohttpTransport(), bad_header)
    assert (failure.kind, failure.sent) == ("invalid", False)
    assert local_server.requests == []


def test_redirects_are_not_followed(local_server: LocalServer) -> None:
    local_server.reply = lambda seen: (302, {"location": "/elsewhere", "set-cookie": "s=1"}, b"")
    transport = AiohttpTransport()

    async def main() -> list[paywire.HttpResponse]:
        replies = [await transport.send(_post(local_server.url + "/x"), Timeout(total=5.0)) for _ in range(2)]
        await transport.aclose()
        return replies

    first, _second = asyncio.run(main())
    assert first.status_code == 302
    assert first.headers["location"] == "/elsewhere"
    assert [s.path for s in local_server.requests] == ["/x", "/x"]
    assert "cookie" not in local_server.requests[1].headers  # nothing kept between calls


def test_async_client_retries_with_the_same_key(echo: str, local_server: LocalServer) -> None:
    replies = iter([(503, {}, b""), (200, {"request-id": "req_2"}, b'{"id": "cus_2"}')])
    local_server.reply = lambda seen: next(replies)

    async def main() -> paywire.CreateCustomerResponse:
        async with paywire.AsyncClient(
            echo, credentials={"api_key": SECRET}, base_url=local_server.url, transport=AiohttpTransport()
        ) as client:
            return await client.customers.create(email="jane@example.com")

    customer = asyncio.run(main())
    assert customer.connector_customer_id == "cus_2"
    first, second = local_server.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == customer.idempotency_key
    assert json_body(second)["email"] == "jane@example.com"


def test_vcrpy_records_and_replays_it(local_server: LocalServer, tmp_path: Path) -> None:
    vcr = pytest.importorskip("vcr")
    cassette = str(tmp_path / "create.yaml")
    local_server.reply = lambda seen: (200, {"content-type": "application/json"}, b'{"id": "cus_rec"}')
    request = _post(local_server.url + "/v1/customers")
    with vcr.use_cassette(cassette, record_mode="new_episodes", filter_headers=["authorization"]):
        recorded = _send(AiohttpTransport(), request)
    assert SECRET not in Path(cassette).read_text()
    with vcr.use_cassette(cassette, record_mode="none"):
        replayed = _send(AiohttpTransport(), request)
    assert len(local_server.requests) == 1  # the replay never reached the server
    assert (replayed.status_code, replayed.body) == (recorded.status_code, recorded.body) == (200, b'{"id": "cus_rec"}')
