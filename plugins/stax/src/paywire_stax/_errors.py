"""Stax's error replies -> ``paywire.ConnectorError``.

Stax documents its errors by HTTP status (200, 400, 401, 404, 422, 429, 500; Stax API reference,
Overview) and one body: the 422 of ``POST /customer``, a Laravel validation map of Stax field ->
messages (``{"email": ["The email field is required when ..."]}``). Other bodies are not
documented; Stax's own SDKs read ``{"error": "..."}`` (the Android SDK, which also treats any
``token_expired`` body as an expired key) and map 409 to a duplicate resource (the Python SDK).
This module reads all three shapes and Laravel's ``{"message": ...}``, keeps Stax's field names,
messages and codes (``param``, ``connector_message``, ``connector_code``, ``details``), and falls
back to ``paywire.status_error`` for a body it cannot read. Stax sends no request id header.
The exception's own message names the category and Stax's fields, never Stax's text (which may
echo input values).
"""

from __future__ import annotations

import re
from typing import Any

from paywire import ConnectorError, ErrorCode, HttpResponse, error_code_for_status, parse_retry_after, status_error

__all__ = ["MAX_ERROR_BODY", "error_from_response", "validation_errors"]

MAX_ERROR_BODY = 64 * 1024
"""Stax's error bodies are a few hundred bytes: a larger body is a proxy's page or garbage, and is
not parsed."""

_CODE_LIKE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
"""``token_invalid``, ``token_expired``: an ``error`` value that is a code, not a sentence."""

_BY_STATUS: dict[int, tuple[ErrorCode, str, bool | None]] = {
    400: (ErrorCode.INVALID_REQUEST, "Stax rejected the request", None),
    401: (ErrorCode.AUTHENTICATION_FAILED, "Stax did not accept the API key", None),
    403: (ErrorCode.PERMISSION_DENIED, "the API key lacks permission for this request", None),
    404: (ErrorCode.NOT_FOUND, "Stax does not know the resource", None),
    # Stax's Python SDK: 409 is DuplicateResourceException. No key names the first request, so
    # sending it again can never succeed: no retry.
    409: (ErrorCode.DUPLICATE, "Stax reports the customer would be a duplicate", False),
    422: (ErrorCode.INVALID_REQUEST, "Stax rejected the request", None),
    429: (ErrorCode.RATE_LIMITED, "Stax rate-limited the request", None),
}


def _messages(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(m, str) for m in value)


def validation_errors(body: dict[str, Any]) -> dict[str, list[str]]:
    """Stax's field -> messages from a Laravel validation body: the whole body (Stax's documented
    422), or its ``errors`` object (Laravel's newer form). Empty when it is neither."""
    nested = body.get("errors")
    if isinstance(nested, dict):
        return {str(field): messages for field, messages in nested.items() if _messages(messages)}
    if body and all(_messages(messages) for messages in body.values()):
        return {str(field): messages for field, messages in body.items()}
    return {}


def _classify(status: int, error: str | None) -> tuple[ErrorCode, str, bool | None]:
    if status >= 500:
        return ErrorCode.PROCESSOR_UNAVAILABLE, "Stax failed to process the request", None
    if error == "token_expired":  # the Android SDK's rule for any 4xx
        return ErrorCode.AUTHENTICATION_FAILED, "Stax reports the API key expired", None
    known = _BY_STATUS.get(status)
    if known is not None:
        return known
    return error_code_for_status(status), "Stax answered with an error", None


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx Stax reply (never raises)."""
    body = response.json_object(max_bytes=MAX_ERROR_BODY) or {}
    fields = validation_errors(body)
    error = body.get("error") if isinstance(body.get("error"), str) else None
    text = body.get("message") if isinstance(body.get("message"), str) else None
    if not fields and error is None and text is None:
        # A proxy's page, an empty or oversized body: the status alone decides the category, as
        # for every connector (paywire.error_code_for_status); Stax's retry hint still holds.
        return status_error(
            response,
            retryable=_classify(response.status_code, None)[2],
            message=f"Stax (or a proxy before it) answered HTTP {response.status_code} without a Stax error body",
        )

    code, message, retryable = _classify(response.status_code, error)
    details = {field: " ".join(messages) for field, messages in fields.items()}
    if error is not None:
        details["error"] = error
    if text is not None:
        details["message"] = text
    if fields:
        message = f"{message} ({', '.join(fields)})"
    first_message = fields[next(iter(fields))][0] if fields else None
    return ConnectorError(
        code,
        message,
        connector_code=error if error is not None and _CODE_LIKE.fullmatch(error) else None,
        connector_message=text or first_message or error,
        status_code=response.status_code,
        param=next(iter(fields), None),
        retryable=retryable,
        retry_after=parse_retry_after(response.header("retry-after")),
        details=details,
    )
