"""Canonical request -> Checkout.com's ``StoreCustomerRequest`` body: every field carried or refused
by name, Checkout.com's documented limits enforced before anything is sent."""

from __future__ import annotations

from typing import Any

import pytest
from checkout_helpers import body_of, build

import paywire

BILLING = "address.billing_address"


def refused(request: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build(request)
    return info.value.fields


def test_minimal_body_is_the_email_alone() -> None:
    assert body_of({"email": "jane@example.com"}) == {"email": "jane@example.com"}


def test_every_field_checkout_holds() -> None:
    body = body_of(
        {
            "merchant_customer_id": "user_42",
            "customer_name": "Zoë Roe",
            "email": "zoe+vip@example.com",
            "phone_number": "+447911123456",
            "metadata": {"plan": "gold", "k 2": "v&x"},
            "connector_feature_data": {"default": "src_wmlfc3zyhqzehihu7giusaaawu", "instruments": ["src_a", "src_b"]},
        }
    )
    assert body == {
        "email": "zoe+vip@example.com",
        "name": "Zoë Roe",
        "phone": {"country_code": "+44", "number": "7911123456"},
        "metadata": {"plan": "gold", "k 2": "v&x", "paywire_merchant_customer_id": "user_42"},
        "default": "src_wmlfc3zyhqzehihu7giusaaawu",
        "instruments": ["src_a", "src_b"],
    }


def test_non_ascii_is_sent_as_utf8_json() -> None:
    built = build({"email": "zoe@example.com", "customer_name": "Zoë Ñúñez"})
    assert built.body == '{"email":"zoe@example.com","name":"Zoë Ñúñez"}'.encode()
    assert built.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("phone", "split"),
    [
        ("+14155552671", {"country_code": "+1", "number": "4155552671"}),
        ("+85212345678", {"country_code": "+852", "number": "12345678"}),
        ("+4930123456", {"country_code": "+49", "number": "30123456"}),
    ],
)
def test_phone_is_split_after_its_country_calling_code(phone: str, split: dict[str, str]) -> None:
    assert body_of({"email": "a@example.com", "phone_number": phone})["phone"] == split


def test_a_phone_shorter_than_checkouts_six_digit_number_is_refused() -> None:
    # +852 and five digits is valid E.164 (8 digits in all) but Checkout.com's number is 6-25 characters.
    assert refused({"email": "a@example.com", "phone_number": "+85212345"}) == ("phone_number",)


JANE = {"customer_name": "Jane Roe", "email": "jane@example.com", "phone_number": "+14155552671"}
JANE_BILLING = {
    "first_name": "Jane",
    "last_name": "Roe",
    "email": "jane@example.com",
    "phone_country_code": "+1",
    "phone_number": "4155552671",
}


@pytest.mark.parametrize("customer", [{}, JANE], ids=["customer level left out", "customer level agreeing"])
def test_the_billing_contact_is_the_customers_sent_once(customer: dict[str, Any]) -> None:
    body = body_of({**customer, "address": {"billing_address": JANE_BILLING}})
    assert body == {
        "email": "jane@example.com",
        "name": "Jane Roe",
        "phone": {"country_code": "+1", "number": "4155552671"},
    }


def test_a_billing_phone_without_country_code_is_a_number_alone() -> None:
    body = body_of({"email": "a@example.com", "address": {"billing_address": {"phone_number": "4155552671"}}})
    assert body["phone"] == {"number": "4155552671"}


def test_a_billing_contact_contradicting_the_customer_level_is_refused_by_name() -> None:
    fields = refused(
        {
            **JANE,
            "address": {
                "billing_address": {
                    "first_name": "John",
                    "email": "john@example.com",
                    "phone_country_code": "+44",
                    "phone_number": "4155552671",
                }
            },
        }
    )
    assert set(fields) == {f"{BILLING}.first_name", f"{BILLING}.email", f"{BILLING}.phone_number"}


def test_a_billing_country_code_without_a_number_is_refused() -> None:
    assert refused({"email": "a@example.com", "address": {"billing_address": {"phone_country_code": "+1"}}}) == (
        f"{BILLING}.phone_country_code",
    )


def test_a_billing_name_longer_than_255_together_is_refused() -> None:
    long = "x" * 200
    fields = refused(
        {"email": "a@example.com", "address": {"billing_address": {"first_name": long, "last_name": long}}}
    )
    assert set(fields) == {f"{BILLING}.first_name", f"{BILLING}.last_name"}


def test_checkout_requires_an_email() -> None:
    assert refused({"customer_name": "Jane Roe"}) == ("email",)


@pytest.mark.parametrize(
    "field",
    [
        "description",
        "preferred_locales",
        f"{BILLING}.line1",
        f"{BILLING}.city",
        f"{BILLING}.zip_code",
        f"{BILLING}.country_alpha2_code",
        "address.shipping_address.line1",
        "address.shipping_address.first_name",
    ],
)
def test_fields_checkout_has_no_place_for_are_refused_by_name(field: str) -> None:
    values = {"preferred_locales": ["en"], f"{BILLING}.country_alpha2_code": "US"}
    request: dict[str, Any] = {"email": "a@example.com"}
    node = request
    *parents, leaf = field.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = values.get(field, "x")
    assert refused(request) == (field,)


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        ({"customer_name": "x" * 256}, "customer_name"),
        ({"merchant_customer_id": "m" * 101}, "merchant_customer_id"),
        ({"metadata": {f"k{i:02d}": "v" for i in range(11)}}, "metadata"),
        ({"metadata": {"plan": "v" * 101}}, "metadata"),
    ],
)
def test_checkouts_documented_limits_are_refused_before_sending(request_: dict[str, Any], field: str) -> None:
    fields = refused({"email": "a@example.com", **request_})
    assert fields[0] == field or fields[0].startswith(field + ".")


def test_at_the_limits_the_request_is_built() -> None:
    body = body_of(
        {
            "email": "a@example.com",
            "customer_name": "x" * 255,
            "metadata": {f"k{i:02d}": "v" * 100 for i in range(10)},
        }
    )
    assert len(body["name"]) == 255 and len(body["metadata"]) == 10


def test_the_merchant_id_takes_one_of_the_ten_metadata_pairs() -> None:
    ten = {f"k{i:02d}": "v" for i in range(10)}
    assert refused({"email": "a@example.com", "merchant_customer_id": "user_42", "metadata": ten}) == ("metadata",)
    nine = dict(list(ten.items())[:9])
    body = body_of({"email": "a@example.com", "merchant_customer_id": "user_42", "metadata": nine})
    assert len(body["metadata"]) == 10


def test_the_merchant_id_metadata_key_is_reserved() -> None:
    request = {"email": "a@example.com", "metadata": {paywire.MERCHANT_ID_METADATA_KEY: "x"}}
    assert refused(request) == (f"metadata.{paywire.MERCHANT_ID_METADATA_KEY}",)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"source": "tok_x"}, "connector_feature_data.source"),
        ({"default": ""}, "connector_feature_data.default"),
        ({"default": 42}, "connector_feature_data.default"),
        ({"default": " "}, "connector_feature_data.default"),
        ({"instruments": "src_a"}, "connector_feature_data.instruments"),
        ({"instruments": ["src_a", 1]}, "connector_feature_data.instruments"),
        ({"instruments": ["src_a", " "]}, "connector_feature_data.instruments"),
        ({"email": "other@example.com"}, "connector_feature_data.email"),
    ],
)
def test_feature_data_passes_only_checkouts_instrument_fields(data: dict[str, Any], field: str) -> None:
    assert refused({"email": "a@example.com", "connector_feature_data": data}) == (field,)


def test_an_unknown_feature_data_key_is_told_both_known_ones() -> None:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build({"email": "a@example.com", "connector_feature_data": {"source": "tok_x", "instruments": []}})
    assert info.value.fields == ("connector_feature_data.source",)  # an empty list links no instrument
    assert "known: default, instruments" in str(info.value)


def test_every_problem_is_reported_at_once() -> None:
    fields = refused({"description": "d", "metadata": {paywire.MERCHANT_ID_METADATA_KEY: "x"}})
    assert set(fields) >= {"description", "email", f"metadata.{paywire.MERCHANT_ID_METADATA_KEY}"}
