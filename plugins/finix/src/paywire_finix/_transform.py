"""Canonical ``CreateCustomerRequest`` -> Finix ``POST /identities`` JSON body (a buyer Identity).

Every canonical field is mapped (``FIELDS``) or refused by the core (``UNSUPPORTED_FIELDS``), and
Finix's documented limits below the canonical ones are declared (``LIMITS``) so the core enforces
them before anything is sent. What only Finix's shape decides is checked here: one first and last
name fed from ``customer_name`` and the billing name, one e-mail and one phone fed from two
canonical sources, and the tag the merchant's own id takes.

Mapping (Finix's ``CreateIdentityRequest``, API version 2022-02-01)::

    customer_name                -> entity.first_name + entity.last_name (paywire.split_name)
    email                        -> entity.email
    phone_number                 -> entity.phone (E.164 digits without '+': 14155550100)
    address.billing_address      -> entity.personal_address (line1, line2, city, region,
                                    postal_code, country as ISO 3166-1 alpha-3); its first/last
                                    name, e-mail and phone -> the entity's, agreeing with the
                                    customer-level values when both are set
    metadata                     -> tags
    merchant_customer_id         -> tags.paywire_merchant_customer_id
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

from paywire import Address, CreateCustomerRequest, FieldErrors, FieldMap, Limit, alpha3, plain, split_name

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

MERCHANT_ID_TAG = "paywire_merchant_customer_id"
"""Finix's Identity has no field for the merchant's own id: it is kept as this tag."""

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
    "metadata": Limit(max_items=TAGS_MAX, key_max_length=40, max_length=500),
    f"{_BILLING}.first_name": Limit(max_length=NAME_MAX),
    f"{_BILLING}.last_name": Limit(max_length=NAME_MAX),
    f"{_BILLING}.email": Limit(max_length=100),
    f"{_BILLING}.line1": Limit(max_length=35),
    f"{_BILLING}.line2": Limit(max_length=35),
    f"{_BILLING}.city": Limit(max_length=20),
    f"{_BILLING}.state": Limit(max_length=2),
    f"{_BILLING}.zip_code": Limit(max_length=7),
}
"""Finix's documented limits (``CreateIdentityRequest.entity`` and ``Tags``) below the canonical
ones. ``customer_name`` is bounded by a first and a last name of 20 each; how it splits is
checked by ``to_body``. ``region`` is a "2-letter State code"."""

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
    first = plain(billing.first_name) if billing is not None else None
    last = plain(billing.last_name) if billing is not None else None
    if request.customer_name is not None and not _words(request.customer_name):
        errors.add("customer_name", "is blank: Finix keeps a first and a last name")
        return
    split = split_name(request.customer_name, first, last)
    if split is None:
        for part, value in (("first_name", first), ("last_name", last)):
            if value is not None:
                errors.add(
                    f"{_BILLING}.{part}",
                    "contradicts customer_name: Finix keeps one first and one last name, so the billing "
                    "first/last name must be how customer_name splits, word for word",
                )
        return
    name_fits = len(request.customer_name or "") <= NAME_LIMIT  # else the core already says so
    for key, value, own in (("first_name", split[0], first), ("last_name", split[1], last)):
        if value is None:
            continue
        # The billing parts are bounded by LIMITS: a part too long with them in bounds came from
        # customer_name (its first word, or the words after the first).
        if len(value) > NAME_MAX and (own is None or len(own) <= NAME_MAX) and name_fits:
            errors.add(
                "customer_name", f"the part Finix keeps as {key} is longer than {NAME_MAX} characters", "too_long"
            )
        entity[key] = value


def _agree(
    entity: dict[str, Any], key: str, value: str | None, canonical: str, field: str, errors: FieldErrors
) -> None:
    """Carry a billing contact value to the entity's ``key`` unless it contradicts ``canonical``."""
    if value is None:
        return
    current = entity.setdefault(key, value)
    if current != value:
        errors.add(field, f"differs from {canonical}: Finix keeps a single {key}; leave it out or make it equal")


def _billing(billing: Address, entity: dict[str, Any], errors: FieldErrors) -> None:
    _agree(entity, "email", plain(billing.email), "email", f"{_BILLING}.email", errors)
    number = plain(billing.phone_number)
    if number is None:
        if billing.phone_country_code is not None:
            errors.add(f"{_BILLING}.phone_country_code", "needs phone_number: Finix holds one phone string")
    else:
        phone = _e164_digits(billing.phone_country_code or "") + number
        _agree(entity, "phone", phone, "phone_number", f"{_BILLING}.phone_number", errors)
    address = {key: value for part, key in _POSTAL_PARTS if (value := plain(getattr(billing, part))) is not None}
    if billing.country_alpha2_code is not None:
        address["country"] = alpha3(billing.country_alpha2_code)
    if address:
        entity["personal_address"] = address


def _tags(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, str]:
    tags = dict(request.metadata)
    if MERCHANT_ID_TAG in tags:
        errors.add(f"metadata.{MERCHANT_ID_TAG}", "this key is reserved for merchant_customer_id by paywire-finix")
    if request.merchant_customer_id is not None:
        tags[MERCHANT_ID_TAG] = request.merchant_customer_id
        if len(tags) > TAGS_MAX:
            errors.add("metadata", f"Finix holds at most {TAGS_MAX} tags, and merchant_customer_id takes one of them")
    return tags


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
    if request.email is not None:
        entity["email"] = request.email.get_secret_value()
    if request.phone_number is not None:
        entity["phone"] = _e164_digits(request.phone_number)
    if billing is not None:
        _billing(billing, entity, errors)
    body: dict[str, Any] = {"entity": entity}
    _feature_data(request, body, errors)
    if tags := _tags(request, errors):
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
