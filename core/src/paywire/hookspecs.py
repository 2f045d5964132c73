"""The plugin API: every hook a paywire plugin can implement.

A connector plugin is a module registered under the ``paywire`` entry-point group. It implements
``paywire_connector`` (who it is) and, per operation it performs, the flow hooks: build the
request, handle the success reply, build the error. Hooks are pure: no sockets, no sleeping;
the core does the I/O, retries, idempotency keys, timeouts, logging and redaction.

The core calls a flow hook on exactly one connector's plugin (plus any non-connector plugin's
wrappers): a plugin that is not a connector can wrap every connector's hooks with
``@hookimpl(wrapper=True)`` (audit, metrics, tracing) or observe finished calls through
``paywire_operation_finished``. Hooks are called with keyword arguments, so a hookimpl may take
fewer arguments than its spec: new arguments never break old plugins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from ._connector import ConnectorInfo, Credentials, OperationContext
    from ._events import OperationEvent
    from ._exceptions import ConnectorError
    from ._http import HttpRequest, HttpResponse
    from ._models import CreateCustomerRequest, CreateCustomerResponse

hookspec = pluggy.HookspecMarker("paywire")
hookimpl = pluggy.HookimplMarker("paywire")


@hookspec(firstresult=True)
def paywire_connector() -> ConnectorInfo:  # type: ignore[empty-body]
    """Describe the connector this plugin provides: name, credentials model, capabilities.

    Called once when the plugin loads. ``name`` must equal the plugin's entry-point name.
    A plugin that does not implement it is not a connector (it may still wrap or observe).
    """


@hookspec(firstresult=True)
def paywire_create_customer_request(  # type: ignore[empty-body]
    request: CreateCustomerRequest,
    credentials: Credentials,
    context: OperationContext,
) -> HttpRequest | CreateCustomerResponse:
    """Build the processor request for Create Customer.

    Return the ``HttpRequest`` to send (REMOTE capability) or, for a LOCAL capability, the
    ``CreateCustomerResponse`` itself. Raise ``InvalidRequestError`` naming the field for input
    the processor cannot take, and put ``context.idempotency_key`` where ``ConnectorInfo``
    says. Must be deterministic for a given request, credentials and context.
    """


@hookspec(firstresult=True)
def paywire_create_customer_response(  # type: ignore[empty-body]
    request: CreateCustomerRequest,
    response: HttpResponse,
    context: OperationContext,
) -> CreateCustomerResponse:
    """Turn the processor's 2xx reply into a ``CreateCustomerResponse``.

    Echo ``request.merchant_customer_id``. Raise ``ConnectorError`` (code
    ``UNPARSEABLE_RESPONSE``) when the reply cannot be read; never another exception.
    """


@hookspec(firstresult=True)
def paywire_error(  # type: ignore[empty-body]
    response: HttpResponse,
    context: OperationContext,
) -> ConnectorError:
    """Turn the processor's non-2xx reply into a ``ConnectorError`` (return it, do not raise).

    Keep the processor's code, message, parameter and request id; set ``retryable`` from the
    processor's hints. Fall back to ``paywire.status_error(response, ...)`` when the body is
    unreadable. Not implemented: the core maps the status alone.
    """


@hookspec
def paywire_operation_finished(event: OperationEvent) -> None:
    """Observe a finished call (every attempt counted, success or error). Must not raise."""
