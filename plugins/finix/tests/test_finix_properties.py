"""Properties over generated canonical requests: the JSON body Finix reads holds exactly the
canonical values, computed here from the canonical input alone (an independent oracle)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from finix_helpers import build
from hypothesis import given, settings
from hypothesis import strategies as st

import paywire
from paywire_finix import MERCHANT_ID_TAG


def _printable(ch: str) -> bool:
    return unicodedata.category(ch) not in ("Cc", "Cs")


TEXT_CHARS = st.characters(codec="utf-8").filter(_printable)


def text(max_size: int, min_size: int = 1) -> st.SearchStrategy[str]:
    return st.text(TEXT_CHARS, min_size=min_size, max_size=max_size)


def word(max_size: int) -> st.SearchStrategy[str]:
    """A word: no space, and not only other whitespace (paywire.person_name refuses a blank name)."""
    return st.text(TEXT_CHARS.filter(lambda c: c != " "), min_size=1, max_size=max_size).filter(str.strip)


emails = st.from_regex(r"[a-z0-9][a-z0-9.%+_-]{0,15}@[a-z0-9]{1,10}\.(com|de|test)", fullmatch=True)
calling_codes = st.sampled_from(sorted(paywire.CALLING_CODES))
national = st.from_regex(r"[0-9]{7,11}", fullmatch=True)
countries = st.sampled_from(["US", "CA", "DE", "FR", "JP", "BR", "GB", "CL"])
ALPHA3 = {"US": "USA", "CA": "CAN", "DE": "DEU", "FR": "FRA", "JP": "JPN", "BR": "BRA", "GB": "GBR", "CL": "CHL"}
POSTAL = (("line1", "line1", 35), ("line2", "line2", 35), ("city", "city", 20), ("zip_code", "postal_code", 7))


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    request: dict[str, Any] = {}
    if draw(st.booleans()):
        request["customer_name"] = draw(word(20)) + (" " + draw(word(20)) if draw(st.booleans()) else "")
    for name, strategy in (("merchant_customer_id", text(60)), ("email", emails)):
        if draw(st.booleans()):
            request[name] = draw(strategy)
    if draw(st.booleans()):
        request["phone_number"] = f"+{draw(calling_codes)}{draw(national)}"
    billing: dict[str, Any] = {}
    for part, _key, limit in POSTAL:
        if draw(st.booleans()):
            billing[part] = draw(text(limit))
    if draw(st.booleans()):
        billing["state"] = draw(st.from_regex(r"[A-Z]{2}", fullmatch=True))
    if draw(st.booleans()):
        billing["country_alpha2_code"] = draw(countries)
    if "customer_name" not in request and draw(st.booleans()):
        billing["first_name"] = draw(text(20))
    if billing:
        request["address"] = {"billing_address": billing}
    request["metadata"] = draw(
        st.dictionaries(text(40).filter(lambda k: k != MERCHANT_ID_TAG), text(80, 0), max_size=8)
    )
    return request


def oracle(request: dict[str, Any]) -> dict[str, Any]:
    """What Finix must read for ``request``."""
    entity: dict[str, Any] = {}
    billing = request.get("address", {}).get("billing_address", {})
    if "customer_name" in request:
        first, _, rest = request["customer_name"].partition(" ")
        entity["first_name"] = first
        if rest:
            entity["last_name"] = rest
    elif "first_name" in billing:
        entity["first_name"] = billing["first_name"]
    if "email" in request:
        entity["email"] = request["email"]
    if "phone_number" in request:
        entity["phone"] = request["phone_number"][1:]
    address = {key: billing[part] for part, key, _ in POSTAL if part in billing}
    if "state" in billing:
        address["region"] = billing["state"]
    if "country_alpha2_code" in billing:
        address["country"] = ALPHA3[billing["country_alpha2_code"]]
    if address:
        entity["personal_address"] = address
    body: dict[str, Any] = {"entity": entity}
    tags = dict(request["metadata"])
    if "merchant_customer_id" in request:
        tags[MERCHANT_ID_TAG] = request["merchant_customer_id"]
    if tags:
        body["tags"] = tags
    body["type"] = "PERSONAL"
    return body


@settings(max_examples=300, deadline=None)
@given(requests())
def test_the_body_holds_exactly_the_canonical_values(request: dict[str, Any]) -> None:
    built = build(paywire.CreateCustomerRequest.model_validate(request))
    sent = json.loads(built.body)
    assert sent == oracle(request)
    assert built.body == json.dumps(sent, ensure_ascii=False, separators=(",", ":")).encode()  # json_body
