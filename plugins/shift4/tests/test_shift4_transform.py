"""The canonical request -> Shift4's JSON body: every mapped field where shift4-java's
``CustomerRequest``/``BillingRequest``/``AddressRequest`` put it, and every refusal by name."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shift4_helpers import body_of, build

import paywire
from paywire_shift4 import MERCHANT_ID_METADATA_KEY


def refused(request: dict[str, Any]) -> list[str]:
    """The canonical fields named when ``request`` is refused before anything is sent."""
    with pytest.raises(paywire.InvalidRequestError) as info:
        build(request)
    return sorted(info.value.fields)


def test_minimal_body_is_the_email_alone() -> None:
    assert build({"email": "jane@example.com"}).body == b'{"email":"jane@example.com"}'


def test_every_mapped_field_lands_where_shift4_reads_it() -> None:
    body = body_of(
        {
            "merchant_customer_id": "user_42",
            "customer_name": "Jane Roe",
            "email": "jane@example.com",
            "phone_number": "+14155550100",
            "description": "Gold plan",
            "metadata": {"plan": "gold"},
            "address": {
                "billing_address": {
                    "first_name": "Jane",
                    "last_name": "Roe",
                    "line1": "1 Main Street",
                    "line2": "Apt 4",
                    "city": "San Francisco",
                    "state": "CA",
                    "zip_code": "94107",
                    "country_alpha2_code": "us",
                    "email": "billing@example.com",
                    "phone_number": "4155550199",
                    "phone_country_code": "+1",
                }
            },
        }
    )
    assert body == {
        "email": "jane@example.com",
        "phoneNumber": "+14155550100",
        "description": "Gold plan",
        "metadata": {"plan": "gold", MERCHANT_ID_METADATA_KEY: "user_42"},
        "billing": {
            "name": "Jane Roe",
            "address": {
                "line1": "1 Main Street",
                "line2": "Apt 4",
                "zip": "94107",
                "city": "San Francisco",
                "state": "CA",
                "country": "US",
            },
            "email": "billing@example.com",
            "phone": "+14155550199",
        },
    }
    assert list(body) == ["email", "phoneNumber", "description", "metadata", "billing"]  # shift4-java's order


def test_non_ascii_is_sent_as_utf8_json() -> None:
    built = build({"email": "zoe@example.com", "description": "Client fidèle — 忠実な顧客"})
    assert "Client fidèle — 忠実な顧客".encode() in built.body
    assert json.loads(built.body)["description"] == "Client fidèle — 忠実な顧客"


def test_customer_name_alone_is_the_billing_name() -> None:
    assert body_of({"email": "a@example.com", "customer_name": "Jane Roe"})["billing"] == {"name": "Jane Roe"}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ({"first_name": "Jane"}, "Jane"),
        ({"last_name": "Roe"}, "Roe"),
        ({"first_name": "Jane", "last_name": "Roe"}, "Jane Roe"),
    ],
)
def test_billing_first_and_last_names_make_the_billing_name(names: dict[str, str], expected: str) -> None:
    body = body_of({"email": "a@example.com", "address": {"billing_address": names}})
    assert body["billing"] == {"name": expected}


def test_customer_name_equal_to_the_billing_names_is_accepted() -> None:
    request = {
        "email": "a@example.com",
        "customer_name": "Jane Roe",
        "address": {"billing_address": {"first_name": "Jane", "last_name": "Roe"}},
    }
    assert body_of(request)["billing"] == {"name": "Jane Roe"}


@pytest.mark.parametrize(
    ("customer_name", "names"),
    [
        ("Ana María López", {"first_name": "Ana"}),
        ("Ana María López", {"last_name": "María López"}),
        ("Ana María López", {"first_name": "Ana", "last_name": "María"}),
    ],
)
def test_billing_names_that_split_customer_name_send_customer_name(customer_name: str, names: dict[str, str]) -> None:
    request = {"email": "a@example.com", "customer_name": customer_name, "address": {"billing_address": names}}
    assert body_of(request)["billing"] == {"name": customer_name}


def test_customer_name_contradicting_the_billing_names_is_refused_naming_them() -> None:
    request = {
        "email": "a@example.com",
        "customer_name": "Acme Ltd",
        "address": {"billing_address": {"first_name": "Jane", "last_name": "Roe"}},
    }
    assert refused(request) == ["address.billing_address.first_name", "address.billing_address.last_name"]


def test_a_blank_customer_name_is_refused() -> None:
    assert refused({"email": "a@example.com", "customer_name": "   "}) == ["customer_name"]


def test_billing_phone_without_country_code_is_the_number_alone() -> None:
    body = body_of({"email": "a@example.com", "address": {"billing_address": {"phone_number": "4155550100"}}})
    assert body["billing"] == {"phone": "4155550100"}


def test_billing_phone_country_code_without_number_is_refused() -> None:
    request = {"email": "a@example.com", "address": {"billing_address": {"phone_country_code": "+1"}}}
    assert refused(request) == ["address.billing_address.phone_country_code"]


def test_billing_email_is_separate_from_the_customer_email() -> None:
    body = body_of({"email": "a@example.com", "address": {"billing_address": {"email": "b@example.com"}}})
    assert (body["email"], body["billing"]) == ("a@example.com", {"email": "b@example.com"})


def test_empty_metadata_is_not_sent() -> None:
    assert "metadata" not in body_of({"email": "a@example.com", "metadata": {}})


def test_missing_email_is_refused_naming_email() -> None:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build({"customer_name": "Jane Roe"})
    assert info.value.fields == ("email",)
    assert "e-mail" in info.value.field_errors[0].message


def test_reserved_metadata_key_is_refused() -> None:
    assert refused({"email": "a@example.com", "metadata": {MERCHANT_ID_METADATA_KEY: "x"}}) == [
        f"metadata.{MERCHANT_ID_METADATA_KEY}"
    ]


@pytest.mark.parametrize(
    ("request_data", "field"),
    [
        ({"preferred_locales": ["en-US"]}, "preferred_locales"),
        ({"address": {"shipping_address": {"line1": "500 Market Street"}}}, "address.shipping_address.line1"),
        ({"address": {"shipping_address": {"email": "s@example.com"}}}, "address.shipping_address.email"),
        ({"address": {"billing_address": {"line3": "Building C"}}}, "address.billing_address.line3"),
        ({"connector_feature_data": {"card": "tok_x"}}, "connector_feature_data"),
    ],
)
def test_what_shift4_cannot_hold_is_refused_by_name(request_data: dict[str, Any], field: str) -> None:
    assert refused({"email": "a@example.com", **request_data}) == [field]


def test_every_problem_is_reported_at_once() -> None:
    request = {
        "metadata": {MERCHANT_ID_METADATA_KEY: "x"},
        "preferred_locales": ["fr"],
        "address": {"billing_address": {"phone_country_code": "+33"}},
    }
    assert refused(request) == [
        "address.billing_address.phone_country_code",
        "email",
        f"metadata.{MERCHANT_ID_METADATA_KEY}",
        "preferred_locales",
    ]


def test_refusals_never_quote_values() -> None:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build({"customer_name": "Secret Name 1234", "address": {"billing_address": {"first_name": "Other"}}})
    assert "Secret Name 1234" not in str(info.value) and "Other" not in str(info.value)
    assert "Secret Name 1234" not in repr(info.value.field_errors)


# -- any text survives the JSON body exactly ------------------------------------------------------
_TEXT = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
_KEYS = st.text(_TEXT, min_size=1, max_size=40).filter(lambda k: k != MERCHANT_ID_METADATA_KEY)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    description=st.text(_TEXT, max_size=200),
    metadata=st.dictionaries(_KEYS, st.text(_TEXT, max_size=80), max_size=5),
    merchant_id=st.none() | st.text(_TEXT, min_size=1, max_size=60),
    name=st.none() | st.text(_TEXT, min_size=1, max_size=60).filter(str.split),  # a blank one is refused
)
def test_values_reach_the_body_unchanged(
    description: str, metadata: dict[str, str], merchant_id: str | None, name: str | None
) -> None:
    request = paywire.CreateCustomerRequest.model_validate(
        {
            "email": "jane@example.com",
            "description": description,
            "metadata": metadata,
            "merchant_customer_id": merchant_id,
            "customer_name": name,
        }
    )
    body = body_of(request)
    assert body["description"] == description
    expected = dict(metadata) if merchant_id is None else {**metadata, MERCHANT_ID_METADATA_KEY: merchant_id}
    assert body.get("metadata", {}) == expected
    assert body.get("billing", {}).get("name") == name
