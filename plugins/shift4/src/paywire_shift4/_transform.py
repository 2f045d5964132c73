"""Canonical ``CreateCustomerRequest`` -> the JSON body of Shift4's ``POST /customers``.

Shift4's customer holds ``email`` (required), ``phoneNumber``, ``description``, ``metadata``
(string to string) and ``billing`` (``name``, ``email``, ``phone``, ``vat``, ``address`` with
``line1``, ``line2``, ``zip``, ``city``, ``state``, ``country``): shift4-java's
``CustomerRequest``, ``BillingRequest`` and ``AddressRequest``. Everything else the canonical model
holds is refused by the core (``UNSUPPORTED_FIELDS``). Shift4 documents no length limits, so
none is declared: the canonical model's own bounds apply. What only Shift4's shape decides is
checked here: the e-mail it requires. Shift4 keeps one name (the billing name), fed from two
canonical sources, so ``paywire.person_name`` decides, as for every connector, when they agree;
the billing phone is ``paywire.address_phone`` and the merchant id the metadata slot of
``paywire.metadata_with_merchant_id``. The customer's e-mail and phone and the billing ones are
separate fields at Shift4, so each is sent where it belongs (no ``paywire.contact``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paywire import (
    MERCHANT_ID_METADATA_KEY,
    CreateCustomerRequest,
    FieldErrors,
    FieldMap,
    address_phone,
    metadata_with_merchant_id,
    person_name,
    plain,
)

__all__ = ["FIELDS", "UNSUPPORTED_FIELDS", "to_body"]

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
_NAME_NOTE = "first_name and last_name joined by a space; with customer_name, they must be how it splits"
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


def _billing_name(request: CreateCustomerRequest, errors: FieldErrors) -> str | None:
    """The one billing name: ``customer_name`` as given (it holds every word of the billing first
    and last names, which must be how it splits), else those names joined by a space."""
    given, family = person_name(request, errors)
    if request.customer_name is not None:
        return request.customer_name
    return " ".join(part for part in (given, family) if part) or None


def _billing(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, Any]:
    address = request.address.billing_address if request.address is not None else None
    billing: dict[str, Any] = {"name": _billing_name(request, errors)}
    if address is not None:
        postal = {key: value for part, key in _POSTAL_PARTS if (value := plain(getattr(address, part))) is not None}
        billing.update(
            address=postal or None, email=plain(address.email), phone=address_phone(address, _BILLING, errors)
        )
    return {key: value for key, value in billing.items() if value is not None}


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
        "metadata": metadata_with_merchant_id(request, errors) or None,
        "billing": _billing(request, errors) or None,
    }
    errors.raise_if_any()
    return {key: value for key, value in body.items() if value is not None}
