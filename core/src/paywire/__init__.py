"""paywire: one canonical API for payment processors, with connectors as plugins.

import paywire
client = paywire.Client("stripe", credentials={"api_key": "sk_test_..."})
customer = client.customers.create(email="jane@example.com", customer_name="Jane Roe")
customer.connector_customer_id        # "cus_..."
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._config import RetryPolicy, Timeout
from ._connector import (
    PLUGIN_API_VERSION,
    AccessToken,
    Capability,
    ConnectorInfo,
    Credentials,
    EnvironmentCredentials,
    FieldMap,
    Idempotency,
    Limit,
    NoCredentials,
    Operation,
    OperationContext,
    Option,
)
from ._countries import CALLING_CODES, ISO_3166_ALPHA2, alpha3, split_e164
from ._credentials import credentials_from_env, credentials_from_file, load_credentials
from ._events import OperationEvent
from ._exceptions import (
    ConfigurationError,
    ConnectorError,
    ErrorCode,
    FieldError,
    FieldErrors,
    InvalidRequestError,
    NotSupportedError,
    OutcomeUnknownError,
    PaywireError,
    PluginError,
)
from ._fields import CANONICAL_FIELDS, field_value, set_fields
from ._http import (
    HttpRequest,
    HttpResponse,
    basic_auth,
    error_code_for_status,
    json_body,
    parse_retry_after,
    status_error,
    unparseable,
)
from ._models import (
    Address,
    ConnectorErrorDetails,
    CreateCustomerRequest,
    CreateCustomerResponse,
    ErrorInfo,
    IssuerErrorDetails,
    NetworkErrorDetails,
    PaymentAddress,
    UnifiedErrorDetails,
    plain,
)
from ._names import split_name
from ._plugins import Connector, PluginRecord, Registry, registry
from ._profile import (
    MERCHANT_ID_METADATA_KEY,
    address_phone,
    contact,
    feature_data,
    metadata_with_merchant_id,
    person_name,
    single_value,
)
from ._redact import redact, secret_values
from ._version import USER_AGENT, __version__
from .hookspecs import hookimpl

if TYPE_CHECKING:
    from ._aiohttp import AiohttpTransport
    from ._client import AsyncClient, Client
    from ._transport import (
        AsyncHttpxTransport,
        AsyncTransport,
        HttpxTransport,
        Transport,
        TransportFailure,
        default_async_transport,
        default_transport,
    )

__all__ = [
    "CALLING_CODES",
    "CANONICAL_FIELDS",
    "ISO_3166_ALPHA2",
    "MERCHANT_ID_METADATA_KEY",
    "PLUGIN_API_VERSION",
    "USER_AGENT",
    "AccessToken",
    "Address",
    "AiohttpTransport",
    "AsyncClient",
    "AsyncHttpxTransport",
    "AsyncTransport",
    "Capability",
    "Client",
    "ConfigurationError",
    "Connector",
    "ConnectorError",
    "ConnectorErrorDetails",
    "ConnectorInfo",
    "CreateCustomerRequest",
    "CreateCustomerResponse",
    "Credentials",
    "EnvironmentCredentials",
    "ErrorCode",
    "ErrorInfo",
    "FieldError",
    "FieldErrors",
    "FieldMap",
    "HttpRequest",
    "HttpResponse",
    "HttpxTransport",
    "Idempotency",
    "InvalidRequestError",
    "IssuerErrorDetails",
    "Limit",
    "NetworkErrorDetails",
    "NoCredentials",
    "NotSupportedError",
    "Operation",
    "OperationContext",
    "OperationEvent",
    "Option",
    "OutcomeUnknownError",
    "PaymentAddress",
    "PaywireError",
    "PluginError",
    "PluginRecord",
    "Registry",
    "RetryPolicy",
    "Timeout",
    "Transport",
    "TransportFailure",
    "UnifiedErrorDetails",
    "__version__",
    "address_phone",
    "alpha3",
    "basic_auth",
    "contact",
    "credentials_from_env",
    "credentials_from_file",
    "default_async_transport",
    "default_transport",
    "error_code_for_status",
    "feature_data",
    "field_value",
    "hookimpl",
    "json_body",
    "load_credentials",
    "metadata_with_merchant_id",
    "parse_retry_after",
    "person_name",
    "plain",
    "redact",
    "registry",
    "secret_values",
    "set_fields",
    "single_value",
    "split_e164",
    "split_name",
    "status_error",
    "unparseable",
]


_RUNTIME = {
    "AsyncClient": "._client",
    "Client": "._client",
    "AsyncHttpxTransport": "._transport",
    "AsyncTransport": "._transport",
    "HttpxTransport": "._transport",
    "Transport": "._transport",
    "TransportFailure": "._transport",
    "default_async_transport": "._transport",
    "default_transport": "._transport",
    "AiohttpTransport": "._aiohttp",
}
"""The runtime layer, imported on first use. Everything a plugin or ``paywire connectors`` needs
(models, declarations, errors, the registry) is imported above; the clients, the engine and the
transports (httpx's connection stack, asyncio) are not, which keeps ``import paywire`` within
about 20 ms of importing pydantic, httpx and pluggy themselves (docs/performance.md). aiohttp is
an optional dependency (``paywire[aiohttp]``), so its transport is only ever imported on use."""


def __getattr__(name: str) -> Any:
    module = _RUNTIME.get(name)
    if module is None:
        raise AttributeError(f"module 'paywire' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
