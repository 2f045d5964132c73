"""paywire-square: an example third-party paywire connector for Square (entry point ``square``).

Create Customer is Square's ``POST /v2/customers`` with a JSON body that carries the idempotency
key itself (``idempotency_key``). Built on paywire's public API only: the hooks are pure, and
paywire's core sends the request, retries it with the same key and redacts ``Authorization``.

    import paywire
    client = paywire.Client("square", credentials={"access_token": "EAAA...", "environment": "sandbox"})
    client.customers.create(email="jane@example.com", customer_name="Jane Roe").connector_customer_id
"""

from __future__ import annotations

import json
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

from ._credentials import BASE_URLS, SquareCredentials
from ._errors import error_from_response
from ._transform import FEATURE_FIELDS, LIMITS, UNSUPPORTED_FIELDS, split_name, to_body

if TYPE_CHECKING:  # `paywire connectors` imports this plugin: no canonical models at import
    from paywire import CreateCustomerRequest, CreateCustomerResponse


__version__ = "0.1.0"

__all__ = [
    "BASE_URLS",
    "FEATURE_FIELDS",
    "IDEMPOTENCY_KEY_MAX_LENGTH",
    "LIMITS",
    "OPTIONS",
    "SQUARE_VERSION",
    "UNSUPPORTED_FIELDS",
    "SquareCredentials",
    "__version__",
    "split_name",
    "to_body",
]

NAME = "square"
PATH = "/v2/customers"

SQUARE_VERSION = "2026-07-15"
"""The ``Square-Version`` every request pins, so a change of the application's default API version
never changes what this connector reads. Override per client: ``options={"square_version": ...}``."""

IDEMPOTENCY_KEY_MAX_LENGTH = 45
"""Square's CreateCustomer reference gives no maximum for ``idempotency_key``; 45 is the smallest
limit Square documents for a v2 idempotency key (CreatePayment), and a UUID (36) fits."""

OPTIONS = frozenset({"square_version"})
"""Client ``options=`` this connector understands."""

USER_AGENT = f"{paywire.USER_AGENT} paywire-square/{__version__}"

_VERSION_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CUSTOMER_ID = re.compile(r"^[A-Za-z0-9_-]{1,191}$")


def _square_version(extras: Mapping[str, str]) -> str:
    unknown = sorted(set(extras) - OPTIONS)
    if unknown:
        raise ConfigurationError(
            "invalid options for square",
            [FieldError(f"options.{name}", f"unknown option; known: {', '.join(sorted(OPTIONS))}") for name in unknown],
        )
    version = extras.get("square_version", SQUARE_VERSION)
    if not isinstance(version, str) or not _VERSION_FORMAT.match(version):
        raise ConfigurationError(
            "invalid options for square", [FieldError("options.square_version", "not a Square-Version (YYYY-MM-DD)")]
        )
    return version


@paywire.hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name=NAME,
        display_name="Square",
        credentials=SquareCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.REMOTE},
        idempotency=Idempotency("body", "idempotency_key", IDEMPOTENCY_KEY_MAX_LENGTH),
        base_url=None,  # from the credentials' environment, unless the client gives base_url=
        auth_headers=frozenset({"authorization"}),
        unsupported_fields=UNSUPPORTED_FIELDS,
        plugin_api=(1, 1),
        docs_url="https://developer.squareup.com/reference/square/customers-api/create-customer",
    )


@paywire.hookimpl
def paywire_create_customer_request(
    request: CreateCustomerRequest, credentials: paywire.Credentials, context: OperationContext
) -> HttpRequest:
    if not isinstance(credentials, SquareCredentials):
        raise ConfigurationError(f"square needs SquareCredentials, not {type(credentials).__name__}")
    if request.test_mode and credentials.environment == "production":
        raise InvalidRequestError(
            "invalid request for Square",
            [FieldError("test_mode", "test_mode is true but the credentials are for Square's production environment")],
        )
    version = _square_version(context.extras)
    body = json.dumps(to_body(request, context.idempotency_key), ensure_ascii=False, separators=(",", ":"))
    base_url = (context.base_url or credentials.base_url).rstrip("/")
    return HttpRequest(
        method="POST",
        url=base_url + PATH,
        headers={
            "Authorization": f"Bearer {credentials.access_token.get_secret_value()}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Square-Version": version,
            "User-Agent": USER_AGENT,
        },
        body=body.encode("utf-8"),
    )


def _unparseable(response: HttpResponse, why: str) -> ConnectorError:
    return ConnectorError(
        ErrorCode.UNPARSEABLE_RESPONSE,
        f"Square answered HTTP {response.status_code} but {why}",
        connector=NAME,
        status_code=response.status_code,
    )


@paywire.hookimpl
def paywire_create_customer_response(request: CreateCustomerRequest, response: HttpResponse) -> CreateCustomerResponse:
    body = response.json_object()
    if body is None:
        raise _unparseable(response, "the body is not a JSON object")
    customer = body.get("customer")
    if not isinstance(customer, dict):
        raise _unparseable(response, "the body holds no 'customer' object")
    customer_id = customer.get("id")
    if not isinstance(customer_id, str) or not _CUSTOMER_ID.match(customer_id):
        raise _unparseable(response, "the customer object has no usable 'id'")
    return paywire.CreateCustomerResponse(
        merchant_customer_id=request.merchant_customer_id,
        connector_customer_id=customer_id,
        status_code=response.status_code,
        response_headers={name: value for name, value in response.headers.items() if name.lower() != "set-cookie"},
    )


@paywire.hookimpl
def paywire_error(response: HttpResponse) -> ConnectorError:
    return error_from_response(response, connector=NAME)
