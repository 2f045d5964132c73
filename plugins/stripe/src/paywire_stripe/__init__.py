"""paywire-stripe: the Stripe connector for paywire (entry point ``stripe``).

Create Customer is ``POST /v1/customers`` with a form-encoded body built exactly as Stripe's own
bindings build it. The hooks are pure: they build the request and read the reply; paywire's core
adds the ``Idempotency-Key`` and ``Stripe-Version`` headers, sends the request, retries it with
the same key, and redacts the ``Authorization`` header.

    import paywire
    client = paywire.Client("stripe", credentials={"api_key": "sk_test_..."})
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
    Idempotency,
    Operation,
    OperationContext,
    Option,
    unparseable,
)

from ._credentials import StripeCredentials
from ._encode import encode_form
from ._errors import REQUEST_ID_HEADER, error_from_response
from ._transform import FIELDS, MERCHANT_ID_METADATA_KEY, UNSUPPORTED_FIELDS, to_params

__version__ = "0.2.0"

__all__ = ["BASE_URL", "MERCHANT_ID_METADATA_KEY", "STRIPE_VERSION", "StripeCredentials", "__version__"]

BASE_URL = "https://api.stripe.com"

STRIPE_VERSION = "2026-10-28.endive"
"""The ``Stripe-Version`` every request pins (the version stripe-python 16.1.0 pins), so a change
of the account's default API version never changes what paywire reads. Override it per client
with ``options={"stripe_version": "..."}``."""

MAX_CUSTOMER_BODY = 1024 * 1024
"""A customer object is a few kilobytes (50 metadata keys, addresses, expansions): a larger 2xx body
is not one, and is refused unparsed."""

_CUSTOMER_ID = re.compile(r"^cus_[A-Za-z0-9]+$")


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="stripe",
        display_name="Stripe",
        credentials=StripeCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        idempotency=Idempotency.header("Idempotency-Key", 255),
        base_url=BASE_URL,
        options=[
            Option(
                "stripe_version",
                STRIPE_VERSION,
                pattern=r"\d{4}-\d{2}-\d{2}(?:\.[a-z_]+)?",
                help="a Stripe API version, e.g. 2024-06-20 or 2026-10-28.endive",
                header="Stripe-Version",
            )
        ],
        unsupported_fields=UNSUPPORTED_FIELDS,
        fields=FIELDS,
        request_id_header=REQUEST_ID_HEADER,
        docs_url="https://docs.stripe.com/api/customers/create",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: StripeCredentials, context: OperationContext
) -> HttpRequest:
    return HttpRequest(
        "POST",
        f"{context.base_url}/v1/customers",
        {
            "Authorization": f"Bearer {credentials.api_key.get_secret_value()}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        encode_form(to_params(request)),
    )


@paywire.hookimpl
def paywire_create_customer_response(response: HttpResponse) -> str:
    body = response.json_object(max_bytes=MAX_CUSTOMER_BODY)
    if body is None:
        raise unparseable(response, "the body is not a JSON object (or is larger than any customer object)")
    if body.get("object", "customer") != "customer":
        raise unparseable(response, "the body is not a customer object")
    if body.get("deleted") is True:  # Stripe's deleted-customer object: never a created one
        raise unparseable(response, "the body is a deleted customer")
    customer_id = body.get("id")
    if not isinstance(customer_id, str) or not _CUSTOMER_ID.fullmatch(customer_id):
        raise unparseable(response, "the customer object has no 'cus_...' id")
    return customer_id


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
