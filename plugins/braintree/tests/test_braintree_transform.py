"""Canonical request -> Braintree ``CustomerInput``: what is carried, where, and what is refused
(by name, before anything is sent). Field names and limits are Braintree's public GraphQL schema
(``CustomerInput``, ``CustomFieldInput``) and its validation codes (255 characters)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from braintree_helpers import build, customer_input

import paywire
import paywire_braintree

SANDBOX = paywire_braintree.SANDBOX_URL


def refused(request: dict[str, Any], **kw: Any) -> tuple[str, ...]:
    with pytest.raises(paywire.InvalidRequestError) as caught:
        build(request, **kw)
    return caught.value.fields


def test_the_whole_request_on_the_wire() -> None:
    built = build({"email": "jane@example.com", "customer_name": "Jane Roe"}, idempotency_key="order-1")
    assert (built.method, built.url) == ("POST", f"{SANDBOX}/graphql")
    assert json.loads(built.body) == {
        "query": paywire_braintree.CREATE_CUSTOMER,
        "variables": {
            "input": {
                "clientMutationId": "order-1",
                "customer": {"firstName": "Jane", "lastName": "Roe", "email": "jane@example.com"},
            }
        },
    }
    assert built.headers["Authorization"] == paywire.basic_auth(
        "tests_public_key", "tests_CANARY_private_key_0123456789"
    )
    assert built.headers["Content-Type"] == "application/json"
    assert built.headers["Braintree-Version"] == paywire_braintree.BRAINTREE_VERSION == "2018-09-10"


def test_the_mutation_selects_id_and_legacy_id() -> None:
    assert "createCustomer(input: $input)" in paywire_braintree.CREATE_CUSTOMER
    assert "customer { id legacyId }" in paywire_braintree.CREATE_CUSTOMER


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("Jane", "Jane", None),
        ("Jane Roe", "Jane", "Roe"),
        ("Ana María  López", "Ana", "María López"),
    ],
)
def test_customer_name_splits_into_first_and_last_name(name: str, first: str, last: str | None) -> None:
    expected = {"firstName": first, **({"lastName": last} if last else {})}
    assert customer_input({"customer_name": name}) == expected


def test_billing_names_say_where_the_name_splits() -> None:
    request = {
        "customer_name": "Mary Ann Smith",
        "address": {"billing_address": {"first_name": "Mary Ann", "last_name": "Smith"}},
    }
    assert customer_input(request) == {"firstName": "Mary Ann", "lastName": "Smith"}
    alone = {"address": {"billing_address": {"first_name": "Zoë", "last_name": "Ñúñez"}}}
    assert customer_input(alone) == {"firstName": "Zoë", "lastName": "Ñúñez"}


def test_contradicting_names_are_refused_by_name() -> None:
    request = {"customer_name": "Jane Roe", "address": {"billing_address": {"first_name": "John"}}}
    assert refused(request) == ("address.billing_address.first_name",)
    assert refused({"customer_name": "   "}) == ("customer_name",)


def test_billing_contact_fills_the_customer_or_must_agree() -> None:
    billing = {"email": "jane@example.com", "phone_country_code": "+44", "phone_number": "2071838750"}
    assert customer_input({"address": {"billing_address": billing}}) == {
        "email": "jane@example.com",
        "phoneNumber": "+442071838750",
    }
    same = {"email": "jane@example.com", "phone_number": "+442071838750", "address": {"billing_address": billing}}
    assert customer_input(same) == {"email": "jane@example.com", "phoneNumber": "+442071838750"}
    other = {"email": "x@example.com", "phone_number": "+14155550100", "address": {"billing_address": billing}}
    assert refused(other) == ("address.billing_address.email", "address.billing_address.phone_number")
    lone_code = {"address": {"billing_address": {"phone_country_code": "+1"}}}
    assert refused(lone_code) == ("address.billing_address.phone_country_code",)


def test_merchant_customer_id_goes_to_its_custom_field() -> None:
    assert customer_input({"merchant_customer_id": "user_42"}) == {
        "customFields": [{"name": "merchant_customer_id", "value": "user_42"}]
    }
    named = customer_input({"merchant_customer_id": "user_42"}, options={"merchant_customer_id_field": "crm_id"})
    assert named == {"customFields": [{"name": "crm_id", "value": "user_42"}]}


def test_a_custom_field_name_braintree_cannot_hold_is_refused_when_the_client_is_built() -> None:
    with pytest.raises(paywire.ConfigurationError, match="merchant_customer_id_field"):
        build({"email": "jane@example.com"}, options={"merchant_customer_id_field": "crm-id"})
    with pytest.raises(paywire.ConfigurationError, match="braintree_version"):
        build({"email": "jane@example.com"}, options={"braintree_version": "latest"})


def test_braintree_only_fields_through_connector_feature_data() -> None:
    request = {
        "merchant_customer_id": "user_42",
        "connector_feature_data": {
            "company": "Roe & Co",
            "fax": "+14155550111",
            "website": "https://www.example.com",
            "custom_fields": {"loyalty_tier": "gold", "region": "EU"},
        },
    }
    assert customer_input(request) == {
        "company": "Roe & Co",
        "fax": "+14155550111",
        "website": "https://www.example.com",
        "customFields": [
            {"name": "merchant_customer_id", "value": "user_42"},
            {"name": "loyalty_tier", "value": "gold"},
            {"name": "region", "value": "EU"},
        ],
    }


@pytest.mark.parametrize(
    ("feature_data", "field"),
    [
        ({"nickname": "JJ"}, "connector_feature_data.nickname"),
        ({"company": ""}, "connector_feature_data.company"),
        ({"company": 7}, "connector_feature_data.company"),
        ({"website": "x" * 256}, "connector_feature_data.website"),
        ({"custom_fields": {}}, "connector_feature_data.custom_fields"),
        ({"custom_fields": {"bad-name": "v"}}, "connector_feature_data.custom_fields.bad-name"),
        ({"custom_fields": {"tier": 3}}, "connector_feature_data.custom_fields.tier"),
        ({"custom_fields": {"tier": "x" * 256}}, "connector_feature_data.custom_fields.tier"),
        (
            {"custom_fields": {"merchant_customer_id": "other"}},
            "connector_feature_data.custom_fields.merchant_customer_id",
        ),
    ],
)
def test_feature_data_braintree_cannot_take_is_refused_by_name(feature_data: dict[str, Any], field: str) -> None:
    assert refused({"merchant_customer_id": "user_42", "connector_feature_data": feature_data}) == (field,)


@pytest.mark.parametrize(
    ("request_fields", "fields"),
    [
        ({"description": "Gold"}, ("description",)),
        ({"preferred_locales": ["fr"]}, ("preferred_locales",)),
        ({"metadata": {"plan": "gold"}}, ("metadata",)),
        (
            {"address": {"billing_address": {"line1": "1 Main St", "city": "Paris"}}},
            ("address.billing_address.line1", "address.billing_address.city"),
        ),
        ({"address": {"shipping_address": {"first_name": "John"}}}, ("address.shipping_address.first_name",)),
    ],
)
def test_what_braintree_cannot_hold_is_refused_by_name(request_fields: dict[str, Any], fields: tuple[str, ...]) -> None:
    assert refused({"email": "jane@example.com", **request_fields}) == fields


def test_every_braintree_limit_is_enforced_before_sending() -> None:
    longest = "x" * 255
    assert customer_input({"customer_name": longest}) == {"firstName": longest}
    assert customer_input({"merchant_customer_id": longest})["customFields"][0]["value"] == longest
    assert refused({"customer_name": "x" * 256}) == ("customer_name",)
    # the family name is at most 254 characters (the canonical name holds 256, with a given name and a space)
    assert customer_input({"customer_name": "a " + "y" * 254}) == {"firstName": "a", "lastName": "y" * 254}
    assert refused({"merchant_customer_id": "x" * 256}) == ("merchant_customer_id",)
    too_long = {"address": {"billing_address": {"first_name": "x" * 256, "last_name": "y" * 256}}}
    assert refused(too_long) == ("address.billing_address.first_name", "address.billing_address.last_name")


def test_every_problem_is_reported_at_once() -> None:
    request = {
        "customer_name": "Jane Roe",
        "description": "d",
        "metadata": {"a": "b"},
        "address": {"billing_address": {"first_name": "John", "line1": "1 Main St"}},
        "connector_feature_data": {"nickname": "JJ"},
    }
    assert set(refused(request)) == {
        "description",
        "metadata",
        "address.billing_address.line1",
        "address.billing_address.first_name",
        "connector_feature_data.nickname",
    }


def test_test_mode_is_refused_in_production_only() -> None:
    request = {"email": "jane@example.com", "test_mode": True}
    assert build(request).url == f"{SANDBOX}/graphql"
    assert refused(request, environment="production") == ("test_mode",)
    assert build({"email": "jane@example.com"}, environment="production").url == (
        "https://payments.braintree-api.com/graphql"
    )


def test_base_url_replaces_scheme_host_and_port_only() -> None:
    assert build({"email": "jane@example.com"}, base_url="http://127.0.0.1:8123").url == "http://127.0.0.1:8123/graphql"


def test_the_environment_picks_the_host_sandbox_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    info = paywire.registry().connector("braintree").info
    keys = paywire_braintree.BraintreeCredentials.model_validate({"public_key": "abc", "private_key": "def"})
    assert (keys.environment, keys.live, info.base_url_for(keys)) == ("sandbox", False, SANDBOX)
    production = keys.model_copy(update={"environment": "production"})
    assert (production.live, info.base_url_for(production)) == (True, paywire_braintree.PRODUCTION_URL)
    monkeypatch.setenv("PAYWIRE_BRAINTREE_PUBLIC_KEY", "abc")
    monkeypatch.setenv("PAYWIRE_BRAINTREE_PRIVATE_KEY", "def")
    monkeypatch.setenv("PAYWIRE_BRAINTREE_ENVIRONMENT", "production")
    with paywire.Client("braintree") as client:
        assert client.customers.prepare({"email": "jane@example.com"}).url == (
            "https://payments.braintree-api.com/graphql"
        )
    with pytest.raises(paywire.ConfigurationError, match="environment"):
        paywire.Client("braintree", credentials={**keys.model_dump(), "environment": "live"})


@pytest.mark.parametrize(
    ("keys", "field"),
    [
        ({"public_key": "", "private_key": "p"}, "public_key"),
        ({"public_key": "a:b", "private_key": "p"}, "public_key"),
        ({"public_key": "a", "private_key": "p q"}, "private_key"),
        ({"public_key": "ä", "private_key": "p"}, "public_key"),
        ({"public_key": "a"}, "private_key"),
    ],
)
def test_malformed_keys_are_refused_naming_the_field_never_the_value(keys: dict[str, str], field: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as caught:
        paywire.Client("braintree", credentials=keys)
    assert field in str(caught.value)
    for value in keys.values():
        if len(value) > 2:
            assert value not in str(caught.value)
