"""The httpx transports send what an ``httpx.Client`` would, with or without one, and vcrpy
records and replays both paths (the default one skips the client and calls httpx's pool)."""

from __future__ import annotations

import asyncio
import logging
import ssl
from pathlib import Path

import httpx
import pytest
from conftest import LocalServer

from paywire import HttpRequest, HttpResponse, Timeout
from paywire._transport import AsyncHttpxTransport, HttpxTransport, _tls_context

SECRET = "sk_test_fakeSecretValue123"
FIVE_SECONDS = Timeout(total=5.0)

TRANSPORTS = {
    "sync, default pool": lambda: HttpxTransport(),
    "sync, own client": lambda: HttpxTransport(httpx.Client()),
    "async, default pool": lambda: AsyncHttpxTransport(),
    "async, own client": lambda: AsyncHttpxTransport(httpx.AsyncClient()),
}


def _send(kind: str, request: HttpRequest) -> HttpResponse:
    transport = TRANSPORTS[kind]()
    if isinstance(transport, HttpxTransport):
        try:
            return transport.send(request, FIVE_SECONDS)
        finally:
            transport.close()

    async def main() -> HttpResponse:
        try:
            return await transport.send(request, FIVE_SECONDS)
        finally:
            await transport.aclose()

    return asyncio.run(main())


def _post(url: str, **headers: str) -> HttpRequest:
    return HttpRequest("POST", url + "/v1/customers?expand=x", {"authorization": f"Bearer {SECRET}", **headers}, b"a=1")


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_sends_the_request_with_the_client_defaults_under_its_own_headers(kind: str, local_server: LocalServer) -> None:
    reply = _send(kind, _post(local_server.url, **{"User-Agent": "paywire-test/1", "Content-Type": "text/plain"}))
    assert (reply.status_code, reply.body, reply.header("request-id")) == (200, b'{"id": "cus_1"}', "req_1")
    (seen,) = local_server.requests
    assert (seen.path, seen.body) == ("/v1/customers?expand=x", b"a=1")
    assert seen.headers["user-agent"] == "paywire-test/1"  # the request's own value wins, sent once
    assert seen.headers["content-type"] == "text/plain"
    assert seen.headers["authorization"] == f"Bearer {SECRET}"
    assert seen.headers["content-length"] == "3"
    assert seen.headers["host"] == local_server.url.removeprefix("http://")
    assert "gzip" in seen.headers["accept-encoding"]  # httpx's client defaults, as a client sends them


@pytest.mark.parametrize("kind", [k for k in TRANSPORTS if "default" in k])
def test_the_default_path_logs_no_url_at_info(
    kind: str, local_server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        _send(kind, _post(local_server.url))
    assert not [r for r in caplog.records if "expand" in r.getMessage()]


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_vcrpy_records_and_replays_it(kind: str, local_server: LocalServer, tmp_path: Path) -> None:
    vcr = pytest.importorskip("vcr")
    cassette = str(tmp_path / "create.yaml")
    local_server.reply = lambda seen: (200, {"content-type": "application/json"}, b'{"id": "cus_rec"}')
    request = _post(local_server.url)
    with vcr.use_cassette(cassette, record_mode="new_episodes", filter_headers=["authorization"]):
        recorded = _send(kind, request)
    assert SECRET not in Path(cassette).read_text()
    with vcr.use_cassette(cassette, record_mode="none"):
        replayed = _send(kind, request)
    assert len(local_server.requests) == 1  # the replay never reached the server
    assert (replayed.status_code, replayed.body) == (recorded.status_code, recorded.body) == (200, b'{"id": "cus_rec"}')


def test_default_transports_share_one_verifying_tls_context() -> None:
    context = _tls_context()
    assert context is _tls_context()  # built once per process, not per client
    assert (context.verify_mode, context.check_hostname) == (ssl.CERT_REQUIRED, True)
    assert context.get_ca_certs() or context.cert_store_stats()["x509_ca"] > 0  # CAs loaded
