"""Canonical ``CreateCustomerRequest`` -> Square ``CreateCustomer`` JSON body.

Every canonical field is mapped (``FIELDS``) or refused by the core (``UNSUPPORTED_FIELDS``, and
``LIMITS`` for the one Square limit below the canonical ones): nothing is dropped silently.

Mapping::

    merchant_customer_id           -> reference_id (at most 100 characters)
    customer_name                  -> given_name + family_name (see ``paywire.split_name``)
    email                          -> email_address
    phone_number                   -> phone_number
    description                    -> note
    address.billing_address        -> address (address_line_1..3, locality,
                                      administrative_district_level_1, postal_code, country);
                                      its first/last name -> given_name/family_name, its e-mail and
                                      phone -> email_address/phone_number (must agree with the
                                      customer-level values when both are set)
    connector_feature_data         -> company_name, nickname, birthday (Square-only fields)
    test_mode                      -> refused with production credentials
    metadata, preferred_locales,
    address.shipping_address       -> unsupported: Square's customer has no place for them

Square ignores ``address.first_name``/``last_name`` on CreateCustomer, so the billing name is sent
as the profile's ``given_name``/``family_name`` and never inside ``address``.
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

__all__ = ["FEATURE_FIELDS", "FIELDS", "LIMITS", "UNSUPPORTED_FIELDS", "to_body"]

LIMITS: Mapping[str, Limit] = {"merchant_customer_id": Limit(max_length=100)}
"""Square's documented limits below the canonical ones: ``reference_id`` holds 100 characters
(``given_name``/``family_name`` 300 and ``email_address`` 254 hold any canonical value)."""

UNSUPPORTED_FIELDS = frozenset({"metadata", "preferred_locales", "address.shipping_address"})
"""Canonical fields Square's customer cannot hold: a request setting any of them is refused."""

FEATURE_FIELDS: Mapping[str, int | None] = {"company_name": 500, "nickname": 100, "birthday": None}
"""``connector_feature_data`` keys accepted (Square fields with no canonical twin) and their limits."""

_POSTAL_PARTS = (
    ("line1", "address_line_1"),
    ("line2", "address_line_2"),
    ("line3", "address_line_3"),
    ("city", "locality"),
    ("state", "administrative_district_level_1"),
    ("zip_code", "postal_code"),
    ("country_alpha2_code", "country"),
)
"""Canonical address part -> Square ``Address`` field."""

_BILLING = "address.billing_address"


def _words(text: str) -> list[str]:
    return [word for word in text.split(" ") if word]


def _postal(billing: Address) -> dict[str, str]:
    return {key: value for part, key in _POSTAL_PARTS if (value := plain(getattr(billing, part))) is not None}


def to_body(request: CreateCustomerRequest) -> dict[str, Any]:
    """The Square CreateCustomer body for ``request`` (the core adds ``idempotency_key``).

    Raises ``InvalidRequestError`` listing every canonical field Square cannot take as given.
    """
    errors = FieldErrors("Square")
    billing = request.address.billing_address if request.address is not None else None
    given, family = person_name(request, errors)
    email, phone = contact(request, errors)
    body: dict[str, Any] = {"given_name": given, "family_name": family, "email_address": email, "phone_number": phone}
    body = {key: value for key, value in body.items() if value is not None}
    if billing is not None and (postal := _postal(billing)):
        body["address"] = postal
    if request.merchant_customer_id is not None:
        body["reference_id"] = request.merchant_customer_id
    if request.description is not None:
        body["note"] = request.description
    body.update(feature_data(request, errors, FEATURE_FIELDS))
    if not errors.items and not any(
        k in body for k in ("given_name", "family_name", "company_name", "email_address", "phone_number")
    ):
        errors.add(
            "customer_name",
            "Square needs at least one of customer_name, email, phone_number, a billing first/last name "
            "or connector_feature_data.company_name",
            "missing",
        )
    errors.raise_if_any()
    return body


_NAME = "first word -> given_name, the rest -> family_name"
FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to("reference_id"),
    "customer_name": FieldMap.to(
        "given_name", "family_name", join=" ", convert=lambda name: " ".join(_words(name)), note=_NAME
    ),
    "email": FieldMap.to("email_address"),
    "phone_number": FieldMap.to("phone_number"),
    "description": FieldMap.to("note"),
    f"{_BILLING}.first_name": FieldMap.to("given_name"),
    f"{_BILLING}.last_name": FieldMap.to("family_name"),
    **{f"{_BILLING}.{part}": FieldMap.to(f"address.{key}") for part, key in _POSTAL_PARTS},
    f"{_BILLING}.email": FieldMap.to("email_address", note="when email is absent (equal to it otherwise)"),
    f"{_BILLING}.phone_number": FieldMap.to("phone_number", contains=True, note="after phone_country_code"),
    f"{_BILLING}.phone_country_code": FieldMap.to(
        "phone_number", contains=True, with_fields=(f"{_BILLING}.phone_number",), note="before phone_number"
    ),
    "connector_feature_data": FieldMap.to("{key}", note="company_name, nickname, birthday"),
}
"""Where each canonical field lands in Square's JSON body."""
