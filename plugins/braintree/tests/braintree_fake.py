"""A small fake of Braintree's GraphQL API (``POST /graphql``, mutation ``createCustomer``) on
127.0.0.1, for tests and for recording cassettes.

Written from Braintree's public GraphQL schema (``CustomerInput``, ``CustomFieldInput``,
``CustomFieldName``, the ``URL`` scalar), its "Making API calls" and error-handling guides (HTTP
Basic ``public_key:private_key``, a ``Braintree-Version`` header, ``extensions.requestId`` in
every reply, validation errors as HTTP 200 with ``errors[].extensions`` = ``errorClass``,
``legacyCode``, ``inputPath``) and the validation codes of Braintree's SDK
(``braintree/error_codes.py``, class ``Customer``): 255 characters for every field (81601,
81605, 81607, 81608, 81613, 81614, 81615), a custom field that is not configured (91602) or too
long (81603), an e-mail in the wrong format (81604).

Braintree's guide says every reply is HTTP 200, errors included (a refused key is ``errorClass:
AUTHENTICATION``, a rate limit ``RESOURCE_LIMIT``, a failure ``INTERNAL``); its SDKs also handle
401, 408, 426, 429 and 503, so some scenarios answer with those statuses instead (``SCENARIO_REPLIES``,
``SCENARIO_SETTINGS``), and ``processor_down`` is the 503 of a service that is down. Where
Braintree's documentation is silent, the fake makes a documented choice: message texts follow
the XML gateway's wording, and a missing ``Braintree-Version`` is HTTP 400.

Built on ``paywire_harness.fake.FakeProcessor`` (127.0.0.1 only, a free port, stops by itself,
the harness's fake-server contract): ``SCENARIO_REPLIES`` says what each scenario needs first,
``SCENARIO_SETTINGS`` what it changes besides, and the connector's fake keys (its credentials
model's examples) are refused as any wrong key is. Ids and request ids are derived from the
request, timestamps fixed, so recordings are reproducible.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from typing import Any

from paywire_harness.fake import FakeProcessor, Received, Reply

__all__ = [
    "CONFIGURED_CUSTOM_FIELDS",
    "CREATED_AT",
    "FAKE_KEYS",
    "SCENARIO_REPLIES",
    "FakeBraintree",
    "Received",
    "Reply",
    "global_id",
]

FAKE_KEYS = ("paywire_fake_public_key", "paywire_fake_private_key_000000000")
"""The connector's example (fake) keys: Braintree would refuse them, so this fake does too."""
CREATED_AT = "2026-01-01T00:00:00.000000Z"
CONTENT_TYPE = "application/json; charset=utf-8"
"""What Braintree's GraphQL endpoint answers with."""
CONFIGURED_CUSTOM_FIELDS = frozenset({"merchant_customer_id", "loyalty_tier"})
"""The custom fields this fake merchant configured in its Control Panel."""

MAX_LENGTH = 255
_TOO_LONG = {
    "company": ("81601", "Company is too long."),
    "email": ("81605", "Email is too long."),
    "fax": ("81607", "Fax is too long."),
    "firstName": ("81608", "First name is too long."),
    "lastName": ("81613", "Last name is too long."),
    "phoneNumber": ("81614", "Phone is too long."),
    "website": ("81615", "Website is too long."),
}
_CUSTOMER_INPUT = frozenset({*_TOO_LONG, "customFields", "taxIdentifiers"})
_CUSTOM_FIELD_NAME = re.compile(r"[A-Za-z0-9_]+")
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[-a-zA-Z0-9@:%._+~#=]{2,256}\.[a-z]{2,6}\b[-a-zA-Z0-9@:%_+.~#?&/=]*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def global_id(kind: str, legacy_id: str) -> str:
    """A GraphQL global id as Braintree's own fixtures show them: unpadded base64 of
    ``<kind>_<legacy id>`` (the ids are opaque: clients must not decode them)."""
    return base64.b64encode(f"{kind}_{legacy_id}".encode()).decode().rstrip("=")


def _error(message: str, error_class: str | None, **extensions: Any) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message, "locations": [{"line": 1, "column": 65}], "path": ["createCustomer"]}
    if error_class is not None:
        error["extensions"] = {"errorClass": error_class, **extensions}
    else:
        del error["path"]
    return error


def _validation(message: str, code: str, *path: str | int) -> dict[str, Any]:
    return _error(
        message,
        "VALIDATION",
        errorType="user_error",
        inputPath=["input", "customer", *path],
        legacyCode=code,
    )


def _errors(*errors: dict[str, Any], data: Any = None) -> dict[str, Any]:
    return {"data": data, "errors": list(errors)}


_RESOURCE_LIMIT = _errors(_error("Request rate or complexity limit exceeded", "RESOURCE_LIMIT"))
_UNAVAILABLE = _errors(_error("Service is temporarily unavailable", "SERVICE_AVAILABILITY"))
_INTERNAL = _errors(_error("An internal error occurred", "INTERNAL"))

_BESIDE = {
    "data": {
        "createCustomer": {
            "clientMutationId": None,
            "customer": {"id": global_id("customer", "62155095"), "legacyId": "62155095", "defaultPaymentMethod": None},
        }
    },
    "errors": [
        {
            "message": "An internal error occurred",
            "path": ["createCustomer", "customer", "defaultPaymentMethod"],
            "extensions": {"errorClass": "INTERNAL"},
        }
    ],
}

_OTHER_CLASSES = [
    Reply(200, _errors(_error("User does not have the required permissions for this action", "AUTHORIZATION"))),
    Reply(200, _errors(_error("This operation is not implemented", "NOT_IMPLEMENTED"))),
    Reply(200, _errors(_error("This client version is no longer supported", "UNSUPPORTED_CLIENT"))),
    Reply(200, _errors(_error("An object with this ID was not found", "NOT_FOUND"))),
]
"""The other ``errorClass`` values of Braintree's "Making API calls" guide (the SDKs raise
``AuthorizationError``, ``UnexpectedError``, ``UpgradeRequiredError``, ``NotFoundError``)."""

_UPGRADE_REQUIRED = _errors(_error("This client version is no longer supported", "UNSUPPORTED_CLIENT"))
"""An unsupported client as HTTP 426, the status the SDKs read as ``UpgradeRequiredError``."""

_UNUSABLE = [
    Reply(
        200,
        {
            "data": {
                "createCustomer": {
                    "clientMutationId": "another-request",
                    "customer": {"id": global_id("customer", "11111111"), "legacyId": "11111111"},
                }
            }
        },
    ),
    Reply(200, {"data": {"createCustomer": {"clientMutationId": None, "customer": {"id": None, "legacyId": None}}}}),
]
"""Replies a client must not take for a created customer: a payload echoing another request's
``clientMutationId`` (GraphQL's Relay convention: it is echoed unchanged), and a customer with no
``id``."""

SCENARIO_REPLIES: dict[str, list[Reply]] = {
    "rate_limited": [Reply(200, _RESOURCE_LIMIT)],
    "rate_limited_http_429": [Reply(429, _RESOURCE_LIMIT)],
    "processor_down": [Reply(503, _UNAVAILABLE)],
    "unavailable_never_retried": [Reply(503, _UNAVAILABLE)],
    "internal_error_in_200": [Reply(200, _INTERNAL)],
    "errors_beside_customer": [Reply(200, _BESIDE)],
    "with_other_error_classes": _OTHER_CLASSES,
    "with_unusable_payload": _UNUSABLE,
    "with_upgrade_required_http_426": [Reply(426, _UPGRADE_REQUIRED)],
    "with_request_timeout_http_408": [Reply(408, _UNAVAILABLE)],
}
"""Replies served first for the calls of a scenario, whatever the request (then Braintree's
behaviour)."""

SCENARIO_SETTINGS: dict[str, dict[str, Any]] = {
    "authentication_http_401": {"auth_status": 401},
}
"""Per-scenario changes of the fake's settings."""


class FakeBraintree(FakeProcessor):
    """The fake Braintree. Configure it, then use it as a context manager; ``url`` is its base URL.

    - ``accepted_keys``: ``(public, private)`` pairs it accepts (None: any pair but ``FAKE_KEYS``).
    - ``custom_fields``: the custom field names the merchant configured.
    - ``rejected_emails``: e-mails answered with 81604 (``rejected@example.com`` by default).
    - ``script``: replies served first, in order, whatever the request.
    - ``auth_status``: the HTTP status of an authentication error (200, the error inside, as Braintree
      documents; or 401, as its SDKs also handle).
    """

    scenario_replies = SCENARIO_REPLIES

    def __init__(
        self,
        *,
        accepted_keys: set[tuple[str, str]] | None = None,
        custom_fields: frozenset[str] = CONFIGURED_CUSTOM_FIELDS,
        rejected_emails: frozenset[str] = frozenset({"rejected@example.com"}),
        script: list[Reply] | None = None,
        auth_status: int = 200,
        lifetime: float = 60.0,
    ) -> None:
        super().__init__(script=script or (), lifetime=lifetime)
        self.accepted_keys = accepted_keys
        self.custom_fields = custom_fields
        self.rejected_emails = rejected_emails
        self.auth_status = auth_status
        self._default_auth_status = auth_status

    def announce(self, scenario: str, call: int) -> None:
        """A scenario's replies and settings start at its first call."""
        super().announce(scenario, call)
        if call == 1:
            self.auth_status = SCENARIO_SETTINGS.get(scenario, {}).get("auth_status", self._default_auth_status)

    # -- Braintree's behaviour -------------------------------------------------------------
    def _request_id(self) -> str:
        digest = self.reply_digest("request")
        return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"

    def finish(self, received: Received, reply: Reply) -> Reply:
        """What Braintree sends on every reply: ``extensions.requestId`` in the JSON body."""
        body = {**reply.body, "extensions": {"requestId": self._request_id()}}
        return Reply(reply.status, body, reply.headers, content_type=CONTENT_TYPE)

    def _accepts(self, authorization: str) -> bool:
        scheme, _, encoded = authorization.partition(" ")
        if scheme != "Basic":
            return False
        try:
            public, sep, private = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        if not sep or not public or not private:
            return False
        if self.accepted_keys is not None:
            return (public, private) in self.accepted_keys
        return (public, private) != FAKE_KEYS and public not in FAKE_KEYS and private not in FAKE_KEYS

    def respond(self, received: Received) -> Reply:
        """Braintree's answer to ``received``."""
        if received.method != "POST" or received.path != "/graphql":
            return Reply(404, {"error": "not found"})
        if not self._accepts(received.headers.get("authorization", "")):
            return Reply(self.auth_status, _errors(_error("Authentication credentials are invalid.", "AUTHENTICATION")))
        if not _VERSION.fullmatch(received.headers.get("braintree-version", "")):
            return Reply(400, _errors(_error("Braintree-Version header is missing or invalid (YYYY-MM-DD)", None)))
        if not received.headers.get("content-type", "").startswith("application/json"):
            return Reply(400, _errors(_error("Content-Type must be application/json", None)))
        try:
            document = json.loads(received.body)
        except ValueError:
            return Reply(400, _errors(_error("Request body is not valid JSON", None)))
        query = document.get("query") if isinstance(document, dict) else None
        if not isinstance(query, str) or "createCustomer(input: $input)" not in query:
            return Reply(200, _errors(_error("Unsupported operation for this fake", None)))
        return self._create(document.get("variables") or {})

    def _create(self, variables: dict[str, Any]) -> Reply:
        given = variables.get("input") or {}
        customer = given.get("customer") or {}
        unknown = sorted(set(given) - {"clientMutationId", "customer"}) + sorted(set(customer) - _CUSTOMER_INPUT)
        if unknown:
            message = f"Variable 'input' has an invalid value: Unknown field '{unknown[0]}'"
            return Reply(200, _errors(_error(message, None)))
        website = customer.get("website")
        if website is not None and not (isinstance(website, str) and _URL.fullmatch(website)):
            message = "Variable 'input' has an invalid value: Expected type 'URL' at 'customer.website'"
            return Reply(200, _errors(_error(message, None)))
        errors = self._validate(customer)
        if errors:
            return Reply(200, _errors(*errors, data={"createCustomer": None}))
        legacy_id = str(int(_digest("customer", json.dumps(variables, sort_keys=True)), 16) % 10**8).zfill(8)
        created = {
            "clientMutationId": given.get("clientMutationId"),
            "customer": {"id": global_id("customer", legacy_id), "legacyId": legacy_id},
        }
        return Reply(200, {"data": {"createCustomer": created}})

    def _validate(self, customer: dict[str, Any]) -> list[dict[str, Any]]:
        errors = []
        for name, (code, message) in _TOO_LONG.items():
            value = customer.get(name)
            if isinstance(value, str) and len(value) > MAX_LENGTH:
                errors.append(_validation(message, code, name))
        email = customer.get("email")
        if isinstance(email, str) and (email in self.rejected_emails or not _EMAIL.fullmatch(email)):
            errors.append(_validation("Email is an invalid format.", "81604", "email"))
        for index, entry in enumerate(customer.get("customFields") or []):
            name, value = entry.get("name"), entry.get("value")
            if not isinstance(name, str) or not _CUSTOM_FIELD_NAME.fullmatch(name) or name not in self.custom_fields:
                errors.append(_validation(f"Custom field is invalid: {name}.", "91602", "customFields", index))
            elif isinstance(value, str) and len(value) > MAX_LENGTH:
                errors.append(_validation(f"Custom field is too long: {name}.", "81603", "customFields", index))
        return errors
