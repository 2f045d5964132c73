"""Canonical ``CreateCustomerRequest`` -> the JSON body of Shift4's ``POST /customers``.

Shift4's customer holds ``email`` (required), ``phoneNumber``, ``description``, ``metadata``
(string to string) and ``billing`` (``name``, ``email``, ``phone``, ``vat``, ``address`` with
``line1``, ``line2``, ``zip``, ``city``, ``state``, ``country``): shift4-java's
``CustomerRequest``, ``BillingRequest`` and ``AddressRequest``. Everything else the canonical model
holds is refused by the core (``UNSUPPORTED_FIELDS``). Shift4 documents no length limits, so
``LIMITS`` is empty: the canonical model's own bounds apply. What only Shift4's shape decides is
checked here: the e-mail it requires, one billing name fed from two canonical sources, the
metadata slot the merchant id takes, and a phone country code without a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paywire import Address, CreateCustomerRequest, FieldErrors, FieldMap, Limit, plain

__all__ = ["FIELDS", "LIMITS", "MERCHANT_ID_METADATA_KEY", "UNSUPPORTED_FIELDS", "to_body"]

MERCHANT_ID_METADATA_KEY = "paywire_merchant_customer_id"
"""Shift4 has no field for the merchant's own id: it is kept as this metadata key."""

UNSUPPORTED_FIELDS = frozenset(
    {
        "preferred_locales",
        "address.shipping_address",
        "address.billing_address.line3",
        "connector_feature_data",
    }
)
"""Canonical fields Shift4's customer has no place for (a customer has one billing address of
two lines, no shipping address and no locale); ``connector_feature_data`` is not passed through."""

LIMITS: Mapping[str, Limit] = {}
"""Shift4 documents no length or count limits for these fields (see the module docstring)."""

_POSTAL_PARTS = (
    ("line1", "line1"),
    ("line2", "line2"),
    ("zip_code", "zip"),
    ("city", "city"),
    ("state", "state"),
    ("country_alpha2_code", "country"),
)
"""Canonical address part -> ``billing.address`` key, in shift4-java's ``AddressRequest`` order."""

_BILLING = "address.billing_address"
_NAME_NOTE = "first_name and last_name joined by a space; equal to customer_name when both are given"
FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to(
        f"metadata.{MERCHANT_ID_METADATA_KEY}", note="Shift4 has no field for it: kept in metadata"
    ),
    "customer_name": FieldMap.to(
        "billing.name", note="Shift4's customer has no name of its own: the billing name holds it"
    ),
    "email": FieldMap.to("email", note="required by Shift4"),
    "phone_number": FieldMap.to("phoneNumber", note="E.164, as given"),
    "description": FieldMap.to("description"),
    "metadata": FieldMap.to("metadata.{key}"),
    f"{_BILLING}.first_name": FieldMap.to("billing.name", contains=True, note=_NAME_NOTE),
    f"{_BILLING}.last_name": FieldMap.to("billing.name", contains=True, note=_NAME_NOTE),
    **{f"{_BILLING}.{part}": FieldMap.to(f"billing.address.{key}") for part, key in _POSTAL_PARTS},
    f"{_BILLING}.email": FieldMap.to("billing.email"),
    f"{_BILLING}.phone_number": FieldMap.to("billing.phone", contains=True, note="after phone_country_code"),
    f"{_BILLING}.phone_country_code": FieldMap.to(
        "billing.phone", contains=True, with_fields=(f"{_BILLING}.phone_number",), note="before phone_number"
    ),
}
"""Where each canonical field lands in Shift4's JSON body."""


def _billing_name(request: CreateCustomerRequest, address: Address | None, errors: FieldErrors) -> str | None:
    """The one billing name: the billing first and last names, else ``customer_name``."""
    parts = [] if address is None else [plain(address.first_name), plain(address.last_name)]
    name = " ".join(p for p in parts if p) or None
    if name is None:
        return request.customer_name
    if request.customer_name is not None and request.customer_name != name:
        for part in ("first_name", "last_name"):
            if address is not None and getattr(address, part) is not None:
                errors.add(
                    f"{_BILLING}.{part}",
                    "differs from customer_name: Shift4 keeps a single billing name; make them equal or omit one",
                )
    return name


def _billing_phone(address: Address, errors: FieldErrors) -> str | None:
    number = plain(address.phone_number)
    if number is None:
        if address.phone_country_code is not None:
            errors.add(f"{_BILLING}.phone_country_code", "needs phone_number: Shift4 holds one billing phone string")
        return None
    return (address.phone_country_code or "") + number


def _billing(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, Any]:
    address = request.address.billing_address if request.address is not None else None
    billing: dict[str, Any] = {"name": _billing_name(request, address, errors)}
    if address is not None:
        postal = {key: value for part, key in _POSTAL_PARTS if (value := plain(getattr(address, part))) is not None}
        billing.update(address=postal or None, email=plain(address.email), phone=_billing_phone(address, errors))
    return {key: value for key, value in billing.items() if value is not None}


def _metadata(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, str]:
    out = dict(request.metadata)
    if MERCHANT_ID_METADATA_KEY in out:
        errors.add(f"metadata.{MERCHANT_ID_METADATA_KEY}", "this key is reserved for merchant_customer_id")
    if request.merchant_customer_id is not None:
        out[MERCHANT_ID_METADATA_KEY] = request.merchant_customer_id
    return out


def to_body(request: CreateCustomerRequest) -> dict[str, Any]:
    """The JSON object Shift4 reads for ``request``, in shift4-java's field order.

    Raises ``InvalidRequestError`` naming every canonical field Shift4 cannot take as given.
    """
    errors = FieldErrors("Shift4")
    if request.email is None:
        errors.add("email", "Shift4 requires an e-mail address to create a customer", "missing")
    body: dict[str, Any] = {
        "email": plain(request.email),
        "phoneNumber": request.phone_number,
        "description": request.description,
        "metadata": _metadata(request, errors) or None,
        "billing": _billing(request, errors) or None,
    }
    errors.raise_if_any()
    return {key: value for key, value in body.items() if value is not None}
