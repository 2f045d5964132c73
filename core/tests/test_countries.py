"""The core's country and phone data equal the official assignments as pycountry and phonenumbers
hold them (test-only dependencies: the core itself depends on neither)."""

from __future__ import annotations

import phonenumbers
import pycountry
import pytest

import paywire
from paywire._countries import ALPHA3


def test_every_assigned_country_and_its_alpha3_code() -> None:
    assert {c.alpha_2: c.alpha_3 for c in pycountry.countries} == ALPHA3
    assert frozenset(ALPHA3) == paywire.ISO_3166_ALPHA2
    assert paywire.alpha3("us") == "USA"
    with pytest.raises(KeyError):
        paywire.alpha3("XX")


def test_every_assigned_calling_code() -> None:
    assert frozenset(str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE) == paywire.CALLING_CODES


@pytest.mark.parametrize("number", ["+14155550100", "+442071838750", "+85223456789", "+4930901820", "+8613800138000"])
def test_split_e164_agrees_with_phonenumbers(number: str) -> None:
    parsed = phonenumbers.parse(number)
    assert paywire.split_e164(number) == (f"+{parsed.country_code}", str(parsed.national_number))


def test_canonical_phones_need_an_assigned_calling_code() -> None:
    with pytest.raises(paywire.InvalidRequestError, match="calling code"):
        paywire.Client("sandbox").customers.create(phone_number="+2812345678")
    with pytest.raises(paywire.InvalidRequestError, match="calling code"):
        paywire.Client("sandbox").customers.create(address={"billing_address": {"phone_country_code": "+28"}})
