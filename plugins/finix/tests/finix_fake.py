"""A small fake of Finix's ``POST /identities`` on 127.0.0.1, for tests and for recording cassettes.

Written from Finix's public reference, not from the connector: the OpenAPI document of Finix's
Python SDK (finix-payments/finix-python ``spec/finix_openapi.yaml``: ``createIdentity``, the
``Identity - Buyer`` request and response examples, ``CreateIdentityRequest.entity`` limits,
``Tags``, the ``Error*`` lists, the ``x-request-id`` and ``finix-apiuser-role`` headers), the
SDK's own tests of error replies (``tests/test_exceptions.py``: 401 ``Unauthorized``, 403
``Access is denied``, 422 ``INVALID_FIELD`` with ``field``), and Finix's error-code table
(docs.finix.com, "Error Codes": 400 ``BAD_REQUEST``, 401 ``UNKNOWN``, 403 ``FORBIDDEN``, 409
``CONFLICT``, 422 ``INVALID_FIELD``, 429 ``TOO_MANY_REQUESTS``, 500 ``SERVER_ERROR``).

- HTTP Basic authentication; the connector's fake credentials (``FAKE_USERNAME``/``FAKE_PASSWORD``,
  what ``bad_credentials`` uses) are refused like any unknown API user, with 401 ``UNKNOWN``.
- A body that is not JSON is a 400 ``BAD_REQUEST``; a value beyond Finix's documented limits, a
  country that is not alpha-3, and the e-mail ``rejected@example.com`` are 422 ``INVALID_FIELD``
  naming Finix's field.
- Otherwise a 201 with the Identity, as Finix's buyer example shows it. Finix keeps no
  idempotency for Identities: the same request twice creates two Identities.

Built on ``paywire_harness.fake.FakeProcessor`` (127.0.0.1 only, stops by itself, the harness's
fake-server contract): ``SCENARIO_REPLIES`` says what a scenario is answered first (429, 5xx,
Finix-only errors, an error whose ``logref`` is the OpenAPI's ``LogRef`` object, a List Identities
page where an Identity is expected), and ``finish`` gives every reply what Finix sends on each (pretty-printed HAL
JSON, ``x-request-id``, ``finix-apiuser-role``, error links to the request's URL). Ids, request
ids and timestamps are derived from the scenario, the call and the request, so recordings are
reproducible.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from paywire_finix._credentials import FAKE_PASSWORD, FAKE_USERNAME
from paywire_harness.fake import FakeProcessor, Received, Reply

__all__ = [
    "APPLICATION",
    "CREATED_AT",
    "SCENARIO_REPLIES",
    "FakeFinix",
    "Received",
    "Reply",
    "errors",
    "logref_objects",
]

CREATED_AT = "2026-01-01T00:00:00.00Z"
"""``created_at``/``updated_at`` of every Identity: fixed for reproducibility."""
APPLICATION = "APfakePaywireApplication"
"""The Finix Application the fake API user belongs to (``AP`` + 22 characters, as Finix's ids)."""

_LIMITS = {
    "entity.first_name": 20,
    "entity.last_name": 20,
    "entity.email": 100,
    "entity.personal_address.line1": 35,
    "entity.personal_address.line2": 35,
    "entity.personal_address.city": 20,
    "entity.personal_address.region": 2,
    "entity.personal_address.postal_code": 7,
}
"""``CreateIdentityRequest.entity``: "max N characters" (``region``: "2-letter State code")."""

_ENTITY_TEMPLATE: dict[str, Any] = {
    "amex_mid": None,
    "annual_card_volume": 0,
    "business_address": None,
    "business_name": None,
    "business_phone": None,
    "business_tax_id_provided": False,
    "business_type": None,
    "default_statement_descriptor": None,
    "discover_mid": None,
    "dob": None,
    "doing_business_as": None,
    "email": None,
    "first_name": None,
    "has_accepted_credit_cards_previously": False,
    "incorporation_date": None,
    "last_name": None,
    "max_transaction_amount": 0,
    "mcc": None,
    "ownership_type": None,
    "personal_address": None,
    "phone": None,
    "principal_percentage_ownership": None,
    "short_business_name": None,
    "tax_authority": None,
    "tax_id_provided": False,
    "title": None,
    "url": None,
}
"""The entity of Finix's ``Identity - Buyer`` response example, every value unset."""

_LINKS = (
    "verifications",
    "merchants",
    "settlements",
    "authorizations",
    "transfers",
    "payment_instruments",
    "associated_identities",
    "disputes",
)


def errors(*items: dict[str, str]) -> dict[str, Any]:
    """Finix's error list: ``{"total", "_embedded": {"errors": [...]}}``, each error with a
    ``logref`` and a ``_links.source`` link (to the request's URL, set by ``FakeFinix.finish``)."""
    listed = []
    for item in items:
        logref = hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()[:16]
        listed.append({**item, "logref": logref, "_links": {"source": {"href": ""}}})
    return {"total": len(listed), "_embedded": {"errors": listed}}


def logref_objects(listed: dict[str, Any]) -> dict[str, Any]:
    """The same error list with each ``logref`` as the object of Finix's OpenAPI document
    (``LogRef``: ``{"logref": "..."}``) instead of the string its SDK's tests show."""
    items = [{**item, "logref": {"logref": item["logref"]}} for item in listed["_embedded"]["errors"]]
    return {**listed, "_embedded": {"errors": items}}


def _invalid(field_name: str, message: str) -> dict[str, str]:
    return {"code": "INVALID_FIELD", "field": field_name, "message": message}


_SERVER_ERROR = {"code": "SERVER_ERROR", "message": "An unexpected error occurred. Please try again."}
_TOO_MANY = {"code": "TOO_MANY_REQUESTS", "message": "Too many requests. Please try again later."}
_UNAVAILABLE_PAGE = b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n"

SCENARIO_REPLIES: dict[str, list[Reply]] = {
    "rate_limited": [Reply(429, errors(_TOO_MANY))],
    # Finix documents no 503: what answers then is the load balancer before it, with a page.
    "processor_down": [Reply(503, _UNAVAILABLE_PAGE, content_type="text/html")],
    "invalid_field": [
        Reply(
            422,
            errors(_invalid("entity.personal_address.region", "Region must be a valid 2-letter state code")),
        )
    ],
    "several_invalid_fields": [
        Reply(
            422,
            errors(
                _invalid("entity.phone", "Phone must be a valid phone number"),
                _invalid("entity.personal_address.postal_code", "Postal code is invalid for country USA"),
            ),
        )
    ],
    "forbidden": [Reply(403, errors({"code": "FORBIDDEN", "message": "Access is denied"}))],
    "conflict": [
        Reply(409, errors({"code": "CONFLICT", "message": "The request conflicts with the state of the resource"}))
    ],
    "server_error_not_retried": [Reply(500, errors(_SERVER_ERROR))],
    "rate_limited_then_created": [Reply(429, errors(_TOO_MANY))],
    # createIdentity's documented 400 (``ErrorGeneric``), its logref as the OpenAPI's LogRef object.
    "structured_logref": [
        Reply(400, logref_objects(errors({"code": "BAD_REQUEST", "message": "The request could not be processed"})))
    ],
    # A 2xx that is not an Identity: Finix's ``List Identities`` page (``IdentitiesList``), as a
    # misrouted request (a proxy turning the POST into a GET) would bring back.
    "wrong_object": [Reply(200, {"_embedded": {"identities": []}, "page": {"limit": 20, "next_cursor": None}})],
}
"""Replies served first for the calls of a scenario, whatever the request (then Finix's behaviour).
The error shapes and codes are Finix's; their message texts are written here (Finix publishes
only the 401, 403, 404 and one 422 text, in its SDK's tests)."""


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _base62(hex_digest: str, length: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    number, out = int(hex_digest, 16), list[str]()
    while len(out) < length:
        number, rem = divmod(number, 62)
        out.append(alphabet[rem])
    return "".join(out)


def _uuid(hex_digest: str) -> str:
    h = hex_digest
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _basic(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        username, sep, password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (username, password) if sep else None


def _value(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def validation_errors(body: dict[str, Any], rejected_emails: set[str]) -> list[dict[str, str]]:
    """What Finix refuses in a buyer ``CreateIdentityRequest`` (documented limits and formats)."""
    found = []
    for path, limit in _LIMITS.items():
        value = _value(body, path)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            found.append(_invalid(path, f"{path.rsplit('.', 1)[1]} must be at most {limit} characters"))
    country = _value(body, "entity.personal_address.country")
    if country is not None and not (isinstance(country, str) and len(country) == 3 and country.isalpha()):
        found.append(_invalid("entity.personal_address.country", "country must be a 3-letter country code"))
    if _value(body, "entity.email") in rejected_emails:
        found.append(_invalid("entity.email", "email must be a valid email address"))
    tags = body.get("tags")
    if tags is not None and (
        not isinstance(tags, dict)
        or len(tags) > 50
        or any(not isinstance(v, str) or len(k) > 40 or len(v) > 500 for k, v in tags.items())
    ):
        found.append(_invalid("tags", "tags must be up to 50 pairs, keys of 40 and values of 500 characters"))
    return found


class FakeFinix(FakeProcessor):
    """The fake Finix. Configure it, then use it as a context manager; ``url`` is its base URL.

    - ``accepted``: ``(username, password)`` pairs it accepts (None: any but the connector's fake).
    - ``rejected_emails``: e-mail addresses answered with 422 ``INVALID_FIELD`` ``entity.email``.
    - ``script``: replies served first, in order, whatever the request (429, 5xx...).
    """

    scenario_replies = SCENARIO_REPLIES

    def __init__(
        self,
        *,
        accepted: set[tuple[str, str]] | None = None,
        rejected_emails: set[str] | None = None,
        script: list[Reply] | None = None,
        lifetime: float = 60.0,
    ) -> None:
        super().__init__(script=script or (), lifetime=lifetime)
        self.accepted = accepted
        self.rejected_emails = rejected_emails or {"rejected@example.com"}
        self._call_starts: dict[tuple[str | None, int], int] = {}

    # -- Finix's behaviour ---------------------------------------------------------------------
    def _seed(self) -> tuple[str, ...]:
        """What the ids of the request being answered derive from: the scenario, the call, the
        request's number within the call and among every request received."""
        number = len(self.received)
        first = self._call_starts.setdefault((self.scenario, self.call), number)
        return (self.scenario or "", str(self.call), str(number - first + 1), str(number))

    def _base(self, received: Received) -> str:
        """The URL Finix is reached at, as the request names it."""
        return "http://" + (received.headers.get("host") or self.url.removeprefix("http://"))

    def finish(self, received: Received, reply: Reply) -> Reply:
        """What Finix sends on every reply: its JSON pretty-printed as HAL, error links to the
        request's URL, a request id and the API user's role. A page (bytes) came from before
        Finix (a load balancer): it goes as it is."""
        if isinstance(reply.body, bytes):
            return reply
        body = reply.body
        if isinstance(body, dict) and "errors" in body.get("_embedded", {}):  # link the source as Finix does
            href = self._base(received) + received.path
            items = body["_embedded"]["errors"]
            body = {**body, "_embedded": {"errors": [{**item, "_links": {"source": {"href": href}}} for item in items]}}
        headers = {
            "x-request-id": _uuid(_digest("request", *self._seed())),
            "finix-apiuser-role": "ROLE_PARTNER",
            **reply.headers,
        }
        payload = json.dumps(body, indent=2, ensure_ascii=False).encode()
        return Reply(reply.status, payload, headers, content_type="application/hal+json")

    def respond(self, received: Received) -> Reply:
        """Finix's answer to ``received``."""
        if received.path.split("?")[0] != "/identities":
            return Reply(404, errors({"code": "NOT_FOUND", "message": f"{received.path} was not found"}))
        if received.method != "POST":
            message = f"Request method '{received.method}' not supported"
            return Reply(405, errors({"code": "METHOD_NOT_ALLOWED", "message": message}))
        if not self._accepts(received.headers.get("authorization", "")):
            return Reply(401, errors({"code": "UNKNOWN", "message": "Unauthorized"}))
        try:
            body = received.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return Reply(400, errors({"code": "BAD_REQUEST", "message": "Unable to parse the request body as JSON"}))
        invalid = validation_errors(body, self.rejected_emails)
        if invalid:
            return Reply(422, errors(*invalid))
        identity_id = "ID" + _base62(_digest("identity", *self._seed(), received.body.decode("utf-8")), 22)
        return Reply(201, self.identity(identity_id, body, self._base(received)))

    def _accepts(self, header: str) -> bool:
        pair = _basic(header)
        if pair is None or not all(pair):
            return False
        if self.accepted is not None:
            return pair in self.accepted
        return pair != (FAKE_USERNAME, FAKE_PASSWORD)

    @staticmethod
    def identity(identity_id: str, body: dict[str, Any], base: str) -> dict[str, Any]:
        """The Identity Finix returns for ``body`` (fields as in its ``Identity - Buyer`` example)."""
        entity = {**_ENTITY_TEMPLATE, **(body.get("entity") or {})}
        address = entity.get("personal_address")
        if isinstance(address, dict):
            keys = ("line1", "line2", "city", "region", "postal_code", "country")
            entity["personal_address"] = {key: address.get(key) for key in keys}
        identity: dict[str, Any] = {
            "id": identity_id,
            "created_at": CREATED_AT,
            "updated_at": CREATED_AT,
            "application": APPLICATION,
            "entity": entity,
        }
        for key in ("identity_roles", "type"):  # newer API references return what was sent
            if key in body:
                identity[key] = body[key]
        identity["tags"] = body.get("tags") or {}
        own = f"{base}/identities/{identity_id}"
        identity["_links"] = {
            "self": {"href": own},
            **{name: {"href": f"{own}/{name}"} for name in _LINKS},
            "application": {"href": f"{base}/applications/{APPLICATION}"},
        }
        return identity
