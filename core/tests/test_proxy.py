"""Environment proxies, honoured by every default transport with httpx's rules.

Through a real forward proxy on 127.0.0.1 (absolute-form requests for http://, CONNECT tunnels
for https://), and, for the rules themselves, against ``httpx.Client(trust_env=True)``'s own
choice for each URL.
"""

from __future__ import annotations

import asyncio
import base64
import ssl
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from conftest import LocalServer
from forward_proxy import ForwardProxy

import paywire
from paywire import HttpRequest, HttpResponse, Timeout, TransportFailure
from paywire._proxy import environment_proxies
from paywire._transport import AsyncHttpxTransport, HttpxTransport, _tls_context

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy")
PASSWORD = "proxyPassw0rd-secret"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*PROXY_VARIABLES, "no_proxy", "REQUEST_METHOD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    forward = ForwardProxy()
    yield forward
    forward.close()


def _transports() -> dict[str, Callable[..., Any]]:
    kinds: dict[str, Callable[..., Any]] = {"sync httpx": HttpxTransport, "async httpx": AsyncHttpxTransport}
    try:
        from paywire._aiohttp import AiohttpTransport
    except ImportError:  # pragma: no cover - aiohttp is in the test extra
        return kinds
    kinds["async aiohttp"] = AiohttpTransport
    return kinds


TRANSPORTS = _transports()


def _send(kind: str, request: HttpRequest, **options: Any) -> HttpResponse:
    transport = TRANSPORTS[kind](**options)
    if isinstance(transport, HttpxTransport):
        try:
            return transport.send(request, Timeout(total=5.0))
        finally:
            transport.close()

    async def main() -> HttpResponse:
        try:
            reply: HttpResponse = await transport.send(request, Timeout(total=5.0))
            return reply
        finally:
            await transport.aclose()

    return asyncio.run(main())


def _post(url: str) -> HttpRequest:
    return HttpRequest("POST", url + "/v1/customers", {"content-type": "application/x-www-form-urlencoded"}, b"a=1")


@pytest.mark.parametrize("kind", TRANSPORTS)
@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_http_goes_through_the_proxy_the_environment_names(
    kind: str, variable: str, proxy: ForwardProxy, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    reply = _send(kind, _post(local_server.url))
    assert (reply.status_code, reply.body) == (200, b'{"id": "cus_1"}')
    assert [(p.method, p.target) for p in proxy.seen] == [("POST", local_server.url + "/v1/customers")]
    assert len(local_server.requests) == 1


@pytest.mark.parametrize("kind", TRANSPORTS)
@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "*", "localhost,127.0.0.1", "http://127.0.0.1"])
def test_no_proxy_covering_the_host_goes_direct(
    kind: str, no_proxy: str, proxy: ForwardProxy, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert _send(kind, _post(local_server.url)).status_code == 200
    assert proxy.seen == []
    assert len(local_server.requests) == 1


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_trust_env_false_ignores_the_environment(
    kind: str, proxy: ForwardProxy, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALL_PROXY", proxy.url)
    assert _send(kind, _post(local_server.url), trust_env=False).status_code == 200
    assert proxy.seen == []


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_a_scheme_specific_variable_applies_to_its_scheme_only(
    kind: str, proxy: ForwardProxy, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)  # an http:// URL is not for it
    assert _send(kind, _post(local_server.url)).status_code == 200
    assert proxy.seen == []


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_proxy_credentials_are_sent_and_never_shown(
    kind: str, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = "Basic " + base64.b64encode(f"agent:{PASSWORD}".encode()).decode()
    forward = ForwardProxy(require=expected)
    try:
        monkeypatch.setenv("HTTP_PROXY", f"http://agent:{PASSWORD}@127.0.0.1:{forward.port}")
        assert _send(kind, _post(local_server.url)).status_code == 200
        assert forward.seen[0].authorization == expected
        transport = TRANSPORTS[kind]()
        assert PASSWORD not in repr(vars(transport))
        assert PASSWORD not in repr(environment_proxies())
    finally:
        forward.close()


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_an_unreachable_proxy_is_a_failure_that_names_no_credential(
    kind: str, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    forward = ForwardProxy()
    forward.close()  # nothing listens there any more
    monkeypatch.setenv("HTTP_PROXY", f"http://agent:{PASSWORD}@127.0.0.1:{forward.port}")
    with pytest.raises(TransportFailure) as info:
        _send(kind, _post(local_server.url))
    assert (info.value.kind, info.value.sent) == ("network", False)
    assert PASSWORD not in str(info.value)
    assert local_server.requests == []


# -- https:// through a CONNECT tunnel, to a TLS server with a test CA -------------------------


@pytest.fixture
def tls_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[LocalServer]:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # read by the default TLS context, as httpx does
    _tls_context.cache_clear()
    state = LocalServer(url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", "0")))
            state.requests.append(None)  # type: ignore[arg-type]
            self.send_response(200)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    state.url = f"https://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        _tls_context.cache_clear()


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_https_goes_through_the_proxy_in_a_tunnel(
    kind: str, proxy: ForwardProxy, tls_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    reply = _send(kind, _post(tls_server.url))
    assert (reply.status_code, reply.body) == (200, b"ok")
    assert [(p.method, p.target) for p in proxy.seen] == [("CONNECT", tls_server.url.removeprefix("https://"))]
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert _send(kind, _post(tls_server.url)).status_code == 200
    assert len(proxy.seen) == 1 and len(tls_server.requests) == 2


# -- the clients ---------------------------------------------------------------------------------


def test_sync_and_async_creates_go_through_the_proxy(
    echo: str, proxy: ForwardProxy, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with paywire.Client(echo, credentials={"api_key": "sk_test_x"}, base_url=local_server.url) as client:
        client.customers.create(email="jane@example.com")

    async def main() -> None:
        async with paywire.AsyncClient(echo, credentials={"api_key": "sk_test_x"}, base_url=local_server.url) as c:
            await c.customers.create(email="jane@example.com")

    asyncio.run(main())
    assert [p.method for p in proxy.seen] == ["POST", "POST"]


# -- the rules, against httpx's own choice --------------------------------------------------------

ENVIRONMENTS: list[dict[str, str]] = [
    {"HTTP_PROXY": "http://p1:3128"},
    {"HTTPS_PROXY": "http://p2:3128", "HTTP_PROXY": "p1:3128"},
    {"ALL_PROXY": "http://p3:3128", "HTTPS_PROXY": "https://p2:443"},
    {"ALL_PROXY": "socks5://p3:1080", "NO_PROXY": "example.com"},
    {"ALL_PROXY": "http://p3:3128", "NO_PROXY": ".example.com, localhost"},
    {"ALL_PROXY": "http://p3:3128", "NO_PROXY": "10.0.0.1,::1,192.168.0.0/16"},
    {"HTTP_PROXY": "http://p1:3128", "NO_PROXY": "http://api.example.com:8080,https://*.stripe.com"},
    {"HTTPS_PROXY": "http://user:pw@p2:3128", "NO_PROXY": "*"},
    {"HTTPS_PROXY": "http://p2:3128", "NO_PROXY": ",, stripe.com ,"},
]
URLS = [
    "http://example.com/x",
    "https://example.com/x",
    "https://www.example.com/x",
    "https://wwwexample.com/x",
    "http://api.example.com:8080/v1",
    "http://api.example.com/v1",
    "https://api.stripe.com/v1/customers",
    "https://stripe.com/",
    "http://localhost:8000/",
    "http://10.0.0.1/",
    "http://192.168.0.0/",
    "http://192.168.1.1/",
    "http://[::1]:8080/",
]


def _httpx_choice(url: str) -> str | None:
    """The proxy ``httpx.Client(trust_env=True)`` uses for ``url`` (httpx's private lookup: this
    test fails loudly if it changes, which is what it is for)."""
    client = httpx.Client(trust_env=True, transport=None)
    chosen = client._transport_for_url(httpx.URL(url))
    if chosen is client._transport:
        return None
    proxy = chosen._pool._proxy_url  # type: ignore[attr-defined]
    return f"{proxy.scheme.decode()}://{proxy.host.decode()}:{proxy.port}"


@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=lambda e: ";".join(f"{k}={v}" for k, v in e.items()))
def test_each_url_gets_the_proxy_httpx_would_use(environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("socksio") if "socks" in str(environment) else None
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    ours = environment_proxies()
    for url in URLS:
        mine = None if ours is None else ours.for_url(httpx.URL(url))
        shown = None if mine is None else f"{mine.url.scheme}://{mine.url.host}:{mine.url.port}"
        assert shown == _httpx_choice(url), url


def test_no_proxy_variable_means_no_proxy_lookup_at_all() -> None:
    assert environment_proxies() is None
    assert HttpxTransport()._pools._proxies is None  # type: ignore[union-attr]
    assert AsyncHttpxTransport()._connections._proxies is None  # type: ignore[union-attr]
