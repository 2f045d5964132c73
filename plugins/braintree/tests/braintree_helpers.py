"""Helpers shared by the Braintree connector tests."""

from __future__ import annotations

import json
from typing import Any

import paywire
from paywire import HttpRequest, HttpResponse
from paywire_harness import testing

PUBLIC_KEY = "tests_public_key"
PRIVATE_KEY = "tests_CANARY_private_key_0123456789"
"""Sandbox keys the fake Braintree accepts (it refuses the connector's example keys, as Braintree
would). The private key is a canary: tests look for it wherever a secret must not be."""
KEYS = {"public_key": PUBLIC_KEY, "private_key": PRIVATE_KEY}


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    idempotency_key: str = "idem-1",
    base_url: str | None = None,
    options: dict[str, str] | None = None,
    environment: str | None = None,
) -> HttpRequest:
    """The request a client sends for ``request``: the core's checks and headers included.
    ``environment``: the credentials' (``sandbox`` unless given)."""
    credentials = KEYS if environment is None else {**KEYS, "environment": environment}
    with paywire.Client("braintree", credentials=credentials, base_url=base_url, options=options) as c:
        return c.customers.prepare(request, idempotency_key=idempotency_key)


def customer_input(request: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """The ``CustomerInput`` the connector sends for ``request``."""
    body = json.loads(build(request, **kw).body)
    customer: dict[str, Any] = body["variables"]["input"]["customer"]
    return customer


def reply(status: int, body: dict[str, Any] | str, headers: dict[str, str] | None = None) -> HttpResponse:
    data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    return HttpResponse(status, {"content-type": "application/json", **(headers or {})}, data)


def outcome(
    response: HttpResponse, request: dict[str, Any] | None = None
) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    """What ``client.customers.create`` gives when Braintree answers ``response`` (no retries)."""
    return testing.outcome("braintree", response, request=request, credentials=KEYS)
