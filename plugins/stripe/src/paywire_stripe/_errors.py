"""Stripe's error replies -> ``paywire.ConnectorError``.

Stripe answers ``{"error": {"type", "code", "param", "message", "doc_url", ...}}`` with the
request id in the ``Request-Id`` header (the core puts it in every error: ``request_id_header``).
Every field is kept: ``connector_code`` (Stripe's ``code``, else its ``type``),
``connector_message``, ``param``, and all string fields in ``details``.
``Stripe-Should-Retry`` becomes ``retryable``. The exception's own message names the category
and never quotes Stripe's text, which may echo input values; key-like tokens Stripe may echo
(``sk_test_****1234``) are masked everywhere.
"""

from __future__ import annotations

import re

from paywire import ConnectorError, ErrorCode, HttpResponse, error_code_for_status, parse_retry_after, status_error

__all__ = ["REQUEST_ID_HEADER", "SHOULD_RETRY_HEADER", "error_from_response", "mask_keys"]

REQUEST_ID_HEADER = "request-id"
SHOULD_RETRY_HEADER = "stripe-should-retry"

_KEY_LIKE = re.compile(r"\b((?:sk|rk|pk)_(?:test|live)_)[A-Za-z0-9_*]+")

_DETAIL_FIELDS = (
    "type",
    "code",
    "decline_code",
    "param",
    "message",
    "doc_url",
    "request_log_url",
    "advice_code",
    "network_decline_code",
)

_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "Stripe rejected the request",
    ErrorCode.AUTHENTICATION_FAILED: "Stripe did not accept the API key",
    ErrorCode.PAYMENT_REQUIRED: "Stripe refused the request",
    ErrorCode.PERMISSION_DENIED: "the API key lacks permission for this request",
    ErrorCode.NOT_FOUND: "Stripe does not know the resource",
    ErrorCode.RATE_LIMITED: "Stripe rate-limited the request",
    ErrorCode.PROCESSOR_UNAVAILABLE: "Stripe failed to process the request",
}


def mask_keys(text: str) -> str:
    """``text`` with anything shaped like a Stripe API key reduced to its prefix (``sk_test_***``)."""
    return _KEY_LIKE.sub(r"\1***", text)


def _should_retry(response: HttpResponse) -> bool | None:
    value = (response.header(SHOULD_RETRY_HEADER) or "").strip().lower()
    return {"true": True, "false": False}.get(value)


def _classify(status: int, fields: dict[str, str]) -> tuple[ErrorCode, str, bool | None]:
    """Canonical code, message and default retry hint, as Stripe's own bindings classify replies."""
    kind, code = fields.get("type"), fields.get("code")
    if status == 400 and code == "rate_limit":  # Stripe's older form of a rate limit
        return ErrorCode.RATE_LIMITED, _MESSAGES[ErrorCode.RATE_LIMITED], None
    if status in (400, 404) and kind == "idempotency_error":
        return (ErrorCode.IDEMPOTENCY_CONFLICT, "the idempotency key was already used with different parameters", False)
    if status == 409:
        if code == "idempotency_key_in_use":
            return (
                ErrorCode.IDEMPOTENCY_CONFLICT,
                "another request with this idempotency key is still in progress",
                True,
            )
        return ErrorCode.PROCESSOR_ERROR, "Stripe reported a conflict", True  # the bindings retry any 409
    canonical = error_code_for_status(status)
    return canonical, _MESSAGES.get(canonical, "Stripe answered with an error"), None


MAX_ERROR_BODY = 64 * 1024
"""Stripe's error objects are a few hundred bytes: a larger body is a proxy's page or garbage, and
is not parsed (a megabyte of JSON costs real time for nothing)."""


def _error_fields(response: HttpResponse) -> dict[str, str] | None:
    body = response.json_object(max_bytes=MAX_ERROR_BODY)
    error = body.get("error") if body is not None else None
    if not isinstance(error, dict):
        return None
    return {name: mask_keys(value) for name in _DETAIL_FIELDS if isinstance(value := error.get(name), str)}


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx Stripe reply (never raises)."""
    should_retry = _should_retry(response)
    fields = _error_fields(response)
    if not fields:
        # HTML from a proxy, an empty or truncated body: the status is all there is.
        return status_error(
            response,
            message=f"Stripe (or a proxy before it) answered HTTP {response.status_code} without a Stripe error body",
            retryable=should_retry,
        )
    code, message, retryable = _classify(response.status_code, fields)
    kind = fields.get("type")
    if kind:
        message = f"{message} ({kind})"
    return ConnectorError(
        code,
        message,
        connector_code=fields.get("code") or kind,
        connector_message=fields.get("message"),
        status_code=response.status_code,
        param=fields.get("param"),
        retryable=should_retry if should_retry is not None else retryable,
        retry_after=parse_retry_after(response.header("retry-after")),
        details=fields,
    )
