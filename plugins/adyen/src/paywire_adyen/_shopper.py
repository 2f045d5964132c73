"""The shopper fields Adyen takes on payments, built from a canonical request and checked
against Adyen's limits (Checkout v71), so a profile Adyen could not take fails at creation.

Mapping (what a later payment or tokenization call will send):

    customer_name, or billing first/last  -> shopperName {firstName, lastName} (each <= 80)
    email (or billing email)              -> shopperEmail
    phone_number (or billing phone)       -> telephoneNumber  ("+", 1-3 digit code, 4-15 digits)
    preferred_locales[0]                  -> shopperLocale    (Adyen takes one: the most preferred)
    address.billing_address               -> billingAddress
    address.shipping_address              -> deliveryAddress  (with firstName/lastName)
    metadata                              -> metadata (<= 20 pairs, key <= 20, value <= 80)

Name split: billing ``first_name`` + ``last_name`` when both are given (explicit beats a guess),
else ``customer_name`` split at its first space ("Mary Ann Smith" -> "Mary" / "Ann Smith").
Adyen needs both parts, so a one-word name with no billing names is rejected.

Address lines: Adyen wants ``street`` and ``houseNumberOrName`` apart. A house number at the
start or end of ``line1`` ("1 Main Street", "Straße 1") is split off; otherwise ``line2`` is the
house number or name ("Rose Cottage"). Lines left over are appended to ``houseNumberOrName``
("1, Apt 4"). ``street``, ``houseNumberOrName``, ``city``, ``postalCode`` and ``country`` are
required whenever any postal part is given; ``stateOrProvince`` too for US and CA.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from paywire import Address, CreateCustomerRequest, FieldErrors, Limit, person_name, plain

__all__ = [
    "LIMITS",
    "METADATA_KEY_MAX",
    "METADATA_MAX_PAIRS",
    "METADATA_VALUE_MAX",
    "NAME_PART_MAX",
    "UNSUPPORTED_FIELDS",
    "adyen_address",
    "check_telephone",
    "shopper_fields",
]

NAME_PART_MAX = 80
METADATA_MAX_PAIRS = 20
METADATA_KEY_MAX = 20
METADATA_VALUE_MAX = 80
US_POSTAL_MAX_DIGITS = 5
POSTAL_MAX = 10

UNSUPPORTED_FIELDS = frozenset(
    {
        "description",
        "connector_feature_data",
        "address.shipping_address.email",
        "address.shipping_address.phone_number",
        "address.shipping_address.phone_country_code",
    }
)
"""Canonical fields Adyen has no place for (no shopper description, no delivery contact details):
refused by the core, never dropped."""

LIMITS: Mapping[str, Limit] = {
    "metadata": Limit(max_items=METADATA_MAX_PAIRS, key_max_length=METADATA_KEY_MAX, max_length=METADATA_VALUE_MAX)
}
"""Adyen's metadata: at most 20 pairs, keys of at most 20 characters, values of at most 80."""

_TELEPHONE = re.compile(r"^\+[0-9]{1,3}[0-9]{4,15}$")
_HOUSE = r"[0-9]+[A-Za-z]?(?:[-/][0-9]+[A-Za-z]?)?"
_LEADING_HOUSE = re.compile(rf"^({_HOUSE})[\s,]+(\S.*)$")
_TRAILING_HOUSE = re.compile(rf"^(.*\S)[\s,]+({_HOUSE})$")
_STATE_CODE = re.compile(r"^[A-Za-z0-9]{2}$")
_POSTAL_PARTS = ("line1", "line2", "line3", "city", "state", "zip_code", "country_alpha2_code")


def check_telephone(value: str) -> bool:
    """Adyen's ``telephoneNumber``: '+', a 1 to 3 digit country code, then 4 to 15 digits."""
    return bool(_TELEPHONE.match(value))


def _split_street(line1: str) -> tuple[str, str] | None:
    """(street, house number) when ``line1`` starts or ends with a house number."""
    leading = _LEADING_HOUSE.match(line1)
    if leading:
        return leading.group(2).strip(), leading.group(1)
    trailing = _TRAILING_HOUSE.match(line1)
    if trailing:
        return trailing.group(1).strip().rstrip(","), trailing.group(2)
    return None


def adyen_address(address: Address, path: str, errors: FieldErrors) -> dict[str, str] | None:
    """Adyen's ``billingAddress``/``deliveryAddress`` postal fields, or None when no postal part
    is given. Problems are appended to ``errors`` under canonical paths (``path.city``)."""
    if all(getattr(address, part) is None for part in _POSTAL_PARTS):
        return None
    line1, line2, line3 = plain(address.line1), plain(address.line2), plain(address.line3)
    city, state, postal = plain(address.city), plain(address.state), plain(address.zip_code)
    country = address.country_alpha2_code
    before = len(errors.items)
    for name, value in (("line1", line1), ("city", city), ("zip_code", postal), ("country_alpha2_code", country)):
        if value is None:
            errors.add(f"{path}.{name}", "required by Adyen when an address is given", "missing")
    street = house = None
    extra = [line for line in (line2, line3) if line]
    if line1 is not None:
        split = _split_street(line1)
        if split is not None:
            street, house = split
        elif line2 is not None:
            street, house, extra = line1, line2, extra[1:]
        else:
            errors.add(
                f"{path}.line1",
                "Adyen needs a house number or name: put the number at the start or end of line1,"
                " or the house number or name in line2",
            )
    if house is not None and extra:
        house = ", ".join([house, *extra])
    if postal is not None and country is not None:
        if country == "US":
            if not (postal.isascii() and postal.isdigit() and len(postal) <= US_POSTAL_MAX_DIGITS):
                errors.add(f"{path}.zip_code", "Adyen takes at most 5 digits for a US postal code")
        elif len(postal) > POSTAL_MAX:
            errors.add(f"{path}.zip_code", f"Adyen takes at most {POSTAL_MAX} characters")
    if country in ("US", "CA"):
        if state is None:
            errors.add(f"{path}.state", "required by Adyen for US and CA addresses", "missing")
        elif not _STATE_CODE.match(state):
            errors.add(f"{path}.state", "Adyen needs the two-character ISO 3166-2 code (e.g. CA)")
    if len(errors.items) > before:
        return None
    assert street is not None
    assert house is not None
    assert city is not None
    assert postal is not None
    assert country is not None
    out = {"street": street, "houseNumberOrName": house, "city": city, "postalCode": postal, "country": country}
    if state is not None:
        out["stateOrProvince"] = state
    return out


def _name_part(value: str, field: str, errors: FieldErrors) -> None:
    if len(value) > NAME_PART_MAX:
        errors.add(field, f"Adyen takes at most {NAME_PART_MAX} characters per name part")


def _shopper_name(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, str] | None:
    """Adyen's ``shopperName``: both parts, from ``paywire.person_name`` (the billing first and
    last name, else ``customer_name`` split at its first space; contradictions refused)."""
    before = len(errors.items)
    first, last = person_name(request, errors)
    if len(errors.items) > before or (first is None and last is None):
        return None
    if first is None or last is None:
        billing = request.address.billing_address if request.address else None
        named = billing is not None and (billing.first_name is not None or billing.last_name is not None)
        field = (
            f"address.billing_address.{'first_name' if first is None else 'last_name'}" if named else "customer_name"
        )
        errors.add(
            field,
            "Adyen's shopperName needs a first and a last name: give 'First Last', or"
            " address.billing_address.first_name and last_name",
            "missing",
        )
        return None
    source = "customer_name" if request.customer_name is not None else None
    for value, part in ((first, "first_name"), (last, "last_name")):
        _name_part(value, source or f"address.billing_address.{part}", errors)
    return {"firstName": first, "lastName": last}


def _delivery_name(address: Address, out: dict[str, str], errors: FieldErrors) -> None:
    for canonical, adyen in (("first_name", "firstName"), ("last_name", "lastName")):
        value = plain(getattr(address, canonical))
        if value is not None:
            _name_part(value, f"address.shipping_address.{canonical}", errors)
            out[adyen] = value


def _contact(request: CreateCustomerRequest, fields: dict[str, Any], errors: FieldErrors) -> None:
    """shopperEmail and telephoneNumber, from the request or else from the billing address."""
    email = plain(request.email)
    phone = request.phone_number
    if phone is not None and not check_telephone(phone):
        errors.add("phone_number", "not a telephone number Adyen takes ('+', code, 4-15 digits)")
    billing = request.address.billing_address if request.address else None
    if billing is not None:
        billing_email = plain(billing.email)
        if billing_email is not None:
            if email is None:
                email = billing_email
            elif billing_email.casefold() != email.casefold():
                errors.add("address.billing_address.email", "Adyen holds one shopper e-mail: must equal email")
        number, code = plain(billing.phone_number), billing.phone_country_code
        if (number is None) != (code is None):
            missing = "phone_country_code" if code is None else "phone_number"
            errors.add(
                f"address.billing_address.{missing}",
                "Adyen's telephoneNumber needs both country code and number",
                "missing",
            )
        elif number is not None and code is not None:
            billing_phone = code + number
            if not check_telephone(billing_phone):
                errors.add(
                    "address.billing_address.phone_number",
                    "not a telephone number Adyen takes ('+', code, 4-15 digits)",
                )
            elif phone is None:
                phone = billing_phone
            elif billing_phone != phone:
                errors.add(
                    "address.billing_address.phone_number",
                    "Adyen holds one shopper telephone number: must equal phone_number",
                )
    if email is not None:
        fields["shopperEmail"] = email
    if phone is not None:
        fields["telephoneNumber"] = phone


def shopper_fields(request: CreateCustomerRequest) -> dict[str, Any]:
    """Adyen's shopper fields for ``request`` (plain values: personal data, never log them).

    Raises ``InvalidRequestError`` listing every field Adyen could not take (the core has refused
    the unsupported fields and the metadata beyond ``LIMITS`` already).
    """
    errors = FieldErrors("Adyen")
    fields: dict[str, Any] = {}
    name = _shopper_name(request, errors)
    if name is not None:
        fields["shopperName"] = name
    _contact(request, fields, errors)
    if request.preferred_locales:
        fields["shopperLocale"] = request.preferred_locales[0]
    if request.address is not None:
        if request.address.billing_address is not None:
            billing = adyen_address(request.address.billing_address, "address.billing_address", errors)
            if billing is not None:
                fields["billingAddress"] = billing
        shipping_address = request.address.shipping_address
        if shipping_address is not None:
            delivery = adyen_address(shipping_address, "address.shipping_address", errors)
            names: dict[str, str] = {}
            _delivery_name(shipping_address, names, errors)
            if delivery is not None:
                fields["deliveryAddress"] = {**delivery, **names}
            elif names and not any(e.field.startswith("address.shipping_address.") for e in errors.items):
                errors.add(
                    "address.shipping_address.line1",
                    "Adyen's deliveryAddress needs a postal address with the names",
                    "missing",
                )
    if request.metadata:
        fields["metadata"] = dict(request.metadata)
    errors.raise_if_any()
    return fields
