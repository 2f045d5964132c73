"""Canonical ``CreateCustomerRequest`` -> Stripe ``POST /v1/customers`` parameters.

Every canonical field is either mapped or rejected with an ``InvalidRequestError`` naming it:
nothing is dropped silently. Stripe's own limits are enforced here, before anything is sent,
so a request that would be refused by Stripe fails with a canonical field-level error instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from paywire import FieldErrors, plain

if TYPE_CHECKING:  # `paywire connectors` imports this plugin: no canonical models at import
    from paywire import Address, CreateCustomerRequest

__all__ = [
    "FEATURE_DATA_RESERVED",
    "LIMITS",
    "MERCHANT_ID_METADATA_KEY",
    "UNSUPPORTED_FIELDS",
    "to_params",
]

MERCHANT_ID_METADATA_KEY = "paywire_merchant_customer_id"
"""Stripe has no field for the merchant's own id: it is kept as this metadata key."""

LIMITS: Mapping[str, int] = {
    "name": 256,
    "email": 512,
    "phone": 20,
    "description": 5000,
    "address_part": 5000,
    "shipping_part": 5000,
    "metadata_keys": 50,
    "metadata_key": 40,
    "metadata_value": 500,
}
"""Stripe's documented maximum lengths (characters) and counts."""

UNSUPPORTED_FIELDS = frozenset(
    {
        "address.billing_address.line3",
        "address.shipping_address.line3",
        "address.shipping_address.email",
    }
)
"""Canonical fields Stripe's customer object has no place for: rejected when set."""

FEATURE_DATA_RESERVED = frozenset(
    {"name", "email", "phone", "description", "address", "shipping", "metadata", "preferred_locales"}
)
"""Stripe parameters paywire fills from canonical fields: ``connector_feature_data`` may not set them."""

_POSTAL_PARTS = (
    ("line1", "line1"),
    ("line2", "line2"),
    ("city", "city"),
    ("state", "state"),
    ("zip_code", "postal_code"),
    ("country_alpha2_code", "country"),
)
"""Canonical address part -> Stripe ``address[...]`` key, in the order they are sent."""


def _full_name(address: Address) -> str | None:
    parts = [p for p in (plain(address.first_name), plain(address.last_name)) if p]
    return " ".join(parts) or None


def _phone(address: Address, base: str, errors: FieldErrors) -> str | None:
    number = plain(address.phone_number)
    if number is None:
        if address.phone_country_code is not None:
            errors.add(f"{base}.phone_country_code", "needs phone_number: Stripe holds one phone string")
        return None
    return (address.phone_country_code or "") + number


def _postal(address: Address, base: str, limit: int, errors: FieldErrors) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, stripe_key in _POSTAL_PARTS:
        value = plain(getattr(address, canonical))
        if value is not None:
            errors.max_length(f"{base}.{canonical}", value, limit)
            out[stripe_key] = value
    if address.line3 is not None:
        errors.add(f"{base}.line3", "Stripe addresses have no third line (line1 and line2 only)", "not_supported")
    return out


def _merge_customer_level(
    params: dict[str, Any], key: str, value: str | None, canonical: str, fields: list[str], errors: FieldErrors
) -> None:
    """Carry a billing contact value to the customer-level ``key`` unless it contradicts it."""
    if value is None:
        return
    current = params.get(key)
    if current is None:
        params[key] = value
    elif current != value:
        for field in fields:
            errors.add(
                field,
                f"differs from {canonical}: Stripe keeps a single customer {key}; leave it out or make it equal",
            )


def _billing(address: Address, params: dict[str, Any], errors: FieldErrors) -> None:
    base = "address.billing_address"
    name_fields = [f"{base}.{n}" for n in ("first_name", "last_name") if getattr(address, n) is not None]
    _merge_customer_level(params, "name", _full_name(address), "customer_name", name_fields, errors)
    _merge_customer_level(params, "email", plain(address.email), "email", [f"{base}.email"], errors)
    phone = _phone(address, base, errors)
    _merge_customer_level(params, "phone", phone, "phone_number", [f"{base}.phone_number"], errors)
    postal = _postal(address, base, LIMITS["address_part"], errors)
    if postal:
        params["address"] = postal


def _shipping(address: Address, errors: FieldErrors) -> dict[str, Any] | None:
    base = "address.shipping_address"
    if address.email is not None:
        errors.add(f"{base}.email", "Stripe's shipping details have no e-mail address", "not_supported")
    name = _full_name(address)
    phone = _phone(address, base, errors)
    postal = _postal(address, base, LIMITS["shipping_part"], errors)
    if name is None and phone is None and not postal:
        return None
    if name is None:
        errors.add(f"{base}.first_name", "Stripe requires a shipping name: set first_name and/or last_name", "missing")
    if not postal:
        errors.add(base, "Stripe requires a shipping postal address (line1, city, zip_code, country...)", "missing")
    errors.max_length(f"{base}.first_name", name, LIMITS["shipping_part"])
    errors.max_length(f"{base}.phone_number", phone, LIMITS["shipping_part"])
    shipping: dict[str, Any] = {"name": name}
    if phone is not None:
        shipping["phone"] = phone
    shipping["address"] = postal
    return shipping


def _metadata(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in request.metadata.items():
        field = f"metadata.{key}"
        if key == MERCHANT_ID_METADATA_KEY:
            errors.add(field, "this key is reserved for merchant_customer_id by paywire-stripe")
        elif "[" in key or "]" in key:
            errors.add(field, "Stripe metadata keys may not contain '[' or ']'")
        elif len(key) > LIMITS["metadata_key"]:
            errors.add(field, f"Stripe metadata keys are at most {LIMITS['metadata_key']} characters")
        elif not value:
            errors.add(field, "Stripe reads an empty value as 'unset': the key would not be stored")
        else:
            errors.max_length(field, value, LIMITS["metadata_value"])
        out[key] = value
    if request.merchant_customer_id is not None:
        out[MERCHANT_ID_METADATA_KEY] = request.merchant_customer_id
        errors.max_length("merchant_customer_id", request.merchant_customer_id, LIMITS["metadata_value"])
    if len(out) > LIMITS["metadata_keys"]:
        errors.add(
            "metadata",
            f"Stripe holds at most {LIMITS['metadata_keys']} keys, and merchant_customer_id takes one of them",
        )
    return out


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
    data = request.connector_feature_data or {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        field = f"connector_feature_data.{key}"
        if key in FEATURE_DATA_RESERVED:
            errors.add(field, f"Stripe's {key!r} is filled from the canonical fields; set it there")
            continue
        _check_feature_keys({key: value}, "connector_feature_data", errors)
        out[key] = value
    return out


def to_params(request: CreateCustomerRequest) -> dict[str, Any]:
    """The Stripe parameters for ``request`` (nested; encode with ``encode_form``).

    Raises ``InvalidRequestError`` listing every canonical field Stripe cannot take.
    """
    errors = FieldErrors("Stripe")
    params: dict[str, Any] = {}
    if request.customer_name is not None:
        params["name"] = request.customer_name
    if request.email is not None:
        params["email"] = request.email.get_secret_value()
    if request.phone_number is not None:
        params["phone"] = request.phone_number
    if request.description is not None:
        params["description"] = request.description
    addresses = request.address
    if addresses is not None and addresses.billing_address is not None:
        _billing(addresses.billing_address, params, errors)
    name_field = "customer_name" if request.customer_name is not None else "address.billing_address.first_name"
    errors.max_length(name_field, params.get("name"), LIMITS["name"])
    errors.max_length("email", params.get("email"), LIMITS["email"])
    phone_field = "phone_number" if request.phone_number is not None else "address.billing_address.phone_number"
    errors.max_length(phone_field, params.get("phone"), LIMITS["phone"])
    errors.max_length("description", request.description, LIMITS["description"])
    if addresses is not None and addresses.shipping_address is not None:
        shipping = _shipping(addresses.shipping_address, errors)
        if shipping is not None:
            params["shipping"] = shipping
    metadata = _metadata(request, errors)
    if metadata:
        params["metadata"] = metadata
    if request.preferred_locales:
        params["preferred_locales"] = list(request.preferred_locales)
    params.update(_feature_data(request, errors))
    errors.raise_if_any()
    return params
