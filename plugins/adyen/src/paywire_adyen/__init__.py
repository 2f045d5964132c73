"""paywire's Adyen connector.

Adyen has no customer object: a shopper is the ``shopperReference`` the merchant sends with
payments. So Create Customer is LOCAL: it makes no request, checks the profile against Adyen's
limits (Checkout API v71), and returns the reference to use (see ``_reference`` for the rule).
"""

from __future__ import annotations

import paywire
from paywire import (
    Capability,
    ConnectorInfo,
    CreateCustomerRequest,
    FieldErrors,
    Idempotency,
    InvalidRequestError,
    Operation,
    OperationContext,
)

from ._credentials import AdyenCredentials
from ._reference import derived_reference, shopper_reference
from ._shopper import LIMITS, UNSUPPORTED_FIELDS, shopper_fields

__version__ = "0.2.0"

__all__ = [
    "IDEMPOTENCY_KEY_MAX",
    "AdyenCredentials",
    "__version__",
    "derived_reference",
    "shopper_fields",
    "shopper_reference",
]

IDEMPOTENCY_KEY_MAX = 64
"""Adyen's limit for ``Idempotency-Key``; the core refuses longer user keys for this connector."""


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="adyen",
        display_name="Adyen",
        credentials=AdyenCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.LOCAL},
        idempotency=Idempotency.local(IDEMPOTENCY_KEY_MAX),
        auth_headers=frozenset({"x-api-key"}),
        unsupported_fields=UNSUPPORTED_FIELDS,
        limits=LIMITS,
        docs_url="https://docs.adyen.com/api-explorer/Checkout/71/overview",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: AdyenCredentials, context: OperationContext
) -> str:
    """Computed locally: validate for Adyen, return the ``shopperReference``. No request is made."""
    errors = FieldErrors("Adyen")
    try:
        shopper_fields(request)
    except InvalidRequestError as exc:
        errors.items.extend(exc.field_errors)
    reference = shopper_reference(request, credentials.merchant_account, context.idempotency_key)
    if not isinstance(reference, str):
        errors.items.append(reference)
    errors.raise_if_any()
    assert isinstance(reference, str)
    return reference
