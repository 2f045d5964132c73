"""paywire-stax: the Stax (formerly Fattmerchant) connector for paywire (entry point ``stax``).

Create Customer is Stax's ``POST /customer`` with a JSON body, answered ``200`` with the customer
object and its UUID ``id``. Live and sandbox keys share one host, ``https://apiprod.fattlabs.com``
(see ``_credentials`` for how a sandbox key is told apart). Stax has no idempotency mechanism for
customers and no API-version header: paywire never retries a create that may have reached Stax.

    import paywire
    client = paywire.Client("stax", credentials={"api_key": "eyJ..."})
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
    json_body,
    unparseable,
)

from ._credentials import FAKE_API_KEY, StaxCredentials, is_sandbox_key
from ._errors import error_from_response
from ._transform import FEATURE_FIELDS, FIELDS, LIMITS, UNSUPPORTED_FIELDS, to_body

__version__ = "0.2.0"

__all__ = [
    "BASE_URL",
    "FAKE_API_KEY",
    "FEATURE_FIELDS",
    "PATH",
    "StaxCredentials",
    "__version__",
    "is_sandbox_key",
    "to_body",
]

BASE_URL = "https://apiprod.fattlabs.com"
"""Stax's one API host, for live and sandbox keys alike (Stax API reference, Overview)."""
PATH = "/customer"

MAX_CUSTOMER_BODY = 1024 * 1024
"""A customer object is a few kilobytes (notes up to 21,844 characters, custom fields): a larger
2xx body is not one, and is refused unparsed."""

_CUSTOMER_ID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
"""Stax customer ids are UUIDs (``59327746-fbca-4fb6-adf0-e88c99245548``)."""


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="stax",
        display_name="Stax",
        credentials=StaxCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        idempotency=Idempotency.none(),
        base_url=BASE_URL,
        unsupported_fields=UNSUPPORTED_FIELDS,
        limits=LIMITS,
        fields=FIELDS,
        docs_url="https://api-docs.staxpayments.com/reference/customers",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: StaxCredentials, context: OperationContext
) -> HttpRequest:
    return HttpRequest(
        "POST",
        f"{context.base_url}{PATH}",
        {
            "Authorization": f"Bearer {credentials.api_key.get_secret_value()}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        json_body(to_body(request)),
    )


@paywire.hookimpl
def paywire_create_customer_response(response: HttpResponse) -> str:
    body = response.json_object(max_bytes=MAX_CUSTOMER_BODY)
    if body is None:
        raise unparseable(response, "the body is not a JSON object (or is larger than any customer object)")
    customer_id = body.get("id")
    if not isinstance(customer_id, str) or not _CUSTOMER_ID.fullmatch(customer_id):
        raise unparseable(response, "the body holds no customer UUID 'id'")
    return customer_id


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
