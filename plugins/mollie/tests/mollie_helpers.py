"""Helpers shared by the Mollie connector tests."""

from __future__ import annotations

from typing import Any

import paywire
from paywire import HttpRequest, HttpResponse

TEST_KEY = "test_paywireClientTests0000000000000"
"""A test-mode key the fake Mollie accepts (it refuses the connector's example key, as Mollie would)."""
LIVE_KEY = "live_paywirefake11111111111111111111"


def client(*, key: str = TEST_KEY, transport: Any = None, **settings: Any) -> paywire.Client:
    return paywire.Client("mollie", credentials={"api_key": key}, transport=transport, **settings)


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    key: str = TEST_KEY,
    idempotency_key: str = "idem-1",
    base_url: str | None = None,
) -> HttpRequest:
    """The request a client sends for ``request``: the core's checks and headers included."""
    with client(key=key, base_url=base_url) as c:
        return c.customers.prepare(request, idempotency_key=idempotency_key)


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
    """What ``client.customers.create`` gives when Mollie answers ``response`` (no retries)."""
    with client(transport=Replying(response), max_retries=0) as c:
        try:
            return c.customers.create(request or {"email": "jane@example.com"}, idempotency_key="idem-1")
        except paywire.ConnectorError as exc:
            return exc
