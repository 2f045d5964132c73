"""paywire: one canonical API for payment processors, with connectors as plugins.

    import paywire
    client = paywire.Client("stripe", credentials={"api_key": "sk_test_..."})
    customer = client.customers.create(email="jane@example.com", customer_name="Jane Roe")
    customer.connector_customer_id        # "cus_..."
"""

from __future__ import annotations

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
from ._transport import AsyncHttpxTransport, AsyncTransport, HttpxTransport, Transport, TransportFailure
from ._version import USER_AGENT, __version__
from .hookspecs import hookimpl

__all__ = [
    "PLUGIN_API_VERSION",
    "USER_AGENT",
    "Address",
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
    "error_code_for_status",
    "hookimpl",
    "load_credentials",
    "parse_retry_after",
    "registry",
    "status_error",
]
