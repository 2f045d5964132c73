"""paywire's Adyen connector (Checkout API v71).

Adyen has no customer object: a shopper is the ``shopperReference`` the merchant sends with
payments. So Create Customer is LOCAL: it makes no request, checks the profile against Adyen's
limits, and returns the reference to use (see ``_reference`` for the rule). The error mapping
(``_errors``) and endpoint selection (``_endpoints``) are ready for the operations that call Adyen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import paywire
from paywire import (
    Capability,
    ConnectorError,
    ConnectorInfo,
    Credentials,
    FieldError,
    HttpResponse,
    Idempotency,
    InvalidRequestError,
    Operation,
    OperationContext,
)

from ._credentials import AdyenCredentials
from ._endpoints import LIVE_URL, TEST_URL, checkout_base_url, checkout_url
from ._errors import REQUEST_ID_HEADER, connector_error
from ._reference import derived_reference, shopper_reference
from ._shopper import UNSUPPORTED_FIELDS, shopper_fields

if TYPE_CHECKING:  # `paywire connectors` imports this plugin: no canonical models at import
    from paywire import CreateCustomerRequest, CreateCustomerResponse


__all__ = [
    "IDEMPOTENCY_KEY_MAX",
    "LIVE_URL",
    "TEST_URL",
    "AdyenCredentials",
    "checkout_base_url",
    "checkout_url",
    "connector_error",
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
        idempotency=Idempotency("local", "Idempotency-Key", IDEMPOTENCY_KEY_MAX),
        base_url=None,
        auth_headers=frozenset({"x-api-key"}),
        unsupported_fields=UNSUPPORTED_FIELDS,
        request_id_header=REQUEST_ID_HEADER,
        docs_url="https://docs.adyen.com/api-explorer/Checkout/71/overview",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: Credentials, context: OperationContext
) -> CreateCustomerResponse:
    """Computed locally: validate for Adyen, return the ``shopperReference``. No request is made."""
    if not isinstance(credentials, AdyenCredentials):
        raise TypeError(f"expected AdyenCredentials, got {type(credentials).__name__}")
    errors: list[FieldError] = []
    if request.test_mode and credentials.environment == "live":
        errors.append(FieldError("test_mode", "test_mode is set but the credentials are for Adyen's live environment"))
    try:
        shopper_fields(request)
    except InvalidRequestError as exc:
        errors.extend(exc.field_errors)
    reference = shopper_reference(request, credentials.merchant_account, context.idempotency_key)
    if isinstance(reference, FieldError):
        errors.append(reference)
    if errors:
        raise InvalidRequestError("invalid request for Adyen", errors)
    assert isinstance(reference, str)
    return paywire.CreateCustomerResponse(
        merchant_customer_id=request.merchant_customer_id,
        connector_customer_id=reference,
        status_code=200,
    )


@paywire.hookimpl
def paywire_error(response: HttpResponse, context: OperationContext) -> ConnectorError:
    return connector_error(response)
