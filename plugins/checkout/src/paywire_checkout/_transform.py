"""Canonical ``CreateCustomerRequest`` -> Checkout.com ``POST /customers`` JSON body.

Checkout.com's customer (the ``StoreCustomerRequest`` schema) holds an e-mail address (required,
at most 255 characters), a name (at most 255), a phone ``{country_code, number}`` (1-7 and 6-25
characters), ``metadata`` (at most 10 pairs, keys and values at most 100 characters) and the ids
of stored instruments (``default``, ``instruments``). Every canonical field is mapped
(``FIELDS``), refused by the core (``UNSUPPORTED_FIELDS``, ``LIMITS``), or refused here when only
Checkout.com's shape decides it (``to_body``): nothing is dropped.

The core's helpers decide what every connector decides alike:

- ``merchant_customer_id`` has no field of its own: ``paywire.metadata_with_merchant_id`` keeps it
  as the metadata pair ``paywire_merchant_customer_id``, which counts towards the 10 pairs.
- The billing address's e-mail and phone are the customer's when the customer level leaves them
  out, and must agree with it otherwise (``paywire.contact``); so are its first and last name,
  joined into ``name`` (``paywire.person_name``). Its postal parts have no place.
- The one phone is split after its country calling code (``paywire.split_e164``).
- ``connector_feature_data``'s ``default`` (text) and unknown keys are checked by
  ``paywire.feature_data``; ``instruments`` (a list of ids, not text) here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paywire import (
    MERCHANT_ID_METADATA_KEY,
    CreateCustomerRequest,
    FieldErrors,
    FieldMap,
    Limit,
    contact,
    feature_data,
    metadata_with_merchant_id,
    person_name,
    split_e164,
)

__all__ = [
    "FEATURE_FIELDS",
    "FIELDS",
    "LIMITS",
    "METADATA_PAIRS",
    "UNSUPPORTED_FIELDS",
    "to_body",
]

NAME_MAX = 255
METADATA_PAIRS = 10
METADATA_TEXT_MAX = 100
PHONE_NUMBER_MIN = 6
"""``phone.number`` is 6 to 25 characters (``PhoneNumber`` schema); canonical numbers are at most 15."""

_BILLING = "address.billing_address"
_POSTAL_PARTS = ("line1", "line2", "line3", "city", "state", "zip_code", "country_alpha2_code")

UNSUPPORTED_FIELDS = frozenset(
    {"description", "preferred_locales", "address.shipping_address", *(f"{_BILLING}.{p}" for p in _POSTAL_PARTS)}
)
"""Canonical fields a Checkout.com customer has no place for: a request setting one is refused."""

LIMITS: Mapping[str, Limit] = {
    "customer_name": Limit(max_length=NAME_MAX),
    "merchant_customer_id": Limit(max_length=METADATA_TEXT_MAX),
    "metadata": Limit(max_items=METADATA_PAIRS, max_length=METADATA_TEXT_MAX),
}
"""Checkout.com's documented limits below the canonical ones (``email``: 255, above the canonical 254;
metadata keys: 100, above the canonical 40)."""

FEATURE_FIELDS = ("default", "instruments")
"""``connector_feature_data`` keys passed through: Checkout.com customer fields with no canonical twin
(the id of the default instrument, the ids of instruments to link)."""


def _split_phone(phone: str) -> str:
    """An E.164 number as its calling code and national number, space-separated (the field map's view)."""
    return " ".join(split_e164(phone))


_NAME_NOTE = "first_name + ' ' + last_name, when customer_name is absent (equal to it otherwise)"
FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to(
        f"metadata.{MERCHANT_ID_METADATA_KEY}", note="a metadata pair, one of the 10; at most 100 characters"
    ),
    "customer_name": FieldMap.to("name", note="at most 255 characters"),
    "email": FieldMap.to("email"),
    "phone_number": FieldMap.to(
        "phone.country_code",
        "phone.number",
        join=" ",
        convert=_split_phone,
        note="split after the country calling code: +1, 4155550100",
    ),
    "metadata": FieldMap.to("metadata.{key}", note="at most 10 pairs; keys and values at most 100 characters"),
    f"{_BILLING}.first_name": FieldMap.to("name", contains=True, note=_NAME_NOTE),
    f"{_BILLING}.last_name": FieldMap.to("name", contains=True, note=_NAME_NOTE),
    f"{_BILLING}.email": FieldMap.to("email", note="when email is absent (equal to it otherwise)"),
    f"{_BILLING}.phone_number": FieldMap.to(
        "phone.number", note="when phone_number is absent (with phone_country_code, equal to it otherwise)"
    ),
    f"{_BILLING}.phone_country_code": FieldMap.to(
        "phone.country_code", with_fields=(f"{_BILLING}.phone_number",), note="with phone_number"
    ),
    "connector_feature_data": FieldMap.to("{key}", note="default, instruments (instrument ids)"),
}
"""Where each canonical field lands in Checkout.com's JSON body."""


def _name(request: CreateCustomerRequest, errors: FieldErrors) -> str | None:
    """``customer_name`` as given, else the billing first and last name joined (``person_name``
    records a blank name and billing names that contradict ``customer_name``)."""
    given, family = person_name(request, errors)
    if request.customer_name is not None:
        return request.customer_name
    name = " ".join(part for part in (given, family) if part) or None
    if name is not None and len(name) > NAME_MAX:  # each part fits: together they may not
        for field, part in ((f"{_BILLING}.first_name", given), (f"{_BILLING}.last_name", family)):
            if part:
                errors.add(field, f"with the other name part, longer than Checkout.com's {NAME_MAX}", "string_too_long")
    return name


def _phone(request: CreateCustomerRequest, phone: str, errors: FieldErrors) -> dict[str, str]:
    """Checkout.com's ``{country_code, number}`` for the one phone ``contact`` chose."""
    field = "phone_number" if request.phone_number is not None else f"{_BILLING}.phone_number"
    if phone.startswith("+"):
        country_code, number = split_e164(phone)
        split = {"country_code": country_code, "number": number}
    else:  # a billing number without its calling code
        number, split = phone, {"number": phone}
    if len(number) < PHONE_NUMBER_MIN:
        errors.add(
            field,
            f"Checkout.com needs at least {PHONE_NUMBER_MIN} digits after the country calling code",
            "string_too_short",
        )
    return split


def _feature_data(request: CreateCustomerRequest, body: dict[str, Any], errors: FieldErrors) -> None:
    """``default`` (an instrument id, text) and any unknown key go through the core's
    ``feature_data``; ``instruments`` is a list of ids, which ``feature_data`` (text values only)
    would refuse, so it is kept out of that call and checked here."""
    data = request.connector_feature_data or {}
    texts = {key: value for key, value in data.items() if key != "instruments"}
    others = request.model_copy(update={"connector_feature_data": texts})
    # Both keys are known (no length limit), so the message for an unknown key names both.
    body.update(feature_data(others, errors, dict.fromkeys(FEATURE_FIELDS)))
    if "instruments" in data:
        instruments = data["instruments"]
        if isinstance(instruments, list) and all(isinstance(v, str) and v.strip() for v in instruments):
            body["instruments"] = instruments
        else:
            errors.add("connector_feature_data.instruments", "must be a list of instrument ids (non-blank strings)")


def to_body(request: CreateCustomerRequest) -> dict[str, Any]:
    """The Checkout.com body for ``request``.

    Raises ``InvalidRequestError`` listing every canonical field Checkout.com cannot take as given.
    """
    errors = FieldErrors("Checkout.com")
    email, phone = contact(request, errors)
    if email is None:
        errors.add("email", "Checkout.com requires an e-mail address for every customer", "missing")
    body: dict[str, Any] = {"email": email}
    if (name := _name(request, errors)) is not None:
        body["name"] = name
    if phone is not None:
        body["phone"] = _phone(request, phone, errors)
    if metadata := metadata_with_merchant_id(request, errors, max_items=METADATA_PAIRS):
        body["metadata"] = metadata
    _feature_data(request, body, errors)
    errors.raise_if_any()
    return body
