"""Adyen's error replies (``ServiceError``) as ``paywire.ConnectorError``.

Adyen answers an error with a JSON body::

    {"status": 401, "errorCode": "000", "message": "HTTP Status Response - Unauthorized",
     "errorType": "security", "pspReference": "..."}

Canonical codes follow the HTTP status (401 authentication, 403 permission, 400/422 invalid
request, 404 not found, 429 rate limited, 5xx processor unavailable), with one exception taken
from Adyen's own library: a 5xx whose ``errorType`` is ``validation`` is Adyen rejecting the input,
so it is ``INVALID_REQUEST`` and not worth retrying. A body that is not a ``ServiceError`` (an HTML
page from a proxy, an empty body) falls back to ``paywire.status_error``.
"""

from __future__ import annotations

import re
from typing import Any

import paywire
from paywire import ConnectorError, ErrorCode, HttpResponse

__all__ = ["CONNECTOR", "REQUEST_ID_HEADER", "connector_error"]

CONNECTOR = "adyen"
REQUEST_ID_HEADER = "pspreference"
"""Adyen returns the request's PSP reference as a ``pspReference`` header (lower-cased by the core)."""

_SERVICE_ERROR_KEYS = ("errorCode", "errorType", "message")
# "Required field 'shopperReference' is not provided." / "Field 'telephoneNumber' is not valid."
_PARAM = re.compile(r"[Ff]ield '([A-Za-z0-9_.\[\]]{1,100})'")
# Adyen error codes and PSP references are short tokens; anything else is not kept.
_TOKEN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int):
        return str(value)
    return None


def _canonical(status: int, error_type: str | None) -> tuple[ErrorCode, bool | None]:
    """The canonical code and the retry hint for a ServiceError answered with ``status``."""
    if status >= 500:
        if error_type == "validation":
            return ErrorCode.INVALID_REQUEST, False
        return ErrorCode.PROCESSOR_UNAVAILABLE, None
    if status in (400, 422):
        return ErrorCode.INVALID_REQUEST, False
    if status in (401, 403):
        return paywire.error_code_for_status(status), False
    return paywire.error_code_for_status(status), None


def connector_error(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for an Adyen non-2xx reply (returned, not raised)."""
    body = response.json_object()
    header_psp = response.header(REQUEST_ID_HEADER)
    if body is None or not any(key in body for key in _SERVICE_ERROR_KEYS):
        return paywire.status_error(
            response,
            connector=CONNECTOR,
            request_id_header=REQUEST_ID_HEADER,
            message=f"Adyen answered HTTP {response.status_code} without an error body",
        )
    error_code = _text(body.get("errorCode"))
    if error_code is not None and not _TOKEN.match(error_code):
        error_code = None
    message = body.get("message") if isinstance(body.get("message"), str) else None
    error_type = body.get("errorType") if isinstance(body.get("errorType"), str) else None
    psp = _text(body.get("pspReference"))
    if psp is None or not _TOKEN.match(psp):
        psp = header_psp
    code, retryable = _canonical(response.status_code, error_type)
    param_match = _PARAM.search(message) if message else None
    details = {"error_type": error_type} if error_type else {}
    return ConnectorError(
        code,
        f"Adyen: {message}" if message else f"Adyen answered HTTP {response.status_code}",
        connector=CONNECTOR,
        connector_code=error_code,
        connector_message=message,
        status_code=response.status_code,
        request_id=psp,
        param=param_match.group(1) if param_match else None,
        retryable=retryable,
        retry_after=paywire.parse_retry_after(response.header("retry-after")),
        details=details,
    )
