"""Canonical ``CreateCustomerRequest`` -> Finix ``POST /identities`` JSON body (a buyer Identity).

Every canonical field is mapped (``FIELDS``) or refused by the core (``UNSUPPORTED_FIELDS``), and
Finix's documented limits below the canonical ones are declared (``LIMITS``) so the core enforces
them before anything is sent. What Finix keeps once (one first and last name, one e-mail, one
phone, the merchant's own id among the tags) is decided by paywire's helpers, as for every
connector (``person_name``, ``contact``, ``metadata_with_merchant_id``); what only Finix's shape
decides is checked here: the 20 characters of each name part, the roles passed through.

Mapping (Finix's ``CreateIdentityRequest``, API version 2022-02-01)::

    customer_name                -> entity.first_name + entity.last_name (paywire.person_name)
    email                        -> entity.email
    phone_number                 -> entity.phone (E.164 digits without '+': 14155550100)
    address.billing_address      -> entity.personal_address (line1, line2, city, region,
                                    postal_code, country as ISO 3166-1 alpha-3); its first/last
                                    name, e-mail and phone -> the entity's, agreeing with the
                                    customer-level values when both are set
    metadata                     -> tags
    merchant_customer_id         -> tags.paywire_merchant_customer_id (MERCHANT_ID_METADATA_KEY)
    connector_feature_data       -> identity_roles (the only key accepted)
    description, preferred_locales, address.shipping_address,
    address.billing_address.line3 -> refused: a buyer Identity has no place for them

Every body carries ``"type": "PERSONAL"`` (a person, not a business) and never
``business_type``, which would make Finix treat the Identity as a merchant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from paywire import (
    MERCHANT_ID_METADATA_KEY,
    Address,
    CreateCustomerRequest,
    FieldErrors,
    FieldMap,
    Limit,
    alpha3,
    contact,
    metadata_with_merchant_id,
    person_name,
    plain,
)

__all__ = [
    "FEATURE_KEYS",
    "FIELDS",
    "IDENTITY_TYPE",
    "LIMITS",
    "MERCHANT_ID_TAG",
    "NAME_MAX",
    "TAGS_MAX",
    "UNSUPPORTED_FIELDS",
    "to_body",
]

IDENTITY_TYPE = "PERSONAL"
"""The Identity ``type`` of a buyer: a person (Finix's other type, ``BUSINESS``, is for sellers)."""

MERCHANT_ID_TAG = MERCHANT_ID_METADATA_KEY
"""Finix's Identity has no field for the merchant's own id: it is kept as this tag (paywire's
``MERCHANT_ID_METADATA_KEY``, the key every connector keeps it under in a processor's metadata)."""

NAME_MAX = 20
"""``entity.first_name`` and ``entity.last_name``: "max 20 characters" each."""
NAME_LIMIT = 2 * NAME_MAX + 1
"""``customer_name``: at most a first and a last name of 20 characters and the space between."""
TAGS_MAX = 50
"""``tags``: "up to 50 key: value pairs", keys of at most 40 and values of at most 500 characters."""

UNSUPPORTED_FIELDS = frozenset(
    {"description", "preferred_locales", "address.shipping_address", "address.billing_address.line3"}
)
"""Canonical fields a buyer Identity has no place for (its address has ``line1`` and ``line2`` only)."""

_BILLING = "address.billing_address"

LIMITS: Mapping[str, Limit] = {
    "customer_name": Limit(max_length=NAME_LIMIT),
    "email": Limit(max_length=100),
    f"{_BILLING}.first_name": Limit(max_length=NAME_MAX),
    f"{_BILLING}.last_name": Limit(max_length=NAME_MAX),
    f"{_BILLING}.email": Limit(max_length=100),
    f"{_BILLING}.line1": Limit(max_length=35),
    f"{_BILLING}.line2": Limit(max_length=35),
    f"{_BILLING}.city": Limit(max_length=20),
    f"{_BILLING}.state": Limit(max_length=2),
    f"{_BILLING}.zip_code": Limit(max_length=7),
}
"""Finix's documented limits (``CreateIdentityRequest.entity``) below the canonical ones.
``customer_name`` is bounded by a first and a last name of 20 each; how it splits is checked by
``to_body``. ``region`` is a "2-letter State code". Finix's ``Tags`` (50 pairs, keys of 40 and
values of 500 characters) are the canonical metadata limits already."""

FEATURE_KEYS = frozenset({"identity_roles"})
"""``connector_feature_data`` keys passed through: Finix fields with no canonical twin."""

_ROLE = re.compile(r"[A-Z][A-Z_]{0,63}")
"""An ``identity_roles`` item: Finix's roles are upper-case names (``BUYER``, ``RECIPIENT``...)."""

_POSTAL_PARTS = (
    ("line1", "line1"),
    ("line2", "line2"),
    ("city", "city"),
    ("state", "region"),
    ("zip_code", "postal_code"),
)
"""Canonical address part -> ``personal_address`` key (the country, converted, comes last)."""


def _words(text: str) -> list[str]:
    return [word for word in text.split(" ") if word]


def _e164_digits(number: str) -> str:
    """``+14155550100`` -> ``14155550100``: the form of Finix's own examples (``14158885080``)."""
    return number.removeprefix("+")


def _names(
    request: CreateCustomerRequest, billing: Address | None, entity: dict[str, Any], errors: FieldErrors
) -> None:
    given, family = person_name(request, errors)
    name_fits = len(request.customer_name or "") <= NAME_LIMIT  # else the core already says so
    for key, value in (("first_name", given), ("last_name", family)):
        if value is None:
            continue
        # The billing parts are bounded by LIMITS: a part too long with them in bounds came from
        # customer_name (its first word, or the words after the first).
        own = plain(getattr(billing, key)) if billing is not None else None
        if len(value) > NAME_MAX and len(own or "") <= NAME_MAX and name_fits:
            errors.add(
                "customer_name", f"the part Finix keeps as {key} is longer than {NAME_MAX} characters", "too_long"
            )
        entity[key] = value


def _personal_address(billing: Address) -> dict[str, str]:
    address = {key: value for part, key in _POSTAL_PARTS if (value := plain(getattr(billing, part))) is not None}
    if billing.country_alpha2_code is not None:
        address["country"] = alpha3(billing.country_alpha2_code)
    return address


def _identity_roles(value: Any, errors: FieldErrors) -> list[str] | None:
    field = "connector_feature_data.identity_roles"
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(role, str) and _ROLE.fullmatch(role) for role in value)
    ):
        errors.add(field, "must be a non-empty list of Finix role names such as BUYER")
        return None
    if len(set(value)) != len(value):
        errors.add(field, "must not repeat a role")
        return None
    return list(value)


def _feature_data(request: CreateCustomerRequest, body: dict[str, Any], errors: FieldErrors) -> None:
    for key, value in (request.connector_feature_data or {}).items():
        if key not in FEATURE_KEYS:
            known = ", ".join(sorted(FEATURE_KEYS))
            errors.add(
                f"connector_feature_data.{key}", f"not a Finix field paywire-finix passes through; known: {known}"
            )
        elif (roles := _identity_roles(value, errors)) is not None:
            body[key] = roles


def to_body(request: CreateCustomerRequest) -> dict[str, Any]:
    """The Finix ``CreateIdentityRequest`` body for ``request``.

    Raises ``InvalidRequestError`` listing every canonical field Finix cannot take as given.
    """
    errors = FieldErrors("Finix")
    entity: dict[str, Any] = {}
    billing = request.address.billing_address if request.address is not None else None
    _names(request, billing, entity, errors)
    email, phone = contact(request, errors)
    if email is not None:
        entity["email"] = email
    if phone is not None:
        entity["phone"] = _e164_digits(phone)
    if billing is not None and (address := _personal_address(billing)):
        entity["personal_address"] = address
    body: dict[str, Any] = {"entity": entity}
    _feature_data(request, body, errors)
    if tags := metadata_with_merchant_id(request, errors, max_items=TAGS_MAX):
        body["tags"] = tags
    body["type"] = IDENTITY_TYPE
    errors.raise_if_any()
    return body


_AGREES = "when {0} is absent (equal to it otherwise)"
FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to(f"tags.{MERCHANT_ID_TAG}", note="a tag"),
    "customer_name": FieldMap.to(
        "entity.first_name",
        "entity.last_name",
        join=" ",
        convert=lambda name: " ".join(_words(name)),
        note="first word -> first_name, the rest -> last_name (20 characters each)",
    ),
    "email": FieldMap.to("entity.email"),
    "phone_number": FieldMap.to("entity.phone", convert=_e164_digits, note="E.164 digits without '+'"),
    "metadata": FieldMap.to("tags.{key}", note=f"with merchant_customer_id, at most {TAGS_MAX} tags"),
    f"{_BILLING}.first_name": FieldMap.to("entity.first_name", note=_AGREES.format("customer_name")),
    f"{_BILLING}.last_name": FieldMap.to("entity.last_name", note=_AGREES.format("customer_name")),
    **{f"{_BILLING}.{part}": FieldMap.to(f"entity.personal_address.{key}") for part, key in _POSTAL_PARTS},
    f"{_BILLING}.country_alpha2_code": FieldMap.to(
        "entity.personal_address.country", convert=alpha3, note="ISO 3166-1 alpha-3"
    ),
    f"{_BILLING}.email": FieldMap.to("entity.email", note=_AGREES.format("email")),
    f"{_BILLING}.phone_number": FieldMap.to(
        "entity.phone", contains=True, note="after phone_country_code, " + _AGREES.format("phone_number")
    ),
    f"{_BILLING}.phone_country_code": FieldMap.to(
        "entity.phone",
        contains=True,
        convert=_e164_digits,
        with_fields=(f"{_BILLING}.phone_number",),
        note="its digits, before phone_number",
    ),
    "connector_feature_data": FieldMap.to("{key}", note='identity_roles only (e.g. ["BUYER"])'),
}
"""Where each canonical field lands in Finix's JSON body."""
