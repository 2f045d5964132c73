"""Helpers shared by the Stripe connector tests."""

from __future__ import annotations

from typing import Any

import paywire
import paywire_stripe
from paywire import HttpRequest, Operation, OperationContext
from paywire_stripe import StripeCredentials

FAKE_KEY = "sk_test_paywire_fake_0000000000000000"
LIVE_KEY = "sk_live_paywire_fake_1111111111111111"


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    key: str = FAKE_KEY,
    idempotency_key: str = "idem-1",
    base_url: str | None = None,
    extras: dict[str, str] | None = None,
) -> HttpRequest:
    """The HttpRequest the connector builds for ``request`` (validated canonically first)."""
    canonical = paywire.CreateCustomerRequest.model_validate(request) if isinstance(request, dict) else request
    context = OperationContext("stripe", Operation.CREATE_CUSTOMER, base_url, idempotency_key, extras=extras or {})
    result = paywire_stripe.paywire_create_customer_request(
        request=canonical, credentials=StripeCredentials(api_key=key), context=context
    )
    assert isinstance(result, HttpRequest)
    return result
