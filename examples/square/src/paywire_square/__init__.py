"""paywire-square: an example third-party paywire connector for Square (entry point ``square``).

Create Customer is Square's ``POST /v2/customers`` with a JSON body that carries the idempotency
key itself (``idempotency_key``, put there by the core as ``ConnectorInfo`` declares). Built on
paywire's public API only: the hooks are pure, and paywire's core sends the request, retries it
with the same key and redacts ``Authorization``.

    import paywire
    client = paywire.Client("square", credentials={"access_token": "EAAA...", "environment": "sandbox"})
    client.customers.create(email="jane@example.com", customer_name="Jane Roe").connector_customer_id
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
    json_body,
    unparseable,
)

from ._credentials import BASE_URLS, SquareCredentials
from ._errors import error_from_response
from ._transform import FEATURE_FIELDS, FIELDS, LIMITS, UNSUPPORTED_FIELDS, to_body

__version__ = "0.2.0"

__all__ = [
    "BASE_URLS",
    "FEATURE_FIELDS",
    "IDEMPOTENCY_KEY_MAX_LENGTH",
    "SQUARE_VERSION",
    "SquareCredentials",
    "__version__",
    "to_body",
]

SQUARE_VERSION = "2026-07-15"
"""The ``Square-Version`` every request pins, so a change of the application's default API version
never changes what this connector reads. Override per client: ``options={"square_version": ...}``."""

IDEMPOTENCY_KEY_MAX_LENGTH = 45
"""Square's CreateCustomer reference gives no maximum for ``idempotency_key``; 45 is the smallest
limit Square documents for a v2 idempotency key (CreatePayment), and a UUID (36) fits."""

_CUSTOMER_ID = re.compile(r"^[A-Za-z0-9_-]{1,191}$")


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="square",
        display_name="Square",
        credentials=SquareCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        idempotency=Idempotency.body("idempotency_key", IDEMPOTENCY_KEY_MAX_LENGTH),
        base_url=BASE_URLS["production"],
        test_base_url=BASE_URLS["sandbox"],
        options=[
            Option(
                "square_version",
                SQUARE_VERSION,
                pattern=r"\d{4}-\d{2}-\d{2}",
                help="YYYY-MM-DD",
                header="Square-Version",
            )
        ],
        unsupported_fields=UNSUPPORTED_FIELDS,
        limits=LIMITS,
        fields=FIELDS,
        docs_url="https://developer.squareup.com/reference/square/customers-api/create-customer",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: SquareCredentials, context: OperationContext
) -> HttpRequest:
    return HttpRequest(
        "POST",
        f"{context.base_url}/v2/customers",
        {
            "Authorization": f"Bearer {credentials.access_token.get_secret_value()}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        json_body(to_body(request)),
    )


@paywire.hookimpl
def paywire_create_customer_response(response: HttpResponse) -> str:
    body = response.json_object()
    customer = body.get("customer") if body is not None else None
    if not isinstance(customer, dict):
        raise unparseable(response, "the body holds no 'customer' object")
    customer_id = customer.get("id")
    if not isinstance(customer_id, str) or not _CUSTOMER_ID.match(customer_id):
        raise unparseable(response, "the customer object has no usable 'id'")
    return customer_id


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
