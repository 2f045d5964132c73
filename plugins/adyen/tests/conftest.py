"""Fixtures: fake Adyen credentials, clients, and a loopback server that counts connections."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from hypothesis import settings

import paywire

settings.register_profile("adyen", max_examples=200, deadline=None)
if not os.environ.get("CI"):
    settings.load_profile("adyen")

FAKE_KEY = "AQE_paywire_fake_key_000"
MERCHANT = "PaywireTestMerchant"
CREDENTIALS: dict[str, str] = {"api_key": FAKE_KEY, "merchant_account": MERCHANT}


@pytest.fixture(autouse=True)
def _only_adyen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read credentials from the developer's environment."""
    for name in list(os.environ):
        if name.startswith("PAYWIRE_ADYEN_"):
            monkeypatch.delenv(name)


@pytest.fixture
def client() -> Iterator[paywire.Client]:
    with paywire.Client("adyen", credentials=CREDENTIALS) as c:
        yield c


@pytest.fixture
def create(client: paywire.Client) -> Callable[..., paywire.CreateCustomerResponse]:
    return client.customers.create


@dataclass
class CountingServer:
    """A 127.0.0.1 HTTP server that counts accepted TCP connections."""

    url: str
    connections: int = 0


@pytest.fixture
def counting_server() -> Iterator[CountingServer]:
    state = CountingServer(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 5

        def setup(self) -> None:
            with lock:
                state.connections += 1
            super().setup()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", "0")))
            body = b'{"ok": true}'
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    # Bounded: the server stops by itself after 60 s even if a test hangs.
    watchdog = threading.Timer(60.0, server.shutdown)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield state
    finally:
        watchdog.cancel()
        server.shutdown()
        server.server_close()
        thread.join(5)
