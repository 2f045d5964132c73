"""Braintree's GraphQL errors -> ``paywire.ConnectorError``.

Braintree answers ``{"data": ..., "errors": [...], "extensions": {"requestId": "..."}}``. Each
error has a ``message`` and, for Braintree's own errors, ``extensions``: ``errorClass``
(``VALIDATION``, ``AUTHENTICATION``, ``AUTHORIZATION``, ``NOT_FOUND``, ``NOT_IMPLEMENTED``,
``UNSUPPORTED_CLIENT``, ``RESOURCE_LIMIT``, ``INTERNAL``, ``SERVICE_AVAILABILITY``; the SDKs also
know ``UNKNOWN``), and for validation
errors ``legacyCode`` (the gateway's code, ``81604``) and ``inputPath`` (``["input", "customer",
"email"]``). Errors of the GraphQL layer itself (a variable that does not coerce, such as a
``website`` that is not a URL) carry no ``extensions``. Braintree's guide says every reply is
HTTP 200, errors included; its SDKs also handle 401, 403, 404, 426, 429, 500 and 503 (and a
load balancer may answer so), so non-2xx replies are read the same way, the status deciding.

The request id is in the body (``extensions.requestId``), not in a header. ``connector_code`` is
``legacyCode``, else ``errorClass``; ``connector_message`` Braintree's message (never the
exception's own message: it may echo input); ``param`` the canonical field ``inputPath`` points
at; ``details`` the error's fields and how many errors came.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from paywire import (
    ConnectorError,
    CreateCustomerRequest,
    ErrorCode,
    HttpResponse,
    error_code_for_status,
    parse_retry_after,
    status_error,
)

__all__ = ["MAX_BODY", "error_from_errors", "error_from_response", "graphql_errors", "request_id"]

MAX_BODY = 64 * 1024
"""A createCustomer reply (success or errors) is a few hundred bytes: a larger body is not one."""

_CLASSES: dict[str, tuple[ErrorCode, bool | None]] = {
    "VALIDATION": (ErrorCode.INVALID_REQUEST, False),
    "AUTHENTICATION": (ErrorCode.AUTHENTICATION_FAILED, False),
    "AUTHORIZATION": (ErrorCode.PERMISSION_DENIED, False),
    "NOT_FOUND": (ErrorCode.NOT_FOUND, False),
    "NOT_IMPLEMENTED": (ErrorCode.PROCESSOR_ERROR, False),
    "UNSUPPORTED_CLIENT": (ErrorCode.INVALID_REQUEST, False),
    "RESOURCE_LIMIT": (ErrorCode.RATE_LIMITED, None),
    "INTERNAL": (ErrorCode.PROCESSOR_UNAVAILABLE, None),
    "SERVICE_AVAILABILITY": (ErrorCode.PROCESSOR_UNAVAILABLE, None),
}
"""Braintree's ``errorClass`` (its "Making API Calls" guide lists them) -> canonical code and retry
hint, as its SDKs classify them (``GraphQLClient.raise_exception_for_graphql_error``);
``UNKNOWN`` and any class added later is a processor error."""

_GENERIC = frozenset({400, 422})
"""Statuses that say only "the request was refused": the error class says why."""

_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "Braintree rejected the request",
    ErrorCode.AUTHENTICATION_FAILED: (
        "Braintree did not accept the API keys (sandbox keys work only on the sandbox host, production keys only "
        "on the production host)"
    ),
    ErrorCode.PERMISSION_DENIED: "the API keys lack permission for this request",
    ErrorCode.NOT_FOUND: "Braintree does not know the resource",
    ErrorCode.RATE_LIMITED: "Braintree rate-limited the request",
    ErrorCode.PROCESSOR_UNAVAILABLE: "Braintree failed to process the request",
    ErrorCode.PROCESSOR_ERROR: "Braintree answered with an error",
    ErrorCode.TIMEOUT: "Braintree timed out",
    ErrorCode.IDEMPOTENCY_CONFLICT: "Braintree reported a conflict",
    ErrorCode.PAYMENT_REQUIRED: "Braintree refused the request",
}

_INPUT_FIELDS = {
    "company": "connector_feature_data.company",
    "fax": "connector_feature_data.fax",
    "website": "connector_feature_data.website",
}
"""``CustomerInput`` fields filled from ``connector_feature_data`` only."""


def request_id(body: dict[str, Any] | None) -> str | None:
    """Braintree's request id: ``extensions.requestId`` of the body."""
    extensions = body.get("extensions") if body is not None else None
    value = extensions.get("requestId") if isinstance(extensions, dict) else None
    return value if isinstance(value, str) and value else None


def graphql_errors(body: dict[str, Any] | None) -> list[dict[str, Any]] | None:
    """The body's ``errors`` (None when it has none: absent, null or empty). Entries that are not
    objects become ``{}``, so a malformed list is still an error, never a success."""
    errors = body.get("errors") if body is not None else None
    if errors is None or errors == []:
        return None
    if not isinstance(errors, list):
        return [{}]
    return [error if isinstance(error, dict) else {} for error in errors]


def _extensions(error: dict[str, Any]) -> dict[str, Any]:
    extensions = error.get("extensions")
    return extensions if isinstance(extensions, dict) else {}


def _decisive(errors: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The error that decides the category: the first that is not a validation error (a refused key
    outranks a field error), else the first."""
    return next((e for e in errors if _extensions(e).get("errorClass", "VALIDATION") != "VALIDATION"), errors[0])


def _path(extensions: dict[str, Any]) -> list[str]:
    value = extensions.get("inputPath")
    return [str(part) for part in value] if isinstance(value, list) else []


def _custom_field_owner(path: list[str], request: CreateCustomerRequest | None) -> str | None:
    """Which canonical field filled the custom field ``path`` points at: ``merchant_customer_id``
    is always the first entry, ``connector_feature_data.custom_fields`` the others."""
    if request is None:
        return None
    index = next((int(part) for part in path if part.isdigit()), None)
    has_id = request.merchant_customer_id is not None
    has_extra = "custom_fields" in (request.connector_feature_data or {})
    if index is not None:
        if index == 0 and has_id:
            return "merchant_customer_id"
        return "connector_feature_data.custom_fields" if has_extra else None
    if has_id != has_extra:  # no index: only one canonical field can be meant
        return "merchant_customer_id" if has_id else "connector_feature_data.custom_fields"
    return None


_FROM_BILLING = {
    "firstName": ("customer_name", "first_name"),
    "lastName": ("customer_name", "last_name"),
    "email": ("email", "email"),
    "phoneNumber": ("phone_number", "phone_number"),
}
"""``CustomerInput`` fields filled from a customer-level canonical field, or from the billing
address's part when that one is absent."""


def canonical_field(path: list[str], request: CreateCustomerRequest | None) -> str | None:
    """The canonical field Braintree's ``inputPath`` points at (None when it points at none, or
    when it cannot tell which)."""
    if path[:2] != ["input", "customer"] or len(path) < 3:
        return None
    name = path[2]
    if name == "customFields":
        return _custom_field_owner(path[3:], request)
    if name in _FROM_BILLING:
        field, part = _FROM_BILLING[name]
        billing = request.address.billing_address if request is not None and request.address else None
        if request is not None and getattr(request, field) is None and getattr(billing, part, None) is not None:
            return f"address.billing_address.{part}"
        return field
    return _INPUT_FIELDS.get(name)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else (str(value) if isinstance(value, int | float) else None)


def error_from_errors(
    errors: Sequence[dict[str, Any]],
    response: HttpResponse,
    body: dict[str, Any] | None,
    request: CreateCustomerRequest | None = None,
) -> ConnectorError:
    """The ``ConnectorError`` for Braintree's ``errors`` (inside a 2xx or a non-2xx reply)."""
    error = _decisive(errors)
    extensions = _extensions(error)
    error_class = _text(extensions.get("errorClass"))
    legacy_code = _text(extensions.get("legacyCode"))
    status = response.status_code
    by_class = _CLASSES.get(error_class, (ErrorCode.PROCESSOR_ERROR, None)) if error_class is not None else None
    if not (200 <= status < 300 or status in _GENERIC):
        # 401, 403, 429, 5xx...: the status says what happened; the class may only confirm it.
        code = error_code_for_status(status)
        retryable = by_class[1] if by_class is not None and by_class[0] is code else None
    elif by_class is not None:
        code, retryable = by_class
    else:  # GraphQL's own refusal of the document or a variable (no errorClass): the request's fault
        code, retryable = ErrorCode.INVALID_REQUEST, False
    path = _path(extensions)
    details = {
        key: value
        for key, value in (
            ("message", _text(error.get("message"))),
            ("error_class", error_class),
            ("error_type", _text(extensions.get("errorType"))),
            ("legacy_code", legacy_code),
            ("input_path", ".".join(path) or None),
            ("error_count", str(len(errors))),
        )
        if value is not None
    }
    message = _MESSAGES.get(code, _MESSAGES[ErrorCode.PROCESSOR_ERROR]) + (
        f" ({error_class})" if error_class else " (GraphQL error)"
    )
    return ConnectorError(
        code,
        message,
        connector_code=legacy_code or error_class,
        connector_message=_text(error.get("message")),
        status_code=status,
        request_id=request_id(body),
        param=canonical_field(path, request),
        retryable=retryable,
        retry_after=parse_retry_after(response.header("retry-after")),
        details=details,
    )


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx Braintree reply (never raises)."""
    body = response.json_object(max_bytes=MAX_BODY)
    errors = graphql_errors(body)
    if errors is None:
        # HTML from a load balancer, an empty or truncated body: the status is all there is.
        return status_error(
            response,
            message=f"Braintree (or a proxy before it) answered HTTP {response.status_code} without GraphQL errors",
            request_id=request_id(body),
        )
    return error_from_errors(errors, response, body)
