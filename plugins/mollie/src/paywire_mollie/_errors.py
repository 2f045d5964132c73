"""Mollie's error replies -> ``paywire.ConnectorError``.

Mollie answers every error with ``{"status", "title", "detail", "field"?, "_links"}``
(``application/hal+json``; docs.mollie.com/reference/handling-errors): ``status`` is the HTTP
status, ``title`` its name ("Unprocessable Entity"), ``detail`` the explanation and ``field`` the
parameter at fault (422). Mollie has no error codes of its own, so ``connector_code`` is the
``title``; ``connector_message`` is ``detail``, ``param`` is ``field``, and ``details`` keeps them
with the documentation link and the canonical field ``field`` stands for. The exception's own
message names the category and never quotes ``detail``, which may echo input values. Mollie
documents no request-id header.

The status decides the canonical code, as Mollie's list of status codes says, with two readings
of its idempotency page: a key reused with other parameters is answered ``400`` (told from a
malformed request by a ``detail`` naming the idempotency key) and a key whose first
request is still running ``409``. Mollie reports no duplicate customers: it holds any number of
customers with the same e-mail.
"""

from __future__ import annotations

from typing import Any

from paywire import ConnectorError, ErrorCode, HttpResponse, error_code_for_status, parse_retry_after, status_error

__all__ = ["CANONICAL_FIELDS", "error_from_response"]

MAX_ERROR_BODY = 64 * 1024
"""Mollie's error objects are a few hundred bytes: a larger body is a proxy's page, not parsed."""

CANONICAL_FIELDS: dict[str, str] = {
    "name": "customer_name",
    "email": "email",
    "locale": "preferred_locales",
    "metadata": "metadata",
}
"""Mollie's body parameter -> the canonical field it is sent from (``details["canonical_field"]``)."""

_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "Mollie rejected the request",
    ErrorCode.AUTHENTICATION_FAILED: "Mollie did not accept the API key",
    ErrorCode.PERMISSION_DENIED: "the API key has no access to this resource",
    ErrorCode.NOT_FOUND: "Mollie does not know the resource",
    ErrorCode.RATE_LIMITED: "Mollie rate-limited the request",
    ErrorCode.PROCESSOR_UNAVAILABLE: "Mollie failed to process the request",
    ErrorCode.PROCESSOR_ERROR: "Mollie answered with an error",
}


def _error_fields(response: HttpResponse) -> dict[str, str] | None:
    """Mollie's error fields as text, or None when the body is not Mollie's error object."""
    body = response.json_object(max_bytes=MAX_ERROR_BODY)
    if body is None:
        return None
    status, title, detail = body.get("status"), body.get("title"), body.get("detail")
    if type(status) is not int or not (isinstance(title, str) or isinstance(detail, str)):
        return None  # Mollie's error objects always hold the status and say what went wrong
    fields = {"status": str(status)}
    for name, value in (("title", title), ("detail", detail), ("field", body.get("field"))):
        if isinstance(value, str):
            fields[name] = value
    documentation = _documentation(body)
    if documentation is not None:
        fields["documentation"] = documentation
    return fields


def _documentation(body: dict[str, Any]) -> str | None:
    links = body.get("_links")
    link = links.get("documentation") if isinstance(links, dict) else None
    href = link.get("href") if isinstance(link, dict) else None
    return href if isinstance(href, str) else None


def _names_idempotency(fields: dict[str, str]) -> bool:
    return "idempoten" in fields.get("detail", "").lower()


def _classify(status: int, fields: dict[str, str]) -> tuple[ErrorCode, str, bool | None]:
    """Canonical code, message and retry hint for Mollie's HTTP ``status``."""
    if status == 400 and _names_idempotency(fields):
        return (
            ErrorCode.IDEMPOTENCY_CONFLICT,
            "the idempotency key was already used with another request (other parameters or another endpoint)",
            False,
        )
    if status == 409:
        return ErrorCode.IDEMPOTENCY_CONFLICT, "a request with this idempotency key is still being processed", None
    if status == 415:
        return ErrorCode.INVALID_REQUEST, "Mollie could not read the request's encoding", False
    code = error_code_for_status(status)
    return code, _MESSAGES.get(code, _MESSAGES[ErrorCode.PROCESSOR_ERROR]), None


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx Mollie reply (never raises)."""
    fields = _error_fields(response)
    if fields is None:
        # HTML from a proxy, an empty or truncated body: the status is all there is.
        return status_error(
            response,
            message=f"Mollie (or a proxy before it) answered HTTP {response.status_code} without a Mollie error body",
        )
    code, message, retryable = _classify(response.status_code, fields)
    param = fields.get("field")
    if param in CANONICAL_FIELDS:
        fields["canonical_field"] = CANONICAL_FIELDS[param]
    return ConnectorError(
        code,
        message,
        connector_code=fields.get("title"),
        connector_message=fields.get("detail"),
        status_code=response.status_code,
        param=param,
        retryable=retryable,
        retry_after=parse_retry_after(response.header("retry-after")),
        details=fields,
    )
