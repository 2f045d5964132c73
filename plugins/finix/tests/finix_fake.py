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

It keeps paywire-harness's fake-server contract: ``POST /__paywire_harness__/scenario``
``{"scenario", "call"}`` announces the next call of a scenario, and ``SCENARIO_REPLIES`` says what
a scenario is answered first (429, 5xx, Finix-only errors). Ids, request ids and timestamps are
derived from the scenario, the call and the request, so recordings are reproducible. The server
binds 127.0.0.1 only, on a free port, and shuts itself down after ``lifetime`` seconds.
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

from paywire_finix._credentials import FAKE_PASSWORD, FAKE_USERNAME

__all__ = ["APPLICATION", "CONTROL_PATH", "CREATED_AT", "SCENARIO_REPLIES", "FakeFinix", "Received", "Reply", "errors"]

CONTROL_PATH = "/__paywire_harness__/scenario"
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


@dataclass(frozen=True)
class Received:
    """One request as the server saw it. Header names lower-case."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any] | str
    """A JSON object, or raw text (a proxy's HTML page)."""
    headers: dict[str, str] = field(default_factory=dict)


def errors(*items: dict[str, str], href: str = "") -> dict[str, Any]:
    """Finix's error list: ``{"total", "_embedded": {"errors": [...]}}``, each error with a
    ``logref`` and a ``_links.source`` link to the request's URL."""
    listed = []
    for item in items:
        logref = hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()[:16]
        listed.append({**item, "logref": logref, "_links": {"source": {"href": href}}})
    return {"total": len(listed), "_embedded": {"errors": listed}}


def _invalid(field_name: str, message: str) -> dict[str, str]:
    return {"code": "INVALID_FIELD", "field": field_name, "message": message}


_SERVER_ERROR = {"code": "SERVER_ERROR", "message": "An unexpected error occurred. Please try again."}
_TOO_MANY = {"code": "TOO_MANY_REQUESTS", "message": "Too many requests. Please try again later."}
_UNAVAILABLE_PAGE = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n"

SCENARIO_REPLIES: dict[str, list[Reply]] = {
    "rate_limited": [Reply(429, errors(_TOO_MANY))],
    # Finix documents no 503: what answers then is the load balancer before it, with a page.
    "processor_down": [Reply(503, _UNAVAILABLE_PAGE, {"Content-Type": "text/html"})],
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


class FakeFinix:
    """The fake server. Configure it, then use it as a context manager; ``url`` is its base URL.

    - ``accepted``: ``(username, password)`` pairs it accepts (None: any but the connector's fake).
    - ``rejected_emails``: e-mail addresses answered with 422 ``INVALID_FIELD`` ``entity.email``.
    - ``script``: replies served first, in order, whatever the request (429, 5xx...).
    """

    def __init__(
        self,
        *,
        accepted: set[tuple[str, str]] | None = None,
        rejected_emails: set[str] | None = None,
        script: list[Reply] | None = None,
        lifetime: float = 60.0,
    ) -> None:
        self.accepted = accepted
        self.rejected_emails = rejected_emails or {"rejected@example.com"}
        self.script = list(script or [])
        self.scenario = ""
        self.call = 0
        self.received: list[Received] = []
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

    def announce(self, scenario: str, call: int) -> None:
        """The harness's scenario announcement: the script of a scenario starts at its first call."""
        with self._lock:
            self.scenario, self.call, self._count = scenario, call, 0
            if call == 1:
                self.script = list(SCENARIO_REPLIES.get(scenario, []))

    # -- Finix's behaviour ---------------------------------------------------------------------
    def respond(self, received: Received, base: str) -> tuple[Reply, str]:
        """The reply to ``received`` and its ``x-request-id``; ``base`` is the URL Finix is reached at."""
        with self._lock:
            self.received.append(received)
            self._count += 1
            seed = (self.scenario, str(self.call), str(self._count), str(len(self.received)))
            request_id = _uuid(_digest("request", *seed))
            href = base + received.path
            if self.script:
                reply = self.script.pop(0)
                if isinstance(reply.body, dict) and "_embedded" in reply.body:  # link the source as Finix does
                    items = reply.body["_embedded"]["errors"]
                    reply = Reply(
                        reply.status,
                        {
                            **reply.body,
                            "_embedded": {"errors": [{**item, "_links": {"source": {"href": href}}} for item in items]},
                        },
                        reply.headers,
                    )
                return reply, request_id
            if received.path.split("?")[0] != "/identities":
                message = f"{received.path} was not found"
                return Reply(404, errors({"code": "NOT_FOUND", "message": message}, href=href)), request_id
            if received.method != "POST":
                message = f"Request method '{received.method}' not supported"
                return Reply(405, errors({"code": "METHOD_NOT_ALLOWED", "message": message}, href=href)), request_id
            if not self._accepts(received.headers.get("authorization", "")):
                return Reply(401, errors({"code": "UNKNOWN", "message": "Unauthorized"}, href=href)), request_id
            try:
                body = json.loads(received.body)
            except ValueError:
                body = None
            if not isinstance(body, dict):
                bad = {"code": "BAD_REQUEST", "message": "Unable to parse the request body as JSON"}
                return Reply(400, errors(bad, href=href)), request_id
            invalid = validation_errors(body, self.rejected_emails)
            if invalid:
                return Reply(422, errors(*invalid, href=href)), request_id
            identity_id = "ID" + _base62(_digest("identity", *seed, received.body.decode("utf-8")), 22)
            return Reply(201, self.identity(identity_id, body, base)), request_id

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
                base = f"http://{self.headers.get('host') or fake.url.removeprefix('http://')}"
                reply, request_id = fake.respond(received, base)
                if isinstance(reply.body, str):
                    payload = reply.body.encode()
                else:
                    payload = json.dumps(reply.body, indent=2, ensure_ascii=False).encode()
                headers = {"Content-Type": "application/hal+json", "Content-Length": str(len(payload))}
                if not isinstance(reply.body, str):  # Finix's own reply, not a page from before it
                    headers |= {"x-request-id": request_id, "finix-apiuser-role": "ROLE_PARTNER"}
                headers.update(reply.headers)
                self.send_response_only(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
