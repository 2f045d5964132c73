"""A small fake of Stax's ``POST /customer`` on 127.0.0.1, for tests and for recording cassettes.

Written from Stax's public reference, not from the connector:

- the API reference Overview (https://api-docs.staxpayments.com/reference/overview): one host for
  live and sandbox keys, ``Authorization: Bearer <key>``, ``Content-Type: application/json``,
  ``429`` with ``Retry-After`` past the rate limit, the status codes 200/400/401/404/429/500;
- the ``create-customer`` operation of Stax's ReadMe OpenAPI export ("stax-api" 0.1, archived at
  github.com/api-evangelist/stax, openapi/stax-customer-api-openapi.yml): the body's fields and
  their rules (``Max: 255``, phone ``/[0-9]{10,15}/``, state 2, zip 16, country 3, notes 21844,
  at least one of firstname/lastname/email/company), the ``200`` customer object and the verbatim
  ``422`` validation body (Laravel: field -> messages);
- the official SDKs: fattmerchant 2.0.1 (``request.py``: a ``200`` is success, 401/404/409/422
  their exceptions) and the Android SDK (``OmniApi.kt``: error bodies ``{"error": "..."}``,
  ``token_expired``).

What Stax does not document is marked [U] below and kept to Laravel's defaults: the 401 bodies
(``{"error": "token_invalid"}``, the jwt-auth middleware's), the wording of messages other than the
documented ``required_without_all`` ones, the 429/5xx bodies (``{"message": ...}``).

Built on ``paywire_harness.fake.FakeProcessor`` (127.0.0.1 only, stops by itself, the harness's
fake-server contract): ``SCENARIO_REPLIES`` says what each scenario needs first, and any key not
in ``accepted_keys`` is refused as Stax refuses a wrong key. Ids are derived from the request (and
how many customers that body already made: Stax makes a new customer for every request),
timestamps are fixed, so recordings are reproducible.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from paywire_harness.fake import FakeProcessor, Received, Reply

__all__ = [
    "CREATED_AT",
    "RECORDING_KEY",
    "REQUIRED_422",
    "SCENARIO_REPLIES",
    "TEST_KEY",
    "FakeStax",
    "Received",
    "Reply",
    "sandbox_key",
]

CREATED_AT = "2026-01-01 00:00:00"
"""``created_at``/``updated_at`` of every customer, in Stax's format: fixed for reproducibility."""


def _segment(data: dict[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def sandbox_key(signature: str, *, sandbox: bool = True) -> str:
    """A key shaped like a Stax API key (a JWT) of a sandbox (or live) merchant, with a made-up
    signature: the payload claims are what sandbox keys carry ([U]: observed, not documented)."""
    claims = (
        {"iss": "http://apiprod.fattlabs.com/sandbox", "brand": "fattmerchant-sandbox", "sub": "paywire-tests"}
        if sandbox
        else {"iss": "http://apiprod.fattlabs.com", "brand": "fattmerchant", "sub": "paywire-tests"}
    )
    return ".".join((_segment({"typ": "JWT", "alg": "HS256"}), _segment(claims), signature))


TEST_KEY = sandbox_key("PaywireClientTestsSignature00000000000000000")
"""A sandbox key the fake accepts (the tests' 'real' key)."""
RECORDING_KEY = sandbox_key("PaywireRecordingSignature0000000000000000000")
"""The sandbox key ``make_cassettes.py`` records with: never written (the harness writes the fake one)."""

REQUIRED_422: dict[str, list[str]] = {
    "firstname": ["The firstname field is required when none of lastname / email / company are present."],
    "lastname": ["The lastname field is required when none of firstname / email / company are present."],
    "email": ["The email field is required when none of firstname / lastname / company are present."],
    "company": ["The company field is required when none of firstname / lastname / email are present."],
}
"""Stax's documented 422 for ``POST /customer`` (the OpenAPI export's example), verbatim."""


_THROTTLED = Reply(
    429,
    {"message": "Too Many Attempts."},  # [U] Laravel's throttle body; the header is documented
    {"Retry-After": "60", "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0"},
)

SCENARIO_REPLIES: dict[str, list[Reply]] = {
    "rate_limited": [_THROTTLED],
    "processor_down": [Reply(503, {"message": "Service Unavailable"})],  # [U] body
    # Stax's documented 422, as Stax sends it when none of the four identity fields arrives.
    "validation_required_fields": [Reply(422, REQUIRED_422)],
    # The Android SDK's expired key: any 4xx whose body holds token_expired.
    "expired_key": [Reply(401, {"error": "token_expired"})],
    # A 500 after the request arrived: Stax may have created the customer.
    "server_error_not_retried": [Reply(500, {"message": "Server Error"})],  # [U] body
    # fattmerchant's request.py: 409 is DuplicateResourceException ("an attempt to create ... would
    # have resulted in a duplicate"), whose default message stands in for an empty body. [U] when
    # Stax sends it and its body: Laravel's abort(409) ({"message": ""}), then no body at all.
    "duplicate_customer": [Reply(409, {"message": ""}), Reply(409, b"", content_type="text/plain")],
}
"""Replies served first for the calls of a scenario, whatever the request (then Stax's behaviour)."""

_FIELDS = (
    "firstname",
    "lastname",
    "company",
    "email",
    "phone",
    "address_1",
    "address_2",
    "address_city",
    "address_state",
    "address_zip",
    "address_country",
    "notes",
    "reference",
)
_MAX = {
    "firstname": 255,
    "lastname": 255,
    "company": 255,
    "email": 255,
    "address_1": 255,
    "address_2": 255,
    "address_city": 255,
    "address_state": 2,
    "address_zip": 16,
    "address_country": 3,
    "notes": 21844,
    "reference": 255,
}
"""``Max: N`` of each field in Stax's reference."""
_IDENTITY = ("firstname", "lastname", "email", "company")
_PHONE = re.compile(r"[0-9]{10,15}")  # Stax's documented regex, unanchored as documented
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ADDRESS = ("address_1", "address_city", "address_state", "address_zip")


def _label(name: str) -> str:
    return name.replace("_", " ")  # Laravel's :attribute


def validate(data: Any, rejected_emails: set[str]) -> dict[str, list[str]]:
    """Stax's documented rules for the body, as Laravel reports them (field -> messages)."""
    if not isinstance(data, dict):
        data = {}
    # Laravel's TrimStrings and ConvertEmptyStringsToNull run before validation.
    values = {k: v.strip() or None if isinstance(v, str) else v for k, v in data.items()}
    errors: dict[str, list[str]] = {}
    if not any(values.get(name) for name in _IDENTITY):
        return dict(REQUIRED_422)
    for name, limit in _MAX.items():
        value = values.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            errors.setdefault(name, []).append(f"The {_label(name)} must be a string.")
        elif len(value) > limit:
            errors.setdefault(name, []).append(f"The {_label(name)} may not be greater than {limit} characters.")
    phone = values.get("phone")
    if phone is not None and not (isinstance(phone, str) and _PHONE.search(phone)):
        errors.setdefault("phone", []).append("The phone format is invalid.")
    email = values.get("email")
    if isinstance(email, str) and (email in rejected_emails or not _EMAIL.match(email)):
        errors.setdefault("email", []).append("The email must be a valid email address.")
    return errors


def customer_object(customer_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """The customer object Stax returns (the fields of its documented ``200`` example)."""
    values = {name: data.get(name) for name in _FIELDS}
    email = values.get("email")
    gravatar = hashlib.md5(str(email or "").strip().lower().encode(), usedforsecurity=False).hexdigest()
    present = [name for name in _ADDRESS if values.get(name)]
    return {
        "id": customer_id,
        **{name: values[name] for name in _FIELDS[:4]},
        "cc_emails": None,
        **{name: values[name] for name in _FIELDS[4:]},
        "options": None,
        "created_at": CREATED_AT,
        "updated_at": CREATED_AT,
        "deleted_at": None,
        "gravatar": f"//www.gravatar.com/avatar/{gravatar}",
        "has_address": bool(present),
        # [U] which parts Stax counts; these four are the ones its examples always fill.
        "missing_address_components": [name for name in _ADDRESS if name not in present] if present else [],
    }


class FakeStax(FakeProcessor):
    """The fake Stax. Configure it, then use it as a context manager; ``url`` is its base URL.

    - ``accepted_keys``: API keys it accepts (the tests' and the recording's sandbox keys).
    - ``rejected_emails``: e-mail addresses answered with 422 ``email`` (the harness's
      ``rejected_input``).
    - ``script``: replies served first, in order, whatever the request (429, 5xx...).
    """

    scenario_replies = SCENARIO_REPLIES
    reply_headers: ClassVar[Mapping[str, str]] = {"Cache-Control": "no-cache, private"}  # Laravel's, on every reply

    def __init__(
        self,
        *,
        accepted_keys: set[str] | None = None,
        rejected_emails: set[str] | None = None,
        script: list[Reply] | None = None,
        lifetime: float = 60.0,
    ) -> None:
        super().__init__(script=script or (), lifetime=lifetime)
        self.accepted_keys = {TEST_KEY, RECORDING_KEY} if accepted_keys is None else accepted_keys
        self.rejected_emails = rejected_emails or {"rejected@example.com"}
        self._made: dict[bytes, int] = {}

    # -- Stax's behaviour ------------------------------------------------------------------
    def respond(self, received: Received) -> Reply:
        """Stax's answer to ``received``."""
        if (received.method, received.path) != ("POST", "/customer"):
            return Reply(404, {"error": "Not Found"})  # [U] body
        auth = received.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not auth.removeprefix("Bearer "):
            return Reply(401, {"error": "token_not_provided"})  # [U] body
        if auth.removeprefix("Bearer ") not in self.accepted_keys:
            return Reply(401, {"error": "token_invalid"})  # [U] body
        data: Any = None
        if received.headers.get("content-type", "").split(";")[0].strip() == "application/json":
            try:
                data = received.json()
            except ValueError:
                return Reply(400, {"error": "Invalid JSON"})  # [U] body
        errors = validate(data, self.rejected_emails)
        if errors:
            return Reply(422, errors)
        made = self._made.get(received.body, 0)
        self._made[received.body] = made + 1
        # sha256(body + NUL + how many this body made before): a new UUID for every customer.
        digest = received.digest("", str(made))
        return Reply(200, customer_object(str(uuid.UUID(hex=digest[:32], version=4)), data))
