"""Helpers shared by the Shift4 connector tests."""

from __future__ import annotations

import json
from typing import Any

import paywire
from paywire import HttpRequest, HttpResponse
from paywire_harness import testing

TEST_KEY = "sk_test_paywire_client_tests_0000000"
"""A test-mode key the fake Shift4 accepts (it refuses the connector's example key, as Shift4 would)."""
LIVE_KEY = "sk_live_paywire_fake_1111111111111111"
CANARY_KEY = "sk_test_CANARY_9f8e7d6c5b4a39281706"
"""A key whose every appearance in a log, error or repr is a leak."""


def client(*, key: str = TEST_KEY, transport: Any = None, **settings: Any) -> paywire.Client:
    return paywire.Client("shift4", credentials={"secret_key": key}, transport=transport, **settings)


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


def body_of(request: dict[str, Any] | paywire.CreateCustomerRequest) -> Any:
    """The JSON body a client sends for ``request``, parsed."""
    return json.loads(build(request).body)


def outcome(
    response: HttpResponse, request: dict[str, Any] | None = None
) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    """What ``client.customers.create`` gives when Shift4 answers ``response`` (no retries)."""
    return testing.outcome("shift4", response, request=request, credentials={"secret_key": TEST_KEY})
