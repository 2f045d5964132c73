"""A small fake of Mollie's ``POST /v2/customers`` on 127.0.0.1, for tests and for recording
cassettes. It answers as Mollie documents, not as the connector expects:

- docs.mollie.com/reference/create-customer (and its v2 rst source in mollie/api-documentation):
  the body ``name``, ``email``, ``locale``, ``metadata`` (``testmode`` only for access tokens),
  ``201`` with ``application/hal+json; charset=utf-8`` and the customer object of the example
  (``resource``, ``id`` ``cst_...``, ``mode``, ``name``, ``email``, ``locale``, ``metadata``,
  ``createdAt``, ``_links``);
- docs.mollie.com/reference/handling-errors: every error is ``{"status", "title", "detail",
  "field"?, "_links"}``; the status texts are the ones of its status-code table; 422 names the
  ``field``; 401 is the documented "Missing authentication, or failed to authenticate";
- docs.mollie.com/overview/api-idempotency: the same ``Idempotency-Key`` within 24 hours returns
  the first answer with ``Idempotent-Replayed: true``; the key reused with other parameters or on
  another endpoint is ``400 Bad Request``; a key whose first request is still running ``409``;
- mollie-api-python 4.0.0 (``Client.validate_api_key``, ``resources/base.py``): API keys
  ``^(live|test)_\\w+$``; an error body always carries ``status`` and ``detail``.

What Mollie does not document is the fake's own choice, marked ``[fake]``: the wording of the
400 for a reused key, the locale list it accepts (the 22 documented request values and the six
more of the OpenAPI response enum), how it measures "approximately 1kB" of metadata (1,024 bytes
of compact UTF-8 JSON), which 4xx replies it keeps under a key (201 and 422: the requests it
executed or refused on their content), and that it checks nothing it was not told to.

Built on ``paywire_harness.fake.FakeProcessor`` (127.0.0.1 only, stops by itself, the harness's
fake-server contract): ``SCENARIO_REPLIES`` says what each scenario is answered first, the e-mail
``rejected@example.com`` is refused as invalid input (422, field ``email``), and the connector's
example key ``FAKE_KEY`` (what ``bad_credentials`` uses) is refused like any unknown key. Ids
derive from the key and the request, timestamps are fixed.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from paywire_harness.fake import FakeProcessor, Received, Reply

__all__ = [
    "ACCEPTED_LOCALES",
    "CREATED_AT",
    "FAKE_KEY",
    "REJECTED_EMAIL",
    "SCENARIO_REPLIES",
    "FakeMollie",
    "Received",
    "Reply",
    "mollie_error",
]

FAKE_KEY = "test_paywirefake00000000000000000000"
"""The connector's example (fake) key: Mollie would refuse it, so this fake does too."""
REJECTED_EMAIL = "rejected@example.com"
CREATED_AT = "2026-01-01T00:00:00+00:00"
"""The ``createdAt`` of every customer: fixed for reproducibility."""

DOCUMENTED_LOCALES = frozenset(
    {"en_US", "en_GB", "nl_NL", "nl_BE", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_BE", "es_ES", "ca_ES"}
    | {"pt_PT", "it_IT", "nb_NO", "sv_SE", "fi_FI", "da_DK", "is_IS", "hu_HU", "pl_PL", "lv_LV", "lt_LT"}
)
"""``locale`` values of docs.mollie.com/reference/create-customer."""
ACCEPTED_LOCALES = DOCUMENTED_LOCALES | {"cs_CZ", "de_LU", "en_BE", "en_NL", "fr_LU", "sk_SK"}
"""[fake] The documented values and the six more of the OpenAPI ``LocaleResponse`` enum."""
METADATA_MAX_BYTES = 1024
"""[fake] Mollie's "up to approximately 1kB", as 1,024 bytes of compact UTF-8 JSON."""

_API_KEY = re.compile(r"(live|test)_\w+", re.ASCII)
_BASE = "https://api.mollie.com"
_ERRORS_DOC = "https://docs.mollie.com/errors"
_AUTH_DOC = "https://docs.mollie.com/guides/authentication"
_IDEMPOTENCY_DOC = "https://docs.mollie.com/overview/api-idempotency"

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def mollie_error(status: int, detail: str, field_name: str | None = None, doc: str = _ERRORS_DOC) -> Reply:
    """Mollie's error object (handling-errors): status, title, detail, field, documentation link."""
    body: dict[str, Any] = {"status": status, "title": _TITLES[status], "detail": detail}
    if field_name is not None:
        body["field"] = field_name
    body["_links"] = {"documentation": {"href": doc, "type": "text/html"}}
    return Reply(status, body)


# The status-code table of docs.mollie.com/reference/handling-errors, word for word where it has words.
_RATE_LIMIT = mollie_error(429, "Your request has hit a rate limit. Please wait for a bit and retry.")
_UNAVAILABLE = mollie_error(
    503,
    "The service is temporarily unavailable, either due to calamity or (planned) maintenance. "
    "Please retry the request at a later time.",
)
_INTERNAL = mollie_error(500, "An internal server error occurred while processing your request.")
_UNSUPPORTED_MEDIA = "Your request's encoding is not supported or is incorrectly understood. Please always use JSON."
_IN_FLIGHT = mollie_error(409, "You are making a duplicate API call that was probably a mistake.", doc=_IDEMPOTENCY_DOC)
_FORBIDDEN = mollie_error(403, "You do not have access to the requested resource.")
_NOT_FOUND = mollie_error(404, "The object referenced by your URL does not exist.")
_NOT_ALLOWED = mollie_error(
    405, "You are trying to use an HTTP method that is not applicable on this URL or resource."
).with_headers({"Allow": "GET"})
# [fake] Mollie documents no Retry-After; HTTP's (RFC 9110, 10.2.3) says how long a 503 for
# maintenance lasts, and a connector keeps it when it is sent.
_MAINTENANCE = _UNAVAILABLE.with_headers({"Retry-After": "120"})
# Mollie's own test doubles (mollie/commercetools, generalErrorResponses.data.ts) answer a 500 with
# ``status`` and ``title`` but no ``detail``: still Mollie's error object.
_INTERNAL_NO_DETAIL = Reply(
    500,
    {
        "status": 500,
        "title": "Internal Server Error",
        "_links": {"documentation": {"href": "https://docs.mollie.com/overview/handling-errors", "type": "text/html"}},
    },
)
# Not Mollie: a gateway before it answering with its own JSON (Spring Cloud Gateway's default
# error attributes), which has a ``status`` but neither ``title`` nor ``detail``.
_GATEWAY_JSON = Reply(
    502,
    {
        "timestamp": CREATED_AT,
        "path": "/v2/customers",
        "status": 502,
        "error": "Bad Gateway",
        "requestId": "1a2b3c4d-1",
    },
    content_type="application/json;charset=UTF-8",
)

SCENARIO_REPLIES: dict[str, list[Reply]] = {
    "rate_limited": [_RATE_LIMIT],
    "processor_down": [_UNAVAILABLE],
    "retry_succeeds": [_INTERNAL],
    "idempotency_in_flight": [_IN_FLIGHT],
    "unprocessable_locale": [mollie_error(422, "The locale is not supported for this profile.", "locale")],
    # One documented status per call (handling-errors' table, word for word).
    "error_statuses": [
        mollie_error(
            400, "The Mollie API was unable to understand your request. There might be an error in your syntax."
        ),
        _FORBIDDEN,
        _NOT_FOUND,
        _NOT_ALLOWED,
        _IN_FLIGHT,
        mollie_error(415, _UNSUPPORTED_MEDIA),
        _MAINTENANCE,
    ],
    "error_bodies": [_INTERNAL_NO_DETAIL, _GATEWAY_JSON],
    # [fake] A 422 naming ``name``, then one naming ``metadata`` (Mollie measures its "approximately
    # 1kB" its own way): the wording is the fake's.
    "unprocessable_fields": [
        mollie_error(422, "The name is invalid.", "name"),
        mollie_error(422, "The metadata is too large.", "metadata"),
    ],
}
"""Replies served first for the calls of a scenario, whatever the request (then Mollie's behaviour)."""


def customer_object(customer_id: str, mode: str, params: dict[str, Any]) -> dict[str, Any]:
    """The customer Mollie returns (the Create customer example: every field, null where unset)."""
    return {
        "resource": "customer",
        "id": customer_id,
        "mode": mode,
        "name": params.get("name"),
        "email": params.get("email"),
        "locale": params.get("locale"),
        "metadata": params.get("metadata"),
        "createdAt": CREATED_AT,
        "_links": {
            "self": {"href": f"{_BASE}/v2/customers/{customer_id}", "type": "application/hal+json"},
            "documentation": {
                "href": "https://docs.mollie.com/reference/v2/customers-api/create-customer",
                "type": "text/html",
            },
        },
    }


def _invalid(params: dict[str, Any]) -> Reply | None:
    """Mollie's 422 for a body it cannot take, naming the field; None when it takes it."""
    for name in ("name", "email", "locale"):
        if params.get(name) is not None and not isinstance(params[name], str):
            return mollie_error(422, f"The {name} must be a string.", name)
    if params.get("email") == REJECTED_EMAIL:
        return mollie_error(422, "The email address is invalid.", "email")
    if params.get("locale") is not None and params["locale"] not in ACCEPTED_LOCALES:
        return mollie_error(422, "The locale is invalid.", "locale")
    metadata = params.get("metadata")
    if metadata is not None and len(json.dumps(metadata, separators=(",", ":"), ensure_ascii=False).encode()) > (
        METADATA_MAX_BYTES
    ):
        return mollie_error(422, "The metadata is too large.", "metadata")
    if "testmode" in params:  # "must not be sent" with credentials made for one mode
        return mollie_error(422, "The testmode parameter is only available with access tokens.", "testmode")
    return None


class FakeMollie(FakeProcessor):
    """The fake Mollie. Configure it, then use it as a context manager; ``url`` is its base URL.

    - ``accepted_keys``: API keys it accepts (None: any well-formed key but ``FAKE_KEY``);
    - ``script``: replies served first, in order, whatever the request (429, 5xx...).
    """

    scenario_replies = SCENARIO_REPLIES

    def __init__(
        self, *, accepted_keys: set[str] | None = None, script: list[Reply] | None = None, lifetime: float = 60.0
    ) -> None:
        super().__init__(script=script or (), lifetime=lifetime)
        self.accepted_keys = accepted_keys
        self._keys: dict[str, tuple[str, Any, Reply]] = {}

    # -- Mollie's behaviour -----------------------------------------------------------------------
    def finish(self, received: Received, reply: Reply) -> Reply:
        """Mollie's content type: HAL JSON, with the charset on success replies only (a gateway's
        reply, with a content type of its own, is left as it is)."""
        if reply.content_type != "application/json":
            return reply
        kind = "application/hal+json; charset=utf-8" if reply.status < 400 else "application/hal+json"
        return dataclasses.replace(reply, content_type=kind)

    def respond(self, received: Received) -> Reply:
        """Mollie's reply to ``received``."""
        if received.path != "/v2/customers":
            return mollie_error(404, "The resource does not exist.")
        if received.method != "POST":
            return mollie_error(405, "The method is not allowed.").with_headers({"Allow": "POST"})
        api_key = received.headers.get("authorization", "").removeprefix("Bearer ")
        if not self._accepts(api_key):
            return mollie_error(401, "Missing authentication, or failed to authenticate", doc=_AUTH_DOC)
        if "application/json" not in received.headers.get("content-type", ""):
            return mollie_error(415, _UNSUPPORTED_MEDIA)
        try:
            params = received.json() if received.body else {}
        except ValueError:
            params = None
        if not isinstance(params, dict):
            return mollie_error(
                400, "The Mollie API was unable to understand your request. There might be an error in your syntax."
            )
        return self._idempotent(received, api_key, params)

    def _idempotent(self, received: Received, api_key: str, params: dict[str, Any]) -> Reply:
        key = received.headers.get("idempotency-key", "")
        endpoint = f"{received.method} {received.path}"
        seen = self._keys.get(key) if key else None
        if seen is not None:
            first_endpoint, first_params, first = seen
            if (first_endpoint, first_params) != (endpoint, params):
                # [fake] Mollie documents the status (400), not its words.
                return mollie_error(
                    400,
                    "The idempotency key was already used for a request to another endpoint or with other parameters.",
                    doc=_IDEMPOTENCY_DOC,
                )
            return first.with_headers({"Idempotent-Replayed": "true"})
        reply = _invalid(params)
        if reply is None:
            customer_id = "cst_" + received.digest("customer", key)[:10]
            mode = "live" if api_key.startswith("live_") else "test"
            reply = Reply(201, customer_object(customer_id, mode, params))
        if key:
            self._keys[key] = (endpoint, params, reply)
        return reply

    def _accepts(self, key: str) -> bool:
        if self.accepted_keys is not None:
            return key in self.accepted_keys
        return bool(_API_KEY.fullmatch(key)) and key != FAKE_KEY
