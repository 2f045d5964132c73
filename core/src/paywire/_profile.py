"""What most processors keep once, read from the canonical request, which may hold it twice.

A canonical customer has a name, an e-mail and a phone of its own, and its billing address may
carry a first and last name, an e-mail and a phone too. Most processors keep one of each. These
helpers give the one value to send and record in ``FieldErrors`` (naming the canonical field,
never quoting a value) whatever the processor cannot keep: two values that disagree, a blank
name, a calling code without a number. Every connector that keeps one name, e-mail or phone uses
them, so each decides these questions the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ._exceptions import FieldErrors
from ._names import split_name

if TYPE_CHECKING:
    from ._models import Address, CreateCustomerRequest

__all__ = [
    "MERCHANT_ID_METADATA_KEY",
    "address_phone",
    "contact",
    "feature_data",
    "metadata_with_merchant_id",
    "person_name",
    "single_value",
]

BILLING = "address.billing_address"


def _plain(value: object) -> str | None:
    secret = getattr(value, "get_secret_value", None)
    return secret() if callable(secret) else value if isinstance(value, str) else None


def single_value(errors: FieldErrors, what: str, *candidates: tuple[str | Sequence[str], str | None]) -> str | None:
    """The value of ``candidates`` (``(canonical field or fields, value)``, most authoritative
    first) for a processor that keeps a single ``what``: the first one given. A later one that
    differs is recorded against its fields: "differs from <first field>: <processor> keeps a
    single <what>"."""
    chosen: tuple[str, str] | None = None
    for fields, value in candidates:
        names = (fields,) if isinstance(fields, str) else tuple(fields)
        if value is None or not names:
            continue
        if chosen is None:
            chosen = (" and ".join(names), value)
            continue
        if value != chosen[1]:
            why = f"differs from {chosen[0]}: {errors.processor} keeps a single {what}; leave it out or make it equal"
            for name in names:
                errors.add(name, why)
    return chosen[1] if chosen is not None else None


def address_phone(address: Address | None, path: str, errors: FieldErrors) -> str | None:
    """The phone of the address at ``path`` as one string: its calling code, then its number
    (``+1`` and ``4155550100`` -> ``+14155550100``). A calling code without a number is recorded."""
    if address is None:
        return None
    number = _plain(address.phone_number)
    if number is None:
        if address.phone_country_code is not None:
            errors.add(f"{path}.phone_country_code", f"needs phone_number: {errors.processor} holds one phone string")
        return None
    return (address.phone_country_code or "") + number


def contact(request: CreateCustomerRequest, errors: FieldErrors) -> tuple[str | None, str | None]:
    """``(email, phone)`` for a processor that keeps one e-mail and one phone: the customer's own,
    else the billing address's (its phone as ``address_phone``); a billing value that differs
    from the customer's is recorded against the billing field."""
    billing = request.address.billing_address if request.address is not None else None
    billing_email = _plain(billing.email) if billing is not None else None
    email = single_value(errors, "e-mail", ("email", _plain(request.email)), (f"{BILLING}.email", billing_email))
    phone = single_value(
        errors,
        "phone",
        ("phone_number", request.phone_number),
        (f"{BILLING}.phone_number", address_phone(billing, BILLING, errors)),
    )
    return email, phone


def person_name(request: CreateCustomerRequest, errors: FieldErrors) -> tuple[str | None, str | None]:
    """``(given, family)`` for a processor that keeps one name in two parts, from
    ``customer_name`` and the billing address's first and last name (``split_name`` says how).
    A blank ``customer_name``, or billing names that contradict it, are recorded (naming the
    fields) and give ``(None, None)``."""
    billing = request.address.billing_address if request.address is not None else None
    first = _plain(billing.first_name) if billing is not None else None
    last = _plain(billing.last_name) if billing is not None else None
    if request.customer_name is not None and not request.customer_name.split():
        errors.add("customer_name", f"is blank: {errors.processor} would keep no name")
        return None, None
    split = split_name(request.customer_name, first, last)
    if split is None:
        for name, value in (("first_name", first), ("last_name", last)):
            if value is not None:
                errors.add(
                    f"{BILLING}.{name}",
                    f"contradicts customer_name: {errors.processor} keeps one name, so the billing first and "
                    "last name must be how customer_name splits, word for word",
                )
        return None, None
    return split


MERCHANT_ID_METADATA_KEY = "paywire_merchant_customer_id"
"""Where a processor with no field for the merchant's own id keeps ``merchant_customer_id``: in
its metadata under this key (Stripe, Shift4), so the customer can be found by it."""


def metadata_with_merchant_id(
    request: CreateCustomerRequest, errors: FieldErrors, *, max_items: int | None = None
) -> dict[str, str]:
    """The request's metadata, plus ``merchant_customer_id`` under ``MERCHANT_ID_METADATA_KEY``.
    Metadata that sets that key itself is recorded (the key is reserved), and so is metadata
    that leaves no room for the id within the processor's ``max_items`` pairs."""
    out = dict(request.metadata)
    if MERCHANT_ID_METADATA_KEY in out:
        errors.add(f"metadata.{MERCHANT_ID_METADATA_KEY}", "this key is reserved for merchant_customer_id by paywire")
    if request.merchant_customer_id is not None:
        out[MERCHANT_ID_METADATA_KEY] = request.merchant_customer_id
        if max_items is not None and len(out) > max_items:
            errors.add(
                "metadata",
                f"{errors.processor} holds {max_items} metadata pairs, one of them merchant_customer_id",
                "too_long",
            )
    return out


def feature_data(
    request: CreateCustomerRequest, errors: FieldErrors, known: Mapping[str, int | None]
) -> dict[str, str]:
    """The ``connector_feature_data`` a processor takes beyond the canonical fields, for processors
    whose extra fields are text: every key must be one of ``known`` (key -> its maximum length, or
    None) and its value a non-blank string within it; the others are recorded, naming them."""
    out: dict[str, str] = {}
    for key, value in (request.connector_feature_data or {}).items():
        field = f"connector_feature_data.{key}"
        if key not in known:
            errors.add(field, f"not a field {errors.processor} takes here; known: {', '.join(known) or 'none'}")
        elif not isinstance(value, str) or not value.strip():
            errors.add(field, "must be a non-blank string")
        else:
            limit = known[key]
            if limit is not None:
                errors.max_length(field, value, limit)
            out[key] = value
    return out
