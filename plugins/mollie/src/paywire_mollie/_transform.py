"""Canonical ``CreateCustomerRequest`` -> Mollie ``POST /v2/customers`` JSON body.

Mollie's customer holds four things: ``name``, ``email``, ``locale`` and ``metadata`` (any JSON,
"up to approximately 1kB"). Every canonical field is carried there (``FIELDS``) or refused by
the core (``UNSUPPORTED_FIELDS``, ``LIMITS``); what a ``Limit`` cannot say is checked here:

- ``preferred_locales``: Mollie holds one locale (``Limit(max_items=1)``) from its own list
  (``_locales``); a tag with no Mollie locale is refused, naming the field;
- ``merchant_customer_id``: Mollie has no field for it, so it is kept in ``metadata`` under
  paywire's ``MERCHANT_ID_METADATA_KEY``, which the caller's metadata may not use
  (``paywire.metadata_with_merchant_id``);
- ``metadata``: the JSON object sent (the merchant id included) must fit ``METADATA_MAX_BYTES``.
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
    json_body,
    metadata_with_merchant_id,
    plain,
)

from ._locales import locale_on_the_wire, mollie_locale

__all__ = [
    "FIELDS",
    "LIMITS",
    "METADATA_MAX_BYTES",
    "UNSUPPORTED_FIELDS",
    "to_body",
]

METADATA_MAX_BYTES = 1024
"""Mollie keeps "up to approximately 1kB" of metadata (older pages: "up to 1kB of JSON"). paywire
reads it as 1,024 bytes of the compact UTF-8 JSON it sends, and refuses more before sending."""

UNSUPPORTED_FIELDS = frozenset({"phone_number", "description", "address", "connector_feature_data"})
"""Canonical fields Mollie's customer has no place for. ``connector_feature_data`` is refused too:
the only other body parameter, ``testmode``, "must not be sent" with API keys."""

LIMITS: Mapping[str, Limit] = {"preferred_locales": Limit(max_items=1)}
"""Mollie holds one locale. Mollie documents no length limit for ``name`` or ``email``."""

FIELDS: Mapping[str, FieldMap] = {
    "merchant_customer_id": FieldMap.to(f"metadata.{MERCHANT_ID_METADATA_KEY}"),
    "customer_name": FieldMap.to("name"),
    "email": FieldMap.to("email"),
    "preferred_locales": FieldMap.to(
        "locale", convert=locale_on_the_wire, note="one tag, as Mollie's `xx_YY` (`en-US` -> `en_US`, `fr` -> `fr_FR`)"
    ),
    "metadata": FieldMap.to("metadata.{key}", note="at most 1,024 bytes of JSON with merchant_customer_id"),
}
"""Where each canonical field lands in Mollie's JSON body."""


def _locale(request: CreateCustomerRequest, errors: FieldErrors) -> str | None:
    if not request.preferred_locales:
        return None
    tag = request.preferred_locales[0]
    locale = mollie_locale(tag)
    if locale is None:
        errors.add(
            "preferred_locales",
            "Mollie has no locale for this tag: it holds one of en_US, en_GB, nl_NL, nl_BE, de_DE, de_AT, de_CH, "
            "fr_FR, fr_BE, es_ES, ca_ES, pt_PT, it_IT, nb_NO, sv_SE, fi_FI, da_DK, is_IS, hu_HU, pl_PL, lv_LV, "
            "lt_LT (send e.g. en-GB or nl)",
            "not_supported",
        )
    return locale


def _metadata(request: CreateCustomerRequest, errors: FieldErrors) -> dict[str, str]:
    metadata = metadata_with_merchant_id(request, errors)
    size = len(json_body(metadata))
    if size > METADATA_MAX_BYTES:
        fields = ["metadata"] if request.metadata else []
        if request.merchant_customer_id is not None:
            fields.append("merchant_customer_id")
        for field in fields:
            errors.add(
                field,
                f"Mollie keeps up to about 1 kB of metadata: with merchant_customer_id it takes {size} bytes of "
                f"JSON, more than {METADATA_MAX_BYTES}",
                "too_long",
            )
    return metadata


def to_body(request: CreateCustomerRequest) -> dict[str, Any]:
    """The Mollie Create customer body for ``request``; every part is optional (``{}`` is valid).

    Raises ``InvalidRequestError`` listing every canonical field Mollie cannot take as given.
    """
    errors = FieldErrors("Mollie")
    body: dict[str, Any] = {}
    if request.customer_name is not None:
        body["name"] = request.customer_name
    if request.email is not None:
        body["email"] = plain(request.email)
    locale = _locale(request, errors)
    if locale is not None:
        body["locale"] = locale
    metadata = _metadata(request, errors)
    if metadata:
        body["metadata"] = metadata
    errors.raise_if_any()
    return body
