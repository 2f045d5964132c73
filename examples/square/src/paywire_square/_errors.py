"""Square's error replies -> ``paywire.ConnectorError``.

Square answers ``{"errors": [{"category", "code", "detail", "field"}, ...]}``; the HTTP status
matches the first error, so the first error decides the canonical code. ``connector_code`` is
Square's ``code``, ``connector_message`` its ``detail``, ``param`` its ``field``; ``details`` keeps
the first error's strings and the number of errors. The exception's own message names the
category and never quotes ``detail``, which may echo input values. A body that is not Square's
error shape (a proxy's HTML page, an empty reply) falls back to ``paywire.status_error``.
"""

from __future__ import annotations

from typing import Any

from paywire import ConnectorError, ErrorCode, HttpResponse, error_code_for_status, parse_retry_after, status_error

__all__ = ["error_from_response"]

_CATEGORIES: dict[str, ErrorCode] = {
    "AUTHENTICATION_ERROR": ErrorCode.AUTHENTICATION_FAILED,
    "RATE_LIMIT_ERROR": ErrorCode.RATE_LIMITED,
    "INVALID_REQUEST_ERROR": ErrorCode.INVALID_REQUEST,
    "PAYMENT_METHOD_ERROR": ErrorCode.PAYMENT_REQUIRED,
}
"""Square's ErrorCategory -> canonical code (others follow the HTTP status)."""

_CODES: dict[str, tuple[ErrorCode, bool | None]] = {
    "IDEMPOTENCY_KEY_REUSED": (ErrorCode.IDEMPOTENCY_CONFLICT, False),
    "FORBIDDEN": (ErrorCode.PERMISSION_DENIED, False),
    "INSUFFICIENT_SCOPES": (ErrorCode.PERMISSION_DENIED, False),
    "NOT_FOUND": (ErrorCode.NOT_FOUND, False),
    "SERVICE_UNAVAILABLE": (ErrorCode.PROCESSOR_UNAVAILABLE, None),
    "GATEWAY_TIMEOUT": (ErrorCode.PROCESSOR_UNAVAILABLE, None),
}
"""Square error codes that say more than their category: canonical code and retry hint."""

_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "Square rejected the request",
    ErrorCode.AUTHENTICATION_FAILED: "Square did not accept the access token",
    ErrorCode.PERMISSION_DENIED: "the access token lacks permission for this request",
    ErrorCode.NOT_FOUND: "Square does not know the resource",
    ErrorCode.RATE_LIMITED: "Square rate-limited the request",
    ErrorCode.PROCESSOR_UNAVAILABLE: "Square failed to process the request",
    ErrorCode.IDEMPOTENCY_CONFLICT: "the idempotency key was already used with a different request",
    ErrorCode.PAYMENT_REQUIRED: "Square refused the request",
}


def _first_error(body: dict[str, Any] | None) -> tuple[dict[str, str], int] | None:
    errors = body.get("errors") if body is not None else None
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], dict):
        return None
    first = {k: v for k in ("category", "code", "detail", "field") if isinstance(v := errors[0].get(k), str)}
    if "category" not in first and "code" not in first:
        return None
    return first, len(errors)


def _classify(status: int, first: dict[str, str]) -> tuple[ErrorCode, bool | None]:
    by_code = _CODES.get(first.get("code", ""))
    if by_code is not None:
        return by_code
    if status >= 500:  # API_ERROR, or any category Square answers with a 5xx
        return ErrorCode.PROCESSOR_UNAVAILABLE, None
    by_category = _CATEGORIES.get(first.get("category", ""))
    if by_category is not None and not (status == 403 and by_category is ErrorCode.AUTHENTICATION_FAILED):
        return by_category, None
    return error_code_for_status(status), None


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx Square reply (never raises)."""
    found = _first_error(response.json_object())
    if found is None:
        return status_error(
            response,
            message=f"Square (or a proxy before it) answered HTTP {response.status_code} without a Square error body",
        )
    first, count = found
    code, retryable = _classify(response.status_code, first)
    message = _MESSAGES.get(code, "Square answered with an error")
    if "category" in first:
        message = f"{message} ({first['category']})"
    details = dict(first)
    details["error_count"] = str(count)
    return ConnectorError(
        code,
        message,
        connector_code=first.get("code") or first.get("category"),
        connector_message=first.get("detail"),
        status_code=response.status_code,
        param=first.get("field"),
        retryable=retryable,
        retry_after=parse_retry_after(response.header("retry-after")),
        details=details,
    )
