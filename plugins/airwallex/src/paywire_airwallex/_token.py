"""Airwallex's login: ``POST /api/v1/authentication/login`` -> an access token and its expiry.

Airwallex answers 201 ``{"token": "...", "expires_at": "2026-05-12T00:00:00+0000"}``: an absolute
expiry in ISO 8601 (offset written without a colon), documented as 30 minutes after login, with
"always refer to the expires_at field for the exact expiration time". paywire wants the lifetime
in seconds from the reply, and hooks read no clock; the reply's own ``Date`` header (RFC 9110:
the server's time when it answered) gives it, and measures both instants on Airwallex's clock, so
a skewed local clock cannot shorten or stretch it. A reply without a usable ``Date`` is given the
documented 30 minutes; a token Airwallex revokes earlier is answered 401, and the core then logs
in once more and retries.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from pydantic import SecretStr

from paywire import AccessToken, HttpRequest, HttpResponse, json_body, unparseable

from ._credentials import AirwallexCredentials

__all__ = ["LOGIN_PATH", "TOKEN_LIFETIME", "login_request", "parse_expires_at", "read_token"]

LOGIN_PATH = "/api/v1/authentication/login"
TOKEN_LIFETIME = 30 * 60.0
"""Seconds a token is valid, as Airwallex documents it: used only when the reply has no ``Date``."""

MAX_LOGIN_BODY = 64 * 1024
_TOKEN = re.compile(r"^[\x21-\x7e]{1,8192}$")
"""The token travels in the ``Authorization`` header: visible ASCII, no spaces, bounded."""


def login_request(credentials: AirwallexCredentials, base_url: str) -> HttpRequest:
    """The login request. Airwallex documents no body; its Node SDK sends ``{}`` as JSON, as here."""
    return HttpRequest(
        "POST",
        f"{base_url}{LOGIN_PATH}",
        {
            "x-client-id": credentials.client_id.get_secret_value(),
            "x-api-key": credentials.api_key.get_secret_value(),
            "Content-Type": "application/json",
        },
        json_body({}),
    )


def _aware(when: datetime) -> datetime:
    """``when``, read as UTC when it names no offset."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def parse_expires_at(value: str) -> datetime | None:
    """``expires_at`` as an aware datetime (``+0000``, ``+00:00`` and ``Z`` offsets; none: UTC), or None."""
    try:
        return _aware(datetime.fromisoformat(value))
    except ValueError:
        return None


def _server_time(response: HttpResponse) -> datetime | None:
    value = response.header("date")
    if not value:
        return None
    try:
        return _aware(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        return None


def read_token(response: HttpResponse) -> AccessToken:
    """The access token of a 2xx login reply, with its lifetime (``expires_at`` less ``Date``)."""
    body = response.json_object(max_bytes=MAX_LOGIN_BODY)
    if body is None:
        raise unparseable(response, "the login reply is not a JSON object")
    token, expires_at = body.get("token"), body.get("expires_at")
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise unparseable(response, "the login reply holds no usable 'token'")
    expiry = parse_expires_at(expires_at) if isinstance(expires_at, str) else None
    if expiry is None:
        raise unparseable(response, "the login reply holds no ISO 8601 'expires_at'")
    now = _server_time(response)
    if now is None:
        return AccessToken(SecretStr(token), TOKEN_LIFETIME)
    lifetime = (expiry - now).total_seconds()
    if lifetime <= 0:
        raise unparseable(response, "the login reply's token expires before the reply's own Date")
    return AccessToken(SecretStr(token), lifetime)
