"""Shared fixtures: a loopback HTTP server that records requests, and the echo test connector."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import echo_connector
import pytest

import paywire
from paywire import sandbox


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class LocalServer:
    """A 127.0.0.1 server answering with ``reply(seen) -> (status, headers, body)``."""

    url: str
    requests: list[Seen] = field(default_factory=list)
    connections: int = 0
    reply: Callable[[Seen], tuple[int, dict[str, str], bytes]] = lambda seen: (
        200,
        {"content-type": "application/json", "request-id": "req_1"},
        b'{"id": "cus_1"}',
    )


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    state = LocalServer(url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            state.connections += 1
            super().setup()

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            seen = Seen("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
            state.requests.append(seen)
            status, headers, body = state.reply(seen)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def echo() -> Iterator[str]:
    """Register the echo test connector in-process for one test."""
    with paywire.registry().registered(echo_connector, name="echo"):
        yield "echo"


@pytest.fixture(autouse=True)
def _fresh_sandbox() -> None:
    sandbox.reset()


def json_body(seen: Seen) -> Any:
    return json.loads(seen.body)
