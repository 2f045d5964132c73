"""Canonical ``CreateCustomerRequest`` -> Authorize.net ``createCustomerProfileRequest`` (JSON).

Authorize.net translates the JSON into XML and validates it against ``AnetApiSchema.xsd``, whose
elements are ``xs:sequence``s: keys must come in the schema's order or the reply is ``E00003``.
Every dict below is built in that order (Python dicts keep insertion order, and
``paywire.json_body`` keeps it on the wire):

- ``createCustomerProfileRequest`` (``ANetApiRequest``): ``merchantAuthentication``,
  ``clientId``, ``refId``, then ``profile``, ``validationMode``;
- ``merchantAuthentication``: ``name``, then ``transactionKey``;
- ``profile`` (``customerProfileType``): ``merchantCustomerId`` (<= 20), ``description``
  (<= 255), ``email`` (<= 255), ``paymentProfiles``, ``shipToList``, ``profileType``;
- a ``shipToList`` item (``customerAddressType``): ``firstName`` (<= 50), ``lastName`` (<= 50),
  ``company``, ``address`` (<= 60), ``city`` (<= 40), ``state`` (<= 40), ``zip`` (<= 20),
  ``country`` (<= 60), ``phoneNumber`` (<= 25), ``faxNumber``, ``email``.

A customer profile holds an id, a description, an e-mail address and shipping addresses, nothing
else: no name, no phone, no metadata, no locale. The billing address lives only inside a payment
profile (``billTo``), which also needs a card or bank account that a canonical request does not
carry, so billing fields are refused rather than stored as a shipping address.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paywire import Address, CreateCustomerRequest, FieldErrors, FieldMap, Limit, address_phone, plain

from ._credentials import AuthorizeNetCredentials

__all__ = [
    "AUTH_BODY_FIELDS",
    "CLIENT_ID",
    "FIELDS",
    "LIMITS",
    "PROFILE_TYPES",
    "ROOT",
    "STREET_MAX",
    "STREET_SEPARATOR",
    "UNSUPPORTED_FIELDS",
    "request_body",
    "to_profile",
]

ROOT = "createCustomerProfileRequest"
_PROFILE = f"{ROOT}.profile"
_SHIP_TO = f"{_PROFILE}.shipToList.0"
_SHIPPING = "address.shipping_address"

AUTH_BODY_FIELDS = frozenset({f"{ROOT}.merchantAuthentication.name", f"{ROOT}.merchantAuthentication.transactionKey"})
"""Where the credentials travel: inside the body (there is no authentication header)."""

CLIENT_ID = "paywire"
"""``clientId``: "Identifier of the API client application/SDK/library" (AnetApiSchema.xsd, <= 30).
Without a version, so a release of this package does not change the recorded requests."""

STREET_MAX = 60
STREET_SEPARATOR = ", "
"""Authorize.net addresses have one street element: ``line1``, ``line2`` and ``line3`` are joined."""

PROFILE_TYPES = ("regular", "guest")
"""``customerProfileTypeEnum``; a guest profile is purged 90 days after its last use."""

UNSUPPORTED_FIELDS = frozenset(
    {"customer_name", "phone_number", "preferred_locales", "metadata", "address.billing_address"}
)
"""Canonical fields a customer profile has no place for (see the module docstring)."""

LIMITS: Mapping[str, Limit] = {
    "merchant_customer_id": Limit(max_length=20),
    "description": Limit(max_length=255),
    "address.shipping_address.first_name": Limit(max_length=50),
    "address.shipping_address.last_name": Limit(max_length=50),
    "address.shipping_address.line1": Limit(max_length=STREET_MAX),
    "address.shipping_address.line2": Limit(max_length=STREET_MAX),
    "address.shipping_address.line3": Limit(max_length=STREET_MAX),
    "address.shipping_address.city": Limit(max_length=40),
    "address.shipping_address.state": Limit(max_length=40),
    "address.shipping_address.zip_code": Limit(max_length=20),
}
"""The schema's ``maxLength``s below the canonical ones. ``email`` (255) is above the canonical 254,
a country code fits ``country`` (60), a phone number with its country code ``phoneNumber`` (25), and
the address ``email`` has no limit. The joined street is checked by ``to_profile``."""

_POSTAL_PARTS = (
    ("first_name", "firstName"),
    ("last_name", "lastName"),
    ("city", "city"),
    ("state", "state"),
    ("zip_code", "zip"),
    ("country_alpha2_code", "country"),
)


def _at_most(field: str, extra: str = "") -> str:
    limit = LIMITS.get(field)
    text = f"at most {limit.max_length} characters" if limit is not None else ""
    return "; ".join(part for part in (text, extra) if part)


_STREET_NOTE = f"line1, line2 and line3 joined with {STREET_SEPARATOR!r}, at most {STREET_MAX} characters in all"

FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to(f"{_PROFILE}.merchantCustomerId", note=_at_most("merchant_customer_id")),
    "email": FieldMap.to(f"{_PROFILE}.email"),
    "description": FieldMap.to(f"{_PROFILE}.description", note=_at_most("description", "left out when empty")),
    **{
        f"{_SHIPPING}.{part}": FieldMap.to(f"{_SHIP_TO}.{key}", note=_at_most(f"{_SHIPPING}.{part}"))
        for part, key in _POSTAL_PARTS
    },
    **{
        f"{_SHIPPING}.{line}": FieldMap.to(f"{_SHIP_TO}.address", contains=True, note=_STREET_NOTE)
        for line in ("line1", "line2", "line3")
    },
    f"{_SHIPPING}.email": FieldMap.to(f"{_SHIP_TO}.email"),
    f"{_SHIPPING}.phone_number": FieldMap.to(f"{_SHIP_TO}.phoneNumber", contains=True, note="after phone_country_code"),
    f"{_SHIPPING}.phone_country_code": FieldMap.to(
        f"{_SHIP_TO}.phoneNumber",
        contains=True,
        with_fields=(f"{_SHIPPING}.phone_number",),
        note="before phone_number",
    ),
    "connector_feature_data": FieldMap.to(f"{_PROFILE}.{{key}}", note="`profileType` only: `regular` or `guest`"),
}
"""Where each canonical field lands in the JSON body."""


def _ship_to(address: Address, errors: FieldErrors) -> dict[str, str] | None:
    """The ``customerAddressType`` for the shipping address, in schema order (None when empty)."""
    lines = [(name, text) for name in ("line1", "line2", "line3") if (text := plain(getattr(address, name)))]
    street = STREET_SEPARATOR.join(text for _, text in lines) or None
    # One line over the limit is the core's to report (LIMITS); here, lines that fit only alone.
    if street is not None and len(street) > STREET_MAX and all(len(text) <= STREET_MAX for _, text in lines):
        for name, _ in lines:
            errors.add(
                f"{_SHIPPING}.{name}",
                f"with the other street lines joined, longer than Authorize.net's {STREET_MAX} characters",
                "string_too_long",
            )
    parts = {key: plain(getattr(address, part)) for part, key in _POSTAL_PARTS}
    ordered = {
        "firstName": parts["firstName"],
        "lastName": parts["lastName"],
        "address": street,
        "city": parts["city"],
        "state": parts["state"],
        "zip": parts["zip"],
        "country": parts["country"],
        "phoneNumber": address_phone(address, _SHIPPING, errors),
        "email": plain(address.email),
    }
    return {key: value for key, value in ordered.items() if value is not None} or None


def _profile_type(request: CreateCustomerRequest, errors: FieldErrors) -> str | None:
    found: str | None = None
    for key, value in (request.connector_feature_data or {}).items():
        field = f"connector_feature_data.{key}"
        if key != "profileType":
            errors.add(field, "not an Authorize.net profile option paywire passes on (only profileType)")
        elif value not in PROFILE_TYPES:
            errors.add(field, f"must be one of {', '.join(PROFILE_TYPES)}")
        else:
            found = str(value)
    return found


def to_profile(request: CreateCustomerRequest) -> dict[str, Any]:
    """The ``customerProfileType`` for ``request``, keys in schema order.

    Raises ``InvalidRequestError`` naming every canonical field Authorize.net cannot take as given.
    """
    errors = FieldErrors("Authorize.net")
    email = plain(request.email)
    description = request.description or None  # an empty description is no description
    if request.merchant_customer_id is None and description is None and email is None:
        for field in ("merchant_customer_id", "description", "email"):
            errors.add(
                field,
                "Authorize.net needs at least one of merchant_customer_id, description and email (E00041)",
                "missing",
            )
    shipping = request.address.shipping_address if request.address is not None else None
    ship_to = _ship_to(shipping, errors) if shipping is not None else None
    profile_type = _profile_type(request, errors)
    errors.raise_if_any()
    profile: dict[str, Any] = {
        "merchantCustomerId": request.merchant_customer_id,
        "description": description,
        "email": email,
        "shipToList": [ship_to] if ship_to is not None else None,
        "profileType": profile_type,
    }
    return {key: value for key, value in profile.items() if value is not None}


def request_body(request: CreateCustomerRequest, credentials: AuthorizeNetCredentials) -> dict[str, Any]:
    """The whole ``{"createCustomerProfileRequest": {...}}`` document, in schema order."""
    profile = to_profile(request)
    return {
        ROOT: {
            "merchantAuthentication": {
                "name": credentials.api_login_id.get_secret_value(),
                "transactionKey": credentials.transaction_key.get_secret_value(),
            },
            "clientId": CLIENT_ID,
            "profile": profile,
        }
    }
