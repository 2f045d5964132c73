"""HTTP request and response descriptions, and the helpers connectors share to build requests
and read replies.

Connectors never do I/O: they return an ``HttpRequest`` and receive an ``HttpResponse``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ._exceptions import ConnectorError, ErrorCode

__all__ = [
    "HttpRequest",
    "HttpResponse",
    "basic_auth",
    "error_code_for_status",
    "json_body",
    "parse_retry_after",
    "status_error",
    "unparseable",
]


def json_body(data: Any) -> bytes:
    """``data`` as a compact UTF-8 JSON body (non-ASCII kept as is): the encoding the core uses when
    it adds the idempotency key to a JSON body, so connectors building JSON use it too."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def basic_auth(username: str, password: str = "") -> str:
    """The ``Authorization`` value for HTTP Basic authentication (RFC 7617, UTF-8)."""
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """What to send: built by a connector, sent by the core's transport."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def __repr__(self) -> str:
        # Headers and body may hold credentials and personal data: never print them.
        return f"HttpRequest({self.method} {self.url.split('?', 1)[0]}, {len(self.body)} bytes)"


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """What came back. Header names are lower-case."""

    status_code: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def __repr__(self) -> str:
        return f"HttpResponse({self.status_code}, {len(self.body)} bytes)"

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    def header(self, name: str) -> str | None:
        """A header's value by case-insensitive name, or None."""
        return self.headers.get(name.lower())

    def json_object(self, *, max_bytes: int = 1024 * 1024) -> dict[str, Any] | None:
        """The body as a JSON object, or None when it is not one: empty, HTML, truncated, bad
        UTF-8, or larger than ``max_bytes`` (not parsed at all: a huge body costs real time).
        A UTF-8 byte-order mark before the object is allowed (Authorize.net sends one)."""
        body = self.body.removeprefix(b"\xef\xbb\xbf")
        if not body or len(body) > max_bytes or body.lstrip()[:1] != b"{":
            return None
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None


_STATUS_CODES: dict[int, ErrorCode] = {
    400: ErrorCode.INVALID_REQUEST,
    401: ErrorCode.AUTHENTICATION_FAILED,
    402: ErrorCode.PAYMENT_REQUIRED,
    403: ErrorCode.PERMISSION_DENIED,
    404: ErrorCode.NOT_FOUND,
    408: ErrorCode.TIMEOUT,
    409: ErrorCode.IDEMPOTENCY_CONFLICT,
    413: ErrorCode.INVALID_REQUEST,
    422: ErrorCode.INVALID_REQUEST,
    429: ErrorCode.RATE_LIMITED,
}


def error_code_for_status(status_code: int) -> ErrorCode:
    """The canonical category an HTTP status implies on its own (used when the body is unreadable)."""
    if status_code >= 500:
        return ErrorCode.PROCESSOR_UNAVAILABLE
    return _STATUS_CODES.get(status_code, ErrorCode.PROCESSOR_ERROR)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime  # rare (an HTTP date); 4.5 ms at startup otherwise

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds or seconds == float("inf"):  # NaN or infinite
        return None
    return max(0.0, seconds)


def status_error(
    response: HttpResponse,
    *,
    connector: str = "",
    request_id_header: str | None = None,
    message: str | None = None,
    **fields: Any,
) -> ConnectorError:
    """A ``ConnectorError`` from the status alone, for replies whose body says nothing usable.

    Connectors call it as the fallback of their error parsing; keyword ``fields`` override or add
    ``ConnectorError`` attributes (``code``, ``connector_code``, ``param``...). The core fills in
    the connector's name, and the request id from ``ConnectorInfo.request_id_header``, when unset.
    """
    code = fields.pop("code", None) or error_code_for_status(response.status_code)
    request_id = fields.pop("request_id", None)
    if request_id is None and request_id_header:
        request_id = response.header(request_id_header)
    fields.setdefault("retry_after", parse_retry_after(response.header("retry-after")))
    return ConnectorError(
        code,
        message or f"processor answered HTTP {response.status_code}",
        connector=connector,
        status_code=response.status_code,
        request_id=request_id,
        **fields,
    )


def unparseable(response: HttpResponse, why: str) -> ConnectorError:
    """The error for a reply that is not what the processor documents (``why`` says how), raised by
    a response hook: on a 2xx reply the processor may have acted, so the core treats it as an
    ambiguous failure (retried only where that is safe, else ``OutcomeUnknownError``)."""
    return ConnectorError(
        ErrorCode.UNPARSEABLE_RESPONSE,
        f"the processor answered HTTP {response.status_code} but {why}",
        status_code=response.status_code,
    )
