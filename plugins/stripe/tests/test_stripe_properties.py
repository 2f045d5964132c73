"""Properties over generated canonical requests: the body decodes back to the same values."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import parse_qsl

from hypothesis import given, settings
from hypothesis import strategies as st
from stripe_helpers import build

import paywire
from paywire_stripe import MERCHANT_ID_METADATA_KEY
from paywire_stripe._encode import flatten
from paywire_stripe._transform import to_params


def _printable(ch: str) -> bool:
    return unicodedata.category(ch) not in ("Cc", "Cs")


# Anything a user may type: brackets, '&', '=', '+', '%', spaces, non-ASCII.
TEXT_CHARS = st.characters(codec="utf-8").filter(_printable)


def text(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    return st.text(TEXT_CHARS, min_size=min_size, max_size=max_size)


emails = st.from_regex(r"[a-z0-9][a-z0-9.%+_-]{0,15}@[a-z0-9]{1,10}\.(com|de|test)", fullmatch=True)
calling_codes = st.sampled_from(sorted(paywire.CALLING_CODES))
phones = st.tuples(calling_codes, st.from_regex(r"[0-9]{7,12}", fullmatch=True)).map(lambda t: f"+{t[0]}{t[1]}")
countries = st.sampled_from(["US", "DE", "FR", "JP", "BR", "GB"])
locales = st.sampled_from(["en", "en-US", "fr", "fr-CA", "de", "ja", "pt-BR"])
metadata_keys = st.text(TEXT_CHARS.filter(lambda c: c not in "[]"), min_size=1, max_size=40).filter(
    lambda k: k != MERCHANT_ID_METADATA_KEY
)


@st.composite
def postal(draw: st.DrawFn) -> dict[str, Any]:
    parts = {name: draw(st.none() | text()) for name in ("line1", "line2", "city", "state", "zip_code")}
    parts["country_alpha2_code"] = draw(st.none() | countries)
    return {k: v for k, v in parts.items() if v is not None}


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    request: dict[str, Any] = {}
    for name, strategy in (
        ("merchant_customer_id", text()),
        ("customer_name", text()),
        ("email", emails),
        ("phone_number", phones),
        ("description", text(0, 200)),
    ):
        value = draw(st.none() | strategy)
        if value is not None:
            request[name] = value
    request["preferred_locales"] = draw(st.lists(locales, max_size=4))
    request["metadata"] = draw(st.dictionaries(metadata_keys, text(1, 80), max_size=8))
    addresses: dict[str, Any] = {}
    billing = draw(postal())
    if billing:
        addresses["billing_address"] = billing
    if draw(st.booleans()):
        shipping = draw(postal()) | {"line1": draw(text())}
        shipping["first_name"] = draw(text())
        if draw(st.booleans()):
            shipping["last_name"] = draw(text())
        if draw(st.booleans()):
            shipping["phone_number"] = draw(st.from_regex(r"[0-9]{4,15}", fullmatch=True))
            shipping["phone_country_code"] = "+" + draw(calling_codes)
        addresses["shipping_address"] = shipping
    if addresses:
        request["address"] = addresses
    if draw(st.booleans()):
        request["connector_feature_data"] = {
            "tax_exempt": draw(st.sampled_from(["none", "exempt", "reverse"])),
            "invoice_settings": {"footer": draw(text())},
            "validate": draw(st.booleans()),
        }
    return request


def decode(body: bytes) -> list[tuple[str, str]]:
    return parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=bool(body))


_POSTAL = {
    "line1": "line1",
    "line2": "line2",
    "city": "city",
    "state": "state",
    "zip_code": "postal_code",
    "country_alpha2_code": "country",
}


def expected_pairs(request: dict[str, Any]) -> dict[str, str]:
    """What Stripe must read, computed from the canonical input alone (an independent oracle)."""
    out: dict[str, str] = {}
    for canonical, stripe in (
        ("customer_name", "name"),
        ("email", "email"),
        ("phone_number", "phone"),
        ("description", "description"),
    ):
        if canonical in request:
            out[stripe] = request[canonical]
    addresses = request.get("address", {})
    for part, value in addresses.get("billing_address", {}).items():
        out[f"address[{_POSTAL[part]}]"] = value
    shipping = addresses.get("shipping_address")
    if shipping:
        out["shipping[name]"] = " ".join(shipping[n] for n in ("first_name", "last_name") if n in shipping)
        if "phone_number" in shipping:
            out["shipping[phone]"] = shipping["phone_country_code"] + shipping["phone_number"]
        for part in _POSTAL:
            if part in shipping:
                out[f"shipping[address][{_POSTAL[part]}]"] = shipping[part]
    for key, value in request["metadata"].items():
        out[f"metadata[{key}]"] = value
    if "merchant_customer_id" in request:
        out[f"metadata[{MERCHANT_ID_METADATA_KEY}]"] = request["merchant_customer_id"]
    for index, locale in enumerate(request["preferred_locales"]):
        out[f"preferred_locales[{index}]"] = locale
    feature = request.get("connector_feature_data")
    if feature:
        out["tax_exempt"] = feature["tax_exempt"]
        out["invoice_settings[footer]"] = feature["invoice_settings"]["footer"]
        out["validate"] = "true" if feature["validate"] else "false"
    return out


@settings(max_examples=300, deadline=None)
@given(requests())
def test_body_decodes_back_to_the_canonical_values(request: dict[str, Any]) -> None:
    canonical = paywire.CreateCustomerRequest.model_validate(request)
    body = build(canonical).body
    assert body.isascii()
    pairs = decode(body)
    assert pairs == flatten(to_params(canonical))  # a lossless round trip, order included
    assert dict(pairs) == expected_pairs(request)  # and exactly the canonical values, nothing else
    assert len(dict(pairs)) == len(pairs)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=10).filter(lambda k: "[" not in k and "]" not in k),
        st.none() | st.booleans() | st.integers() | text(0, 20) | st.lists(text(0, 10), max_size=3),
        max_size=5,
    )
)
def test_flat_and_nested_values_round_trip(params: dict[str, Any]) -> None:
    from paywire_stripe._encode import encode_form

    assert decode(encode_form(params)) == flatten(params)
