"""Helpers shared by the Stax connector tests."""

from __future__ import annotations

from typing import Any

from stax_fake import TEST_KEY, sandbox_key

import paywire
from paywire import HttpRequest, HttpResponse

LIVE_KEY = sandbox_key("PaywireLiveKeyForTestsSignature000000000000", sandbox=False)
"""A key whose payload does not name the sandbox: paywire-stax treats it as live."""
CANARY = "PaywireCanarySignatureThatMustNeverLeak0000"
CANARY_KEY = sandbox_key(CANARY)
"""A sandbox key with a recognisable signature, searched for in every output."""


def client(*, key: str = TEST_KEY, transport: Any = None, **settings: Any) -> paywire.Client:
    return paywire.Client("stax", credentials={"api_key": key}, transport=transport, **settings)


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    key: str = TEST_KEY,
    base_url: str | None = None,
) -> HttpRequest:
    """The request a client sends for ``request``: the core's checks and headers included."""
    with client(key=key, base_url=base_url) as c:
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
    """What ``client.customers.create`` gives when Stax answers ``response`` (no retries)."""
    with client(transport=Replying(response), max_retries=0) as c:
        try:
            return c.customers.create(request or {"email": "jane@example.com"}, idempotency_key="idem-1")
        except paywire.ConnectorError as exc:
            return exc
