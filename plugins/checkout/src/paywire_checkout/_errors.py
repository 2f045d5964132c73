"""Checkout.com's error replies -> ``paywire.ConnectorError``.

Checkout.com answers a refused request with ``{"request_id", "error_type", "error_codes": [...]}``
(the ``ValidationError`` schema: HTTP 422 ``request_invalid``) and puts the request id in the
``Cko-Request-Id`` header too; a refused key is a 401 with no body at all. Error codes name the
field they are about (``email_invalid``, ``phone_number_invalid``): the first code Checkout.com
documents decides the canonical code and ``param``, else the HTTP status does. Checkout.com sends
no message text: ``connector_message`` holds its ``error_type`` and every code, ``details`` each
part. The exception's own message names the category only.
"""

from __future__ import annotations

from typing import Any

from paywire import ConnectorError, ErrorCode, HttpResponse, error_code_for_status, parse_retry_after, status_error

__all__ = ["ERROR_CODES", "REQUEST_ID_HEADER", "error_from_response"]

REQUEST_ID_HEADER = "cko-request-id"

ERROR_CODES: dict[str, tuple[ErrorCode, str | None]] = {
    "email_invalid": (ErrorCode.INVALID_REQUEST, "email"),
    "customer_email_invalid": (ErrorCode.INVALID_REQUEST, "email"),
    "phone_number_invalid": (ErrorCode.INVALID_REQUEST, "phone.number"),
    "country_phone_code_invalid": (ErrorCode.INVALID_REQUEST, "phone.country_code"),
    "metadata_key_invalid": (ErrorCode.INVALID_REQUEST, "metadata"),
    "email_in_use": (ErrorCode.DUPLICATE, "email"),
    "customer_already_exists": (ErrorCode.DUPLICATE, None),
    "api_calls_quota_exceeded": (ErrorCode.RATE_LIMITED, None),
}
"""Checkout.com error codes (its error-code reference) that concern a customer: the canonical
code and the request field they name. Other codes follow the HTTP status, among them those the
connector's own checks leave Checkout.com no reason to send (``email_required``, the phone's
``*_length_invalid``) and ``service_unavailable`` (a 5xx, decided by its status)."""

_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "Checkout.com rejected the request",
    ErrorCode.AUTHENTICATION_FAILED: "Checkout.com did not accept the secret key",
    ErrorCode.PERMISSION_DENIED: "the secret key lacks permission for this request",
    ErrorCode.NOT_FOUND: "Checkout.com does not know the resource",
    ErrorCode.DUPLICATE: "Checkout.com already holds a customer with these details",
    ErrorCode.RATE_LIMITED: "Checkout.com rate-limited the request",
    ErrorCode.PROCESSOR_UNAVAILABLE: "Checkout.com failed to process the request",
}

MAX_ERROR_BODY = 64 * 1024
"""Checkout.com's error bodies are a few hundred bytes: a larger one is not parsed."""
MAX_CODES = 50


def _fields(body: dict[str, Any] | None) -> tuple[str | None, list[str]] | None:
    """``(error_type, error_codes)`` of a Checkout.com error body, or None. Its ``request_id`` is
    the ``Cko-Request-Id`` header's, which the core reads (``ConnectorInfo.request_id_header``)."""
    if body is None:
        return None
    kind, codes = body.get("error_type"), body.get("error_codes")
    kind = kind if isinstance(kind, str) and kind else None
    codes = [c for c in codes[:MAX_CODES] if isinstance(c, str) and c] if isinstance(codes, list) else []
    if kind is None and not codes:
        return None
    return kind, codes


def _classify(status: int, codes: list[str]) -> tuple[ErrorCode, str | None]:
    if status in (401, 403, 404) or status >= 500:
        return error_code_for_status(status), None
    for code in codes:
        if code in ERROR_CODES:
            return ERROR_CODES[code]
    return error_code_for_status(status), None


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx Checkout.com reply (never raises)."""
    found = _fields(response.json_object(max_bytes=MAX_ERROR_BODY))
    if found is None:
        # A refused key (401 with no body), an empty 429 or 5xx, a proxy's HTML: the status is all there is.
        return status_error(
            response,
            message=_MESSAGES.get(
                error_code_for_status(response.status_code),
                f"Checkout.com (or a proxy before it) answered HTTP {response.status_code}",
            ),
        )
    kind, codes = found
    code, param = _classify(response.status_code, codes)
    message = _MESSAGES.get(code, "Checkout.com answered with an error")
    if kind:
        message = f"{message} ({kind})"
    details = {"error_type": kind or "", "error_codes": ", ".join(codes)}
    return ConnectorError(
        code,
        message,
        connector_code=codes[0] if codes else kind,
        connector_message=": ".join(part for part in (kind, ", ".join(codes)) if part),
        status_code=response.status_code,
        param=param,
        retryable=False if code in (ErrorCode.INVALID_REQUEST, ErrorCode.DUPLICATE) else None,
        retry_after=parse_retry_after(response.header("retry-after")),
        details={name: value for name, value in details.items() if value},
    )
