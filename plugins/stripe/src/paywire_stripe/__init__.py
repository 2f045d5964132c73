"""paywire-stripe: the Stripe connector for paywire (entry point ``stripe``).

Create Customer is ``POST /v1/customers`` with a form-encoded body built exactly as Stripe's own
bindings build it. The hooks are pure: they build the request and read the reply; paywire's core
sends it, retries it with the same ``Idempotency-Key``, and redacts the ``Authorization`` header.

    import paywire
    client = paywire.Client("stripe", credentials={"api_key": "sk_test_..."})
    client.customers.create(email="jane@example.com").connector_customer_id   # "cus_..."
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import paywire
from paywire import (
    Capability,
    ConfigurationError,
    ConnectorError,
    ConnectorInfo,
    ErrorCode,
    FieldError,
    HttpRequest,
    HttpResponse,
    Idempotency,
    InvalidRequestError,
    Operation,
    OperationContext,
)

from ._credentials import StripeCredentials
from ._encode import encode_form
from ._errors import REQUEST_ID_HEADER, error_from_response
from ._transform import MERCHANT_ID_METADATA_KEY, UNSUPPORTED_FIELDS, to_params

if TYPE_CHECKING:  # `paywire connectors` imports this plugin: no canonical models at import
    from paywire import CreateCustomerRequest, CreateCustomerResponse


__version__ = "0.1.0"

__all__ = [
    "BASE_URL",
    "MERCHANT_ID_METADATA_KEY",
    "OPTIONS",
    "STRIPE_VERSION",
    "StripeCredentials",
    "__version__",
]

NAME = "stripe"
BASE_URL = "https://api.stripe.com"

STRIPE_VERSION = "2026-10-28.endive"
"""The ``Stripe-Version`` every request pins (the version stripe-python 16.1.0 pins), so a change
of the account's default API version never changes what paywire reads. Override it per client
with ``options={"stripe_version": "..."}``."""

OPTIONS = frozenset({"stripe_version"})
"""Client ``options=`` this connector understands."""

USER_AGENT = f"{paywire.USER_AGENT} paywire-stripe/{__version__}"

MAX_CUSTOMER_BODY = 1024 * 1024
"""A customer object is a few kilobytes (50 metadata keys, addresses, expansions): a larger 2xx body
is not one, and is refused unparsed."""

_VERSION_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}(?:\.[a-z_]+)?$")
_CUSTOMER_ID = re.compile(r"^cus_[A-Za-z0-9]+$")


def _stripe_version(extras: Mapping[str, str]) -> str:
    if not extras:
        return STRIPE_VERSION
    unknown = sorted(set(extras) - OPTIONS)
    if unknown:
        raise ConfigurationError(
            "invalid options for stripe",
            [FieldError(f"options.{name}", f"unknown option; known: {', '.join(sorted(OPTIONS))}") for name in unknown],
        )
    version = extras.get("stripe_version", STRIPE_VERSION)
    if not isinstance(version, str) or not _VERSION_FORMAT.fullmatch(version):
        raise ConfigurationError(
            "invalid options for stripe",
            [FieldError("options.stripe_version", "not a Stripe API version (e.g. 2024-06-20, 2026-10-28.endive)")],
        )
    return version


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name=NAME,
        display_name="Stripe",
        credentials=StripeCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        idempotency=Idempotency("header", "Idempotency-Key", 255),
        base_url=BASE_URL,
        auth_headers=frozenset({"authorization"}),
        unsupported_fields=UNSUPPORTED_FIELDS,
        request_id_header=REQUEST_ID_HEADER,
        docs_url="https://docs.stripe.com/api/customers/create",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: paywire.Credentials, context: OperationContext
) -> HttpRequest:
    if not isinstance(credentials, StripeCredentials):
        raise ConfigurationError(f"stripe needs StripeCredentials, not {type(credentials).__name__}")
    if request.test_mode and credentials.live:
        raise InvalidRequestError(
            "invalid request for Stripe",
            [FieldError("test_mode", "test_mode is true but the API key is a live key (sk_live_/rk_live_)")],
        )
    version = _stripe_version(context.extras)
    body = encode_form(to_params(request))
    return HttpRequest(
        method="POST",
        url=f"{(context.base_url or BASE_URL).rstrip('/')}/v1/customers",
        headers={
            "Authorization": f"Bearer {credentials.api_key.get_secret_value()}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Idempotency-Key": context.idempotency_key,
            "Stripe-Version": version,
            "User-Agent": USER_AGENT,
        },
        body=body,
    )


def _unparseable(response: HttpResponse, why: str) -> ConnectorError:
    return ConnectorError(
        ErrorCode.UNPARSEABLE_RESPONSE,
        f"Stripe answered HTTP {response.status_code} but {why}",
        connector=NAME,
        status_code=response.status_code,
        request_id=response.header(REQUEST_ID_HEADER),
    )


@paywire.hookimpl
def paywire_create_customer_response(
    request: CreateCustomerRequest, response: HttpResponse, context: OperationContext
) -> CreateCustomerResponse:
    if len(response.body) > MAX_CUSTOMER_BODY:
        raise _unparseable(response, "the body is larger than any customer object")
    body = response.json_object(max_bytes=MAX_CUSTOMER_BODY)
    if body is None:
        raise _unparseable(response, "the body is not a JSON object")
    if body.get("object", "customer") != "customer":
        raise _unparseable(response, "the body is not a customer object")
    if body.get("deleted") is True:  # Stripe's deleted-customer object: never a created one
        raise _unparseable(response, "the body is a deleted customer")
    customer_id = body.get("id")
    if not isinstance(customer_id, str) or not _CUSTOMER_ID.fullmatch(customer_id):
        raise _unparseable(response, "the customer object has no 'cus_...' id")
    return paywire.CreateCustomerResponse(
        merchant_customer_id=request.merchant_customer_id,
        connector_customer_id=customer_id,
        status_code=response.status_code,
        response_headers={name: value for name, value in response.headers.items() if name.lower() != "set-cookie"},
        connector=context.connector,  # set here, the core need not copy the result to add them
        idempotency_key=context.idempotency_key,
    )


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response, connector=NAME)
