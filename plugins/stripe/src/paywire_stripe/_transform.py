"""Canonical ``CreateCustomerRequest`` -> Stripe ``POST /v1/customers`` parameters.

Every canonical field is mapped (``FIELDS``) or refused by the core (``UNSUPPORTED_FIELDS``).
Stripe's documented limits are at or above the canonical ones (name 256, e-mail 512, phone 20,
description and address parts 5000, metadata keys 40 and values 500), so the canonical model
already enforces them; what remains here is what only Stripe's shape decides: one customer name,
e-mail and phone fed from two canonical sources, a shipping address that needs a name and a
street, the metadata slot the merchant id takes, and the metadata keys Stripe reads specially.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paywire import (
    MERCHANT_ID_METADATA_KEY,
    Address,
    CreateCustomerRequest,
    FieldErrors,
    FieldMap,
    address_phone,
    contact,
    metadata_with_merchant_id,
    plain,
    single_value,
)

__all__ = ["FIELDS", "MERCHANT_ID_METADATA_KEY", "UNSUPPORTED_FIELDS", "to_params"]


NAME_MAX = 256
METADATA_MAX = 50

UNSUPPORTED_FIELDS = frozenset(
    {"address.billing_address.line3", "address.shipping_address.line3", "address.shipping_address.email"}
)
"""Canonical fields Stripe's customer object has no place for."""

_POSTAL_PARTS = (
    ("line1", "line1"),
    ("line2", "line2"),
    ("city", "city"),
    ("state", "state"),
    ("zip_code", "postal_code"),
    ("country_alpha2_code", "country"),
)
"""Canonical address part -> Stripe ``address[...]`` key, in the order they are sent."""

_BILLING_NAME = "with last_name as `name` when customer_name is absent (equal to it otherwise)"
_SHIPPING = ("address.shipping_address.first_name", "address.shipping_address.line1")
FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to(f"metadata[{MERCHANT_ID_METADATA_KEY}]"),
    "customer_name": FieldMap.to("name"),
    "email": FieldMap.to("email"),
    "phone_number": FieldMap.to("phone"),
    "description": FieldMap.to("description"),
    "preferred_locales": FieldMap.to("preferred_locales[{index}]"),
    "metadata": FieldMap.to("metadata[{key}]"),
    "address.billing_address.first_name": FieldMap.to("name", contains=True, note=_BILLING_NAME),
    "address.billing_address.last_name": FieldMap.to("name", contains=True, note=_BILLING_NAME),
    **{f"address.billing_address.{part}": FieldMap.to(f"address[{key}]") for part, key in _POSTAL_PARTS},
    "address.billing_address.email": FieldMap.to("email", note="when email is absent (equal to it otherwise)"),
    "address.billing_address.phone_number": FieldMap.to(
        "phone", contains=True, note="after phone_country_code, when phone_number is absent"
    ),
    "address.billing_address.phone_country_code": FieldMap.to(
        "phone", contains=True, with_fields=("address.billing_address.phone_number",), note="before phone_number"
    ),
    "address.shipping_address.first_name": FieldMap.to(
        "shipping[name]", contains=True, with_fields=_SHIPPING[1:], note="with last_name"
    ),
    "address.shipping_address.last_name": FieldMap.to("shipping[name]", contains=True, with_fields=_SHIPPING),
    **{
        f"address.shipping_address.{part}": FieldMap.to(f"shipping[address][{key}]", with_fields=_SHIPPING)
        for part, key in _POSTAL_PARTS
    },
    "address.shipping_address.phone_number": FieldMap.to("shipping[phone]", contains=True, with_fields=_SHIPPING),
    "address.shipping_address.phone_country_code": FieldMap.to(
        "shipping[phone]", contains=True, with_fields=(*_SHIPPING, "address.shipping_address.phone_number")
    ),
    "connector_feature_data": FieldMap.to("{key}", note="any other Stripe parameter, passed through"),
}
"""Where each canonical field lands in Stripe's form body."""

FEATURE_DATA_RESERVED = frozenset(
    {"name", "email", "phone", "description", "address", "shipping", "metadata", "preferred_locales"}
)
"""Stripe parameters paywire fills from canonical fields: ``connector_feature_data`` may not set them."""


def _full_name(address: Address) -> str | None:
    return " ".join(p for p in (plain(address.first_name), plain(address.last_name)) if p) or None


def _postal(address: Address) -> dict[str, str]:
    return {key: value for part, key in _POSTAL_PARTS if (value := plain(getattr(address, part))) is not None}


def _name(request: CreateCustomerRequest, billing: Address | None, errors: FieldErrors) -> str | None:
    """Stripe's one ``name``: ``customer_name``, else the billing first and last name joined."""
    if billing is None:
        return request.customer_name
    base = "address.billing_address"
    fields = [f"{base}.{part}" for part in ("first_name", "last_name") if getattr(billing, part) is not None]
    joined = _full_name(billing)
    if request.customer_name is None and joined is not None and len(joined) > NAME_MAX:
        for field in fields:
            errors.add(field, f"with the other name part, longer than Stripe's {NAME_MAX} characters", "too_long")
    return single_value(errors, "customer name", ("customer_name", request.customer_name), (fields, joined))


def _shipping(address: Address, errors: FieldErrors) -> dict[str, Any] | None:
    base = "address.shipping_address"
    name, phone, postal = _full_name(address), address_phone(address, base, errors), _postal(address)
    if name is None and phone is None and not postal:
        return None
    if name is None:
        errors.add(f"{base}.first_name", "Stripe requires a shipping name: set first_name and/or last_name", "missing")
    if not postal:
        errors.add(base, "Stripe requires a shipping postal address (line1, city, zip_code, country...)", "missing")
    return {"name": name, "phone": phone, "address": postal}


def _metadata(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, str]:
    for key, value in request.metadata.items():
        if "[" in key or "]" in key:
            errors.add(f"metadata.{key}", "Stripe metadata keys may not contain '[' or ']'")
        elif not value:
            errors.add(f"metadata.{key}", "Stripe reads an empty value as 'unset': the key would not be stored")
    return metadata_with_merchant_id(request, errors, max_items=METADATA_MAX)


def _check_feature_keys(value: Any, path: str, errors: FieldErrors) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not key or "[" in key or "]" in key:
                errors.add(path, "keys must be non-empty and may not contain '[' or ']'")
            else:
                _check_feature_keys(item, f"{path}.{key}", errors)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_feature_keys(item, f"{path}.{index}", errors)


def _feature_data(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (request.connector_feature_data or {}).items():
        if key in FEATURE_DATA_RESERVED:
            errors.add(f"connector_feature_data.{key}", f"Stripe's {key!r} is filled from the canonical fields")
            continue
        _check_feature_keys({key: value}, "connector_feature_data", errors)
        out[key] = value
    return out


def to_params(request: CreateCustomerRequest) -> dict[str, Any]:
    """The Stripe parameters for ``request`` (nested; encode with ``encode_form``).

    Raises ``InvalidRequestError`` listing every canonical field Stripe cannot take as given.
    """
    errors = FieldErrors("Stripe")
    addresses = request.address
    billing = addresses.billing_address if addresses is not None else None
    email, phone = contact(request, errors)
    params: dict[str, Any] = {
        "name": _name(request, billing, errors),
        "email": email,
        "phone": phone,
        "description": request.description,
    }
    params = {key: value for key, value in params.items() if value is not None}
    if billing is not None and (postal := _postal(billing)):
        params["address"] = postal
    if addresses is not None and addresses.shipping_address is not None:
        shipping = _shipping(addresses.shipping_address, errors)
        if shipping is not None:
            params["shipping"] = shipping
    if metadata := _metadata(request, errors):
        params["metadata"] = metadata
    if request.preferred_locales:
        params["preferred_locales"] = list(request.preferred_locales)
    params.update(_feature_data(request, errors))
    errors.raise_if_any()
    return params
