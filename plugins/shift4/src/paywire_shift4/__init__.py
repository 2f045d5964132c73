"""paywire-shift4: the Shift4 connector for paywire (entry point ``shift4``).

Create Customer is ``POST https://api.shift4.com/customers`` with a JSON body, the secret key as
the HTTP Basic user name, as Shift4's official libraries send it. The hooks are pure: they build
the request and read the reply; paywire's core adds the ``Idempotency-Key`` header, sends the
request, retries it with the same key, and redacts the ``Authorization`` header.

    import paywire
    client = paywire.Client("shift4", credentials={"secret_key": "sk_test_..."})
    client.customers.create(email="jane@example.com").connector_customer_id   # "cust_..."
"""

from __future__ import annotations

import re

import paywire
from paywire import (
    MERCHANT_ID_METADATA_KEY,
    Capability,
    ConnectorError,
    ConnectorInfo,
    CreateCustomerRequest,
    HttpRequest,
    HttpResponse,
    Idempotency,
    Operation,
    OperationContext,
    basic_auth,
    json_body,
    unparseable,
)

from ._credentials import FAKE_SECRET_KEY, Shift4Credentials
from ._errors import IDEMPOTENCY_CONFLICT_MESSAGE, error_from_response
from ._transform import FIELDS, UNSUPPORTED_FIELDS, to_body

__version__ = "0.2.0"

__all__ = [
    "BASE_URL",
    "FAKE_SECRET_KEY",
    "IDEMPOTENCY_CONFLICT_MESSAGE",
    "MERCHANT_ID_METADATA_KEY",
    "Shift4Credentials",
    "__version__",
]

BASE_URL = "https://api.shift4.com"
"""Shift4's one API host: the secret key decides between the account's test and live mode."""

MAX_CUSTOMER_BODY = 1024 * 1024
"""A customer object is a few kilobytes (metadata, billing details, saved cards): a larger 2xx body
is not one, and is refused unparsed."""

_CUSTOMER_ID = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
"""Shift4's ids (``cust_...``) are opaque: any short token of letters, digits, ``_`` and ``-``."""


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="shift4",
        display_name="Shift4",
        credentials=Shift4Credentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        idempotency=Idempotency.header("Idempotency-Key"),  # Shift4 documents no length: paywire's 255
        base_url=BASE_URL,
        unsupported_fields=UNSUPPORTED_FIELDS,
        fields=FIELDS,
        docs_url="https://dev.shift4.com/docs/api#customer-create",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: Shift4Credentials, context: OperationContext
) -> HttpRequest:
    return HttpRequest(
        "POST",
        f"{context.base_url}/customers",
        {
            "Authorization": basic_auth(credentials.secret_key.get_secret_value()),
            "Content-Type": "application/json",
        },
        json_body(to_body(request)),
    )


@paywire.hookimpl
def paywire_create_customer_response(response: HttpResponse) -> str:
    body = response.json_object(max_bytes=MAX_CUSTOMER_BODY)
    if body is None:
        raise unparseable(response, "the body is not a JSON object (or is larger than any customer object)")
    if body.get("deleted") is True:  # a deleted customer is never the one just created
        raise unparseable(response, "the body is a deleted customer")
    customer_id = body.get("id")
    if not isinstance(customer_id, str) or not _CUSTOMER_ID.fullmatch(customer_id):
        raise unparseable(response, "the customer object has no usable 'id'")
    return customer_id


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
