"""Helpers shared by the Stax connector tests."""

from __future__ import annotations

from typing import Any

from stax_fake import TEST_KEY, sandbox_key

import paywire
from paywire import HttpRequest, HttpResponse
from paywire_harness import testing

LIVE_KEY = sandbox_key("PaywireLiveKeyForTestsSignature000000000000", sandbox=False)
"""A key whose payload does not name the sandbox: paywire-stax treats it as live."""
CANARY = "PaywireCanarySignatureThatMustNeverLeak0000"
CANARY_KEY = sandbox_key(CANARY)
"""A sandbox key with a recognisable signature, searched for in every output."""


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    key: str = TEST_KEY,
    base_url: str | None = None,
) -> HttpRequest:
    """The request a client sends for ``request``: the core's checks and headers included."""
    with paywire.Client("stax", credentials={"api_key": key}, base_url=base_url) as c:
        return c.customers.prepare(request, idempotency_key="idem-1")


def outcome(
    response: HttpResponse, request: dict[str, Any] | None = None
) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    """What ``client.customers.create`` gives when Stax answers ``response`` (no retries)."""
    return testing.outcome("stax", response, request=request, credentials={"api_key": TEST_KEY})
