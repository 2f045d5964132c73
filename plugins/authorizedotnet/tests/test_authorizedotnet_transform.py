"""Canonical request -> createCustomerProfileRequest: the exact body, the schema's key order (checked
against the fake's restatement of AnetApiSchema.xsd, written apart from the connector), and every
refusal before anything is sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from authorizedotnet_fake import SchemaError, parse_json_tree, validate
from helpers import CREDENTIALS, KEY, LOGIN, build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paywire
import paywire_authorizedotnet

INFO = paywire.registry().connector("authorizedotnet").info
LIMITS, UNSUPPORTED_FIELDS = INFO.limits, INFO.unsupported_fields

FULL: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "email": "jane.roe@example.com",
    "description": "Gold plan subscriber",
    "address": {
        "shipping_address": {
            "first_name": "John",
            "last_name": "Roe",
            "line1": "500 Market Street",
            "line2": "Floor 2",
            "line3": "Suite 9",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94105",
            "country_alpha2_code": "US",
            "email": "john.roe@example.com",
            "phone_number": "4155550199",
            "phone_country_code": "+1",
        }
    },
    "connector_feature_data": {"profileType": "guest"},
    "test_mode": True,
}
FULL_BODY = (
    f'{{"createCustomerProfileRequest":{{"merchantAuthentication":{{"name":"{LOGIN}","transactionKey":"{KEY}"}},'
    '"clientId":"paywire","profile":{"merchantCustomerId":"user_42","description":"Gold plan subscriber",'
    '"email":"jane.roe@example.com","shipToList":[{"firstName":"John","lastName":"Roe",'
    '"address":"500 Market Street, Floor 2, Suite 9","city":"San Francisco","state":"CA","zip":"94105",'
    '"country":"US","phoneNumber":"+14155550199","email":"john.roe@example.com"}],"profileType":"guest"}}}'
)


def _schema_valid(body: bytes) -> None:
    root, content = parse_json_tree(body)
    assert root == "createCustomerProfileRequest"
    assert isinstance(content, list)
    validate(root, root, content)


def test_every_field_in_schema_order_on_the_wire() -> None:
    built = build(FULL)
    assert (built.method, built.url) == ("POST", "https://apitest.authorize.net/xml/v1/request.api")
    assert built.body == FULL_BODY.encode()
    _schema_valid(built.body)


def test_the_minimal_profile() -> None:
    built = build({"email": "jane@example.com"})
    assert json.loads(built.body) == {
        "createCustomerProfileRequest": {
            "merchantAuthentication": {"name": LOGIN, "transactionKey": KEY},
            "clientId": "paywire",
            "profile": {"email": "jane@example.com"},
        }
    }


def test_non_ascii_is_sent_as_utf8_text() -> None:
    built = build({"description": "Client fidèle — 忠実な顧客", "address": {"shipping_address": {"city": "München"}}})
    assert "Client fidèle — 忠実な顧客".encode() in built.body
    assert "München".encode() in built.body
    _schema_valid(built.body)


def test_the_fake_schema_refuses_a_key_out_of_order() -> None:
    """The cross-check above means something: the fake refuses what Authorize.net refuses."""
    body = json.dumps(
        {
            "createCustomerProfileRequest": {
                "merchantAuthentication": {"name": LOGIN, "transactionKey": KEY},
                "profile": {"email": "a@example.com", "merchantCustomerId": "x"},
            }
        }
    ).encode()
    with pytest.raises(SchemaError, match="has invalid child element 'merchantCustomerId'"):
        _schema_valid(body)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("customer_name", "Jane Roe"),
        ("phone_number", "+14155550100"),
        ("preferred_locales", ["en-US"]),
        ("metadata", {"plan": "gold"}),
        ("address", {"billing_address": {"line1": "1 Main Street"}}),
    ],
)
def test_what_a_customer_profile_has_no_place_for_is_refused(field: str, value: Any) -> None:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build({"email": "jane@example.com", field: value})
    expected = "address.billing_address.line1" if field == "address" else field
    assert info.value.fields == (expected,)
    assert "has no place" in str(info.value)


def test_unsupported_fields_are_exactly_the_profiles_gaps() -> None:
    assert (
        frozenset({"customer_name", "phone_number", "preferred_locales", "metadata", "address.billing_address"})
        == UNSUPPORTED_FIELDS
    )


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("merchant_customer_id", 20),
        ("description", 255),
        ("address.shipping_address.first_name", 50),
        ("address.shipping_address.last_name", 50),
        ("address.shipping_address.line1", 60),
        ("address.shipping_address.city", 40),
        ("address.shipping_address.state", 40),
        ("address.shipping_address.zip_code", 20),
    ],
)
def test_the_schemas_limits_refuse_and_never_cut(field: str, limit: int) -> None:
    assert LIMITS[field].max_length == limit

    def request(length: int) -> dict[str, Any]:
        data: dict[str, Any] = {"email": "jane@example.com"}
        node = data
        *parents, leaf = field.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = "x" * length
        return data

    built = build(request(limit))
    assert ("x" * limit).encode() in built.body
    _schema_valid(built.body)
    with pytest.raises(paywire.InvalidRequestError) as info:
        build(request(limit + 1))
    assert info.value.fields == (field,)
    assert f"at most {limit}" in str(info.value)


def test_street_lines_joined_over_60_characters_are_refused_naming_each_line() -> None:
    shipping = {"line1": "a" * 30, "line2": "b" * 20, "line3": "c" * 10}  # 30 + 2 + 20 + 2 + 10 = 64
    with pytest.raises(paywire.InvalidRequestError) as info:
        build({"email": "jane@example.com", "address": {"shipping_address": shipping}})
    assert info.value.fields == tuple(f"address.shipping_address.{line}" for line in ("line1", "line2", "line3"))
    shipping["line3"] = "c" * 6  # exactly 60
    built = build({"email": "jane@example.com", "address": {"shipping_address": shipping}})
    assert json.loads(built.body)["createCustomerProfileRequest"]["profile"]["shipToList"][0]["address"] == (
        f"{'a' * 30}, {'b' * 20}, {'c' * 6}"
    )


def test_a_phone_country_code_needs_a_number() -> None:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build({"email": "jane@example.com", "address": {"shipping_address": {"phone_country_code": "+1"}}})
    assert info.value.fields == ("address.shipping_address.phone_country_code",)


def test_a_number_without_country_code_is_sent_as_given() -> None:
    built = build({"email": "jane@example.com", "address": {"shipping_address": {"phone_number": "4155550199"}}})
    assert json.loads(built.body)["createCustomerProfileRequest"]["profile"]["shipToList"] == [
        {"phoneNumber": "4155550199"}
    ]


@pytest.mark.parametrize(
    "request_data",
    [{}, {"description": ""}, {"address": {"shipping_address": {"city": "Paris"}}}],
)
def test_a_profile_needs_an_id_a_description_or_an_email(request_data: dict[str, Any]) -> None:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build(request_data)
    assert info.value.fields == ("merchant_customer_id", "description", "email")
    assert "E00041" in str(info.value)


def test_an_empty_description_is_left_out() -> None:
    built = build({"email": "jane@example.com", "description": ""})
    assert "description" not in json.loads(built.body)["createCustomerProfileRequest"]["profile"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"profileType": "vip"}, "connector_feature_data.profileType"),
        ({"validationMode": "liveMode"}, "connector_feature_data.validationMode"),
        ({"paymentProfiles": []}, "connector_feature_data.paymentProfiles"),
    ],
)
def test_connector_feature_data_takes_only_a_profile_type(data: dict[str, Any], field: str) -> None:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build({"email": "jane@example.com", "connector_feature_data": data})
    assert info.value.fields == (field,)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build(
            {
                "merchant_customer_id": "u" * 21,
                "customer_name": "Jane",
                "address": {"shipping_address": {"phone_country_code": "+1"}},
                "connector_feature_data": {"profileType": "vip"},
                "email": "jane@example.com",
            }
        )
    assert set(info.value.fields) == {
        "merchant_customer_id",
        "customer_name",
        "address.shipping_address.phone_country_code",
        "connector_feature_data.profileType",
    }


def test_base_url_replaces_scheme_host_and_port_only() -> None:
    built = build({"email": "jane@example.com"}, base_url="http://127.0.0.1:8080")
    assert built.url == "http://127.0.0.1:8080/xml/v1/request.api"


def test_production_credentials_go_to_the_production_host() -> None:
    built = build({"email": "jane@example.com"}, credentials={**CREDENTIALS, "environment": "production"})
    assert (
        built.url
        == f"{paywire_authorizedotnet.BASE_URL}/xml/v1/request.api"
        == ("https://api2.authorize.net/xml/v1/request.api")
    )


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=70)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    merchant=st.none() | _TEXT,
    description=st.none() | _TEXT,
    shipping=st.dictionaries(
        st.sampled_from(["first_name", "last_name", "line1", "line2", "line3", "city", "state", "zip_code"]),
        _TEXT,
    ),
)
def test_whatever_is_accepted_is_valid_for_authorize_nets_schema(
    merchant: str | None, description: str | None, shipping: dict[str, str]
) -> None:
    data: dict[str, Any] = {"email": "jane@example.com"}
    if merchant is not None:
        data["merchant_customer_id"] = merchant
    if description is not None:
        data["description"] = description
    if shipping:
        data["address"] = {"shipping_address": shipping}
    allowed = {"merchant_customer_id", *(f"address.shipping_address.{k}" for k in shipping)}
    try:
        built = build(data)
    except paywire.InvalidRequestError as exc:
        refused = set(exc.fields)
    else:
        refused = set()
        _schema_valid(built.body)
    assert refused <= allowed
