"""Airwallex's error replies -> ``paywire.ConnectorError``.

Airwallex answers ``{"code", "message", "source"?, "details"?, "trace_id"?}`` (API reference,
Errors; Payments error codes), with the trace id in the ``x-awx-traceid`` response header. The
status decides the category, but a 400 (and a 409) is classified by its ``code``, because
Airwallex reports more than bad input with HTTP 400: ``duplicate_request`` (a reused
``request_id``), ``resource_already_exists``, ``resource_not_found``, ``internal_error`` and
``service_unavailable``. The processor's code, message and ``source`` are kept in
``connector_code``, ``connector_message`` and ``param``; the exception's own message names the
category and never quotes Airwallex's text, which may echo input values.
"""

from __future__ import annotations

import json

from paywire import ConnectorError, ErrorCode, HttpResponse, error_code_for_status, status_error

__all__ = ["BY_CODE", "REQUEST_ID_HEADER", "error_from_response"]

REQUEST_ID_HEADER = "x-awx-traceid"
"""Airwallex's trace id header (32 hex digits); Airwallex sends the same value in ``X-B3-TraceId``."""

MAX_ERROR_BODY = 64 * 1024
"""Airwallex's error objects are a few hundred bytes: a larger body is a proxy's page or garbage."""

BY_CODE: dict[str, ErrorCode] = {
    "duplicate_request": ErrorCode.IDEMPOTENCY_CONFLICT,
    "resource_already_exists": ErrorCode.DUPLICATE,
    "resource_not_found": ErrorCode.NOT_FOUND,
    "internal_error": ErrorCode.PROCESSOR_UNAVAILABLE,
    "service_unavailable": ErrorCode.PROCESSOR_UNAVAILABLE,
}
"""Airwallex error code -> canonical code, for the statuses whose meaning the code decides (400, 409).
A code the status already says needs no entry: ``validation_error`` (a 400 is invalid input), and
those Airwallex sends only with their own status (``unauthorized`` 401, ``not_found`` 404,
``too_many_requests`` 429)."""

_NEVER_AGAIN = frozenset({"duplicate_request", "resource_already_exists"})
"""Codes no retry of the same request can change: the request id, or the customer, exists."""

_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "Airwallex rejected the request",
    ErrorCode.IDEMPOTENCY_CONFLICT: "Airwallex refused the request: its request_id (idempotency key) was used before",
    ErrorCode.DUPLICATE: "Airwallex refused the request: the customer already exists",
    ErrorCode.AUTHENTICATION_FAILED: "Airwallex did not accept the credentials or the access token",
    ErrorCode.PERMISSION_DENIED: "the Airwallex API key lacks permission for this request",
    ErrorCode.NOT_FOUND: "Airwallex does not know the endpoint or the resource",
    ErrorCode.RATE_LIMITED: "Airwallex rate-limited the request",
    ErrorCode.PROCESSOR_UNAVAILABLE: "Airwallex failed to process the request",
}

_TEXT_FIELDS = ("code", "message", "source", "trace_id", "provider_original_response_code")


def _fields(response: HttpResponse) -> dict[str, str] | None:
    """The reply's Airwallex error fields as strings, or None when it is not an Airwallex error body."""
    body = response.json_object(max_bytes=MAX_ERROR_BODY)
    if body is None or not isinstance(body.get("code"), str) or not body["code"]:
        return None
    fields = {name: value for name in _TEXT_FIELDS if isinstance(value := body.get(name), str) and value}
    details = body.get("details")
    if isinstance(details, dict | list) and details:  # "a conditional key-value object" (or a list)
        fields["details"] = json.dumps(details, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return fields


def _classify(status: int, code: str) -> ErrorCode:
    if status in (400, 409):
        return BY_CODE.get(code, error_code_for_status(status))
    return error_code_for_status(status)


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx Airwallex reply (never raises)."""
    fields = _fields(response)
    if fields is None:
        # HTML from a gateway, an empty or truncated body: the status is all there is.
        return status_error(
            response,
            message=f"Airwallex (or a proxy before it) answered HTTP {response.status_code} without an error body",
        )
    code = fields["code"]
    canonical = _classify(response.status_code, code)
    # The status, any Retry-After and the trace id header (ConnectorInfo.request_id_header) are
    # read as for every reply; the body's trace_id stays in details.
    return status_error(
        response,
        code=canonical,
        message=f"{_MESSAGES.get(canonical, 'Airwallex answered with an error')} ({code})",
        connector_code=code,
        connector_message=fields.get("message"),
        param=fields.get("source"),
        retryable=False if code in _NEVER_AGAIN else None,
        details=fields,
    )
