"""Finix's error replies -> ``paywire.ConnectorError``.

Finix answers every error with a HAL list of errors::

    {"total": 1, "_embedded": {"errors": [{"code": "INVALID_FIELD", "field": "entity.email",
      "message": "...", "logref": "...", "_links": {"source": {"href": "..."}}}]}}

``field`` is set on ``INVALID_FIELD`` errors only; ``logref`` is a string in Finix's SDK and an
object ``{"logref": ...}`` in its OpenAPI document, so both are read. The first error is the one
reported: ``connector_code`` (Finix's ``code``), ``connector_message``, ``param`` (Finix's
``field``); every error's fields go in ``details`` with ``error_count``. The request id is the
``x-request-id`` header (the core reads it, ``REQUEST_ID_HEADER``).

The canonical code follows the HTTP status, as Finix's error-code table pairs them (400
``BAD_REQUEST``, 401 ``UNKNOWN``, 403 ``FORBIDDEN``, 422 ``INVALID_FIELD``/
``UNPROCESSABLE_ENTITY``, 429 ``TOO_MANY_REQUESTS``, 500 ``SERVER_ERROR``), except 409
``CONFLICT``: Finix has no idempotency keys for Identities, so it is never an idempotency conflict.
The exception's own message names the category and Finix's field, never Finix's text, which may
echo input values.
"""

from __future__ import annotations

from typing import Any

from paywire import ConnectorError, ErrorCode, HttpResponse, error_code_for_status, parse_retry_after, status_error

__all__ = ["MAX_ERROR_BODY", "REQUEST_ID_HEADER", "error_from_response"]

REQUEST_ID_HEADER = "x-request-id"
"""Finix's "unique ID for this specific API request attempt" (OpenAPI ``components.headers``)."""

MAX_ERROR_BODY = 64 * 1024
"""Finix's error lists are a few hundred bytes: a larger body is a proxy's page, and is not parsed."""

_FIELDS = ("code", "message", "field", "logref")
"""The fields of an error in Finix's error lists (its OpenAPI ``Error*`` schemas), besides ``_links``."""

_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "Finix rejected the request",
    ErrorCode.AUTHENTICATION_FAILED: "Finix did not accept the username and password",
    ErrorCode.PERMISSION_DENIED: "the Finix API user lacks permission to create Identities",
    ErrorCode.NOT_FOUND: "Finix does not know the resource",
    ErrorCode.PAYMENT_REQUIRED: "Finix refused the request",
    ErrorCode.RATE_LIMITED: "Finix rate-limited the request",
    ErrorCode.PROCESSOR_UNAVAILABLE: "Finix failed to process the request",
    ErrorCode.PROCESSOR_ERROR: "Finix answered with an error",
}


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("logref"), str):  # LogRef as the OpenAPI has it
        inner: str = value["logref"]
        return inner
    return None


def _errors(response: HttpResponse) -> list[dict[str, str]] | None:
    """Each error of Finix's ``_embedded.errors`` list as its string fields, or None."""
    body = response.json_object(max_bytes=MAX_ERROR_BODY)
    embedded = body.get("_embedded") if body is not None else None
    errors = embedded.get("errors") if isinstance(embedded, dict) else None
    if not isinstance(errors, list):
        return None
    out = [
        {name: text for name in _FIELDS if (text := _text(item.get(name))) is not None}
        for item in errors
        if isinstance(item, dict)
    ]
    return [fields for fields in out if fields.get("code") or fields.get("message")] or None


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx Finix reply (never raises)."""
    status = response.status_code
    errors = _errors(response)
    if errors is None:
        # HTML from a proxy or a load balancer, an empty or truncated body: the status is all there
        # is, read as paywire reads any status (a bare 409 may come from anything before Finix).
        return status_error(
            response, message=f"Finix (or a proxy before it) answered HTTP {status} without a Finix error list"
        )
    code = ErrorCode.PROCESSOR_ERROR if status == 409 else error_code_for_status(status)
    first = errors[0]
    field = first.get("field")
    message = _MESSAGES.get(code, _MESSAGES[ErrorCode.PROCESSOR_ERROR])
    if field:
        message = f"{message}: {field} is not valid"
    details = {**first, "error_count": str(len(errors))}
    for index, other in enumerate(errors[1:], 2):
        details.update({f"{name}_{index}": value for name, value in other.items()})
    return ConnectorError(
        code,
        message,
        connector_code=first.get("code"),
        connector_message=first.get("message"),
        status_code=status,
        param=field,
        retryable=False if status == 409 else None,
        retry_after=parse_retry_after(response.header("retry-after")),
        details=details,
    )
