"""Authorize.net's error replies -> ``paywire.ConnectorError``.

Authorize.net answers errors with HTTP 200 and ``{"messages": {"resultCode": "Error", "message":
[{"code": "E000xx", "text": "..."}]}}`` (a createCustomerProfile business error also carries the
empty ID lists). The response hook raises what ``error_from_messages`` builds; a non-2xx reply
(a proxy's, or Authorize.net's front end) goes to ``error_from_response``. The processor's code,
text and the element its text names are kept (``connector_code``, ``connector_message``,
``param``); the exception's own message names the category and never quotes the text, which can
echo input values. Codes and texts: Authorize.net's ``responseCodes.json``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from paywire import ConnectorError, ErrorCode, HttpResponse, error_code_for_status, status_error

__all__ = ["CODES", "MAX_REPLY", "error_from_messages", "error_from_response", "messages_of"]

MAX_REPLY = 256 * 1024
"""A createCustomerProfile reply is a few hundred bytes (a few kilobytes with validation
responses): a larger body is not one, and is not parsed."""

_AUTH = ErrorCode.AUTHENTICATION_FAILED
_DENIED = ErrorCode.PERMISSION_DENIED
_INVALID = ErrorCode.INVALID_REQUEST
_DOWN = ErrorCode.PROCESSOR_UNAVAILABLE

CODES: Mapping[str, tuple[ErrorCode, bool | None, str]] = {
    # code: (canonical code, retryable hint, what the exception's message says)
    "E00001": (_DOWN, None, "Authorize.net reported an unexpected system error"),
    "E00002": (_INVALID, False, "Authorize.net does not accept the request's content type"),
    "E00003": (_INVALID, False, "Authorize.net's schema validation refused the request"),
    "E00004": (_INVALID, False, "Authorize.net does not know the API method"),
    "E00005": (_AUTH, False, "the transaction key is invalid or missing"),
    "E00006": (_AUTH, False, "the API login ID is invalid or missing"),
    "E00007": (_AUTH, False, "Authorize.net did not accept the API login ID and transaction key"),
    "E00008": (_AUTH, False, "the Authorize.net account or API user is inactive"),
    "E00009": (_DENIED, False, "the Authorize.net account is in Test Mode"),
    "E00010": (_DENIED, False, "the API user lacks permission to call the API"),
    "E00011": (_DENIED, False, "the API user lacks permission for this method"),
    "E00013": (_INVALID, False, "Authorize.net refused a field's value"),
    "E00014": (_INVALID, False, "Authorize.net misses a required field"),
    "E00015": (_INVALID, False, "Authorize.net refused a field's length"),
    "E00016": (_INVALID, False, "Authorize.net refused a field's type"),
    "E00039": (ErrorCode.DUPLICATE, False, "Authorize.net already holds a profile with these values"),
    "E00041": (_INVALID, False, "Authorize.net needs a value in at least one profile field"),
    "E00044": (_DENIED, False, "Customer Information Manager is not enabled on the Authorize.net account"),
    "E00045": (_INVALID, False, "the request's root does not name Authorize.net's XML namespace"),
    # The database timed out: Authorize.net may or may not have stored the profile (an unknown
    # outcome: retried only when the request holds the whole natural key).
    "E00049": (ErrorCode.TIMEOUT, None, "Authorize.net's operation timed out; the profile may or may not exist"),
    "E00053": (ErrorCode.RATE_LIMITED, True, "Authorize.net is too busy; try again later"),
    "E00059": (_DENIED, False, "the authentication type is not allowed for this method"),
    "E00104": (_DOWN, True, "Authorize.net is in maintenance; try again later"),
}
"""The ``E000xx`` codes a createCustomerProfileRequest can meet. Any other ``E`` code is a
``processor_error``. Errors inside a 200 are the processor's settled answer, except E00001 (a
system error) and E00049 (a timeout): the profile may exist, so the core treats them as after a
5xx (retried only when the request holds the natural key, else ``OutcomeUnknownError``).
E00053 and E00104 say nothing was processed (``retryable=True``): always retried."""

_ELEMENT = re.compile(r"The '[^']*:(\w+)' element is invalid")
_CHILD = re.compile(r"has invalid child element '(\w+)'")
_INCOMPLETE = re.compile(r"has incomplete content\. List of possible elements expected: '(\w+)")
_NAMED = re.compile(r"^(?!The field )([A-Za-z][A-Za-z0-9 ]{0,39}?) (?:is|are) (?:invalid|required|not valid)\b")
_DUPLICATE_ID = re.compile(r"\bID (\d+)\b")
_FIELD_CODES = frozenset({"E00013", "E00014", "E00015", "E00016"})
"""Codes whose text names the field first ("Email is invalid.", "Customer Profile ID is invalid."), unless it
is responseCodes.json's generic one ("The field length is invalid.")."""


def messages_of(body: Mapping[str, Any] | None) -> tuple[str, list[tuple[str, str]]] | None:
    """``(resultCode, [(code, text), ...])`` of a reply's ``messages``, or None when it has none."""
    messages = body.get("messages") if body is not None else None
    if not isinstance(messages, dict):
        return None
    result = messages.get("resultCode")
    items = messages.get("message")
    if not isinstance(result, str) or not isinstance(items, list):
        return None
    found: list[tuple[str, str]] = []
    for item in items:
        code = item.get("code") if isinstance(item, dict) else None
        if isinstance(code, str):
            text = item.get("text")
            found.append((code, text if isinstance(text, str) else ""))
    return result, found


def _param(code: str, text: str) -> str | None:
    """The element or field an error text names (the schema validator's, or Authorize.net's own)."""
    for pattern in (_ELEMENT, _CHILD, _INCOMPLETE):
        if match := pattern.search(text):
            return match.group(1)
    if code in _FIELD_CODES and (match := _NAMED.match(text)):
        return match.group(1)
    return None


def error_from_messages(response: HttpResponse, result: str, messages: list[tuple[str, str]]) -> ConnectorError:
    """The ``ConnectorError`` for an Authorize.net reply whose ``messages`` report an error."""
    code, text = messages[0] if messages else ("", "")
    canonical, retryable, message = CODES.get(
        code, (ErrorCode.PROCESSOR_ERROR, None, "Authorize.net answered with an error")
    )
    details = {"resultCode": result, "message_count": str(len(messages))}
    for index, (other, other_text) in enumerate(messages[1:], 2):
        details[f"message_{index}"] = f"{other}: {other_text}"
    duplicate_of = None
    if canonical is ErrorCode.DUPLICATE and (match := _DUPLICATE_ID.search(text)):
        duplicate_of = match.group(1)
    return ConnectorError(
        canonical,
        f"{message} ({code})" if code else message,
        connector_code=code or None,
        connector_message=text or None,
        status_code=response.status_code,
        param=_param(code, text),
        retryable=retryable,
        duplicate_of=duplicate_of,
        details=details,
    )


def error_from_response(response: HttpResponse) -> ConnectorError:
    """The ``ConnectorError`` for a non-2xx reply (never raises)."""
    found = messages_of(response.json_object(max_bytes=MAX_REPLY))
    if found is None or not found[1]:
        return status_error(
            response,
            message=f"Authorize.net (or a proxy before it) answered HTTP {response.status_code} "
            f"without an Authorize.net reply",
        )
    error = error_from_messages(response, *found)
    if error.code is ErrorCode.PROCESSOR_ERROR:  # an unknown code: the status says more
        error.code = error_code_for_status(response.status_code)
    return error
