"""Canonical ``CreateCustomerRequest`` -> the JSON body of Stax's ``POST /customer``.

Every canonical field is mapped (``FIELDS``) or refused by the core (``UNSUPPORTED_FIELDS``); the
limits Stax documents for ``POST /customer`` (its API reference, operation ``create-customer``)
are declared in ``LIMITS`` where a ``Limit`` can say them and checked here otherwise:

    merchant_customer_id        -> reference (at most 255)
    customer_name               -> firstname + lastname (paywire.person_name; 255 each)
    email                       -> email (at most 255; the canonical 254 always fits)
    phone_number                -> phone: the E.164 digits without '+', 10 to 15 of them
    description                 -> notes (at most 21844; the canonical 5000 always fits)
    address.billing_address     -> address_1, address_2, address_city (255 each),
                                   address_state (2), address_zip (16), address_country (alpha-3);
                                   its first/last name -> firstname/lastname, its e-mail -> email
                                   and its phone -> phone, agreeing with the customer-level values
                                   (paywire.person_name and paywire.contact decide, as for every
                                   connector that keeps one name, e-mail and phone)
    connector_feature_data      -> company (Stax's company name, at most 255)
    metadata, preferred_locales,
    address.shipping_address,
    address.billing_address.line3 -> refused: a Stax customer has no place for them

Stax refuses a customer with none of firstname, lastname, email and company (422); so does this
module, before anything is sent, naming the canonical fields that would fill them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paywire import (
    Address,
    CreateCustomerRequest,
    FieldErrors,
    FieldMap,
    Limit,
    alpha3,
    contact,
    feature_data,
    person_name,
    plain,
)

__all__ = [
    "FEATURE_FIELDS",
    "FIELDS",
    "IDENTITY_FIELDS",
    "LIMITS",
    "PHONE_DIGITS",
    "UNSUPPORTED_FIELDS",
    "to_body",
]

TEXT_MAX = 255
"""Stax's ``Max: 255`` for names, e-mail, company, reference and the address lines and city."""
PHONE_DIGITS = (10, 15)
"""Stax's ``phone``: 'Matching regex: /[0-9]{10,15}/'."""

_BILLING = "address.billing_address"

UNSUPPORTED_FIELDS = frozenset({"metadata", "preferred_locales", "address.shipping_address", f"{_BILLING}.line3"})
"""Canonical fields a Stax customer cannot hold: one address of two lines, no metadata, no locale."""

LIMITS: Mapping[str, Limit] = {
    "merchant_customer_id": Limit(max_length=TEXT_MAX),
    f"{_BILLING}.first_name": Limit(max_length=TEXT_MAX),
    f"{_BILLING}.last_name": Limit(max_length=TEXT_MAX),
    f"{_BILLING}.line1": Limit(max_length=TEXT_MAX),
    f"{_BILLING}.line2": Limit(max_length=TEXT_MAX),
    f"{_BILLING}.city": Limit(max_length=TEXT_MAX),
    f"{_BILLING}.state": Limit(max_length=2),
    f"{_BILLING}.zip_code": Limit(max_length=16),
}
"""Stax's documented limits below the canonical ones (256 characters for text)."""

FEATURE_FIELDS: Mapping[str, int] = {"company": TEXT_MAX}
"""``connector_feature_data`` keys passed through (Stax fields with no canonical twin), with limits."""

IDENTITY_FIELDS = (
    "customer_name",
    "email",
    f"{_BILLING}.first_name",
    f"{_BILLING}.last_name",
    f"{_BILLING}.email",
    "connector_feature_data.company",
)
"""The canonical fields that fill Stax's firstname, lastname, email or company: one is needed."""

_POSTAL_PARTS = (
    ("line1", "address_1"),
    ("line2", "address_2"),
    ("city", "address_city"),
    ("state", "address_state"),
    ("zip_code", "address_zip"),
)
"""Canonical address part -> Stax customer field (the country is converted: ``address_country``)."""

_ORDER = (
    "firstname",
    "lastname",
    "company",
    "email",
    "phone",
    "address_1",
    "address_2",
    "address_city",
    "address_state",
    "address_zip",
    "address_country",
    "reference",
    "notes",
)
"""Body keys in the order of Stax's own examples (its SDK's ``customers.create`` docstring)."""


def _words(text: str) -> list[str]:
    return [word for word in text.split(" ") if word]


def _e164_digits(number: str) -> str:
    """``14155550100`` for ``+14155550100``: what Stax's ``phone`` holds."""
    return number.removeprefix("+")


def _names(request: CreateCustomerRequest, body: dict[str, Any], errors: FieldErrors) -> None:
    given, family = person_name(request, errors)
    for key, value in (("firstname", given), ("lastname", family)):
        if value is None:
            continue
        # The billing names alone are held to LIMITS by the core; a part cut from customer_name is not.
        if len(value) > TEXT_MAX and request.customer_name is not None:
            errors.add(
                "customer_name",
                f"its part sent as Stax's {key} is longer than {TEXT_MAX} characters",
                "string_too_long",
            )
        body[key] = value


def _phone(request: CreateCustomerRequest, phone: str, errors: FieldErrors) -> str | None:
    """Stax's ``phone`` for the one phone ``paywire.contact`` chose: its digits, 10 to 15 of them."""
    digits = _e164_digits(phone)
    low, high = PHONE_DIGITS
    if not low <= len(digits) <= high:
        field = "phone_number" if request.phone_number is not None else f"{_BILLING}.phone_number"
        errors.add(field, f"Stax holds a phone of {low} to {high} digits, country code included", "value_error")
        return None
    return digits


def _postal(billing: Address, body: dict[str, Any]) -> None:
    for part, key in _POSTAL_PARTS:
        if (value := plain(getattr(billing, part))) is not None:
            body[key] = value
    if billing.country_alpha2_code is not None:
        body["address_country"] = alpha3(billing.country_alpha2_code)


def to_body(request: CreateCustomerRequest) -> dict[str, Any]:
    """The Stax ``POST /customer`` body for ``request``.

    Raises ``InvalidRequestError`` listing every canonical field Stax cannot take as given.
    """
    errors = FieldErrors("Stax")
    body: dict[str, Any] = {}
    _names(request, body, errors)
    email, phone = contact(request, errors)
    if email is not None:
        body["email"] = email
    if phone is not None and (digits := _phone(request, phone, errors)) is not None:
        body["phone"] = digits
    if request.address is not None and request.address.billing_address is not None:
        _postal(request.address.billing_address, body)
    if request.merchant_customer_id is not None:
        body["reference"] = request.merchant_customer_id
    if request.description is not None:
        body["notes"] = request.description
    body.update(feature_data(request, errors, FEATURE_FIELDS))
    if not errors and not any(body.get(key, "").strip() for key in ("firstname", "lastname", "email", "company")):
        for field in IDENTITY_FIELDS:
            errors.add(
                field,
                "Stax needs one of firstname, lastname, email, company: set this or another field listed",
                "missing",
            )
    errors.raise_if_any()
    return {key: body[key] for key in _ORDER if key in body}


_NAME = "first word -> firstname, the rest -> lastname (255 characters each)"
_POSTAL_NOTES = {
    "line1": "at most 255 characters",
    "line2": "at most 255 characters",
    "city": "at most 255 characters",
    "state": "at most 2 characters: the two-letter abbreviation",
    "zip_code": "at most 16 characters",
}
FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to("reference", note="at most 255 characters"),
    "customer_name": FieldMap.to(
        "firstname", "lastname", join=" ", convert=lambda name: " ".join(_words(name)), note=_NAME
    ),
    "email": FieldMap.to("email"),
    "phone_number": FieldMap.to("phone", convert=_e164_digits, note="digits without '+', 10 to 15"),
    "description": FieldMap.to("notes"),
    f"{_BILLING}.first_name": FieldMap.to("firstname", note="equal to customer_name's split when both are set"),
    f"{_BILLING}.last_name": FieldMap.to("lastname", note="equal to customer_name's split when both are set"),
    **{f"{_BILLING}.{part}": FieldMap.to(key, note=_POSTAL_NOTES[part]) for part, key in _POSTAL_PARTS},
    f"{_BILLING}.country_alpha2_code": FieldMap.to("address_country", convert=alpha3, note="ISO alpha-3"),
    f"{_BILLING}.email": FieldMap.to("email", note="when email is absent (equal to it otherwise)"),
    f"{_BILLING}.phone_number": FieldMap.to(
        "phone", contains=True, note="after phone_country_code's digits, when phone_number is absent"
    ),
    f"{_BILLING}.phone_country_code": FieldMap.to(
        "phone",
        contains=True,
        convert=_e164_digits,
        with_fields=(f"{_BILLING}.phone_number",),
        note="its digits, before phone_number",
    ),
    "connector_feature_data": FieldMap.to("{key}", note="company"),
}
"""Where each canonical field lands in Stax's JSON body."""
