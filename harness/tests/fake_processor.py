"""A tiny fake processor on 127.0.0.1 for the ``acme`` test connector: JSON over HTTP, bearer
auth, idempotency keys, and failures chosen by the scenario, as the scenarios need: by the
scenario ``record --fake`` announces (``POST /__paywire_harness__/scenario``), else by the
idempotency key. ``always_succeed`` makes it answer every create with a customer (a fake that
does not do what a scenario asks).

It echoes the caller's key back in a response header and body field, so tests prove the
recorder scrubs responses too. It stops itself after ``lifetime`` seconds at most.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REAL_KEY = "sk_test_51Rec0rd1ngK3y9aZ7qLm2XwPt"
"""The 'real' test-mode key the fake processor accepts (never written to a cassette)."""


class FakeProcessor(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: dict[str, tuple[bytes, int, dict[str, Any]]] = {}
        self.attempts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.announced: list[tuple[str, int]] = []
        self.always_succeed = False
        self.tokens: set[str] = set()
        """Tokens issued by ``POST /v1/login`` (for ``X-Api-Key: REAL_KEY``): accepted like the key."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeProcessor

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _reply(self, status: int, body: dict[str, Any], key: str) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", "req_" + hashlib.sha256(data).hexdigest()[:10])
        self.send_header("X-Echo-Key", key)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        auth = self.headers.get("Authorization", "")
        api_key = auth.removeprefix("Bearer ")
        idem = self.headers.get("Idempotency-Key", "")
        if self.path == "/__paywire_harness__/scenario":
            announced = json.loads(body)
            self.server.announced.append((announced["scenario"], announced["call"]))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.server.announced:  # the announced scenario decides, as a key would
            idem = self.server.announced[-1][0].replace("_", "-") + ":" + idem
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        if self.path == "/v1/login":
            login_key = self.headers.get("X-Api-Key", "")
            if login_key != REAL_KEY:
                self._reply(401, {"error": {"code": "invalid_api_key", "message": "invalid API key"}}, login_key)
                return
            with self.server.lock:
                token = f"tok_{len(self.server.tokens) + 1}_" + hashlib.sha256(login_key.encode()).hexdigest()[:16]
                self.server.tokens.add(token)
            self._reply(200, {"token": token, "expires_in": 1800}, "")
            return
        if self.path != "/v1/customers":
            self._reply(404, {"error": {"code": "not_found", "message": "no such endpoint"}}, api_key)
            return
        if api_key != REAL_KEY and api_key not in self.server.tokens:
            self._reply(401, {"error": {"code": "invalid_api_key", "message": "invalid API key"}}, api_key)
            return
        with self.server.lock:
            attempt = self.server.attempts[idem] = self.server.attempts.get(idem, 0) + 1
            fault = "" if self.server.always_succeed else idem
            if "rate-limited" in fault:
                self._reply(429, {"error": {"code": "rate_limit", "message": "slow down"}}, api_key)
                return
            if "processor-down" in fault:
                self._reply(503, {"error": {"code": "unavailable", "message": "try later"}}, api_key)
                return
            if "retry-succeeds" in fault and attempt == 1:
                self._reply(500, {"error": {"code": "internal", "message": "oops"}}, api_key)
                return
            seen = self.server.replies.get(idem)
            if seen is not None:
                if seen[0] != body:
                    self._reply(400, {"error": {"code": "idempotency_conflict", "message": "key reused"}}, api_key)
                else:
                    self._reply(seen[1], seen[2], api_key)
                return
            try:
                data = json.loads(body)
            except ValueError:
                self._reply(400, {"error": {"code": "bad_json", "message": "not JSON"}}, api_key)
                return
            if data.get("email") == "rejected@example.com":
                self._reply(400, {"error": {"code": "email_invalid", "message": "rejected", "param": "email"}}, api_key)
                return
            reply = {
                "id": "acme_cus_" + hashlib.sha256(idem.encode()).hexdigest()[:12],
                "email": data.get("email"),
                "key_hint": api_key,
            }
            self.server.replies[idem] = (body, 200, reply)
        self._reply(200, reply, api_key)


@contextmanager
def fake_processor(lifetime: float = 60.0) -> Iterator[FakeProcessor]:
    """Serve a fresh fake processor on 127.0.0.1 for the block (and at most ``lifetime`` seconds)."""
    server = FakeProcessor()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    timer = threading.Timer(lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    try:
        yield server
    finally:
        timer.cancel()
        server.shutdown()
        server.server_close()
        thread.join(5)
