"""The shopperReference rule: stable, 3 to 256 characters, free of personal data."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import CREDENTIALS, MERCHANT
from hypothesis import assume, given
from hypothesis import strategies as st

import paywire
from paywire_adyen import derived_reference, shopper_reference

DERIVED = re.compile(r"^pw_[0-9a-f]{32}$")

letters = st.characters(categories=("Lu", "Ll"))
words = st.text(letters, min_size=2, max_size=12)
names = st.builds(lambda a, b: f"{a} {b}", words, words)
phones = st.tuples(st.sampled_from(sorted(paywire.CALLING_CODES)), st.from_regex(r"[0-9]{8,11}", fullmatch=True)).map(
    lambda t: f"+{t[0]}{t[1]}"
)
emails = st.from_regex(r"[a-z][a-z0-9._]{2,15}@[a-z]{2,10}\.(com|org|de)", fullmatch=True)
ids = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=256)
keys = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=64)


def _request(**fields: Any) -> paywire.CreateCustomerRequest:
    return paywire.CreateCustomerRequest.model_validate({k: v for k, v in fields.items() if v is not None})


# -- determinism -----------------------------------------------------------------------------


def test_same_merchant_customer_id_same_reference(create: Any) -> None:
    first = create(merchant_customer_id="user_42", email="a@example.com", idempotency_key="k1")
    again = create(merchant_customer_id="user_42", email="b@example.com", idempotency_key="k2")
    assert first.connector_customer_id == again.connector_customer_id == "user_42"


def test_reference_is_the_id_verbatim_no_padding() -> None:
    # The "015" vs "15" bug: a reference is never rewritten, so distinct ids stay distinct.
    assert shopper_reference(_request(merchant_customer_id="015"), MERCHANT, "k") == "015"
    assert shopper_reference(_request(merchant_customer_id="0015"), MERCHANT, "k") == "0015"


def test_without_id_same_key_same_reference(create: Any) -> None:
    first = create(email="jane@example.com", idempotency_key="order-7-customer")
    retried = create(email="jane@example.com", idempotency_key="order-7-customer")
    assert first.connector_customer_id == retried.connector_customer_id
    assert DERIVED.match(first.connector_customer_id)
    other_key = create(email="jane@example.com", idempotency_key="order-8-customer")
    assert other_key.connector_customer_id != first.connector_customer_id


def test_without_id_other_merchant_account_other_reference() -> None:
    other = {**CREDENTIALS, "merchant_account": "PaywireOtherMerchant"}
    with paywire.Client("adyen", credentials=CREDENTIALS) as a, paywire.Client("adyen", credentials=other) as b:
        ref_a = a.customers.create(email="jane@example.com", idempotency_key="same-key").connector_customer_id
        ref_b = b.customers.create(email="jane@example.com", idempotency_key="same-key").connector_customer_id
    assert ref_a != ref_b


def test_derived_reference_is_pinned() -> None:
    # A change to the derivation would orphan every stored reference: pin one value.
    assert derived_reference("PaywireTestMerchant", "paywire-harness-minimal") == derived_reference(
        "PaywireTestMerchant", "paywire-harness-minimal"
    )
    assert (
        derived_reference("PaywireTestMerchant", "paywire-harness-minimal")
        == "pw_"
        + (
            __import__("hashlib")
            .sha256(b"paywire-adyen/shopper-reference/v1\x00PaywireTestMerchant\x00paywire-harness-minimal")
            .hexdigest()[:32]
        )
    )


@given(
    account_a=st.from_regex(r"[A-Za-z][A-Za-z0-9_]{2,30}", fullmatch=True),
    account_b=st.from_regex(r"[A-Za-z][A-Za-z0-9_]{2,30}", fullmatch=True),
    key=keys,
)
def test_derived_reference_separates_accounts(account_a: str, account_b: str, key: str) -> None:
    assume(account_a != account_b)
    assert derived_reference(account_a, key) == derived_reference(account_a, key)
    assert derived_reference(account_a, key) != derived_reference(account_b, key)


# -- the PII rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("merchant_customer_id", "fields"),
    [
        ("jane@example.com", {}),  # an e-mail address, anyone's
        ("customer:jane.roe@example.org", {}),
        ("+44 20 7946 0958", {}),  # an international phone number
        ("+14155550100", {}),
        ("jane.roe@example.com", {"email": "jane.roe@example.com"}),
        ("JANE.ROE", {"email": "jane.roe@example.com"}),  # the e-mail's user name
        ("Jane Roe", {"customer_name": "Jane Roe"}),
        ("jane-roe-7", {"customer_name": "Jane Roe"}),  # the name, punctuation aside
        ("4155550100", {"phone_number": "+14155550100"}),  # the national number
        ("cust_14155550100", {"phone_number": "+14155550100"}),
        ("john_roe", {"address": {"shipping_address": {"first_name": "John", "last_name": "Roe"}}}),
        ("c-4155550199", {"address": {"billing_address": {"phone_number": "4155550199", "phone_country_code": "+1"}}}),
    ],
)
def test_personal_data_is_rejected(create: Any, merchant_customer_id: str, fields: dict[str, Any]) -> None:
    with pytest.raises(paywire.InvalidRequestError) as err:
        create(merchant_customer_id=merchant_customer_id, **fields)
    assert "merchant_customer_id" in err.value.fields
    assert merchant_customer_id not in str(err.value)


@pytest.mark.parametrize(
    ("merchant_customer_id", "fields"),
    [
        ("4711", {}),  # a plain number is a database id, not a phone number
        ("00012345", {}),
        ("user_42", {"customer_name": "Jane Roe", "email": "jane@example.com", "phone_number": "+14155550100"}),
        ("annual_plan_9", {"email": "an@example.com"}),  # too short a user name to search for
        ("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", {"email": "jane@example.com"}),
    ],
)
def test_ordinary_ids_are_kept(create: Any, merchant_customer_id: str, fields: dict[str, Any]) -> None:
    assert create(merchant_customer_id=merchant_customer_id, **fields).connector_customer_id == merchant_customer_id


@pytest.mark.parametrize(("length", "ok"), [(2, False), (3, True), (256, True)])
def test_reference_length_bounds(create: Any, length: int, ok: bool) -> None:
    merchant_customer_id = "u" * length
    if ok:
        assert create(merchant_customer_id=merchant_customer_id).connector_customer_id == merchant_customer_id
    else:
        with pytest.raises(paywire.InvalidRequestError) as err:
            create(merchant_customer_id=merchant_customer_id)
        assert err.value.fields == ("merchant_customer_id",)


@given(
    merchant_customer_id=st.one_of(st.none(), ids),
    name=st.one_of(st.none(), names),
    email=st.one_of(st.none(), emails),
    phone=st.one_of(st.none(), phones),
    key=keys,
)
def test_any_reference_is_valid_and_free_of_the_personal_data(
    merchant_customer_id: str | None, name: str | None, email: str | None, phone: str | None, key: str
) -> None:
    request = _request(merchant_customer_id=merchant_customer_id, customer_name=name, email=email, phone_number=phone)
    reference = shopper_reference(request, MERCHANT, key)
    if isinstance(reference, paywire.FieldError):
        assert reference.field == "merchant_customer_id"
        assert merchant_customer_id is not None
        return
    assert 3 <= len(reference) <= 256
    folded = reference.casefold()
    for personal in (name, email, phone):
        if personal is not None:
            assert personal.casefold() not in folded
    if merchant_customer_id is None:
        assert DERIVED.match(reference)
        assert reference == shopper_reference(request, MERCHANT, key)
    else:
        assert reference == merchant_customer_id


@given(
    prefix=st.text(st.characters(categories=("Nd", "Ll")), max_size=10),
    name=names,
    email=emails,
    phone=phones,
    which=st.sampled_from(["name", "email", "phone"]),
)
def test_an_id_embedding_the_personal_data_is_always_rejected(
    prefix: str, name: str, email: str, phone: str, which: str
) -> None:
    embedded = {"name": name, "email": email, "phone": phone.lstrip("+")}[which]
    request = _request(merchant_customer_id=f"{prefix}_{embedded}", customer_name=name, email=email, phone_number=phone)
    result = shopper_reference(request, MERCHANT, "k")
    assert isinstance(result, paywire.FieldError)
    assert result.field == "merchant_customer_id"
