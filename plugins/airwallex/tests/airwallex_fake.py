"""A small fake of Airwallex's login and Payments Acceptance "Create a customer" on 127.0.0.1, for
tests and for recording cassettes. It answers as Airwallex documents, not as the connector
expects (sources in the README's "Sources"):

- ``POST /api/v1/authentication/login``: credentials in ``x-client-id`` and ``x-api-key`` (any
  body, none included, as Airwallex's own clients differ there); 201 ``{"token", "expires_at"}``
  with ``expires_at`` 30 minutes after the reply's ``Date``, written ``+0000`` as Airwallex writes
  it; unknown credentials: 401 ``{"code": "unauthorized", "message": "Access denied,
  authentication failed"}``.
- ``POST /api/v1/pa/customers/create``: ``Authorization: Bearer <token>`` (an unknown or expired
  token: the same 401); the documented body rules (``request_id`` and ``merchant_customer_id``
  required, at most 64 characters; ``email`` 256; names and ``business_name`` 128; an
  ``address`` needs ``country_code``; ``city``/``state`` 100, ``street`` 1000, ``postcode`` 10)
  answered 400 ``validation_error`` with ``source``; a reused ``request_id``: 400
  ``duplicate_request`` (Airwallex does not replay); a second customer with the same
  ``merchant_customer_id``: 400 ``resource_already_exists`` (undocumented for customers, so
  ``unique_merchant_ids`` turns it off); success: 201 with the customer object of the official
  Node SDK's ``PaymentAcceptanceCustomer`` model.
- Every reply carries ``x-awx-traceid`` and the same value in ``X-B3-TraceId``.

Test conventions (not Airwallex behaviour): the e-mail ``rejected@example.com`` and the postcode
``00000`` are refused with ``validation_error``; ``SCENARIO_REPLIES`` are served first to the create
requests of an announced scenario (not to the login before them), and ``LOGIN_REPLIES`` to its
logins; in the scenario ``token_expired`` the first token issued is already expired when first
used, in ``token_revoked`` every token is refused, and in ``lost_reply_retried`` the first customer
is created and then answered with a 500 (a reply lost after Airwallex acted).

Built on ``paywire_harness.fake.FakeProcessor`` (127.0.0.1 only, stops by itself, the harness's
fake-server contract). Ids, tokens, trace ids and timestamps are derived from the requests and a
fixed clock, so a recording is reproducible.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, ClassVar

from paywire_harness.fake import FakeProcessor, Received, Reply

__all__ = [
    "CREATE_PATH",
    "LOGIN_PATH",
    "LOGIN_REPLIES",
    "NOW",
    "SCENARIO_REPLIES",
    "TEST_API_KEY",
    "TEST_CLIENT_ID",
    "FakeAirwallex",
    "Received",
    "Reply",
]

LOGIN_PATH = "/api/v1/authentication/login"
CREATE_PATH = "/api/v1/pa/customers/create"

TEST_CLIENT_ID = "Xq4RkPz0TnWm7Lb2Vd9Hs1"
TEST_API_KEY = "8c1f2e4b6a9d0c3e5f7a1b2c4d6e8f0a1c3e5a7b9d1f3a5c7e9b1d3f5a7c9e1b"
"""The 'real' demo credentials the fake accepts (in tests and while recording): never written to a
cassette, where the harness puts the connector's fake ones (which this fake refuses)."""

NOW = datetime(2026, 1, 1, tzinfo=UTC)
"""The fake's clock: every ``Date``, ``created_at`` and ``expires_at`` is derived from it."""
TOKEN_LIFETIME = timedelta(minutes=30)
"""Airwallex: "The access token remains valid for 30 minutes"."""

UNAUTHORIZED = {"code": "unauthorized", "message": "Access denied, authentication failed"}
"""Airwallex's documented 401 body (Payments error codes, HTTP 401)."""


def _b64(data: Mapping[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def _jwt_like(payload: Mapping[str, Any]) -> str:
    """A JWT-shaped value (Airwallex's tokens and client secrets are JWTs) signed by nobody."""
    return f"{_b64({'alg': 'none'})}.{_b64(payload)}.paywire-fake-signature"


def timestamp(when: datetime) -> str:
    """Airwallex's timestamp form: ISO 8601 with the offset written ``+0000``."""
    return when.strftime("%Y-%m-%dT%H:%M:%S%z")


def _error(code: str, message: str, source: str | None = None) -> dict[str, str]:
    body = {"code": code, "message": message}
    if source is not None:
        body["source"] = source
    return body


def _invalid(source: str, message: str) -> Reply:
    return Reply(400, _error("validation_error", message, source))


SCENARIO_REPLIES: dict[str, list[Reply]] = {
    # The rate-limit body as transcribed from Airwallex's rate-limits page (no Retry-After header
    # is documented); the 5xx bodies use the texts Airwallex documents for these codes.
    "rate_limited": [
        Reply(
            429,
            {
                "code": "too_many_requests",
                "message": "Rate Limit Exceeded.",
                "trace_id": "5f0c6a0e2b8d4c1e9a7f3b2d1c0e9f8a",
                "details": {},
            },
        )
    ],
    "processor_down": [
        Reply(503, _error("service_unavailable", "The system is temporarily unavailable. Please try again later."))
    ],
    "retry_succeeds": [
        Reply(500, _error("internal_error", "An internal error was encountered. Please try again later."))
    ],
    # Airwallex's documented 400 example for service_unavailable, with its internal reference.
    "service_unavailable_400": [
        Reply(
            400,
            _error("service_unavailable", "The system is temporarily unavailable. Please try again later. [54.07.01]"),
        )
    ],
    "gateway_html": [Reply(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html")],
    # Airwallex's documented 400 examples (Payments error codes, "Error response examples for HTTP
    # response code 400": resource_not_found, internal_error) and its documented "Example with
    # details" (Issuing and Transactional FX error codes: details as a list, a correlation id).
    "what_a_400_code_says": [
        Reply(
            400,
            _error("resource_not_found", "The resource with ID int_n3fXc5NDzgVE9DLx3zGhMibdSlx cannot be found"),
        ),
        Reply(400, _error("internal_error", "An internal error was encountered. Please try again later.")),
        Reply(
            400,
            {
                "code": "account_not_authorized",
                "details": [{"code": "correlation_id", "message": "26eebb32-36a8-4764-a2af-9621426b1aa4"}],
                "message": "account not authorised [POST_TX_CREATION]",
                "source": "account",
            },
        ),
    ],
    # A customer object (the shape of the unit tests' REAL_REPLY, a 2023 production reply) that
    # answers another request_id: what a cache or proxy mixing replies up would deliver.
    "wrong_request_id": [
        Reply(
            201,
            {
                "id": "cus_hkpddtmr5gqzh7dx6s1",
                "request_id": "another-call",
                "merchant_customer_id": "another-merchant-id",
                "email": "someone.else@example.com",
                "phone_number": "",
                "metadata": {},
                "additional_info": {"registered_via_social_media": False},
                "created_at": "2023-11-27T12:32:41+0000",
                "updated_at": "2023-11-27T12:32:41+0000",
            },
        )
    ],
}
"""Replies served first to the create requests of a scenario, whatever the create request."""

LOGIN_REPLIES: dict[str, list[Reply]] = {
    # Login replies no token can be taken from, one per call (a call that got no token logs in
    # again): a proxy's HTML page with a 200, and Airwallex's 201 shape without its token, then
    # without its expires_at (the fake's unsigned stand-in as the token).
    "unusable_login_replies": [
        Reply(200, b"<html><body>Welcome</body></html>", content_type="text/html"),
        Reply(201, {"expires_at": timestamp(NOW + TOKEN_LIFETIME)}),
        Reply(201, {"token": _jwt_like({"sub": "no-expiry", "iat": int(NOW.timestamp())})}),
    ],
}
"""Replies served first to the logins of a scenario, whatever the login request."""


class FakeAirwallex(FakeProcessor):
    """The fake Airwallex. Configure it, then use it as a context manager; ``url`` is its base URL.

    - ``accepted``: client id -> API key pairs it accepts (default: ``TEST_CLIENT_ID``/``TEST_API_KEY``).
    - ``rejected_emails``, ``rejected_postcodes``: answered 400 ``validation_error`` naming the field.
    - ``script``: replies served first, in order, whatever the request (the first is the login).
    - ``create_script``: replies served first, in order, to create requests (429, 5xx...).
    - ``unique_merchant_ids``: refuse a second customer with the same ``merchant_customer_id``.
    - ``expire_tokens``: refuse every token (a revoked key, or a token past its expiry).
    """

    scenario_replies = SCENARIO_REPLIES
    reply_headers: ClassVar[Mapping[str, str]] = {"Date": format_datetime(NOW, usegmt=True)}

    def __init__(
        self,
        *,
        accepted: Mapping[str, str] | None = None,
        rejected_emails: set[str] | None = None,
        rejected_postcodes: set[str] | None = None,
        script: Sequence[Reply] = (),
        create_script: Sequence[Reply] = (),
        unique_merchant_ids: bool = True,
        expire_tokens: bool = False,
        lifetime: float = 60.0,
    ) -> None:
        super().__init__(script=script, lifetime=lifetime)
        self.accepted = dict(accepted if accepted is not None else {TEST_CLIENT_ID: TEST_API_KEY})
        self.rejected_emails = rejected_emails or {"rejected@example.com"}
        self.rejected_postcodes = rejected_postcodes or {"00000"}
        self.create_script = list(create_script)
        self.unique_merchant_ids = unique_merchant_ids
        self.expire_tokens = expire_tokens
        self.logins = 0
        self._tokens: dict[str, bool] = {}  # token -> still valid
        self._expire_next = False
        self._fail_after_create = 0
        self._request_ids: dict[str, str] = {}  # request_id -> customer id
        self._merchant_ids: dict[str, str] = {}  # merchant_customer_id -> customer id
        self._login_script: list[Reply] = []

    def creates(self) -> list[Received]:
        """The create-customer requests received, in order."""
        return [r for r in self.received if r.path == CREATE_PATH]

    def announce(self, scenario: str, call: int) -> None:
        """A scenario starts on a fresh account at its first call; its replies go to the creates
        (each call logs in first), and some scenarios change how tokens or creates are answered."""
        super().announce(scenario, call)
        if call == 1:  # each scenario starts on a fresh account: ids of earlier ones are forgotten
            self.create_script, self.script = self.script, []
            self._request_ids.clear()
            self._merchant_ids.clear()
            self._expire_next = scenario == "token_expired"
            self.expire_tokens = scenario == "token_revoked"
            self._fail_after_create = int(scenario == "lost_reply_retried")
            self._login_script = list(LOGIN_REPLIES.get(scenario, ()))

    # -- Airwallex's behaviour -------------------------------------------------------------------
    def finish(self, received: Received, reply: Reply) -> Reply:
        """What Airwallex sends on every reply besides its ``Date``: a trace id in ``x-awx-traceid``
        and ``X-B3-TraceId``. JSON is written as UTF-8 (not ``\\u`` escapes), as Airwallex does."""
        trace_id = self.reply_digest("trace")[:32]
        headers = {"x-awx-traceid": trace_id, "X-B3-TraceId": trace_id}
        body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body, ensure_ascii=False).encode()
        return Reply(reply.status, body, {**headers, **reply.headers}, reply.content_type)

    def respond(self, received: Received) -> Reply:
        if received.method == "POST" and received.path == LOGIN_PATH:
            return self._login(received)
        if received.method == "POST" and received.path == CREATE_PATH:
            return self.create_script.pop(0) if self.create_script else self._create(received)
        return Reply(404, _error("not_found", "The requested endpoint does not exist"))

    def _login(self, received: Received) -> Reply:
        client_id, api_key = received.headers.get("x-client-id"), received.headers.get("x-api-key")
        if client_id is None or api_key is None or self.accepted.get(client_id) != api_key:
            return Reply(401, UNAUTHORIZED)
        if self._login_script:
            return self._login_script.pop(0)
        self.logins += 1
        token = _jwt_like({"sub": received.digest(client_id)[:16], "n": self.logins, "iat": int(NOW.timestamp())})
        self._tokens[token] = not (self._expire_next or self.expire_tokens)
        self._expire_next = False
        return Reply(201, {"token": token, "expires_at": timestamp(NOW + TOKEN_LIFETIME)})

    def _authorised(self, received: Received) -> bool:
        scheme, _, token = received.headers.get("authorization", "").partition(" ")
        return scheme == "Bearer" and self._tokens.get(token, False) and not self.expire_tokens

    def _create(self, received: Received) -> Reply:
        if not self._authorised(received):
            return Reply(401, UNAUTHORIZED)
        if not received.headers.get("content-type", "").startswith("application/json"):
            return _invalid("body", "Content-Type must be application/json")
        try:
            body = received.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _invalid("body", "The request body must be a JSON object")
        refused = self._validate(body)
        if refused is not None:
            return refused
        request_id, merchant_id = body["request_id"], body["merchant_customer_id"]
        if request_id in self._request_ids:
            return Reply(
                400,
                _error(
                    "duplicate_request",
                    "The same request ID has already been used. Please try again with a different request ID.",
                ),
            )
        if self.unique_merchant_ids and merchant_id in self._merchant_ids:
            return Reply(400, _error("resource_already_exists", "The resource already exists."))
        customer_id = "cus_hk" + received.digest("customer")[:17]  # the body holds the request_id
        self._request_ids[request_id] = customer_id
        self._merchant_ids.setdefault(merchant_id, customer_id)
        if self._fail_after_create:
            self._fail_after_create -= 1
            return SCENARIO_REPLIES["retry_succeeds"][0]  # created, but the reply is lost in a 500
        return Reply(201, self._customer(customer_id, body))

    def _validate(self, body: dict[str, Any]) -> Reply | None:
        """The first documented rule ``body`` breaks, as Airwallex answers it."""
        for name in ("request_id", "merchant_customer_id"):
            value = body.get(name)
            if not isinstance(value, str) or not value:
                return _invalid(name, f"{name} must be provided")
            if len(value) > 64:
                return _invalid(name, f"{name} must be at most 64 characters")
        limits = {"email": 256, "first_name": 128, "last_name": 128, "business_name": 128, "phone_number": 50}
        for name, limit in limits.items():
            value = body.get(name)
            if value is not None and (not isinstance(value, str) or len(value) > limit):
                return _invalid(name, f"{name} must be a string of at most {limit} characters")
        if body.get("email") in self.rejected_emails:
            return _invalid("email", "email is invalid")
        address = body.get("address")
        if address is not None:
            if not isinstance(address, dict):
                return _invalid("address", "address must be an object")
            country = address.get("country_code")
            if not isinstance(country, str) or len(country) != 2 or not country.isupper():
                return _invalid("address.country_code", "address.country_code must be provided")
            for name, limit in {"city": 100, "state": 100, "street": 1000, "postcode": 10}.items():
                value = address.get(name)
                if value is not None and (not isinstance(value, str) or len(value) > limit):
                    return _invalid(f"address.{name}", f"address.{name} must be at most {limit} characters")
            if address.get("postcode") in self.rejected_postcodes:
                return _invalid("address.postcode", "address.postcode is invalid")
        metadata = body.get("metadata")
        if metadata is not None and (
            not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values())
        ):
            return _invalid("metadata", "metadata must be an object of strings")
        return None

    @staticmethod
    def _customer(customer_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """The customer object (fields of the Node SDK's ``PaymentAcceptanceCustomer``)."""
        created = timestamp(NOW)
        customer: dict[str, Any] = {"id": customer_id, "request_id": body["request_id"]}
        customer["merchant_customer_id"] = body["merchant_customer_id"]
        for name in ("email", "first_name", "last_name", "business_name"):
            if name in body:
                customer[name] = body[name]
        customer["phone_number"] = body.get("phone_number", "")  # Airwallex answers "" when unset
        if "address" in body:
            customer["address"] = body["address"]
        customer["metadata"] = body.get("metadata", {})
        customer["additional_info"] = {"registered_via_social_media": False}
        customer["client_secret"] = _jwt_like({"type": "client-secret", "customer_id": customer_id})
        customer["created_at"] = created
        customer["updated_at"] = created
        return customer
