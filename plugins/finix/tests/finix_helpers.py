"""Helpers shared by the Finix connector tests."""

from __future__ import annotations

from typing import Any

import paywire
from paywire import HttpRequest, HttpResponse
from paywire_harness import testing

USERNAME = "USpaywireClientTests0001"
PASSWORD = "client-tests-password-0001"
"""Sandbox-shaped credentials the fake Finix accepts (it refuses the connector's example ones)."""
CREDENTIALS = {"username": USERNAME, "password": PASSWORD}
LIVE_CREDENTIALS = {**CREDENTIALS, "environment": "production"}


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    credentials: dict[str, str] | None = None,
    base_url: str | None = None,
    options: dict[str, str] | None = None,
) -> HttpRequest:
    """The request a client sends for ``request``: the core's checks and headers included."""
    with paywire.Client("finix", credentials=credentials or CREDENTIALS, base_url=base_url, options=options) as client:
        return client.customers.prepare(request, idempotency_key="idem-1")


def outcome(response: HttpResponse, request: dict[str, Any]) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    """What ``client.customers.create`` gives when Finix answers ``response`` (no retries)."""
    return testing.outcome("finix", response, request=request, credentials=CREDENTIALS)
