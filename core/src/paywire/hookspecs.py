"""The plugin API: every hook a paywire plugin can implement.

A connector plugin is a module registered under the ``paywire`` entry-point group. It implements
``paywire_connector`` (who it is) and, per operation it performs, the flow hooks: build the
request, read the success reply, read the error reply. Hooks are pure: no sockets, no sleeping,
no clock, no randomness. The core does the rest, from what ``ConnectorInfo`` declares: the
checks every connector would repeat (options, ``test_mode``, unsupported fields, limits), the
``User-Agent``, option headers and idempotency key, the I/O, retries, timeouts, tokens, the
response's call facts, logging and redaction.

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
    from ._connector import AccessToken, ConnectorInfo, Credentials, OperationContext
    from ._events import OperationEvent
    from ._exceptions import ConnectorError
    from ._http import HttpRequest, HttpResponse
    from ._models import CreateCustomerRequest

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
) -> HttpRequest | str:
    """Build the processor request for Create Customer (REMOTE), or compute the customer (LOCAL).

    REMOTE: return the ``HttpRequest`` to send, under ``context.base_url``; the core adds the
    ``User-Agent``, the option headers and the idempotency key where ``ConnectorInfo`` says.
    LOCAL: return the customer's id; nothing is sent. Raise ``InvalidRequestError`` naming the
    canonical fields the processor cannot take. The core checks declared unsupported fields and
    limits first; when they refuse the request, the hook is still called so that its own field
    errors are reported too, and what it returns is discarded (a LOCAL hook that keeps state
    refuses before it records anything). Must be deterministic for a given request, credentials
    and context.
    """


@hookspec(firstresult=True)
def paywire_create_customer_response(  # type: ignore[empty-body]
    request: CreateCustomerRequest,
    response: HttpResponse,
    context: OperationContext,
) -> str:
    """Read the processor's 2xx reply: return the created customer's id.

    The core builds the ``CreateCustomerResponse`` (echoed merchant id, status, headers,
    connector, idempotency key). Raise ``paywire.unparseable(response, why)`` when the reply is
    not what the processor documents, and a ``ConnectorError`` for an error the processor
    reports inside a 2xx reply; never another exception. Inside a 2xx, ``TIMEOUT`` and
    ``PROCESSOR_UNAVAILABLE`` mean the processor may have acted (like an unreadable reply or a
    5xx: retried only where that is safe), unless the error says ``retryable=True``: the
    processor did nothing (maintenance, too busy), so any retry is safe.
    """


@hookspec(firstresult=True)
def paywire_error(  # type: ignore[empty-body]
    response: HttpResponse,
    context: OperationContext,
) -> ConnectorError:
    """Turn the processor's non-2xx reply into a ``ConnectorError`` (return it, do not raise).

    Keep the processor's code, message, parameter and request id; set ``retryable`` from the
    processor's hints. Fall back to ``paywire.status_error(response)`` when the body is
    unreadable. Not implemented: the core maps the status alone.
    """


@hookspec(firstresult=True)
def paywire_token_request(  # type: ignore[empty-body]
    credentials: Credentials,
    context: OperationContext,
) -> HttpRequest:
    """Build the request that exchanges the credentials for an access token (``ConnectorInfo.token``).

    The core sends it before the first call of a client, again shortly before the token expires,
    and once when the processor refuses a token; the token reaches the flow hooks as
    ``context.token``.
    """


@hookspec(firstresult=True)
def paywire_token_response(  # type: ignore[empty-body]
    response: HttpResponse,
    context: OperationContext,
) -> AccessToken:
    """Read the token exchange's 2xx reply: the token and its lifetime.

    Raise ``paywire.unparseable(response, why)`` when it holds no token. Error replies go to
    ``paywire_error``; the core reports a refused exchange as ``AUTHENTICATION_FAILED``.
    """


@hookspec
def paywire_operation_finished(event: OperationEvent) -> None:
    """Observe a finished call (every attempt counted, success or error). Must not raise."""
