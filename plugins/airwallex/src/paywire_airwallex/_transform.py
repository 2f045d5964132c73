"""Canonical ``CreateCustomerRequest`` -> Airwallex ``POST /api/v1/pa/customers/create`` JSON body.

Every canonical field is mapped (``FIELDS``) or refused by the core (``UNSUPPORTED_FIELDS``);
Airwallex's documented limits below the canonical ones are declared in ``LIMITS`` and the ones a
``Limit`` cannot say are checked here. Mapping::

    merchant_customer_id     -> merchant_customer_id (required by Airwallex: the call's
                                idempotency key when the caller gives none)
    customer_name            -> first_name + last_name (``paywire.person_name``)
    email, phone_number      -> email, phone_number (``paywire.contact``)
    address.billing_address  -> address (street = line1..3 joined with ", ", city, state,
                                postcode, country_code); its first/last name -> first_name/
                                last_name (``person_name``: how customer_name splits), its
                                e-mail and phone -> email/phone_number (``contact``: equal to
                                the customer-level values when both are set)
    metadata                 -> metadata
    connector_feature_data   -> business_name (the one Airwallex field with no canonical twin)
    description, preferred_locales,
    address.shipping_address -> refused: an Airwallex Payments Acceptance customer has no place
                                for them
    test_mode                -> refused by the core for production credentials
                                (``environment="production"``)

``request_id`` is not written here: the core adds the call's idempotency key under that name.
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
    contact,
    feature_data,
    person_name,
    plain,
)

__all__ = [
    "FEATURE_FIELDS",
    "FIELDS",
    "LIMITS",
    "NAME_MAX",
    "STREET_SEPARATOR",
    "UNSUPPORTED_FIELDS",
    "to_body",
]

NAME_MAX = 128
"""``first_name`` and ``last_name`` hold at most 128 characters each."""
STREET_SEPARATOR = ", "
"""Airwallex's address has one ``street`` (at most 1000 characters): the canonical lines, joined."""

_BILLING = "address.billing_address"

LIMITS: Mapping[str, Limit] = {
    "merchant_customer_id": Limit(max_length=64),
    f"{_BILLING}.first_name": Limit(max_length=NAME_MAX),
    f"{_BILLING}.last_name": Limit(max_length=NAME_MAX),
    f"{_BILLING}.city": Limit(max_length=100),
    f"{_BILLING}.state": Limit(max_length=100),
    f"{_BILLING}.zip_code": Limit(max_length=10),
}
"""Airwallex's documented limits below the canonical ones (API reference, Create a customer):
``merchant_customer_id`` 64, ``first_name``/``last_name`` 128, ``address.city``/``state`` 100,
``address.postcode`` 10. ``email`` (256) and ``address.street`` (1000, three canonical lines of 256
fit) hold any canonical value; a ``customer_name`` split in two is checked in ``to_body``."""

UNSUPPORTED_FIELDS = frozenset({"description", "preferred_locales", "address.shipping_address"})
"""Canonical fields an Airwallex Payments Acceptance customer has no place for."""

FEATURE_FIELDS: Mapping[str, int] = {"business_name": 128}
"""``connector_feature_data`` keys passed through (Airwallex fields with no canonical twin) and
their documented maximum lengths."""

_POSTAL_PARTS = (
    ("city", "city"),
    ("state", "state"),
    ("zip_code", "postcode"),
    ("country_alpha2_code", "country_code"),
)
"""Canonical address part -> Airwallex ``address`` field (the lines make ``street``)."""
_LINES = ("line1", "line2", "line3")


def _words(text: str) -> list[str]:
    return [word for word in text.split(" ") if word]


def _names(request: CreateCustomerRequest, body: dict[str, Any], errors: FieldErrors) -> None:
    """``first_name`` and ``last_name``: the one name ``paywire.person_name`` decides, each part
    within Airwallex's 128 characters."""
    given, family = person_name(request, errors)
    if request.customer_name is not None:  # the billing names are within their Limits; a split may not be
        errors.max_length("customer_name", given, NAME_MAX)
        errors.max_length("customer_name", family, NAME_MAX)
    if given is not None:
        body["first_name"] = given
    if family is not None:
        body["last_name"] = family


def _address(billing: Address, errors: FieldErrors) -> dict[str, str] | None:
    address: dict[str, str] = {}
    lines = [value for line in _LINES if (value := plain(getattr(billing, line))) is not None]
    if lines:
        address["street"] = STREET_SEPARATOR.join(lines)
    for canonical, key in _POSTAL_PARTS:
        value = plain(getattr(billing, canonical))
        if value is not None:
            address[key] = value
    if not address:
        return None
    if "country_code" not in address:
        errors.add(
            f"{_BILLING}.country_alpha2_code",
            "Airwallex requires the country of an address: set country_alpha2_code, or leave the postal address out",
            "missing",
        )
    return address


def to_body(request: CreateCustomerRequest, *, idempotency_key: str) -> dict[str, Any]:
    """The Airwallex create-customer body for ``request`` (the core adds ``request_id``).

    ``idempotency_key`` is the call's key: Airwallex requires ``merchant_customer_id``, and the key
    stands in for it when the caller gives none (the response returns it as ``idempotency_key``).
    Raises ``InvalidRequestError`` naming every canonical field Airwallex cannot take as given.
    """
    errors = FieldErrors("Airwallex")
    body: dict[str, Any] = {"merchant_customer_id": request.merchant_customer_id or idempotency_key}
    _names(request, body, errors)
    email, phone = contact(request, errors)
    if email is not None:
        body["email"] = email
    if phone is not None:
        body["phone_number"] = phone
    billing = request.address.billing_address if request.address is not None else None
    address = _address(billing, errors) if billing is not None else None
    if address is not None:
        body["address"] = address
    if request.metadata:
        body["metadata"] = dict(request.metadata)
    body.update(feature_data(request, errors, FEATURE_FIELDS))
    errors.raise_if_any()
    return body


_NAME = "first word -> first_name, the rest -> last_name; split where the billing first/last name say"
_COUNTRY = (f"{_BILLING}.country_alpha2_code",)
FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to(
        "merchant_customer_id", note="required by Airwallex: the call's idempotency key when absent"
    ),
    "customer_name": FieldMap.to(
        "first_name", "last_name", join=" ", convert=lambda name: " ".join(_words(name)), note=_NAME
    ),
    "email": FieldMap.to("email"),
    "phone_number": FieldMap.to("phone_number"),
    "metadata": FieldMap.to("metadata.{key}"),
    f"{_BILLING}.first_name": FieldMap.to("first_name"),
    f"{_BILLING}.last_name": FieldMap.to("last_name"),
    **{
        f"{_BILLING}.{line}": FieldMap.to(
            "address.street", contains=True, with_fields=_COUNTRY, note="line1, line2, line3 joined with ', '"
        )
        for line in _LINES
    },
    **{
        f"{_BILLING}.{part}": FieldMap.to(f"address.{key}", with_fields=_COUNTRY if key != "country_code" else ())
        for part, key in _POSTAL_PARTS
    },
    f"{_BILLING}.email": FieldMap.to("email", note="when email is absent (equal to it otherwise)"),
    f"{_BILLING}.phone_number": FieldMap.to(
        "phone_number", contains=True, note="after phone_country_code, when phone_number is absent"
    ),
    f"{_BILLING}.phone_country_code": FieldMap.to(
        "phone_number", contains=True, with_fields=(f"{_BILLING}.phone_number",), note="before phone_number"
    ),
    "connector_feature_data": FieldMap.to("{key}", note="business_name (at most 128 characters)"),
}
"""Where each canonical field lands in Airwallex's JSON body."""
