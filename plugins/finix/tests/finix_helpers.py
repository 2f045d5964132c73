"""Helpers shared by the Finix connector tests."""

from __future__ import annotations

from typing import Any

import paywire
from paywire import HttpRequest, HttpResponse

USERNAME = "USpaywireClientTests0001"
PASSWORD = "client-tests-password-0001"
"""Sandbox-shaped credentials the fake Finix accepts (it refuses the connector's example ones)."""
CREDENTIALS = {"username": USERNAME, "password": PASSWORD}
LIVE_CREDENTIALS = {**CREDENTIALS, "environment": "live"}


def client(*, credentials: dict[str, str] | None = None, transport: Any = None, **settings: Any) -> paywire.Client:
    return paywire.Client("finix", credentials=credentials or CREDENTIALS, transport=transport, **settings)


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    credentials: dict[str, str] | None = None,
    base_url: str | None = None,
    options: dict[str, str] | None = None,
) -> HttpRequest:
    """The request a client sends for ``request``: the core's checks and headers included."""
    with client(credentials=credentials, base_url=base_url, options=options) as c:
        return c.customers.prepare(request, idempotency_key="idem-1")


class Replying:
    """A transport answering every request with one canned reply (no network)."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response
        self.sent: list[HttpRequest] = []

    def send(self, request: HttpRequest, timeout: paywire.Timeout) -> HttpResponse:
        self.sent.append(request)
        return self.response

    def close(self) -> None:
        pass


def outcome(
    response: HttpResponse, request: dict[str, Any] | None = None
) -> paywire.CreateCustomerResponse | paywire.ConnectorError:
    """What ``client.customers.create`` gives when Finix answers ``response`` (no retries)."""
    with client(transport=Replying(response), max_retries=0) as c:
        try:
            return c.customers.create(request or {}, idempotency_key="idem-1")
        except paywire.ConnectorError as exc:
            return exc
