"""Helpers shared by the Checkout.com connector tests."""

from __future__ import annotations

import json
from typing import Any

import paywire
from paywire import HttpRequest, HttpResponse
from paywire_harness import testing

TEST_KEY = "sk_sbox_paywireclienttestskeyaaaa22"
"""A sandbox key the fake Checkout.com accepts (it refuses the connector's example key)."""
LIVE_KEY = "sk_paywirelivecanarykeyaaaaaa2"
"""A production-shaped key (``sk_`` without ``sbox_``)."""
PREFIX = "vkuhvk4v"
"""The prefix of Checkout.com's documented example (``cli_vkuhvk4vjn2edkps7dfsq6emqm``)."""


def credentials(*, key: str = TEST_KEY, prefix: str | None = PREFIX) -> dict[str, str]:
    return {"secret_key": key} | ({"prefix": prefix} if prefix is not None else {})


def client(*, key: str = TEST_KEY, prefix: str | None = PREFIX, **settings: Any) -> paywire.Client:
    return paywire.Client("checkout", credentials=credentials(key=key, prefix=prefix), **settings)


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    key: str = TEST_KEY,
    prefix: str | None = PREFIX,
    base_url: str | None = None,
) -> HttpRequest:
    """The request a client sends for ``request``: the core's checks and headers included."""
    with client(key=key, prefix=prefix, base_url=base_url) as c:
        return c.customers.prepare(request, idempotency_key="idem-1")


def body_of(request: dict[str, Any]) -> Any:
    """The JSON body a client sends for ``request``."""
    return json.loads(build(request).body)


def outcome(
    response: HttpResponse, request: dict[str, Any] | None = None
) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    """What ``client.customers.create`` gives when Checkout.com answers ``response`` (no retries)."""
    return testing.outcome("checkout", response, request=request, credentials=credentials())
