"""paywire-authorizedotnet: the Authorize.net connector for paywire (entry point ``authorizedotnet``).

Create Customer is ``POST /xml/v1/request.api`` with a JSON ``createCustomerProfileRequest``
whose keys follow the XML schema's order, the credentials inside the body. Authorize.net answers
errors with HTTP 200 (``messages.resultCode = "Error"``), often after a UTF-8 byte-order mark; the
response hook raises them. It takes no idempotency key, but refuses a second profile with the same
merchantCustomerId, description and e-mail (``E00039``) naming the existing one, which the core
returns when that answers a retry of the same call.

    import paywire
    client = paywire.Client(
        "authorizedotnet", credentials={"api_login_id": "...", "transaction_key": "..."}
    )
    client.customers.create(merchant_customer_id="user_42", email="jane@example.com").connector_customer_id
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

from ._credentials import AuthorizeNetCredentials
from ._errors import MAX_REPLY, error_from_messages, error_from_response, messages_of
from ._transform import AUTH_BODY_FIELDS, FIELDS, LIMITS, UNSUPPORTED_FIELDS, request_body

__version__ = "0.2.0"

__all__ = ["API_PATH", "BASE_URL", "NATURAL_KEY", "TEST_BASE_URL", "AuthorizeNetCredentials", "__version__"]

BASE_URL = "https://api2.authorize.net"
"""Production: the Akamai SureRoute host Authorize.net recommends and every official SDK uses
(``api.authorize.net``, the API reference's host, serves the same API: pass it as ``base_url=``)."""
TEST_BASE_URL = "https://apitest.authorize.net"
"""The sandbox, for ``environment="sandbox"`` credentials (the default)."""
API_PATH = "/xml/v1/request.api"
"""Every API method is a POST to this one path; the body's root element names the method."""

NATURAL_KEY = ("merchant_customer_id", "description", "email")
"""The fields Authorize.net's duplicate profile verification compares: a profile is refused with
E00039 only when all three equal an existing profile's."""

_PROFILE_ID = re.compile(r"[0-9]{1,20}")


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="authorizedotnet",
        display_name="Authorize.net",
        credentials=AuthorizeNetCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        idempotency=Idempotency.natural(*NATURAL_KEY),
        base_url=BASE_URL,
        test_base_url=TEST_BASE_URL,
        auth_headers=frozenset(),
        auth_body_fields=AUTH_BODY_FIELDS,
        unsupported_fields=UNSUPPORTED_FIELDS,
        limits=LIMITS,
        fields=FIELDS,
        docs_url="https://developer.authorize.net/api/reference/index.html#customer-profiles-create-customer-profile",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: AuthorizeNetCredentials, context: OperationContext
) -> HttpRequest:
    return HttpRequest(
        "POST",
        f"{context.base_url}{API_PATH}",
        {"Content-Type": "application/json", "Accept": "application/json"},
        json_body(request_body(request, credentials)),
    )


@paywire.hookimpl
def paywire_create_customer_response(response: HttpResponse) -> str:
    body = response.json_object(max_bytes=MAX_REPLY)
    found = messages_of(body)
    if body is None or found is None:
        raise unparseable(response, "the body is not an Authorize.net reply (no 'messages')")
    result, messages = found
    if result != "Ok":  # "Error" (messageTypeEnum's other value) arrives with HTTP 200: never a customer
        raise error_from_messages(response, result, messages)
    profile_id = body.get("customerProfileId")
    if not isinstance(profile_id, str) or not _PROFILE_ID.fullmatch(profile_id):
        raise unparseable(response, "it holds no numeric customerProfileId")
    return profile_id


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
