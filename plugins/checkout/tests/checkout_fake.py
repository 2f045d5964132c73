"""A small fake of Checkout.com's ``POST /customers`` on 127.0.0.1, for tests and for recording
cassettes, written from Checkout.com's API reference and its official SDK, not from the connector:

- the OpenAPI source (github.com/checkout/checkout-api-reference, ``nas_spec/paths/customers.yaml``,
  ``components/schemas/customers/StoreCustomerRequest.yaml``, ``StoreCustomerResponse.yaml``,
  ``PhoneNumber.yaml``, ``ValidationError.yaml``, ``components/headers/Cko-Request-Id.yaml``): 201
  ``{"id": "cus_..."}``; 401 with no body; 422 ``{"request_id", "error_type": "request_invalid",
  "error_codes": [...]}``; every reply carries ``Cko-Request-Id``;
- the error codes of Checkout.com's error-code reference (``email_required``, ``email_invalid``,
  ``phone_number_length_invalid``, ``country_phone_code_length_invalid``, ``metadata_key_invalid``,
  ``request_json_invalid``);
- checkout-sdk 4.8.1 (``default_sdk.py``): the secret-key pattern; ``api_client.py``: replies with
  a body carry a ``Content-Type`` (the SDK reads it unconditionally).

It accepts sandbox secret keys (``sk_sbox_`` and 27 characters) sent as ``Authorization: Bearer``,
except the connector's fake key (``FAKE_KEY``: what the harness's ``bad_credentials`` sends), which
it refuses as Checkout.com refuses an unknown key. It refuses the e-mail ``rejected@example.com``
with ``email_invalid`` (the harness's ``rejected_input``). Checkout.com takes no idempotency key for
customers, so the same body twice is two customers. Customer and request ids derive from the
request and a counter, so recordings are reproducible.

It keeps paywire-harness's fake-server contract: ``POST /__paywire_harness__/scenario``
``{"scenario", "call"}`` announces the next call; ``SCENARIO_REPLIES`` says what the scenarios that
need more than Checkout.com's ordinary behaviour get. The server binds 127.0.0.1 only, on a free
port, and shuts itself down after ``lifetime`` seconds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

__all__ = [
    "CONTROL_PATH",
    "FAKE_KEY",
    "REJECTED_EMAIL",
    "SCENARIO_REPLIES",
    "FakeCheckout",
    "Received",
    "Reply",
    "validation_error",
]

FAKE_KEY = "sk_sbox_paywireharnessfakekey222222"
"""The connector's example (fake) key: Checkout.com would refuse it, so this fake does too."""
CONTROL_PATH = "/__paywire_harness__/scenario"
REJECTED_EMAIL = "rejected@example.com"

_SANDBOX_KEY = re.compile(r"^sk_sbox_[a-z2-7]{26}[a-z2-7*#$=]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_JSON = {"Content-Type": "application/json; charset=utf-8"}


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
    """A reply: ``body`` None sends no body at all (Checkout.com's 401)."""

    status: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def validation_error(*codes: str) -> Reply:
    """Checkout.com's 422 ``ValidationError`` (``request_id`` is filled in when it is sent)."""
    return Reply(422, {"error_type": "request_invalid", "error_codes": list(codes)})


SCENARIO_REPLIES: dict[str, list[Reply]] = {
    # Checkout.com documents the 429 status (api-rate-limits) but no body for /customers.
    "rate_limited": [Reply(429)],
    # The customers path documents 500 "Internal Error" with no body; a 503 from its edge likewise.
    "processor_down": [Reply(503)],
    # A number Checkout.com's own validation refuses although its length is within 6-25.
    "validation_error": [validation_error("phone_number_invalid")],
}
"""Replies served first for the calls of a scenario, whatever the request."""


def _base32(digest: bytes, length: int) -> str:
    return base64.b32encode(digest).decode("ascii").lower()[:length]


class FakeCheckout:
    """The fake server; use it as a context manager. ``url`` is its base URL.

    - ``accepted_keys``: secret keys it accepts (None: any sandbox key but ``FAKE_KEY``);
    - ``script``: replies served first, in order, whatever the request.
    """

    def __init__(
        self, *, accepted_keys: set[str] | None = None, script: list[Reply] | None = None, lifetime: float = 60.0
    ) -> None:
        self.accepted_keys = accepted_keys
        self.script = list(script or [])
        self.received: list[Received] = []
        self.request_ids: list[str] = []
        """The ``Cko-Request-Id`` of each reply, in order."""
        self._seen_bodies: dict[bytes, int] = {}
        self._count = 0
        self._lock = threading.Lock()
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

    def announce(self, scenario: str, call: int) -> None:
        """The harness's scenario announcement: a scenario's script starts at its first call."""
        with self._lock:
            if call == 1:
                self.script = list(SCENARIO_REPLIES.get(scenario, []))

    # -- Checkout.com's behaviour ------------------------------------------------------------------
    def respond(self, received: Received) -> tuple[Reply, str]:
        """The reply to ``received`` and its request id."""
        with self._lock:
            self.received.append(received)
            self._count += 1
            request_id = _base32(hashlib.sha256(f"request {self._count}".encode()).digest(), 13).upper()
            self.request_ids.append(request_id)
            if self.script:
                return self.script.pop(0), request_id
            if received.method != "POST" or received.path != "/customers":
                return Reply(404), request_id
            auth = received.headers.get("authorization", "")
            if not auth.startswith("Bearer ") or not self._accepts(auth.removeprefix("Bearer ")):
                return Reply(401), request_id
            try:
                body = received.json()
            except ValueError:
                return validation_error("request_json_invalid"), request_id
            codes = self._invalid(body) if isinstance(body, dict) else ["request_json_invalid"]
            if codes:
                return validation_error(*codes), request_id
            # No idempotency for customers: the same body again is another customer.
            occurrence = self._seen_bodies.get(received.body, 0) + 1
            self._seen_bodies[received.body] = occurrence
            digest = hashlib.sha256(received.body + f"\x00{occurrence}".encode()).digest()
            return Reply(201, {"id": "cus_" + _base32(digest, 26)}), request_id

    def _accepts(self, key: str) -> bool:
        if self.accepted_keys is not None:
            return key in self.accepted_keys
        return bool(_SANDBOX_KEY.fullmatch(key)) and key != FAKE_KEY

    @staticmethod
    def _invalid(body: dict[str, Any]) -> list[str]:
        """The error codes for a ``StoreCustomerRequest`` body, in the order of its properties."""
        codes: list[str] = []
        email = body.get("email")
        if email is None:
            codes.append("email_required")
        elif not isinstance(email, str) or len(email) > 255 or not _EMAIL.match(email) or email == REJECTED_EMAIL:
            codes.append("email_invalid")
        phone = body.get("phone")
        if isinstance(phone, dict):
            country_code, number = phone.get("country_code"), phone.get("number")
            if country_code is not None and not (isinstance(country_code, str) and 1 <= len(country_code) <= 7):
                codes.append("country_phone_code_length_invalid")
            if not (isinstance(number, str) and 6 <= len(number) <= 25):
                codes.append("phone_number_length_invalid")
        metadata = body.get("metadata")
        if isinstance(metadata, dict) and any(len(key) > 100 for key in metadata):
            codes.append("metadata_key_invalid")
        return codes

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
                reply, request_id = fake.respond(received)
                payload = b""
                headers = {"Cko-Request-Id": request_id}
                if reply.body is not None:
                    document = {"request_id": request_id, **reply.body} if reply.status >= 400 else reply.body
                    payload = json.dumps(document).encode()
                    headers.update(_JSON)
                headers["Content-Length"] = str(len(payload))
                headers.update(reply.headers)
                self.send_response_only(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
