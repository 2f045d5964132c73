"""Helpers shared by the Stripe connector tests."""

from __future__ import annotations

from typing import Any

import paywire
from paywire import HttpRequest

TEST_KEY = "sk_test_51PaywireClientTests00000000000"
"""A test-mode key the fake Stripe accepts (it refuses the connector's example key, as Stripe would)."""
LIVE_KEY = "sk_live_paywire_fake_1111111111111111"


def client(*, key: str = TEST_KEY, transport: Any = None, **settings: Any) -> paywire.Client:
    return paywire.Client("stripe", credentials={"api_key": key}, transport=transport, **settings)


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    key: str = TEST_KEY,
    idempotency_key: str = "idem-1",
    base_url: str | None = None,
    options: dict[str, str] | None = None,
) -> HttpRequest:
    """The request a client sends for ``request``: the core's checks and headers included."""
    with client(key=key, base_url=base_url, options=options) as c:
        return c.customers.prepare(request, idempotency_key=idempotency_key)
