"""Field validators shared by the canonical models and by connectors enforcing their own limits.

Each validator raises ``ValueError`` with a message that never repeats the value it rejects.
"""

from __future__ import annotations

import re

from ._countries import CALLING_CODES, ISO_3166_ALPHA2, split_e164

__all__ = [
    "check_country",
    "check_e164",
    "check_email",
    "check_locale",
    "check_no_control_chars",
    "check_phone_country_code",
]

# WHATWG HTML "valid e-mail address": what browsers accept in <input type=email>.
_EMAIL = re.compile(
    r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$"
)
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

# Unicode category Cc is exactly U+0000-001F and U+007F-009F; Cs (surrogates) is U+D800-DFFF.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def check_no_control_chars(value: str) -> str:
    """Reject control characters (tabs, newlines, NUL...) and lone surrogates."""
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def check_email(value: str) -> str:
    """Accept an e-mail address as the WHATWG HTML standard defines it (at most 254 characters)."""
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValueError("not a valid e-mail address (expected name@example.com)")
    return value


def check_e164(value: str) -> str:
    """Accept an E.164 phone number: '+', an assigned country calling code and the subscriber
    number, 8 to 15 digits in all."""
    if not _E164.match(value):
        raise ValueError("not an E.164 phone number (expected e.g. +14155550100)")
    try:
        split_e164(value)
    except ValueError:
        raise ValueError("not an E.164 phone number: no assigned country calling code") from None
    return value


def check_phone_country_code(value: str) -> str:
    """Accept a country calling code written '+' and its digits, e.g. '+1' or '+44'."""
    if not (value.startswith("+") and value[1:] in CALLING_CODES):
        raise ValueError("must be '+' and an assigned country calling code, e.g. +1")
    return value


def check_country(value: str) -> str:
    """Accept an ISO 3166-1 alpha-2 country code, in either case; return it upper-case."""
    upper = value.upper()
    if upper not in ISO_3166_ALPHA2:
        raise ValueError("not an ISO 3166-1 alpha-2 country code (expected e.g. US, DE)")
    return upper


def check_locale(value: str) -> str:
    """Accept a BCP 47 style locale tag such as 'en', 'en-US' or 'fr-CA'."""
    if not _LOCALE.match(value):
        raise ValueError("not a locale tag (expected e.g. en or en-US)")
    return value
