"""Canonical ``CreateCustomerRequest`` -> the ``CustomerInput`` of Braintree's GraphQL
``createCustomer`` mutation.

``CustomerInput`` (Braintree's public schema) holds ``firstName``, ``lastName``, ``email``,
``phoneNumber``, ``company``, ``fax``, ``website``, ``customFields`` and ``taxIdentifiers``:
no address, no description, no locale and no free-form metadata. So:

    merchant_customer_id        -> customFields[0] {name: <option merchant_customer_id_field>, value}
    customer_name               -> firstName + lastName (``paywire.person_name``)
    email                       -> email
    phone_number                -> phoneNumber (E.164)
    address.billing_address     -> first_name/last_name -> firstName/lastName (``person_name``),
                                   email -> email, phone_country_code + phone_number ->
                                   phoneNumber (``paywire.contact``: each must agree with the
                                   customer-level value when both are set); its postal parts
                                   are refused
    connector_feature_data      -> company, fax, website, custom_fields (Braintree-only fields)
    description, preferred_locales, metadata,
    address.shipping_address, billing postal parts -> refused: Braintree's customer has no place

A custom field reaches Braintree only when the merchant configured it in the Control Panel
(Settings > Custom Fields); otherwise Braintree refuses the request (code 91602), which the
connector reports naming the canonical field. ``metadata`` is refused rather than sent as custom
fields: its keys are the caller's free choice, while Braintree holds only names configured
beforehand, so paywire could not promise to hold it (configured fields go through
``connector_feature_data.custom_fields``). Braintree's limits (255 characters for every field and
custom field value, error codes 81601-81616 and 81603) are declared in ``LIMITS`` where a
``Limit`` can say them and checked here otherwise, so nothing too long is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from paywire import CreateCustomerRequest, FieldErrors, FieldMap, Limit, contact, person_name

__all__ = [
    "CUSTOMER_INPUT",
    "FEATURE_FIELDS",
    "FIELDS",
    "LIMITS",
    "MAX_LENGTH",
    "UNSUPPORTED_FIELDS",
    "to_customer_input",
]

MAX_LENGTH = 255
"""Braintree's maximum for every customer field and custom field value (its validation codes
81601, 81603, 81605, 81607, 81608, 81613, 81614, 81615)."""

CUSTOM_FIELD_NAME = re.compile(r"[A-Za-z0-9_]+")
"""Braintree's ``CustomFieldName`` scalar: letters, numbers and underscores."""

CUSTOMER_INPUT = "variables.input.customer"
"""Where ``CustomerInput`` sits in the request body (the field map's locations start here)."""

_BILLING = "address.billing_address"
_POSTAL = ("line1", "line2", "line3", "city", "state", "zip_code", "country_alpha2_code")

UNSUPPORTED_FIELDS = frozenset(
    {
        "description",
        "preferred_locales",
        "metadata",
        "address.shipping_address",
        *(f"{_BILLING}.{part}" for part in _POSTAL),
    }
)
"""Canonical fields Braintree's GraphQL ``CustomerInput`` has no place for."""

LIMITS: Mapping[str, Limit] = {
    "merchant_customer_id": Limit(max_length=MAX_LENGTH),
    f"{_BILLING}.first_name": Limit(max_length=MAX_LENGTH),
    f"{_BILLING}.last_name": Limit(max_length=MAX_LENGTH),
}
"""Braintree's limits below the canonical ones (256 characters) that a ``Limit`` can say; the
names split from ``customer_name`` are checked in ``to_customer_input``."""

FEATURE_FIELDS = ("company", "fax", "website", "custom_fields")
"""``connector_feature_data`` keys: ``CustomerInput`` fields with no canonical twin, and further
custom fields (a mapping of configured custom field name -> value)."""


def _words(text: str) -> list[str]:
    return [word for word in text.split(" ") if word]


def _names(request: CreateCustomerRequest, customer: dict[str, Any], errors: FieldErrors) -> None:
    """``firstName`` and ``lastName``: the one name ``paywire.person_name`` decides, each part
    within Braintree's 255 characters."""
    given, family = person_name(request, errors)
    if request.customer_name is not None:  # billing names are checked by the declared limits
        errors.max_length("customer_name", given, MAX_LENGTH)
        errors.max_length("customer_name", family, MAX_LENGTH)
    if given is not None:
        customer["firstName"] = given
    if family is not None:
        customer["lastName"] = family


def _custom_field(name: str, value: object, field: str, errors: FieldErrors) -> dict[str, str] | None:
    if not CUSTOM_FIELD_NAME.fullmatch(name):
        errors.add(field, "a Braintree custom field name holds only letters, digits and underscores")
        return None
    if not isinstance(value, str):
        errors.add(field, "must be a string")
        return None
    errors.max_length(field, value, MAX_LENGTH)
    return {"name": name, "value": value}


def _feature_data(
    request: CreateCustomerRequest, merchant_field: str, customer: dict[str, Any], errors: FieldErrors
) -> list[dict[str, str]]:
    """Set the Braintree-only fields; return the further custom fields."""
    extra: list[dict[str, str]] = []
    for key, value in (request.connector_feature_data or {}).items():
        field = f"connector_feature_data.{key}"
        if key == "custom_fields":
            if not isinstance(value, dict) or not value:
                errors.add(field, "must be a non-empty mapping of custom field name -> string value")
                continue
            for name, item in value.items():
                where = f"{field}.{name}"
                if name == merchant_field and request.merchant_customer_id is not None:
                    errors.add(where, "this custom field holds merchant_customer_id")
                elif (entry := _custom_field(name, item, where, errors)) is not None:
                    extra.append(entry)
        elif key in FEATURE_FIELDS:
            if not isinstance(value, str) or not value:
                errors.add(field, "must be a non-empty string")
                continue
            errors.max_length(field, value, MAX_LENGTH)
            customer[key] = value
        else:
            errors.add(
                field, f"not a Braintree field paywire-braintree passes through; known: {', '.join(FEATURE_FIELDS)}"
            )
    return extra


def to_customer_input(request: CreateCustomerRequest, merchant_field: str) -> dict[str, Any]:
    """The ``CustomerInput`` for ``request``; ``merchant_field`` names the custom field that holds
    ``merchant_customer_id``. Raises ``InvalidRequestError`` naming every canonical field Braintree
    cannot take as given."""
    errors = FieldErrors("Braintree")
    customer: dict[str, Any] = {}
    _names(request, customer, errors)
    email, phone = contact(request, errors)
    if email is not None:
        customer["email"] = email
    if phone is not None:
        customer["phoneNumber"] = phone
    custom_fields = []
    if request.merchant_customer_id is not None:
        custom_fields.append({"name": merchant_field, "value": request.merchant_customer_id})
    custom_fields += _feature_data(request, merchant_field, customer, errors)
    if custom_fields:
        customer["customFields"] = custom_fields
    errors.raise_if_any()
    return customer


_NAME = "first word -> firstName, the rest -> lastName"
FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to(
        f"{CUSTOMER_INPUT}.customFields.0.value",
        note="a custom field named by the option merchant_customer_id_field (configure it in the Control Panel)",
    ),
    "customer_name": FieldMap.to(
        f"{CUSTOMER_INPUT}.firstName",
        f"{CUSTOMER_INPUT}.lastName",
        join=" ",
        convert=lambda name: " ".join(_words(name)),
        note=_NAME,
    ),
    "email": FieldMap.to(f"{CUSTOMER_INPUT}.email"),
    "phone_number": FieldMap.to(f"{CUSTOMER_INPUT}.phoneNumber"),
    f"{_BILLING}.first_name": FieldMap.to(f"{CUSTOMER_INPUT}.firstName"),
    f"{_BILLING}.last_name": FieldMap.to(f"{CUSTOMER_INPUT}.lastName"),
    f"{_BILLING}.email": FieldMap.to(f"{CUSTOMER_INPUT}.email", note="when email is absent (equal to it otherwise)"),
    f"{_BILLING}.phone_number": FieldMap.to(
        f"{CUSTOMER_INPUT}.phoneNumber", contains=True, note="after phone_country_code, when phone_number is absent"
    ),
    f"{_BILLING}.phone_country_code": FieldMap.to(
        f"{CUSTOMER_INPUT}.phoneNumber",
        contains=True,
        with_fields=(f"{_BILLING}.phone_number",),
        note="before phone_number",
    ),
    "connector_feature_data": FieldMap.to(
        f"{CUSTOMER_INPUT}.{{key}}", note="company, fax, website; custom_fields -> more customFields"
    ),
}
"""Where each canonical field lands in the GraphQL request body."""
