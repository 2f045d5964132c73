"""Shift4's error replies -> ``paywire.ConnectorError``.

Shift4 answers ``{"error": {"type", "code", "message", ...}}`` (API reference, "Error object";
shift4-java ``ErrorResponse``). ``type`` is ``invalid_request``, ``card_error``, ``gateway_error``
or ``rate_limit_error``; ``code`` is set for card errors only, and this connector never sends a
card, so the ``type`` is the ``connector_code`` (a ``code`` would stay in ``details``). The HTTP
status decides the canonical code (``paywire.error_code_for_status``: 400 invalid request, 401
authentication, 429 rate limit, 5xx Shift4's side...), refined by what the body says:
``rate_limit_error`` is a rate limit whatever the status, and the idempotency conflict Shift4
reports only in words ("Idempotent key used for request with different parameters.") is an
idempotency conflict that no retry can fix. A validation message names the parameter before a colon
(``"email: Must not be empty."``): that becomes ``param``. Shift4 sends no request-id header.
The exception's own message names the category and never quotes Shift4's text, which is kept in
``connector_message``.
"""

from __future__ import annotations

import re

from paywire import ConnectorError, ErrorCode, HttpResponse, error_code_for_status, status_error

__all__ = ["IDEMPOTENCY_CONFLICT_MESSAGE", "error_from_response"]

IDEMPOTENCY_CONFLICT_MESSAGE = "Idempotent key used for request with different parameters."
"""Shift4's message for a key reused with other parameters (type ``invalid_request``, no code)."""

MAX_ERROR_BODY = 64 * 1024
"""Shift4's error objects are a few hundred bytes: a larger body is a proxy's page, not parsed."""

_PARAM = re.compile(r"^([A-Za-z][A-Za-z0-9_.\[\]]{0,99}): ")

_MESSAGES: dict[ErrorCode, str] = {  # the categories Shift4 answers a card-less create with
    ErrorCode.INVALID_REQUEST: "Shift4 rejected the request",
    ErrorCode.AUTHENTICATION_FAILED: "Shift4 did not accept the secret key",
    ErrorCode.IDEMPOTENCY_CONFLICT: "the idempotency key was already used with different parameters",
    ErrorCode.RATE_LIMITED: "Shift4 rate-limited the request",
    ErrorCode.PROCESSOR_UNAVAILABLE: "Shift4 failed to process the request",
}


def _error_fields(response: HttpResponse) -> dict[str, str] | None:
    """The string fields of the reply's ``error`` object, or None when it has none."""
    body = response.json_object(max_bytes=MAX_ERROR_BODY)
    error = body.get("error") if body is not None else None
    if not isinstance(error, dict):
        return None
    return {name: value for name, value in error.items() if isinstance(value, str)}


def _classify(status: int, fields: dict[str, str]) -> tuple[ErrorCode, bool | None]:
    """The canonical code and retry hint for Shift4's reply."""
    if fields.get("message") == IDEMPOTENCY_CONFLICT_MESSAGE:
        return ErrorCode.IDEMPOTENCY_CONFLICT, False
    if fields.get("type") == "rate_limit_error":
        return ErrorCode.RATE_LIMITED, None
    return error_code_for_status(status), None


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx Shift4 reply (never raises)."""
    fields = _error_fields(response)
    if not fields:
        # A proxy's HTML, an empty or truncated body: the status is all there is.
        return status_error(
            response,
            message=f"Shift4 (or a proxy before it) answered HTTP {response.status_code} without a Shift4 error body",
        )
    code, retryable = _classify(response.status_code, fields)
    kind = fields.get("type")
    message = _MESSAGES.get(code, "Shift4 answered with an error")
    if kind:
        message = f"{message} ({kind})"
    found = _PARAM.match(fields.get("message", "")) if kind == "invalid_request" else None
    return status_error(
        response,
        code=code,
        message=message,
        connector_code=kind,
        connector_message=fields.get("message"),
        param=found.group(1) if found else None,
        retryable=retryable,
        details=fields,
    )
