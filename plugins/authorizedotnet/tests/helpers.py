"""Helpers shared by the Authorize.net connector tests."""

from __future__ import annotations

from typing import Any

from authorizedotnet_fake import ACCOUNTS

import paywire
from paywire import HttpRequest, HttpResponse

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


class Replying:
    """A transport answering every request with the next canned reply (no network)."""

    def __init__(self, *responses: HttpResponse) -> None:
        self.responses = list(responses)
        self.sent: list[HttpRequest] = []

    def send(self, request: HttpRequest, timeout: paywire.Timeout) -> HttpResponse:
        self.sent.append(request)
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]

    def close(self) -> None:
        pass


def outcome(
    *responses: HttpResponse, request: dict[str, Any] | None = None, max_retries: int = 0
) -> paywire.CreateCustomerResponse | paywire.ConnectorError:
    """What ``client.customers.create`` gives when Authorize.net answers ``responses`` in turn."""
    retry = paywire.RetryPolicy(max_retries=max_retries, backoff=0.001, max_backoff=0.01)
    with client(transport=Replying(*responses), retry=retry) as c:
        try:
            return c.customers.create(request or {"email": "jane@example.com"}, idempotency_key="idem-1")
        except paywire.ConnectorError as exc:
            return exc
