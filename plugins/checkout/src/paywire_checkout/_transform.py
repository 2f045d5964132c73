"""Canonical ``CreateCustomerRequest`` -> Checkout.com ``POST /customers`` JSON body.

Checkout.com's customer (the ``StoreCustomerRequest`` schema) holds an e-mail address (required,
at most 255 characters), a name (at most 255), a phone ``{country_code, number}`` (1-7 and 6-25
characters), ``metadata`` (at most 10 pairs, keys and values at most 100 characters) and the ids
of stored instruments (``default``, ``instruments``). Every canonical field is mapped
(``FIELDS``), refused by the core (``UNSUPPORTED_FIELDS``, ``LIMITS``), or refused here when only
Checkout.com's shape decides it (``to_body``): nothing is dropped.

- ``merchant_customer_id`` has no field of its own: it is kept as the metadata pair
  ``paywire_merchant_customer_id`` (which then counts towards the 10 pairs).
- The billing address's first/last name, e-mail and phone are the customer's when the customer
  level leaves them out, and must agree with it otherwise; its postal parts have no place.
- ``phone_number`` (E.164) is split after its country calling code (``paywire.split_e164``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paywire import Address, CreateCustomerRequest, FieldErrors, FieldMap, Limit, plain, split_e164

__all__ = [
    "FEATURE_FIELDS",
    "FIELDS",
    "LIMITS",
    "MERCHANT_ID_METADATA_KEY",
    "METADATA_PAIRS",
    "UNSUPPORTED_FIELDS",
    "to_body",
]

MERCHANT_ID_METADATA_KEY = "paywire_merchant_customer_id"
"""The metadata key holding ``merchant_customer_id`` (Checkout.com customers have no reference field)."""

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
    "metadata": Limit(max_items=METADATA_PAIRS, key_max_length=METADATA_TEXT_MAX, max_length=METADATA_TEXT_MAX),
}
"""Checkout.com's documented limits below the canonical ones (``email``: 255, above the canonical 254)."""

FEATURE_FIELDS = ("default", "instruments")
"""``connector_feature_data`` keys passed through: Checkout.com customer fields with no canonical twin
(the id of the default instrument, the ids of instruments to link)."""

_NAME_NOTE = "first_name + ' ' + last_name, when customer_name is absent (equal to it otherwise)"
FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to(
        f"metadata.{MERCHANT_ID_METADATA_KEY}", note="a metadata pair, one of the 10; at most 100 characters"
    ),
    "customer_name": FieldMap.to("name", note="at most 255 characters"),
    "email": FieldMap.to("email"),
    "phone_number": FieldMap.to(
        "phone.country_code", "phone.number", note="split after the country calling code: +1, 4155550100"
    ),
    "metadata": FieldMap.to("metadata.{key}", note="at most 10 pairs; keys and values at most 100 characters"),
    f"{_BILLING}.first_name": FieldMap.to("name", contains=True, note=_NAME_NOTE),
    f"{_BILLING}.last_name": FieldMap.to("name", contains=True, note=_NAME_NOTE),
    f"{_BILLING}.email": FieldMap.to("email", note="when email is absent (equal to it otherwise)"),
    f"{_BILLING}.phone_number": FieldMap.to(
        "phone.number", note="when phone_number is absent (equal to its number otherwise)"
    ),
    f"{_BILLING}.phone_country_code": FieldMap.to(
        "phone.country_code", with_fields=(f"{_BILLING}.phone_number",), note="with phone_number"
    ),
    "connector_feature_data": FieldMap.to("{key}", note="default, instruments (instrument ids)"),
}
"""Where each canonical field lands in Checkout.com's JSON body."""


def _phone(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, str] | None:
    if request.phone_number is None:
        return None
    country_code, number = split_e164(request.phone_number)
    if len(number) < PHONE_NUMBER_MIN:
        errors.add(
            "phone_number",
            f"Checkout.com needs at least {PHONE_NUMBER_MIN} digits after the country calling code",
            "string_too_short",
        )
    return {"country_code": country_code, "number": number}


def _billing_phone(billing: Address, errors: FieldErrors) -> dict[str, str] | None:
    number = plain(billing.phone_number)
    if number is None:
        if billing.phone_country_code is not None:
            errors.add(f"{_BILLING}.phone_country_code", "needs phone_number: Checkout.com holds one phone", "missing")
        return None
    if len(number) < PHONE_NUMBER_MIN:
        errors.add(
            f"{_BILLING}.phone_number", f"Checkout.com needs at least {PHONE_NUMBER_MIN} digits", "string_too_short"
        )
    if billing.phone_country_code is None:
        return {"number": number}
    return {"country_code": billing.phone_country_code, "number": number}


def _billing(billing: Address, body: dict[str, Any], errors: FieldErrors) -> None:
    """Carry the billing contact to the customer where the customer level leaves it out."""
    names = [name for name in ("first_name", "last_name") if getattr(billing, name) is not None]
    full = " ".join(plain(getattr(billing, name)) or "" for name in names)
    if names and "name" not in body and len(full) > NAME_MAX:
        for name in names:
            errors.add(
                f"{_BILLING}.{name}",
                f"with the other name part, longer than Checkout.com's {NAME_MAX}",
                "string_too_long",
            )
    if names and body.setdefault("name", full) != full:
        for name in names:
            errors.add(f"{_BILLING}.{name}", "differs from customer_name: Checkout.com keeps one name; make it equal")
    email = plain(billing.email)
    if email is not None and body.setdefault("email", email) != email:
        errors.add(f"{_BILLING}.email", "differs from email: Checkout.com keeps one e-mail address; make it equal")
    phone = _billing_phone(billing, errors)
    if phone is not None:
        current = body.setdefault("phone", phone)
        same_code = "country_code" not in phone or phone["country_code"] == current.get("country_code")
        if current["number"] != phone["number"] or not same_code:
            errors.add(f"{_BILLING}.phone_number", "differs from phone_number: Checkout.com keeps one phone")


def _metadata(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, str]:
    pairs = dict(request.metadata)
    if MERCHANT_ID_METADATA_KEY in pairs:
        errors.add(f"metadata.{MERCHANT_ID_METADATA_KEY}", "this key is reserved for merchant_customer_id")
    if request.merchant_customer_id is not None:
        pairs[MERCHANT_ID_METADATA_KEY] = request.merchant_customer_id
        if len(request.metadata) == METADATA_PAIRS:  # more than 10 user pairs: the core refuses them
            errors.add(
                "metadata",
                f"Checkout.com holds at most {METADATA_PAIRS} pairs, and merchant_customer_id takes one of them",
                "too_long",
            )
    return pairs


def _is_instrument_ids(key: str, value: Any) -> bool:
    if key == "default":
        return isinstance(value, str) and bool(value)
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _feature_data(request: CreateCustomerRequest, body: dict[str, Any], errors: FieldErrors) -> None:
    for key, value in (request.connector_feature_data or {}).items():
        field = f"connector_feature_data.{key}"
        if key not in FEATURE_FIELDS:
            known = ", ".join(FEATURE_FIELDS)
            errors.add(field, f"not a Checkout.com customer field paywire-checkout passes; known: {known}")
        elif not _is_instrument_ids(key, value):
            kind = "an instrument id" if key == "default" else "a list of instrument ids"
            errors.add(field, f"must be {kind} (non-empty strings)")
        else:
            body[key] = value


def to_body(request: CreateCustomerRequest) -> dict[str, Any]:
    """The Checkout.com body for ``request``.

    Raises ``InvalidRequestError`` listing every canonical field Checkout.com cannot take as given.
    """
    errors = FieldErrors("Checkout.com")
    body: dict[str, Any] = {}
    if request.email is not None:
        body["email"] = request.email.get_secret_value()
    if request.customer_name is not None:
        body["name"] = request.customer_name
    phone = _phone(request, errors)
    if phone is not None:
        body["phone"] = phone
    billing = request.address.billing_address if request.address is not None else None
    if billing is not None:
        _billing(billing, body, errors)
    if "email" not in body:
        errors.add("email", "Checkout.com requires an e-mail address for every customer", "missing")
    if metadata := _metadata(request, errors):
        body["metadata"] = metadata
    _feature_data(request, body, errors)
    errors.raise_if_any()
    return {"email": body.pop("email", None), **body}
