"""paywire: one canonical API for payment processors, with connectors as plugins.

import paywire
client = paywire.Client("stripe", credentials={"api_key": "sk_test_..."})
customer = client.customers.create(email="jane@example.com", customer_name="Jane Roe")
customer.connector_customer_id        # "cus_..."
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._aiohttp import AiohttpTransport
    from ._client import AsyncClient, Client
    from ._config import RetryPolicy, Timeout
    from ._connector import (
        PLUGIN_API_VERSION,
        Capability,
        ConnectorInfo,
        Credentials,
        Idempotency,
        NoCredentials,
        Operation,
        OperationContext,
    )
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
    from ._http import HttpRequest, HttpResponse, error_code_for_status, parse_retry_after, status_error
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
    )
    from ._plugins import Connector, PluginRecord, Registry, registry
    from ._transport import (
        AsyncHttpxTransport,
        AsyncTransport,
        HttpxTransport,
        Transport,
        TransportFailure,
        default_async_transport,
        default_transport,
    )
    from ._values import plain
    from ._version import USER_AGENT, __version__
    from .hookspecs import hookimpl

# Public names and the private module that defines each, imported on first use so that
# `import paywire` (and so every plugin, and `paywire connectors`) stays cheap.
_LAZY: dict[str, str] = {
    "AiohttpTransport": "._aiohttp",
    "AsyncClient": "._client",
    "Client": "._client",
    "RetryPolicy": "._config",
    "Timeout": "._config",
    "PLUGIN_API_VERSION": "._connector",
    "Capability": "._connector",
    "ConnectorInfo": "._connector",
    "Credentials": "._connector",
    "Idempotency": "._connector",
    "NoCredentials": "._connector",
    "Operation": "._connector",
    "OperationContext": "._connector",
    "credentials_from_env": "._credentials",
    "credentials_from_file": "._credentials",
    "load_credentials": "._credentials",
    "OperationEvent": "._events",
    "ConfigurationError": "._exceptions",
    "ConnectorError": "._exceptions",
    "ErrorCode": "._exceptions",
    "FieldError": "._exceptions",
    "FieldErrors": "._exceptions",
    "InvalidRequestError": "._exceptions",
    "NotSupportedError": "._exceptions",
    "OutcomeUnknownError": "._exceptions",
    "PaywireError": "._exceptions",
    "PluginError": "._exceptions",
    "HttpRequest": "._http",
    "HttpResponse": "._http",
    "error_code_for_status": "._http",
    "parse_retry_after": "._http",
    "status_error": "._http",
    "Address": "._models",
    "ConnectorErrorDetails": "._models",
    "CreateCustomerRequest": "._models",
    "CreateCustomerResponse": "._models",
    "ErrorInfo": "._models",
    "IssuerErrorDetails": "._models",
    "NetworkErrorDetails": "._models",
    "PaymentAddress": "._models",
    "plain": "._values",
    "UnifiedErrorDetails": "._models",
    "Connector": "._plugins",
    "PluginRecord": "._plugins",
    "Registry": "._plugins",
    "registry": "._plugins",
    "AsyncHttpxTransport": "._transport",
    "AsyncTransport": "._transport",
    "HttpxTransport": "._transport",
    "Transport": "._transport",
    "TransportFailure": "._transport",
    "default_async_transport": "._transport",
    "default_transport": "._transport",
    "USER_AGENT": "._version",
    "__version__": "._version",
    "hookimpl": ".hookspecs",
}

__all__ = [
    "PLUGIN_API_VERSION",
    "USER_AGENT",
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
    "ErrorCode",
    "ErrorInfo",
    "FieldError",
    "FieldErrors",
    "HttpRequest",
    "HttpResponse",
    "HttpxTransport",
    "Idempotency",
    "InvalidRequestError",
    "IssuerErrorDetails",
    "NetworkErrorDetails",
    "NoCredentials",
    "NotSupportedError",
    "Operation",
    "OperationContext",
    "OperationEvent",
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
    "credentials_from_env",
    "credentials_from_file",
    "default_async_transport",
    "default_transport",
    "error_code_for_status",
    "hookimpl",
    "load_credentials",
    "parse_retry_after",
    "plain",
    "registry",
    "status_error",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'paywire' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
