"""Helpers shared by the Authorize.net connector tests."""

from __future__ import annotations

from typing import Any

from authorizedotnet_fake import ACCOUNTS

import paywire
from paywire import HttpRequest, HttpResponse
from paywire_harness import testing

LOGIN = "paywireTestLogin"
KEY = ACCOUNTS[LOGIN]
CREDENTIALS = {"api_login_id": LOGIN, "transaction_key": KEY}
"""A sandbox account the fake Authorize.net knows (it refuses the connector's example pair)."""
PRODUCTION = {**CREDENTIALS, "environment": "production"}


def client(credentials: dict[str, str] | None = None, **settings: Any) -> paywire.Client:
    return paywire.Client("authorizedotnet", credentials=credentials or CREDENTIALS, **settings)


def build(request: dict[str, Any] | paywire.CreateCustomerRequest, **settings: Any) -> HttpRequest:
    """The request a client sends for ``request`` (the core's checks and headers included)."""
    with client(**settings) as c:
        return c.customers.prepare(request, idempotency_key="idem-1")


def outcome(
    *responses: HttpResponse, request: dict[str, Any] | None = None, max_retries: int = 0
) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    """What ``client.customers.create`` gives when Authorize.net answers ``responses`` in turn."""
    return testing.outcome(
        "authorizedotnet", *responses, request=request, credentials=CREDENTIALS, max_retries=max_retries
    )
