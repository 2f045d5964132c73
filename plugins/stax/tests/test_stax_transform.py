"""The mapping: canonical request -> Stax's ``POST /customer`` body, and every refusal before sending.

Expected bodies are written from Stax's reference (the ``create-customer`` fields and limits of
its OpenAPI export; phone ``/[0-9]{10,15}/``; ``address_country`` alpha-3 as in its examples)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from stax_helpers import build

import paywire
from paywire_stax import to_body


def body(request: dict[str, Any]) -> dict[str, Any]:
    return to_body(paywire.CreateCustomerRequest.model_validate(request))


def refused(request: dict[str, Any]) -> tuple[str, ...]:
    """The canonical fields a client names when it refuses ``request`` before sending."""
    with pytest.raises(paywire.InvalidRequestError) as info:
        build(request)
    return info.value.fields


FULL: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Jane Roe",
    "email": "jane.roe@example.com",
    "phone_number": "+14155550100",
    "description": "Gold plan subscriber",
    "address": {
        "billing_address": {
            "first_name": "Jane",
            "last_name": "Roe",
            "line1": "1 Main Street",
            "line2": "Apt 4",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94107",
            "country_alpha2_code": "US",
            "email": "jane.roe@example.com",
            "phone_number": "4155550100",
            "phone_country_code": "+1",
        }
    },
    "connector_feature_data": {"company": "Roe & Co"},
}


def test_full_profile_in_stax_words_and_order() -> None:
    built = build(FULL)
    assert json.loads(built.body) == {
        "firstname": "Jane",
        "lastname": "Roe",
        "company": "Roe & Co",
        "email": "jane.roe@example.com",
        "phone": "14155550100",
        "address_1": "1 Main Street",
        "address_2": "Apt 4",
        "address_city": "San Francisco",
        "address_state": "CA",
        "address_zip": "94107",
        "address_country": "USA",
        "reference": "user_42",
        "notes": "Gold plan subscriber",
    }
    assert list(json.loads(built.body)) == [
        "firstname", "lastname", "company", "email", "phone", "address_1", "address_2", "address_city",
        "address_state", "address_zip", "address_country", "reference", "notes",
    ]  # fmt: skip
    assert built.method == "POST"
    assert built.url == "https://apiprod.fattlabs.com/customer"


def test_body_is_compact_utf8_json() -> None:
    built = build({"customer_name": "Zoë Ñúñez", "address": {"billing_address": {"country_alpha2_code": "DE"}}})
    assert built.body == '{"firstname":"Zoë","lastname":"Ñúñez","address_country":"DEU"}'.encode()


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("Jane", "Jane", None),
        ("Ana María López", "Ana", "María López"),
        ("  Jane   Roe ", "Jane", "Roe"),
    ],
)
def test_customer_name_splits_at_the_first_word(name: str, first: str, last: str | None) -> None:
    got = body({"customer_name": name})
    assert (got.get("firstname"), got.get("lastname")) == (first, last)


def test_billing_names_say_where_the_name_splits() -> None:
    got = body(
        {
            "customer_name": "Ana María López",
            "address": {"billing_address": {"first_name": "Ana María", "last_name": "López"}},
        }
    )
    assert (got["firstname"], got["lastname"]) == ("Ana María", "López")
    got = body({"address": {"billing_address": {"first_name": "Ana María"}}})
    assert got == {"firstname": "Ana María"}


def test_contradicting_billing_name_is_refused_by_name() -> None:
    request = {"customer_name": "Jane Roe", "address": {"billing_address": {"first_name": "John"}}}
    assert refused(request) == ("address.billing_address.first_name",)


def test_blank_customer_name_is_refused() -> None:
    assert refused({"customer_name": "   ", "email": "jane@example.com"}) == ("customer_name",)


def test_a_name_part_longer_than_stax_holds_is_refused() -> None:
    assert refused({"customer_name": "J" * 256}) == ("customer_name",)
    assert body({"customer_name": "J" * 255}) == {"firstname": "J" * 255}


@pytest.mark.parametrize(
    "request_",
    [
        {"merchant_customer_id": "user_42", "phone_number": "+14155550100"},
        {"description": "no name", "address": {"billing_address": {"city": "Orlando"}}},
    ],
)
def test_none_of_the_four_identity_fields_is_refused_naming_every_source(request_: dict[str, Any]) -> None:
    assert refused(request_) == (
        "customer_name",
        "email",
        "address.billing_address.first_name",
        "address.billing_address.last_name",
        "address.billing_address.email",
        "connector_feature_data.company",
    )


@pytest.mark.parametrize(
    "request_",
    [
        {"email": "jane@example.com"},
        {"customer_name": "Jane"},
        {"address": {"billing_address": {"last_name": "Roe"}}},
        {"address": {"billing_address": {"email": "jane@example.com"}}},
        {"connector_feature_data": {"company": "Acme Inc"}},
    ],
)
def test_any_one_identity_field_is_enough(request_: dict[str, Any]) -> None:
    assert body(request_)


def test_billing_email_fills_email_and_must_agree() -> None:
    assert body({"address": {"billing_address": {"email": "b@example.com"}}}) == {"email": "b@example.com"}
    assert body({"email": "a@example.com", "address": {"billing_address": {"email": "a@example.com"}}}) == {
        "email": "a@example.com"
    }
    assert refused({"email": "a@example.com", "address": {"billing_address": {"email": "b@example.com"}}}) == (
        "address.billing_address.email",
    )


@pytest.mark.parametrize(
    ("phone", "sent"),
    [("+14155550100", "14155550100"), ("+442071838750", "442071838750"), ("+861234567890123", "861234567890123")],
)
def test_phone_is_the_e164_digits(phone: str, sent: str) -> None:
    assert body({"email": "jane@example.com", "phone_number": phone})["phone"] == sent


def test_phone_of_fewer_than_ten_digits_is_refused() -> None:
    assert refused({"email": "jane@example.com", "phone_number": "+3225551"}) == ("phone_number",)


def test_billing_phone_joins_country_code_and_number_and_must_agree() -> None:
    billing = {"phone_number": "4155550100", "phone_country_code": "+1"}
    assert body({"email": "j@example.com", "address": {"billing_address": billing}})["phone"] == "14155550100"
    national = {"phone_number": "4155550100"}
    assert body({"email": "j@example.com", "address": {"billing_address": national}})["phone"] == "4155550100"
    assert refused(
        {"email": "j@example.com", "phone_number": "+14155550199", "address": {"billing_address": billing}}
    ) == ("address.billing_address.phone_number",)
    # Compared as paywire.contact compares them (calling code and number, not Stax's digits): a
    # billing number without its calling code is not the customer-level phone.
    assert refused(
        {
            "email": "j@example.com",
            "phone_number": "+14155550100",
            "address": {"billing_address": {"phone_number": "14155550100"}},
        }
    ) == ("address.billing_address.phone_number",)
    assert refused({"email": "j@example.com", "address": {"billing_address": {"phone_country_code": "+1"}}}) == (
        "address.billing_address.phone_country_code",
    )
    assert refused({"email": "j@example.com", "address": {"billing_address": {"phone_number": "12345"}}}) == (
        "address.billing_address.phone_number",
    )


@pytest.mark.parametrize(
    ("field", "request_"),
    [
        ("metadata", {"metadata": {"plan": "gold"}}),
        ("preferred_locales", {"preferred_locales": ["en-US"]}),
        ("address.shipping_address", {"address": {"shipping_address": {"city": "Orlando"}}}),
        ("address.billing_address.line3", {"address": {"billing_address": {"line3": "Suite 9"}}}),
    ],
)
def test_what_a_stax_customer_cannot_hold_is_refused_by_name(field: str, request_: dict[str, Any]) -> None:
    assert all(name.startswith(field) for name in refused({"email": "jane@example.com", **request_}))


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("merchant_customer_id", 255),
        ("address.billing_address.line1", 255),
        ("address.billing_address.line2", 255),
        ("address.billing_address.city", 255),
        ("address.billing_address.state", 2),
        ("address.billing_address.zip_code", 16),
        ("address.billing_address.first_name", 255),
        ("address.billing_address.last_name", 255),
    ],
)
def test_stax_limits_are_enforced_before_sending(field: str, limit: int) -> None:
    def request(length: int) -> dict[str, Any]:
        out: dict[str, Any] = {"email": "jane@example.com"}
        node = out
        *parents, leaf = field.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = "x" * length
        return out

    assert refused(request(limit + 1)) == (field,)
    build(request(limit))


def test_connector_feature_data_takes_company_only() -> None:
    assert refused({"email": "j@example.com", "connector_feature_data": {"cc_emails": ["a@example.com"]}}) == (
        "connector_feature_data.cc_emails",
    )
    assert refused({"email": "j@example.com", "connector_feature_data": {"company": " "}}) == (
        "connector_feature_data.company",
    )
    assert refused({"email": "j@example.com", "connector_feature_data": {"company": "C" * 256}}) == (
        "connector_feature_data.company",
    )


def test_every_problem_is_reported_at_once() -> None:
    request = {
        "customer_name": "Jane Roe",
        "phone_number": "+3225551",
        "metadata": {"plan": "gold"},
        "address": {"billing_address": {"first_name": "John", "state": "California"}},
    }
    assert set(refused(request)) == {
        "phone_number",
        "metadata",
        "address.billing_address.first_name",
        "address.billing_address.state",
    }


def test_base_url_replaces_scheme_host_and_port_only() -> None:
    assert build({"email": "j@example.com"}, base_url="http://127.0.0.1:8080").url == "http://127.0.0.1:8080/customer"
