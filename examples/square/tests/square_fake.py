"""A fake Square ``POST /v2/customers`` on 127.0.0.1: enough of Square to test against and to
record cassettes from. It stops by itself after ``lifetime`` seconds.

It answers like Square: ``{"customer": {...}}`` on success, ``{"errors": [{"category", "code",
"detail", "field"}]}`` otherwise. It honours ``idempotency_key`` (the same key with the same body
replays the first answer; with another body, ``IDEMPOTENCY_KEY_REUSED``), refuses any token but
``token`` (401), rejects the e-mail ``rejected@example.com`` (400 ``INVALID_EMAIL_ADDRESS``), and
answers the replies queued with ``fail_next`` first. Customer ids derive from the idempotency key,
so recordings are reproducible.

It keeps paywire-harness's fake-server contract, so ``paywire-harness record --fake`` can record
every scenario against it: ``POST /__paywire_harness__/scenario`` ``{"scenario", "call"}``
announces the next call, and ``SCENARIO_FAILURES`` queues what Square answers in that scenario.
The fake credentials ``bad_credentials`` uses are refused like any token but ``token``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = ["CONTROL_PATH", "REJECTED_EMAIL", "SCENARIO_FAILURES", "FakeSquare", "Seen"]

CONTROL_PATH = "/__paywire_harness__/scenario"
SCENARIO_FAILURES: dict[str, list[tuple[int, str, str, str, dict[str, str]]]] = {
    "rate_limited": [(429, "RATE_LIMIT_ERROR", "RATE_LIMITED", "Rate limit exceeded.", {"Retry-After": "1"})],
    "processor_down": [(503, "API_ERROR", "SERVICE_UNAVAILABLE", "Service unavailable.", {})],
    "retry_succeeds": [(500, "API_ERROR", "INTERNAL_SERVER_ERROR", "An internal error has occurred.", {})],
}
"""Square's replies (status, category, code, detail, headers) at the start of these scenarios."""

REJECTED_EMAIL = "rejected@example.com"
CREATED_AT = "2026-01-15T10:00:00.000Z"


@dataclass(frozen=True)
class Seen:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class _State:
    token: str | None
    queued: deque[tuple[int, dict[str, Any], dict[str, str]]] = field(default_factory=deque)
    by_key: dict[str, tuple[dict[str, Any], int, dict[str, Any]]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _error(category: str, code: str, detail: str, field_name: str | None = None) -> dict[str, Any]:
    error = {"category": category, "code": code, "detail": detail}
    if field_name is not None:
        error["field"] = field_name
    return {"errors": [error]}


def customer_id_for(key: str) -> str:
    """A Square-looking customer id (26 upper-case base32 characters) derived from ``key``."""
    return base64.b32encode(hashlib.sha256(key.encode()).digest()).decode()[:26]


def _customer(body: dict[str, Any]) -> dict[str, Any]:
    customer = {
        "id": customer_id_for(str(body.get("idempotency_key", ""))),
        "created_at": CREATED_AT,
        "updated_at": CREATED_AT,
    }
    customer.update({k: v for k, v in body.items() if k != "idempotency_key"})
    customer.update({"preferences": {"email_unsubscribed": False}, "creation_source": "THIRD_PARTY", "version": 0})
    return {"customer": customer}


def _answer(state: _State, seen: Seen) -> tuple[int, dict[str, Any], dict[str, str]]:
    if seen.method != "POST" or seen.path != "/v2/customers":
        return 404, _error("INVALID_REQUEST_ERROR", "NOT_FOUND", "Resource not found."), {}
    if state.queued:
        return state.queued.popleft()
    if state.token is None or seen.headers.get("authorization") != f"Bearer {state.token}":
        return 401, _error("AUTHENTICATION_ERROR", "UNAUTHORIZED", "This request could not be authorized."), {}
    try:
        body = seen.json()
    except ValueError:
        return 400, _error("INVALID_REQUEST_ERROR", "BAD_REQUEST", "Invalid JSON body."), {}
    if not isinstance(body, dict):
        return 400, _error("INVALID_REQUEST_ERROR", "BAD_REQUEST", "Expected a JSON object."), {}
    key = body.get("idempotency_key")
    if isinstance(key, str) and key in state.by_key:
        first_body, status, reply = state.by_key[key]
        if first_body != body:
            return (
                400,
                _error(
                    "INVALID_REQUEST_ERROR",
                    "IDEMPOTENCY_KEY_REUSED",
                    "The idempotency key was already used with a different request.",
                    "idempotency_key",
                ),
                {},
            )
        return status, reply, {}
    if body.get("email_address") == REJECTED_EMAIL:
        return (
            400,
            _error(
                "INVALID_REQUEST_ERROR",
                "INVALID_EMAIL_ADDRESS",
                "Expected email_address to be a valid email address.",
                "email_address",
            ),
            {},
        )
    reply = _customer(body)
    if isinstance(key, str):
        state.by_key[key] = (body, 200, reply)
    return 200, reply, {}


class FakeSquare:
    """``with FakeSquare(token="...") as square: ... square.url ...``"""

    def __init__(self, token: str | None, *, lifetime: float = 60.0) -> None:
        self.state = _State(token)
        state, fake = self.state, self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self._handle()

            def do_GET(self) -> None:
                self._handle()

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                seen = Seen(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)
                )
                if seen.path == CONTROL_PATH:
                    announced = seen.json()
                    if announced["call"] == 1:
                        for failure in SCENARIO_FAILURES.get(announced["scenario"], []):
                            fake.fail_next(*failure[:4], headers=failure[4])
                    self.send_response(204)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                with state.lock:
                    state.seen.append(seen)
                    status, reply, headers = _answer(state, seen)
                payload = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Square-Version", seen.headers.get("square-version", ""))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._timer = threading.Timer(lifetime, self.stop)
        self._timer.daemon = True
        self._stopped = False

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def seen(self) -> list[Seen]:
        return list(self.state.seen)

    def fail_next(
        self, status: int, category: str, code: str, detail: str = "", headers: dict[str, str] | None = None
    ) -> None:
        """Answer the next request with this Square error, whatever it holds."""
        self.state.queued.append(
            (status, _error(category, code, detail or code.replace("_", " ").lower()), headers or {})
        )

    def start(self) -> FakeSquare:
        self._thread.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            self._timer.cancel()
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeSquare:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()
