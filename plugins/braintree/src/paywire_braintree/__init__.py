"""paywire-braintree: the Braintree connector for paywire (entry point ``braintree``).

Create Customer is Braintree's GraphQL mutation ``createCustomer``, ``POST /graphql`` with HTTP
Basic ``public_key:private_key`` and a pinned ``Braintree-Version`` header. Braintree answers
validation errors with HTTP 200 and an ``errors`` array: the response hook turns them into a
``ConnectorError`` (Braintree's code, message, request id and the canonical field), never into a
customer. Braintree documents no idempotency for customers, so paywire never retries an ambiguous
failure: it raises ``OutcomeUnknownError`` for the host to reconcile.

    import paywire
    client = paywire.Client("braintree", credentials={"public_key": "...", "private_key": "..."})
    client.customers.create(email="jane@example.com").connector_customer_id   # a GraphQL global id

The keys do not say their environment: ``environment`` does (``sandbox`` unless set; the
``production`` host with ``environment="production"``, where ``test_mode`` is refused).
"""

from __future__ import annotations

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
    basic_auth,
    json_body,
)

from ._credentials import BraintreeCredentials
from ._errors import error_from_response
from ._graphql import CREATE_CUSTOMER, PATH, customer_id, variables
from ._transform import CUSTOM_FIELD_NAME, FIELDS, LIMITS, UNSUPPORTED_FIELDS, to_customer_input

__version__ = "0.2.0"

__all__ = [
    "BRAINTREE_VERSION",
    "CREATE_CUSTOMER",
    "MERCHANT_CUSTOMER_ID_FIELD",
    "PRODUCTION_URL",
    "SANDBOX_URL",
    "BraintreeCredentials",
    "__version__",
]

PRODUCTION_URL = "https://payments.braintree-api.com"
SANDBOX_URL = "https://payments.sandbox.braintree-api.com"

BRAINTREE_VERSION = "2018-09-10"
"""The ``Braintree-Version`` every request pins: the one Braintree's official Python SDK sends on
all its GraphQL calls (``Configuration.graphql_api_version``), so a change of Braintree's default
never changes what paywire reads. Override per client: ``options={"braintree_version": ...}``."""

MERCHANT_CUSTOMER_ID_FIELD = "merchant_customer_id"
"""The custom field that holds ``merchant_customer_id`` unless the client's option
``merchant_customer_id_field`` names another (it must be configured in the Control Panel)."""


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="braintree",
        display_name="Braintree",
        credentials=BraintreeCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        idempotency=Idempotency.none(),
        base_url=PRODUCTION_URL,
        test_base_url=SANDBOX_URL,
        options=[
            Option(
                "braintree_version",
                BRAINTREE_VERSION,
                pattern=r"\d{4}-\d{2}-\d{2}",
                help="a Braintree GraphQL API version, YYYY-MM-DD",
                header="Braintree-Version",
            ),
            Option(
                "merchant_customer_id_field",
                MERCHANT_CUSTOMER_ID_FIELD,
                pattern=CUSTOM_FIELD_NAME.pattern,
                help="the API name of the custom field holding merchant_customer_id (letters, digits, underscores)",
            ),
        ],
        unsupported_fields=UNSUPPORTED_FIELDS,
        limits=LIMITS,
        fields=FIELDS,
        docs_url="https://developer.paypal.com/braintree/graphql/reference/mutations/create-customer",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: BraintreeCredentials, context: OperationContext
) -> HttpRequest:
    customer = to_customer_input(request, context.options["merchant_customer_id_field"])
    return HttpRequest(
        "POST",
        f"{context.base_url}{PATH}",
        {
            "Authorization": basic_auth(
                credentials.public_key.get_secret_value(), credentials.private_key.get_secret_value()
            ),
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        json_body({"query": CREATE_CUSTOMER, "variables": variables(customer, context.idempotency_key)}),
    )


@paywire.hookimpl
def paywire_create_customer_response(
    request: CreateCustomerRequest, response: HttpResponse, context: OperationContext
) -> str:
    return customer_id(response, request, context.idempotency_key)


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response)
