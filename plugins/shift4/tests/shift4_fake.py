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
  ``phoneNumber``, ``description``, ``metadata``, ``cards``, ``billing``; ``deleted`` on a
  deleted customer, which ``deleted_customer`` serves as a 200).

Not documented, so chosen here and marked so in the README: the 401 body (``invalid_request``,
"Provided API key is invalid", as seen in a third-party capture), the message for an invalid
e-mail, and the status of the idempotency conflict (400, "invalid data").

Built on ``paywire_harness.fake.FakeProcessor`` (127.0.0.1 only, on a free port, stops by
itself, the harness's fake-server contract): ``SCENARIO_REPLIES`` says what each scenario needs
first, and the connector's fake key (``FAKE_KEY``, what ``bad_credentials`` uses) is refused like
any unknown key. Ids derive from the request and timestamps are fixed, and bodies are written
indented as this fake always wrote them, so a re-recording writes the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
from typing import Any

from paywire_harness.fake import FakeProcessor, Received, Reply

__all__ = ["CREATED", "FAKE_KEY", "SCENARIO_REPLIES", "FakeShift4", "Received", "Reply"]

FAKE_KEY = "sk_test_paywire_fake_0000000000000000"
"""The Shift4 connector's example (fake) key: Shift4 would refuse it, so this fake does too."""

CREATED = 1767225600
"""The ``created`` timestamp of every customer (2026-01-01T00:00:00Z): fixed for reproducibility."""

MISSING_EMAIL = "email: Must not be empty."
IDEMPOTENCY_CONFLICT = "Idempotent key used for request with different parameters."


def error(status: int, kind: str, message: str, code: str | None = None) -> Reply:
    """Shift4's error object (``code`` only for card errors)."""
    body: dict[str, Any] = {"type": kind, "message": message}
    if code is not None:
        body["code"] = code
    return Reply(status, {"error": body})


DELETED_CUSTOMER = {
    "id": "cust_DeletedPaywireFake0000000",
    "created": CREATED,
    "deleted": True,
    "email": "jane@example.com",
    "cards": [],
}
"""A customer object that says it was deleted (shift4-java ``Customer.deleted``): what Shift4 shows
of a deleted customer, never the answer to a create, served as a 200 to prove it is not taken for one."""

SCENARIO_REPLIES: dict[str, list[Reply]] = {
    "rate_limited": [error(429, "rate_limit_error", "Requests hit the API too quickly")],
    "processor_down": [error(503, "gateway_error", "Something went wrong on our side")],
    "retry_succeeds": [error(500, "gateway_error", "Something went wrong on our side")],
    "deleted_customer": [Reply(200, DELETED_CUSTOMER)],
    # A proxy before Shift4 (Cloudflare fronts api.shift4.com) answering with its own HTML page.
    "proxy_html_502": [
        Reply(
            502,
            b"<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>",
            content_type="text/html",
        )
    ],
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


def _secret_key(authorization: str) -> str | None:
    """The HTTP Basic user name: where Shift4 reads the secret key."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, _password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user or None


class FakeShift4(FakeProcessor):
    """The fake Shift4. Configure it, then use it as a context manager; ``url`` is its base URL.

    - ``accepted_keys``: secret keys it accepts (None: any key but ``FAKE_KEY``).
    - ``rejected_emails``: e-mail addresses refused as invalid (HTTP 400, ``invalid_request``).
    - ``script``: replies served first, in order, whatever the request (429, 5xx...).
    """

    scenario_replies = SCENARIO_REPLIES

    def __init__(
        self,
        *,
        accepted_keys: set[str] | None = None,
        rejected_emails: set[str] | None = None,
        script: list[Reply] | None = None,
        lifetime: float = 60.0,
    ) -> None:
        super().__init__(script=script or (), lifetime=lifetime)
        self.accepted_keys = accepted_keys
        self.rejected_emails = rejected_emails or {"rejected@example.com"}
        self._idempotent: dict[str, tuple[Any, Reply]] = {}

    # -- Shift4's behaviour ----------------------------------------------------------------
    def _accepts(self, key: str | None) -> bool:
        if key is None:
            return False
        if self.accepted_keys is not None:
            return key in self.accepted_keys
        return key != FAKE_KEY

    def finish(self, received: Received, reply: Reply) -> Reply:
        """JSON bodies written indented, as this fake always wrote them (recordings stay the same)."""
        if reply.body is None or isinstance(reply.body, bytes):
            return reply
        return dataclasses.replace(reply, body=json.dumps(reply.body, indent=2).encode())

    def respond(self, received: Received) -> Reply:
        """Shift4's answer to ``received``."""
        if not self._accepts(_secret_key(received.headers.get("authorization", ""))):
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
        seed = key if key is not None else f"no-key-{len(self.received)}"
        reply = Reply(200, customer_object("cust_" + _token("customer", seed, received.body.decode()), params))
        if key is not None:
            self._idempotent[key] = (params, reply)
        return reply
