"""Canonical ``CreateCustomerRequest`` -> Airwallex ``POST /api/v1/pa/customers/create`` JSON body.

Every canonical field is mapped (``FIELDS``) or refused by the core (``UNSUPPORTED_FIELDS``);
Airwallex's documented limits below the canonical ones are declared in ``LIMITS`` and the ones a
``Limit`` cannot say are checked here. Mapping::

    merchant_customer_id     -> merchant_customer_id (required by Airwallex: the call's
                                idempotency key when the caller gives none)
    customer_name            -> first_name + last_name (see ``paywire.split_name``)
    email, phone_number      -> email, phone_number
    address.billing_address  -> address (street = line1..3 joined with ", ", city, state,
                                postcode, country_code); its first/last name -> first_name/
                                last_name, its e-mail and phone -> email/phone_number (equal to
                                the customer-level values when both are set)
    metadata                 -> metadata
    connector_feature_data   -> business_name (the one Airwallex field with no canonical twin)
    description, preferred_locales,
    address.shipping_address -> refused: an Airwallex Payments Acceptance customer has no place
                                for them
    test_mode                -> refused when the client's base URL is Airwallex's production host

``request_id`` is not written here: the core adds the call's idempotency key under that name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from paywire import Address, CreateCustomerRequest, FieldErrors, FieldMap, Limit, plain, split_name

__all__ = [
    "FEATURE_FIELDS",
    "FIELDS",
    "LIMITS",
    "NAME_MAX",
    "PRODUCTION_HOST",
    "STREET_SEPARATOR",
    "UNSUPPORTED_FIELDS",
    "to_body",
]

PRODUCTION_HOST = "api.airwallex.com"
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


def _names(request: CreateCustomerRequest, billing: Address | None, body: dict[str, Any], errors: FieldErrors) -> None:
    first = plain(billing.first_name) if billing is not None else None
    last = plain(billing.last_name) if billing is not None else None
    split = split_name(request.customer_name, first, last)
    if split is None:
        for name, value in (("first_name", first), ("last_name", last)):
            if value is not None:
                errors.add(
                    f"{_BILLING}.{name}",
                    "contradicts customer_name: Airwallex keeps one name (first_name + last_name), so the "
                    "billing first/last name must be how customer_name splits, word for word",
                )
        return
    given, family = split
    if request.customer_name is not None:  # the billing names are within their Limits; a split may not be
        for part, value in (("first_name", given), ("last_name", family)):
            if value is not None and len(value) > NAME_MAX:
                errors.add(
                    "customer_name",
                    f"its {part} part is longer than Airwallex's {NAME_MAX} characters",
                    "string_too_long",
                )
    if given is not None:
        body["first_name"] = given
    if family is not None:
        body["last_name"] = family


def _agree(body: dict[str, Any], key: str, value: str | None, canonical: str, field: str, errors: FieldErrors) -> None:
    """Carry a billing contact value to the customer-level ``key`` unless it contradicts it."""
    if value is None:
        return
    current = body.setdefault(key, value)
    if current != value:
        errors.add(field, f"differs from {canonical}: Airwallex keeps a single {key}; leave it out or make it equal")


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


def _billing(billing: Address, body: dict[str, Any], errors: FieldErrors) -> None:
    _agree(body, "email", plain(billing.email), "email", f"{_BILLING}.email", errors)
    number = plain(billing.phone_number)
    if number is None:
        if billing.phone_country_code is not None:
            errors.add(f"{_BILLING}.phone_country_code", "needs phone_number: Airwallex holds one phone string")
    else:
        phone = (billing.phone_country_code or "") + number
        _agree(body, "phone_number", phone, "phone_number", f"{_BILLING}.phone_number", errors)
    address = _address(billing, errors)
    if address is not None:
        body["address"] = address


def _feature_data(request: CreateCustomerRequest, body: dict[str, Any], errors: FieldErrors) -> None:
    for key, value in (request.connector_feature_data or {}).items():
        field = f"connector_feature_data.{key}"
        if key not in FEATURE_FIELDS:
            known = ", ".join(FEATURE_FIELDS)
            errors.add(field, f"not an Airwallex field paywire-airwallex passes through; known: {known}")
        elif not isinstance(value, str) or not value.strip():
            errors.add(field, "must be a non-empty string")
        else:
            errors.max_length(field, value, FEATURE_FIELDS[key])
            body[key] = value


def to_body(request: CreateCustomerRequest, *, idempotency_key: str, base_url: str) -> dict[str, Any]:
    """The Airwallex create-customer body for ``request`` (the core adds ``request_id``).

    ``idempotency_key`` is the call's key: Airwallex requires ``merchant_customer_id``, and the key
    stands in for it when the caller gives none (the response returns it as ``idempotency_key``).
    ``base_url`` is the client's: ``test_mode`` is refused on Airwallex's production host, as the
    core refuses it for live credentials. Raises ``InvalidRequestError`` naming every canonical
    field Airwallex cannot take as given.
    """
    errors = FieldErrors("Airwallex")
    if request.test_mode and urlsplit(base_url).hostname == PRODUCTION_HOST:
        errors.add("test_mode", f"the client's base_url is Airwallex's production host {PRODUCTION_HOST}")
    body: dict[str, Any] = {"merchant_customer_id": request.merchant_customer_id or idempotency_key}
    billing = request.address.billing_address if request.address is not None else None
    _names(request, billing, body, errors)
    if request.email is not None:
        body["email"] = request.email.get_secret_value()
    if request.phone_number is not None:
        body["phone_number"] = request.phone_number
    if billing is not None:
        _billing(billing, body, errors)
    if request.metadata:
        body["metadata"] = dict(request.metadata)
    _feature_data(request, body, errors)
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
