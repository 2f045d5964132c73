"""Helpers shared by the Airwallex connector tests."""

from __future__ import annotations

import json
from typing import Any

from airwallex_fake import TEST_API_KEY, TEST_CLIENT_ID

import paywire

CREDENTIALS = {"client_id": TEST_CLIENT_ID, "api_key": TEST_API_KEY}
"""Demo credentials the fake Airwallex accepts (it refuses the connector's example ones)."""

CLIENT = paywire.Client("airwallex", credentials=CREDENTIALS)


def prepare(request: dict[str, Any] | paywire.CreateCustomerRequest, key: str = "idem-1") -> paywire.HttpRequest:
    """The create request a client sends for ``request`` (the core's checks, headers and key included)."""
    return CLIENT.customers.prepare(request, idempotency_key=key)


def body_of(key: str = "idem-1", **fields: Any) -> dict[str, Any]:
    """The JSON body a client sends for the canonical ``fields``."""
    body: dict[str, Any] = json.loads(prepare(fields, key).body)
    return body


def reply(status: int, body: Any, headers: dict[str, str] | None = None) -> paywire.HttpResponse:
    """An ``HttpResponse`` with a JSON body (bytes and text are sent as they are)."""
    if isinstance(body, bytes):
        raw = body
    elif isinstance(body, str):
        raw = body.encode()
    else:
        raw = json.dumps(body).encode()
    return paywire.HttpResponse(status, {k.lower(): v for k, v in (headers or {}).items()}, raw)
