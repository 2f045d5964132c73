"""paywire-airwallex: the Airwallex connector for paywire (entry point ``airwallex``).

Create Customer is Airwallex Payments Acceptance's ``POST /api/v1/pa/customers/create`` with a
JSON body, authorised by a Bearer token from ``POST /api/v1/authentication/login`` (``x-client-id``
and ``x-api-key``). The hooks are pure: they build the two requests and read the replies; paywire's
core logs in once per client and renews the token before its expiry (and once on a 401), adds the
call's idempotency key as the body's ``request_id`` and the ``x-api-version`` header, sends,
retries with the same ``request_id``, and redacts the credentials and the token.

    import paywire
    client = paywire.Client("airwallex", credentials={"client_id": "...", "api_key": "..."})
    client.customers.create(email="jane@example.com", merchant_customer_id="user_42").connector_customer_id
    # "cus_..."

The keys do not say their environment: ``environment`` does (``sandbox``, the demo host, unless
set; ``production``, Airwallex's production host, where the core refuses ``test_mode``).
"""

from __future__ import annotations

import re

import paywire
from paywire import (
    AccessToken,
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

from ._credentials import AirwallexCredentials
from ._errors import REQUEST_ID_HEADER, error_from_response
from ._token import LOGIN_PATH, login_request, read_token
from ._transform import FIELDS, LIMITS, UNSUPPORTED_FIELDS, to_body

__version__ = "0.2.0"

__all__ = [
    "API_VERSION",
    "BASE_URL",
    "CREATE_PATH",
    "LOGIN_PATH",
    "TEST_BASE_URL",
    "AirwallexCredentials",
    "__version__",
]

BASE_URL = "https://api.airwallex.com"
TEST_BASE_URL = "https://api-demo.airwallex.com"
CREATE_PATH = "/api/v1/pa/customers/create"

API_VERSION = "2025-06-30"
"""The ``x-api-version`` every request pins: the version Airwallex's official Node SDK
(``@airwallex/node-sdk`` 2.1.0-beta.5) pins, whose customer model the mapping was checked against,
so a change of the account's default API version never changes what paywire reads. Override it
per client with ``options={"api_version": "..."}``."""

REQUEST_ID_MAX_LENGTH = 64
"""Airwallex's ``request_id`` (the idempotency key) holds at most 64 characters."""

MAX_CUSTOMER_BODY = 256 * 1024
"""A customer object is about a kilobyte (and metadata): a larger 2xx body is refused unparsed."""

_CUSTOMER_ID = re.compile(r"^cus_[A-Za-z0-9]{1,60}$")


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="airwallex",
        display_name="Airwallex",
        credentials=AirwallexCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        # Airwallex refuses a reused request_id (400 duplicate_request) instead of replaying the
        # first reply: a retry never creates a second customer, but never returns the first one
        # either (README, "Idempotency and retries").
        idempotency=Idempotency.body("request_id", REQUEST_ID_MAX_LENGTH, replays=False),
        base_url=BASE_URL,
        test_base_url=TEST_BASE_URL,
        auth_headers=frozenset({"authorization", "x-client-id", "x-api-key"}),
        token=True,
        options=[
            Option(
                "api_version",
                API_VERSION,
                pattern=r"\d{4}-\d{2}-\d{2}",
                help="an Airwallex API version, YYYY-MM-DD (e.g. 2025-06-30)",
                header="x-api-version",
            )
        ],
        unsupported_fields=UNSUPPORTED_FIELDS,
        limits=LIMITS,
        fields=FIELDS,
        request_id_header=REQUEST_ID_HEADER,
        docs_url="https://www.airwallex.com/docs/api/payments/customers",
    )


@paywire.hookimpl
def paywire_token_request(credentials: AirwallexCredentials, context: OperationContext) -> HttpRequest:
    return login_request(credentials, context.base_url)


@paywire.hookimpl
def paywire_token_response(response: HttpResponse) -> AccessToken:
    return read_token(response)


@paywire.hookimpl
def paywire_create_customer_request(request: CreateCustomerRequest, context: OperationContext) -> HttpRequest:
    body = to_body(request, idempotency_key=context.idempotency_key)
    token = paywire.plain(context.token)  # the core always hands a token to a connector declaring token=True
    return HttpRequest(
        "POST",
        f"{context.base_url}{CREATE_PATH}",
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        json_body(body),
    )


@paywire.hookimpl
def paywire_create_customer_response(response: HttpResponse, context: OperationContext) -> str:
    body = response.json_object(max_bytes=MAX_CUSTOMER_BODY)
    if body is None:
        raise unparseable(response, "the body is not a JSON object (or is larger than any customer object)")
    customer_id = body.get("id")
    if not isinstance(customer_id, str) or not _CUSTOMER_ID.fullmatch(customer_id):
        raise unparseable(response, "the customer object has no 'cus_...' id")
    echoed = body.get("request_id")
    if echoed is not None and echoed != context.idempotency_key:
        raise unparseable(response, "the customer object answers another request_id")
    return customer_id


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
