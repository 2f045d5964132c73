"""paywire-checkout: the Checkout.com connector for paywire (entry point ``checkout``).

Create Customer is Checkout.com's ``POST /customers`` with a JSON body, on the account's own host
``https://{prefix}.api.sandbox.checkout.com`` (``sk_sbox_`` keys) or
``https://{prefix}.api.checkout.com`` (``sk_`` keys). Checkout.com takes no idempotency key for
customers, so paywire never retries a create that may have reached it. The hooks are pure;
paywire's core sends the request and redacts the ``Authorization`` header.

    import paywire
    client = paywire.Client("checkout", credentials={"secret_key": "sk_sbox_...", "prefix": "vkuhvk4v"})
    client.customers.create(email="jane@example.com").connector_customer_id   # "cus_..."
"""

from __future__ import annotations

import re

import paywire
from paywire import (
    Capability,
    ConnectorError,
    ConnectorInfo,
    CreateCustomerRequest,
    HttpRequest,
    HttpResponse,
    Operation,
    OperationContext,
    json_body,
    unparseable,
)

from ._credentials import CheckoutCredentials
from ._errors import ERROR_CODES, REQUEST_ID_HEADER, error_from_response
from ._transform import FEATURE_FIELDS, FIELDS, LIMITS, UNSUPPORTED_FIELDS, to_body

__version__ = "0.2.0"

__all__ = [
    "BASE_URL",
    "ERROR_CODES",
    "FEATURE_FIELDS",
    "TEST_BASE_URL",
    "CheckoutCredentials",
    "__version__",
    "to_body",
]

BASE_URL = "https://{prefix}.api.checkout.com"
TEST_BASE_URL = "https://{prefix}.api.sandbox.checkout.com"
"""Checkout.com's per-account hosts; without a prefix, ``https://api.checkout.com`` and
``https://api.sandbox.checkout.com`` (the core leaves an unset leading ``{prefix}.`` out)."""

MAX_CUSTOMER_BODY = 64 * 1024
"""The reply to a create is ``{"id": "cus_..."}``: a body larger than this is not one."""

_CUSTOMER_ID = re.compile(r"^cus_[A-Za-z0-9_]{26}$")
"""``cus_`` and 26 characters: the ``^(cus)_(\\w{26})$`` pattern of Checkout.com's customer paths."""


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="checkout",
        display_name="Checkout.com",
        credentials=CheckoutCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        # No idempotency (ConnectorInfo's default): Cko-Idempotency-Key is documented for payments,
        # payment contexts and transfers only.
        base_url=BASE_URL,
        test_base_url=TEST_BASE_URL,
        unsupported_fields=UNSUPPORTED_FIELDS,
        limits=LIMITS,
        fields=FIELDS,
        request_id_header=REQUEST_ID_HEADER,
        docs_url="https://www.checkout.com/docs/payments/store-payment-details/customers",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: CheckoutCredentials, context: OperationContext
) -> HttpRequest:
    return HttpRequest(
        "POST",
        f"{context.base_url}/customers",
        {
            "Authorization": f"Bearer {credentials.secret_key.get_secret_value()}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        json_body(to_body(request)),
    )


@paywire.hookimpl
def paywire_create_customer_response(response: HttpResponse) -> str:
    body = response.json_object(max_bytes=MAX_CUSTOMER_BODY)
    if body is None:
        raise unparseable(response, "the body is not a JSON object")
    customer_id = body.get("id")
    if not isinstance(customer_id, str) or not _CUSTOMER_ID.fullmatch(customer_id):
        raise unparseable(response, "the body holds no 'cus_...' customer id")
    return customer_id


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
