"""The same customer through Stripe's official Python bindings (stripe-python, a test-only
dependency) and through paywire, to the fake Stripe on 127.0.0.1: the two requests must say the
same thing. The bindings' parameters are written here from Stripe's API reference
(https://docs.stripe.com/api/customers/create), not from the connector's output."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest
from stripe_fake_server import FakeStripe, Received
from stripe_helpers import TEST_KEY
from test_stripe_clients import REQUEST

import paywire
import paywire_stripe

stripe = pytest.importorskip("stripe")

# REQUEST (test_stripe_clients.py) in Stripe's words: the canonical phone and shipping phone in
# E.164, the merchant's id in the metadata key paywire documents.
STRIPE_PARAMS: dict[str, Any] = {
    "name": "Zoë Roe",
    "email": "zoe+vip@example.com",
    "phone": "+14155550100",
    "description": "Gold & silver",
    "address": {"line1": "1 Main St", "city": "San Francisco", "postal_code": "94107", "country": "US"},
    "shipping": {
        "name": "John Roe",
        "phone": "+14155550199",
        "address": {"line1": "500 Market St", "country": "US"},
    },
    "metadata": {"plan": "gold", "k 2": "v&x", paywire_stripe.MERCHANT_ID_METADATA_KEY: "user_42"},
    "preferred_locales": ["en-US", "fr"],
}
MEANINGFUL_HEADERS = ("authorization", "content-type", "idempotency-key", "stripe-version")


def _through_the_bindings() -> Received:
    with FakeStripe() as server:
        client = stripe.StripeClient(TEST_KEY, base_addresses={"api": server.url}, max_network_retries=0)
        client.v1.customers.create(params=STRIPE_PARAMS, options={"idempotency_key": "order-1001"})
        return server.received[0]


def _through_paywire() -> Received:
    with (
        FakeStripe() as server,
        paywire.Client("stripe", credentials={"api_key": TEST_KEY}, base_url=server.url) as client,
    ):
        client.customers.create(REQUEST, idempotency_key="order-1001")
        return server.received[0]


def test_paywire_sends_what_stripes_own_bindings_send() -> None:
    sdk, ours = _through_the_bindings(), _through_paywire()
    assert (ours.method, ours.path) == (sdk.method, sdk.path)
    assert sorted(parse_qsl(ours.body.decode("ascii"))) == sorted(parse_qsl(sdk.body.decode("ascii")))
    assert {h: ours.headers.get(h) for h in MEANINGFUL_HEADERS} == {h: sdk.headers.get(h) for h in MEANINGFUL_HEADERS}


def test_the_pinned_version_is_the_bindings_version() -> None:
    """paywire-stripe reads Stripe's replies as of the version it pins: the one the bindings pin."""
    assert stripe.api_version == paywire_stripe.STRIPE_VERSION
