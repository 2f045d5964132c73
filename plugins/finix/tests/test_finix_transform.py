"""The mapping: canonical request -> Finix ``CreateIdentityRequest`` body, and every refusal."""

from __future__ import annotations

import json
from typing import Any

import pytest
from finix_helpers import build

import paywire
from paywire_finix import IDENTITY_TYPE, MERCHANT_ID_TAG


def body(request: dict[str, Any]) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(build(request).body)
    return parsed


def refused(request: dict[str, Any]) -> paywire.InvalidRequestError:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build(request)
    return info.value


BILLING = {
    "first_name": "Jane",
    "last_name": "Roe",
    "line1": "741 Douglass St",
    "line2": "Apartment 7",
    "city": "San Mateo",
    "state": "CA",
    "zip_code": "94114",
    "country_alpha2_code": "US",
    "email": "jane@example.com",
    "phone_number": "4155550100",
    "phone_country_code": "+1",
}


def test_minimal_is_an_entity_and_the_personal_type() -> None:
    assert body({"email": "jane@example.com"}) == {"entity": {"email": "jane@example.com"}, "type": "PERSONAL"}
    assert IDENTITY_TYPE == "PERSONAL"


def test_an_empty_request_is_an_empty_buyer() -> None:
    """'All fields for a buyer's Identity are optional' (Finix's createIdentity)."""
    assert body({}) == {"entity": {}, "type": "PERSONAL"}


def test_every_field_finix_holds() -> None:
    sent = body(
        {
            "merchant_customer_id": "user_42",
            "customer_name": "Jane Roe",
            "email": "jane@example.com",
            "phone_number": "+14155550100",
            "address": {"billing_address": BILLING},
            "metadata": {"plan": "gold", "order number": "25"},
        }
    )
    assert sent == {
        "entity": {
            "first_name": "Jane",
            "last_name": "Roe",
            "email": "jane@example.com",
            "phone": "14155550100",
            "personal_address": {
                "line1": "741 Douglass St",
                "line2": "Apartment 7",
                "city": "San Mateo",
                "region": "CA",
                "postal_code": "94114",
                "country": "USA",
            },
        },
        "tags": {"plan": "gold", "order number": "25", MERCHANT_ID_TAG: "user_42"},
        "type": "PERSONAL",
    }
    assert "business_type" not in sent["entity"]  # it would make the Identity a merchant's


@pytest.mark.parametrize(
    ("alpha2", "alpha3"), [("US", "USA"), ("CA", "CAN"), ("DE", "DEU"), ("GB", "GBR"), ("CL", "CHL"), ("ax", "ALA")]
)
def test_countries_are_alpha3(alpha2: str, alpha3: str) -> None:
    sent = body({"address": {"billing_address": {"country_alpha2_code": alpha2}}})
    assert sent["entity"]["personal_address"] == {"country": alpha3}


def test_a_partial_address_is_sent_as_given() -> None:
    """Finix's OpenAPI marks line1, city, region, postal_code and country required inside
    personal_address, as it marks all 24 merchant fields required inside entity: for a buyer
    Finix says every field is optional, so a partial address is Finix's to judge."""
    sent = body({"address": {"billing_address": {"city": "München", "zip_code": "80331"}}})
    assert sent["entity"] == {"personal_address": {"city": "München", "postal_code": "80331"}}


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("Jane Roe", "Jane", "Roe"),
        ("Ana María López", "Ana", "María López"),
        ("Cher", "Cher", None),
        ("  Jane   Roe ", "Jane", "Roe"),
    ],
)
def test_customer_name_splits_on_the_first_word(name: str, first: str, last: str | None) -> None:
    entity = body({"customer_name": name})["entity"]
    assert entity.get("first_name") == first
    assert entity.get("last_name") == last


def test_the_billing_name_says_where_customer_name_splits() -> None:
    sent = body(
        {
            "customer_name": "Ana María López",
            "address": {"billing_address": {"first_name": "Ana María", "last_name": "López"}},
        }
    )
    assert sent["entity"] == {"first_name": "Ana María", "last_name": "López"}


def test_a_billing_name_alone_is_used_as_it_is() -> None:
    sent = body({"address": {"billing_address": {"first_name": "Jane", "last_name": "Roe"}}})
    assert sent["entity"] == {"first_name": "Jane", "last_name": "Roe"}


def test_a_contradicting_billing_name_is_refused_naming_it() -> None:
    error = refused({"customer_name": "Jane Roe", "address": {"billing_address": {"first_name": "John"}}})
    assert error.fields == ("address.billing_address.first_name",)
    assert "John" not in str(error)


@pytest.mark.parametrize("name", ["   ", "\u3000", "\u00a0 \u00a0"])  # any Unicode whitespace is blank
def test_a_blank_customer_name_is_refused(name: str) -> None:
    assert refused({"customer_name": name}).fields == ("customer_name",)


@pytest.mark.parametrize(
    "name",
    ["Bartholomew-Fitzgerald Roe", "Jane Featherstonehaugh-Smythe"],  # first / last part over 20
)
def test_a_name_part_over_20_characters_is_refused_naming_customer_name(name: str) -> None:
    error = refused({"customer_name": name})
    assert error.fields == ("customer_name",)
    assert [e.type for e in error.field_errors] == ["too_long"]


def test_a_long_last_name_from_customer_name_beyond_the_billing_one_is_refused() -> None:
    error = refused(
        {
            "customer_name": "Jane Roe Featherstonehaugh",
            "address": {"billing_address": {"first_name": "Jane", "last_name": "Roe"}},
        }
    )
    assert error.fields == ("customer_name",)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("address.billing_address.first_name", "A" * 21),
        ("address.billing_address.last_name", "B" * 21),
        ("address.billing_address.line1", "1" * 36),
        ("address.billing_address.line2", "2" * 36),
        ("address.billing_address.city", "C" * 21),
        ("address.billing_address.state", "CAL"),
        ("address.billing_address.zip_code", "SW1A 1AA"),
        ("customer_name", "Jane " + "R" * 37),
    ],
)
def test_finix_limits_are_enforced_before_the_network(field: str, value: str) -> None:
    data: dict[str, Any] = {}
    node = data
    *parents, leaf = field.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    error = refused(data)
    assert error.fields == (field,)
    assert value not in str(error)


def test_email_longer_than_100_is_refused() -> None:
    email = "a" * 89 + "@example.com"  # 101 characters
    assert refused({"email": email}).fields == ("email",)
    assert refused({"address": {"billing_address": {"email": email}}}).fields == ("address.billing_address.email",)


def test_billing_contact_fills_the_entity_when_the_customer_level_is_absent() -> None:
    sent = body({"address": {"billing_address": {"email": "jane@example.com", "phone_number": "7145677613"}}})
    assert sent["entity"] == {"email": "jane@example.com", "phone": "7145677613"}


def test_billing_contact_equal_to_the_customer_level_is_fine() -> None:
    sent = body(
        {
            "email": "jane@example.com",
            "phone_number": "+14155550100",
            "address": {
                "billing_address": {
                    "email": "jane@example.com",
                    "phone_number": "4155550100",
                    "phone_country_code": "+1",
                }
            },
        }
    )
    assert sent["entity"] == {"email": "jane@example.com", "phone": "14155550100"}


def test_billing_contact_differing_from_the_customer_level_is_refused() -> None:
    error = refused(
        {
            "email": "jane@example.com",
            "phone_number": "+14155550100",
            "address": {
                "billing_address": {
                    "email": "other@example.com",
                    "phone_number": "4155550199",
                    "phone_country_code": "+1",
                }
            },
        }
    )
    assert error.fields == ("address.billing_address.email", "address.billing_address.phone_number")


def test_a_calling_code_without_a_number_is_refused() -> None:
    error = refused({"address": {"billing_address": {"phone_country_code": "+1"}}})
    assert error.fields == ("address.billing_address.phone_country_code",)


@pytest.mark.parametrize(
    ("request_data", "field"),
    [
        ({"description": "VIP"}, "description"),
        ({"preferred_locales": ["en-US"]}, "preferred_locales"),
        ({"address": {"shipping_address": {"line1": "500 Market St"}}}, "address.shipping_address.line1"),
        ({"address": {"billing_address": {"line3": "Building C"}}}, "address.billing_address.line3"),
    ],
)
def test_what_an_identity_cannot_hold_is_refused_by_name(request_data: dict[str, Any], field: str) -> None:
    assert refused(request_data).fields == (field,)


def test_fifty_tags_are_fine_and_the_merchant_id_needs_one_of_them() -> None:
    tags = {f"key {i}": "v" for i in range(50)}
    assert body({"metadata": tags})["tags"] == tags
    assert refused({"metadata": tags, "merchant_customer_id": "user_42"}).fields == ("metadata",)
    forty_nine = dict(list(tags.items())[:49])
    assert body({"metadata": forty_nine, "merchant_customer_id": "user_42"})["tags"] == {
        **forty_nine,
        MERCHANT_ID_TAG: "user_42",
    }


def test_the_merchant_id_tag_is_reserved() -> None:
    error = refused({"metadata": {MERCHANT_ID_TAG: "x"}})
    assert error.fields == (f"metadata.{MERCHANT_ID_TAG}",)


def test_identity_roles_pass_through() -> None:
    sent = body({"connector_feature_data": {"identity_roles": ["BUYER"]}})
    assert sent == {"entity": {}, "identity_roles": ["BUYER"], "type": "PERSONAL"}


@pytest.mark.parametrize(
    ("feature", "field"),
    [
        ({"identity_roles": "BUYER"}, "connector_feature_data.identity_roles"),
        ({"identity_roles": []}, "connector_feature_data.identity_roles"),
        ({"identity_roles": ["buyer"]}, "connector_feature_data.identity_roles"),
        ({"identity_roles": ["BUYER", "BUYER"]}, "connector_feature_data.identity_roles"),
        ({"business_type": "INDIVIDUAL_SOLE_PROPRIETORSHIP"}, "connector_feature_data.business_type"),
        ({"type": "BUSINESS"}, "connector_feature_data.type"),
    ],
)
def test_other_feature_data_is_refused(feature: dict[str, Any], field: str) -> None:
    assert refused({"connector_feature_data": feature}).fields == (field,)


def test_every_problem_is_reported_at_once() -> None:
    error = refused(
        {
            "customer_name": "Jane Roe",
            "metadata": {MERCHANT_ID_TAG: "x"},
            "address": {"billing_address": {"first_name": "John", "phone_country_code": "+1"}},
            "connector_feature_data": {"nickname": "J"},
        }
    )
    assert set(error.fields) == {
        "address.billing_address.first_name",
        "address.billing_address.phone_country_code",
        f"metadata.{MERCHANT_ID_TAG}",
        "connector_feature_data.nickname",
    }
