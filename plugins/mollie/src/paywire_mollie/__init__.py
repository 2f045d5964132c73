"""paywire-mollie: the Mollie connector for paywire (entry point ``mollie``).

Create Customer is ``POST /v2/customers`` on ``https://api.mollie.com`` with a JSON body of
``name``, ``email``, ``locale`` and ``metadata``. The API key's prefix (``test_``/``live_``) is the
mode: one host serves both. The hooks are pure: they build the request and read the reply;
paywire's core adds the ``Idempotency-Key`` header, sends the request, retries it with the same
key (Mollie replays the first answer for 24 hours) and redacts the ``Authorization`` header.

    import paywire
    client = paywire.Client("mollie", credentials={"api_key": "test_..."})
    client.customers.create(email="jane@example.com").connector_customer_id   # "cst_..."
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
    json_body,
    unparseable,
)

from ._credentials import MollieCredentials
from ._errors import error_from_response
from ._locales import MOLLIE_LOCALES, mollie_locale
from ._transform import FIELDS, LIMITS, METADATA_MAX_BYTES, UNSUPPORTED_FIELDS, to_body

__version__ = "0.2.0"

__all__ = [
    "BASE_URL",
    "IDEMPOTENCY_KEY_MAX_LENGTH",
    "MERCHANT_ID_METADATA_KEY",
    "METADATA_MAX_BYTES",
    "MOLLIE_LOCALES",
    "MollieCredentials",
    "__version__",
    "mollie_locale",
    "to_body",
]

BASE_URL = "https://api.mollie.com"
"""Mollie's only host: test and live mode are chosen by the API key, not by the address."""

IDEMPOTENCY_KEY_MAX_LENGTH = 255
"""Mollie documents no maximum for ``Idempotency-Key`` (it recommends a UUID4, 36 characters);
255 is paywire's bound for the keys a caller gives."""

MAX_CUSTOMER_BODY = 256 * 1024
"""A customer object is under 2 kB (four fields, about 1 kB of metadata, links): a far larger 2xx
body is not one, and is refused unparsed."""

_CUSTOMER_ID = re.compile(r"cst_[A-Za-z0-9]+")
"""Mollie's customer ids: ``cst_`` and letters and digits (``cst_8wmqcHMN4U``); mollie-api-python
checks the prefix of every id it is given. Every Mollie id's prefix names its resource (``tr_``
payment, ``mdt_`` mandate...), so a ``cst_`` id is what tells a customer object."""


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="mollie",
        display_name="Mollie",
        credentials=MollieCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        idempotency=Idempotency.header("Idempotency-Key", IDEMPOTENCY_KEY_MAX_LENGTH),
        base_url=BASE_URL,
        # No test_base_url: Mollie has no separate test host (the key's prefix is the mode), and
        # there is no API-version header to pin (the version is the path's /v2).
        unsupported_fields=UNSUPPORTED_FIELDS,
        limits=LIMITS,
        fields=FIELDS,
        docs_url="https://docs.mollie.com/reference/create-customer",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: MollieCredentials, context: OperationContext
) -> HttpRequest:
    return HttpRequest(
        "POST",
        f"{context.base_url}/v2/customers",
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
        raise unparseable(response, "the customer object has no 'cst_...' id")
    return customer_id


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
