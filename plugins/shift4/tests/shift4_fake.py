"""A small fake of Shift4's ``POST /customers`` on 127.0.0.1, for tests and for recording
cassettes. It answers as Shift4 documents, never as the connector expects:

- API reference (https://dev.shift4.com/docs/api): HTTP Basic with the secret key as user name;
  200 for success; 400 invalid data, 401 "Provided API key is missing or invalid", 429 "Requests
  hit the API too quickly", 5xx "Something went wrong on our side"; errors as
  ``{"error": {"type", "code", "message"}}`` with types ``invalid_request``, ``card_error``,
  ``gateway_error``, ``rate_limit_error``.
- shift4-python's integration tests (run against Shift4's API): a customer without an e-mail is
  refused with ``invalid_request`` "email: Must not be empty." and no code; a key reused with other
  parameters with ``invalid_request`` "Idempotent key used for request with different
  parameters." and no code; a created customer has no ``deleted`` field.
- shift4-php's ``CustomerTest``: the same key and body return the same customer.
- shift4-java's ``Customer``: the customer object's fields (``id``, ``created``, ``email``,
  ``phoneNumber``, ``description``, ``metadata``, ``cards``, ``billing``).

Not documented, so chosen here and marked so in the README: the 401 body (``invalid_request``,
"Provided API key is invalid", as seen in a third-party capture), the message for an invalid
e-mail, and the status of the idempotency conflict (400, "invalid data").

It keeps paywire-harness's fake-server contract: ``POST /__paywire_harness__/scenario``
``{"scenario", "call"}`` announces the next call of a scenario (``SCENARIO_REPLIES`` says what
each needs), and the connector's fake key (``FAKE_KEY``, what ``bad_credentials`` uses) is
refused like any unknown key. Ids derive from the request and timestamps are fixed, so a
re-recording writes the same bytes. It binds 127.0.0.1 only, on a free port, and shuts itself down
after ``lifetime`` seconds.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

__all__ = ["CREATED", "FAKE_KEY", "SCENARIO_REPLIES", "FakeShift4", "Received", "Reply"]

FAKE_KEY = "sk_test_paywire_fake_0000000000000000"
"""The Shift4 connector's example (fake) key: Shift4 would refuse it, so this fake does too."""
CONTROL_PATH = "/__paywire_harness__/scenario"

CREATED = 1767225600
"""The ``created`` timestamp of every customer (2026-01-01T00:00:00Z): fixed for reproducibility."""

MISSING_EMAIL = "email: Must not be empty."
IDEMPOTENCY_CONFLICT = "Idempotent key used for request with different parameters."


@dataclass(frozen=True)
class Received:
    """One request as the server saw it. Header names lower-case."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any] | str
    """A JSON object, or raw text (a proxy's HTML page)."""
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, kind: str, message: str, code: str | None = None) -> Reply:
    """Shift4's error object (``code`` only for card errors)."""
    body: dict[str, Any] = {"type": kind, "message": message}
    if code is not None:
        body["code"] = code
    return Reply(status, {"error": body})


SCENARIO_REPLIES: dict[str, list[Reply]] = {
    "rate_limited": [error(429, "rate_limit_error", "Requests hit the API too quickly")],
    "processor_down": [error(503, "gateway_error", "Something went wrong on our side")],
    "retry_succeeds": [error(500, "gateway_error", "Something went wrong on our side")],
    # A proxy before Shift4 (Cloudflare fronts api.shift4.com) answering with its own HTML page.
    "proxy_html_502": [Reply(502, "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>")],
}
"""Replies served first for the calls of a scenario, whatever the request (then Shift4's behaviour)."""


def _token(*parts: str, length: int = 24) -> str:
    digest = int(hashlib.sha256("\x00".join(parts).encode()).hexdigest(), 16)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    out: list[str] = []
    while len(out) < length:
        digest, rem = divmod(digest, 62)
        out.append(alphabet[rem])
    return "".join(out)


def customer_object(customer_id: str, params: dict[str, Any]) -> dict[str, Any]:
    """The customer Shift4 returns for ``params``: the fields shift4-java's ``Customer`` reads, those
    not given left out (a new customer has no ``deleted`` field and no cards)."""
    customer: dict[str, Any] = {"id": customer_id, "created": CREATED, "email": params["email"]}
    for name in ("phoneNumber", "description", "metadata", "billing"):
        if name in params:
            customer[name] = params[name]
    customer["cards"] = []
    return customer


class FakeShift4:
    """The fake server. Configure it, then use it as a context manager; ``url`` is its base URL.

    - ``accepted_keys``: secret keys it accepts (None: any key but ``FAKE_KEY``).
    - ``rejected_emails``: e-mail addresses refused as invalid (HTTP 400, ``invalid_request``).
    - ``script``: replies served first, in order, whatever the request (429, 5xx...).
    """

    def __init__(
        self,
        *,
        accepted_keys: set[str] | None = None,
        rejected_emails: set[str] | None = None,
        script: list[Reply] | None = None,
        lifetime: float = 60.0,
    ) -> None:
        self.accepted_keys = accepted_keys
        self.rejected_emails = rejected_emails or {"rejected@example.com"}
        self.script = list(script or [])
        self.scenario: str | None = None
        self.received: list[Received] = []
        self._idempotent: dict[str, tuple[Any, Reply]] = {}
        self._lock = threading.Lock()
        self._count = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._timer = threading.Timer(lifetime, self._server.shutdown)
        self._timer.daemon = True

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        self._timer.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- Shift4's behaviour ----------------------------------------------------------------
    def announce(self, scenario: str, call: int) -> None:
        """The harness's scenario announcement: the script of a scenario starts at its first call."""
        with self._lock:
            self.scenario = scenario
            if call == 1:
                self.script = list(SCENARIO_REPLIES.get(scenario, []))

    def _secret_key(self, authorization: str) -> str | None:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, _, _password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return user or None

    def _accepts(self, key: str | None) -> bool:
        if key is None:
            return False
        if self.accepted_keys is not None:
            return key in self.accepted_keys
        return key != FAKE_KEY

    def respond(self, received: Received) -> Reply:
        """The reply to ``received``."""
        with self._lock:
            self.received.append(received)
            self._count += 1
            if self.script:
                return self.script.pop(0)
            if not self._accepts(self._secret_key(received.headers.get("authorization", ""))):
                return error(401, "invalid_request", "Provided API key is invalid")
            if received.method != "POST" or received.path != "/customers":
                return error(404, "invalid_request", "Requested object was not found")
            try:
                params = json.loads(received.body or b"{}")
            except ValueError:
                return error(400, "invalid_request", "Request body is not valid JSON")
            if not isinstance(params, dict):
                return error(400, "invalid_request", "Request body is not valid JSON")
            if not params.get("email"):
                return error(400, "invalid_request", MISSING_EMAIL)
            if params["email"] in self.rejected_emails:
                return error(400, "invalid_request", "email: Must be a well-formed email address.")
            key = received.headers.get("idempotency-key")
            if key is not None and key in self._idempotent:
                first_params, first_reply = self._idempotent[key]
                if first_params != params:
                    return error(400, "invalid_request", IDEMPOTENCY_CONFLICT)
                return first_reply
            seed = key if key is not None else f"no-key-{self._count}"
            reply = Reply(200, customer_object("cust_" + _token("customer", seed, received.body.decode()), params))
            if key is not None:
                self._idempotent[key] = (params, reply)
            return reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self._serve()

            def do_GET(self) -> None:
                self._serve()

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.path == CONTROL_PATH:
                    announced = json.loads(body)
                    fake.announce(str(announced["scenario"]), int(announced["call"]))
                    self.send_response_only(204)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                received = Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                reply = fake.respond(received)
                if isinstance(reply.body, str):
                    payload, content_type = reply.body.encode(), "text/html"
                else:
                    payload, content_type = json.dumps(reply.body, indent=2).encode(), "application/json"
                self.send_response_only(reply.status)
                headers = {"Content-Type": content_type, "Content-Length": str(len(payload)), **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
