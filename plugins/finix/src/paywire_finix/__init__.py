"""paywire-finix: the Finix connector for paywire (entry point ``finix``).

Create Customer is Finix's ``POST /identities``: a buyer Identity of type ``PERSONAL``, JSON, HTTP
Basic authentication with an API user's username and password, and the ``Finix-Version`` header
the core adds from the ``finix_version`` option. The hooks are pure: they build the request and
read the reply; paywire's core sends it and redacts the ``Authorization`` header. Finix takes no
idempotency key for Identities (``ConnectorInfo``'s default, ``Idempotency.none()``), so a call
whose outcome is unknown is never retried.

    import paywire
    client = paywire.Client("finix", credentials={"username": "US...", "password": "..."})
    client.customers.create(email="jane@example.com").connector_customer_id   # "ID..."
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
    Option,
    basic_auth,
    json_body,
    unparseable,
)

from ._credentials import BASE_URL, SANDBOX_URL, FinixCredentials
from ._errors import REQUEST_ID_HEADER, error_from_response
from ._transform import FIELDS, IDENTITY_TYPE, LIMITS, MERCHANT_ID_TAG, UNSUPPORTED_FIELDS, to_body

__version__ = "0.2.0"

__all__ = [
    "BASE_URL",
    "FINIX_VERSION",
    "IDENTITY_TYPE",
    "MERCHANT_ID_TAG",
    "SANDBOX_URL",
    "FinixCredentials",
    "__version__",
]

FINIX_VERSION = "2022-02-01"
"""The ``Finix-Version`` every request pins: Finix's current API version, and the one its Python
SDK 5.0.0 sends. Without it Finix answers as its base version 2018-01-01. Override it per client
with ``options={"finix_version": "..."}``."""

MAX_IDENTITY_BODY = 256 * 1024
"""An Identity is a few kilobytes (entity, tags, links): a larger 2xx body is not one."""

_IDENTITY_ID = re.compile(r"ID[A-Za-z0-9]{1,253}")
"""Finix's Identity ids: ``ID`` and letters and digits (24 characters in every example, but Finix
may lengthen ids without notice)."""


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="finix",
        display_name="Finix",
        credentials=FinixCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        base_url=BASE_URL,
        test_base_url=SANDBOX_URL,
        options=[
            Option(
                "finix_version",
                FINIX_VERSION,
                pattern=r"\d{4}-\d{2}-\d{2}",
                help="a Finix API version date, e.g. 2022-02-01",
                header="Finix-Version",
            )
        ],
        unsupported_fields=UNSUPPORTED_FIELDS,
        limits=LIMITS,
        fields=FIELDS,
        request_id_header=REQUEST_ID_HEADER,
        docs_url="https://docs.finix.com/api/identities/createidentity",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: FinixCredentials, context: OperationContext
) -> HttpRequest:
    return HttpRequest(
        "POST",
        f"{context.base_url}/identities",
        {
            "Authorization": basic_auth(
                credentials.username.get_secret_value(), credentials.password.get_secret_value()
            ),
            "Content-Type": "application/json",
            "Accept": "application/hal+json",
        },
        json_body(to_body(request)),
    )


@paywire.hookimpl
def paywire_create_customer_response(response: HttpResponse) -> str:
    body = response.json_object(max_bytes=MAX_IDENTITY_BODY)
    if body is None:
        raise unparseable(response, "the body is not a JSON object (or is larger than any Identity)")
    identity_id = body.get("id")
    if not isinstance(identity_id, str) or not _IDENTITY_ID.fullmatch(identity_id):
        raise unparseable(response, "the body has no Identity id ('ID...')")
    if not isinstance(body.get("entity"), dict):
        raise unparseable(response, "the body is not an Identity (it has no 'entity' object)")
    return identity_id


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
