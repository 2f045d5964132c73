"""The ``shopperReference`` paywire returns as Adyen's ``connector_customer_id``.

Adyen has no customer object: a shopper *is* the reference the merchant sends with payments and
tokenization calls, 3 to 256 characters, free of personal data, and stable (a reference that
changes, even "015" vs "15", loses the shopper's stored payment methods).

* With a ``merchant_customer_id``: the id itself, verbatim. Adyen already scopes stored payment
  methods by merchant account, so a namespace would add nothing, and any rewriting (prefix,
  padding, hashing) would break continuity with references an existing Adyen integration already
  uses. It is rejected, naming ``merchant_customer_id``, when it is shorter than 3 characters or
  looks like personal data: it contains an e-mail address or starts like an international phone
  number ("+44 20..."), or it contains the request's e-mail, e-mail user name, phone number or
  full name (compared on letters and digits only, ignoring case, so "Jane-Roe-7" contains
  "Jane Roe"). A plain number ("4711") is a database id, not a phone number.
* Without one: ``pw_`` + 32 hex digits of SHA-256 over the merchant account and the call's
  idempotency key. The same call retried or replayed with the same key gets the same reference;
  another merchant account, another. Nothing personal goes in. paywire keeps no copy: the host
  must store the reference, as it stores any ``connector_customer_id``.
"""

from __future__ import annotations

import hashlib
import re

from paywire import CreateCustomerRequest, FieldError

__all__ = [
    "DERIVED_PREFIX",
    "MAX_LENGTH",
    "MIN_LENGTH",
    "derived_reference",
    "personal_values",
    "reference_problem",
    "shopper_reference",
]

MIN_LENGTH = 3
MAX_LENGTH = 256
DERIVED_PREFIX = "pw_"
_DERIVATION = b"paywire-adyen/shopper-reference/v1"
_SHORTEST_CHECKED = 3
"""Personal values shorter than this (once reduced to letters and digits) are not searched for:
"Al" would match far too many ordinary ids."""

_EMAIL_LIKE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]{2,}")
_PHONE_LIKE = re.compile(r"^\s*\+[0-9][0-9\s().-]{5,}$")


def _alnum(value: str) -> str:
    return "".join(ch for ch in value.casefold() if ch.isalnum())


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isascii() and ch.isdigit())


def personal_values(request: CreateCustomerRequest) -> list[str]:
    """Every e-mail, e-mail user name, phone number and full name the request holds, reduced to
    letters and digits, lower-case: what a ``shopperReference`` must not contain."""
    emails: list[str] = []
    phones: list[str] = []
    names: list[str] = []
    if request.email is not None:
        emails.append(request.email.get_secret_value())
    if request.phone_number is not None:
        digits = _digits(request.phone_number)
        phones.append(digits)
        # The national number too: the country code is 1 to 3 digits.
        phones.extend(digits[n:] for n in (1, 2, 3) if len(digits) - n >= 7)
    if request.customer_name is not None:
        names.append(request.customer_name)
    if request.address is not None:
        for address in (request.address.billing_address, request.address.shipping_address):
            if address is None:
                continue
            if address.email is not None:
                emails.append(address.email.get_secret_value())
            if address.phone_number is not None:
                number = address.phone_number.get_secret_value()
                phones.append(number)
                if address.phone_country_code is not None:
                    phones.append(address.phone_country_code + number)
            parts = [p.get_secret_value() for p in (address.first_name, address.last_name) if p is not None]
            if len(parts) == 2:
                names.append(" ".join(parts))
    values = [*emails, *(e.rpartition("@")[0] for e in emails), *names]
    reduced = [_alnum(v) for v in values] + [_digits(p) for p in phones]
    return sorted({v for v in reduced if len(v) >= _SHORTEST_CHECKED})


def reference_problem(merchant_customer_id: str, request: CreateCustomerRequest) -> str | None:
    """Why ``merchant_customer_id`` cannot be a ``shopperReference`` (None when it can).
    The reason never quotes the id or the personal value."""
    if not MIN_LENGTH <= len(merchant_customer_id) <= MAX_LENGTH:
        return (
            f"Adyen needs a shopperReference of {MIN_LENGTH} to {MAX_LENGTH} characters: "
            "pad or prefix your ids consistently (e.g. 'user_7'), never only some of them"
        )
    if _EMAIL_LIKE.search(merchant_customer_id):
        return "looks like an e-mail address; Adyen forbids personal data in shopperReference"
    if _PHONE_LIKE.match(merchant_customer_id) and len(_digits(merchant_customer_id)) >= 7:
        return "looks like a phone number; Adyen forbids personal data in shopperReference"
    reduced = _alnum(merchant_customer_id)
    if any(value in reduced for value in personal_values(request)):
        return "contains this customer's name, e-mail or phone number; Adyen forbids personal data in shopperReference"
    return None


def derived_reference(merchant_account: str, idempotency_key: str) -> str:
    """The opaque reference of a call without ``merchant_customer_id``."""
    digest = hashlib.sha256(
        _DERIVATION + b"\x00" + merchant_account.encode() + b"\x00" + idempotency_key.encode()
    ).hexdigest()
    return DERIVED_PREFIX + digest[:32]


def shopper_reference(request: CreateCustomerRequest, merchant_account: str, idempotency_key: str) -> str | FieldError:
    """The ``shopperReference`` for ``request``, or the ``FieldError`` saying why there is none."""
    if request.merchant_customer_id is None:
        return derived_reference(merchant_account, idempotency_key)
    problem = reference_problem(request.merchant_customer_id, request)
    if problem is not None:
        return FieldError("merchant_customer_id", problem)
    return request.merchant_customer_id
