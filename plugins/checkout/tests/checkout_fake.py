"""A small fake of Checkout.com's ``POST /customers`` on 127.0.0.1, for tests and for recording
cassettes, written from Checkout.com's API reference and its official SDK, not from the connector:

- the OpenAPI source (github.com/checkout/checkout-api-reference, ``nas_spec/paths/customers.yaml``,
  ``components/schemas/customers/StoreCustomerRequest.yaml``, ``StoreCustomerResponse.yaml``,
  ``PhoneNumber.yaml``, ``ValidationError.yaml``, ``components/headers/Cko-Request-Id.yaml``): 201
  ``{"id": "cus_..."}``; 401 with no body; 422 ``{"request_id", "error_type": "request_invalid",
  "error_codes": [...]}``; every reply carries ``Cko-Request-Id``;
- the error codes of Checkout.com's error-code reference (``email_required``, ``email_invalid``,
  ``phone_number_length_invalid``, ``country_phone_code_length_invalid``, ``metadata_key_invalid``,
  ``request_json_invalid``; for the ``error_codes`` scenario also ``country_phone_code_invalid``,
  ``customer_email_invalid``, ``email_in_use``, ``customer_already_exists`` and
  ``api_calls_quota_exceeded``, the checks of Checkout.com's beyond the schema's lengths);
- checkout-sdk 4.8.1 (``default_sdk.py``): the secret-key pattern; ``api_client.py``: replies with
  a body carry a ``Content-Type`` (the SDK reads it unconditionally).

It accepts sandbox secret keys (``sk_sbox_`` and 27 characters) sent as ``Authorization: Bearer``,
except the connector's fake key (``FAKE_KEY``: what the harness's ``bad_credentials`` sends), which
it refuses as Checkout.com refuses an unknown key. It refuses the e-mail ``rejected@example.com``
with ``email_invalid`` (the harness's ``rejected_input``). Checkout.com takes no idempotency key for
customers, so the same body twice is two customers. Customer ids derive from the request and
how often it was seen, request ids from the scenario, call and attempt, so recordings are
reproducible.

Built on ``paywire_harness.fake.FakeProcessor`` (127.0.0.1 only, on a free port, stops by
itself, the harness's fake-server contract): ``SCENARIO_REPLIES`` says what the scenarios that
need more than Checkout.com's ordinary behaviour get, and ``finish`` gives every reply what
Checkout.com sends on each (``Cko-Request-Id``, the request id in an error body, JSON as
``application/json; charset=utf-8``).
"""

from __future__ import annotations

import base64
import dataclasses
import re
from typing import Any

from paywire_harness.fake import FakeProcessor, Received, Reply

__all__ = [
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
REJECTED_EMAIL = "rejected@example.com"

_SANDBOX_KEY = re.compile(r"^sk_sbox_[a-z2-7]{26}[a-z2-7*#$=]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_JSON = "application/json; charset=utf-8"


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
    # Codes of the error-code reference that Checkout.com's own checks give beyond the schema's
    # lengths, one call each: a calling code it does not serve, a metadata key it refuses, a
    # customer e-mail it refuses, an e-mail already in use, customer details it already holds,
    # the API-call quota, and two codes at once (each kept, the first decides).
    "error_codes": [
        validation_error("country_phone_code_invalid"),
        validation_error("metadata_key_invalid"),
        validation_error("customer_email_invalid"),
        validation_error("email_in_use"),
        validation_error("customer_already_exists"),
        validation_error("api_calls_quota_exceeded"),
        validation_error("email_invalid", "phone_number_invalid"),
    ],
}
"""Replies served first for the calls of a scenario, whatever the request."""


def _base32(digest: bytes, length: int) -> str:
    return base64.b32encode(digest).decode("ascii").lower()[:length]


class FakeCheckout(FakeProcessor):
    """The fake Checkout.com; use it as a context manager. ``url`` is its base URL.

    - ``accepted_keys``: secret keys it accepts (None: any sandbox key but ``FAKE_KEY``);
    - ``script``: replies served first, in order, whatever the request.
    """

    scenario_replies = SCENARIO_REPLIES

    def __init__(
        self, *, accepted_keys: set[str] | None = None, script: list[Reply] | None = None, lifetime: float = 60.0
    ) -> None:
        super().__init__(script=script or (), lifetime=lifetime)
        self.accepted_keys = accepted_keys
        self.request_ids: list[str] = []
        """The ``Cko-Request-Id`` of each reply, in order."""
        self._seen_bodies: dict[bytes, int] = {}

    # -- Checkout.com's behaviour ------------------------------------------------------------------
    def finish(self, received: Received, reply: Reply) -> Reply:
        """What Checkout.com sends on every reply: ``Cko-Request-Id`` (from the scenario, call
        and attempt, so recordings are reproducible), repeated as ``request_id`` in an error body;
        a JSON body as ``application/json; charset=utf-8``. A bodiless reply stays bodiless."""
        request_id = _base32(bytes.fromhex(self.reply_digest("request")), 13).upper()
        self.request_ids.append(request_id)
        body = reply.body
        if isinstance(body, dict) and reply.status >= 400:
            body = {"request_id": request_id, **body}
        headers = {"Cko-Request-Id": request_id, **reply.headers}
        return dataclasses.replace(reply, body=body, headers=headers, content_type=_JSON)

    def respond(self, received: Received) -> Reply:
        """Checkout.com's answer to ``received``."""
        if received.method != "POST" or received.path != "/customers":
            return Reply(404)
        auth = received.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not self._accepts(auth.removeprefix("Bearer ")):
            return Reply(401)
        try:
            body = received.json()
        except ValueError:
            return validation_error("request_json_invalid")
        codes = self._invalid(body) if isinstance(body, dict) else ["request_json_invalid"]
        if codes:
            return validation_error(*codes)
        # No idempotency for customers: the same body again is another customer.
        occurrence = self._seen_bodies.get(received.body, 0) + 1
        self._seen_bodies[received.body] = occurrence
        # The body, a NUL and the occurrence: the ids this fake has always given.
        digest = bytes.fromhex(received.digest("", str(occurrence)))
        return Reply(201, {"id": "cus_" + _base32(digest, 26)})

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
