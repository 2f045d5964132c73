"""Canonical request -> Airwallex create-customer body: every field mapped or refused by name,
Airwallex's documented limits enforced before anything is sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from airwallex_helpers import CREDENTIALS, body_of, prepare
from hypothesis import given, settings

import paywire
import paywire_airwallex
from paywire_harness import strategies

BILLING = {
    "first_name": "Jane",
    "last_name": "Roe",
    "line1": "1 Main Street",
    "line2": "Apt 4",
    "line3": "Building B",
    "city": "San Francisco",
    "state": "CA",
    "zip_code": "94107",
    "country_alpha2_code": "US",
    "email": "jane.roe@example.com",
    "phone_number": "4155550100",
    "phone_country_code": "+1",
}


def refused_fields(**fields: Any) -> tuple[str, ...]:
    with pytest.raises(paywire.InvalidRequestError) as info:
        body_of(**fields)
    return info.value.fields


def test_every_field_airwallex_holds_is_mapped() -> None:
    body = body_of(
        key="order-1001",
        merchant_customer_id="user_42",
        customer_name="Jane Roe",
        email="jane.roe@example.com",
        phone_number="+14155550100",
        address={"billing_address": BILLING},
        metadata={"plan": "gold", "signup_source": "web"},
        connector_feature_data={"business_name": "Roe & Co"},
        test_mode=True,
    )
    assert body == {
        "merchant_customer_id": "user_42",
        "first_name": "Jane",
        "last_name": "Roe",
        "email": "jane.roe@example.com",
        "phone_number": "+14155550100",
        "address": {
            "street": "1 Main Street, Apt 4, Building B",
            "city": "San Francisco",
            "state": "CA",
            "postcode": "94107",
            "country_code": "US",
        },
        "metadata": {"plan": "gold", "signup_source": "web"},
        "business_name": "Roe & Co",
        "request_id": "order-1001",
    }


def test_the_request_is_the_documented_one() -> None:
    built = prepare({"email": "jane@example.com", "merchant_customer_id": "user_1"}, "k-1")
    assert (built.method, built.url) == ("POST", "https://api-demo.airwallex.com/api/v1/pa/customers/create")
    headers = {k.lower(): v for k, v in built.headers.items()}
    assert headers["content-type"] == "application/json"
    assert headers["authorization"].startswith("Bearer ")
    assert headers["x-api-version"] == paywire_airwallex.API_VERSION == "2025-06-30"
    assert "x-api-key" not in headers and "x-client-id" not in headers  # the login's, never the create's
    assert built.body == b'{"merchant_customer_id":"user_1","email":"jane@example.com","request_id":"k-1"}'


def test_without_a_merchant_customer_id_the_idempotency_key_stands_in() -> None:
    # Airwallex requires merchant_customer_id; the key is unique per call and returned to the caller.
    assert body_of(key="order-7", email="jane@example.com") == {
        "merchant_customer_id": "order-7",
        "email": "jane@example.com",
        "request_id": "order-7",
    }
    generated = json.loads(paywire.Client("airwallex", credentials=CREDENTIALS).customers.prepare({}).body)
    assert generated["merchant_customer_id"] == generated["request_id"] and len(generated["request_id"]) <= 64


def test_an_idempotency_key_longer_than_a_request_id_is_refused() -> None:
    with pytest.raises(paywire.InvalidRequestError) as info:
        prepare({"email": "jane@example.com"}, "k" * 65)
    assert info.value.fields == ("idempotency_key",)
    assert body_of(key="k" * 64)["request_id"] == "k" * 64


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("Jane Roe", "Jane", "Roe"),
        ("Ana María López", "Ana", "María López"),
        ("  Cher  ", "Cher", None),
        ("Zoë Ñúñez", "Zoë", "Ñúñez"),
    ],
)
def test_customer_name_is_split_in_first_and_last_name(name: str, first: str, last: str | None) -> None:
    body = body_of(customer_name=name)
    assert (body.get("first_name"), body.get("last_name")) == (first, last)


def test_the_billing_names_say_where_the_customer_name_splits() -> None:
    billing = {"first_name": "Ana María", "last_name": "López", "country_alpha2_code": "ES"}
    body = body_of(customer_name="Ana María López", address={"billing_address": billing})
    assert (body["first_name"], body["last_name"]) == ("Ana María", "López")
    assert body_of(address={"billing_address": billing})["first_name"] == "Ana María"


def test_billing_names_contradicting_the_customer_name_are_refused_by_name() -> None:
    billing = {"first_name": "John", "last_name": "Doe"}
    assert refused_fields(customer_name="Jane Roe", address={"billing_address": billing}) == (
        "address.billing_address.first_name",
        "address.billing_address.last_name",
    )


def test_a_blank_customer_name_is_refused_not_dropped() -> None:
    assert refused_fields(customer_name="   ") == ("customer_name",)


def test_a_name_part_longer_than_airwallex_holds_is_refused() -> None:
    assert refused_fields(customer_name="Jane " + "R" * 129) == ("customer_name",)
    assert refused_fields(customer_name="J" * 129) == ("customer_name",)
    assert body_of(customer_name="J" * 128 + " " + "R" * 127)["last_name"] == "R" * 127
    assert refused_fields(address={"billing_address": {"first_name": "J" * 129}}) == (
        "address.billing_address.first_name",
    )


@pytest.mark.parametrize(
    ("part", "limit"),
    [("city", 100), ("state", 100), ("zip_code", 10)],
)
def test_documented_address_limits_are_enforced_before_sending(part: str, limit: int) -> None:
    billing = {"country_alpha2_code": "US", part: "x" * limit}
    assert body_of(address={"billing_address": billing})["address"]
    billing[part] = "x" * (limit + 1)
    assert refused_fields(address={"billing_address": billing}) == (f"address.billing_address.{part}",)


def test_merchant_customer_id_holds_64_characters() -> None:
    assert body_of(merchant_customer_id="m" * 64)["merchant_customer_id"] == "m" * 64
    assert refused_fields(merchant_customer_id="m" * 65) == ("merchant_customer_id",)


def test_an_address_needs_its_country() -> None:
    assert refused_fields(address={"billing_address": {"line1": "1 Main Street", "city": "Paris"}}) == (
        "address.billing_address.country_alpha2_code",
    )
    assert body_of(address={"billing_address": {"country_alpha2_code": "fr"}})["address"] == {"country_code": "FR"}
    # Contact details alone make no postal address: nothing to place, nothing required.
    contact = {"email": "jane@example.com", "first_name": "Jane"}
    assert "address" not in body_of(address={"billing_address": contact})


def test_billing_contact_details_fill_the_customer_ones_and_must_agree() -> None:
    billing = {"email": "jane@example.com", "phone_number": "4155550100", "phone_country_code": "+1"}
    body = body_of(address={"billing_address": billing})
    assert (body["email"], body["phone_number"]) == ("jane@example.com", "+14155550100")
    assert body_of(email="jane@example.com", phone_number="+14155550100", address={"billing_address": billing})
    assert refused_fields(
        email="other@example.com", phone_number="+14155550199", address={"billing_address": billing}
    ) == ("address.billing_address.email", "address.billing_address.phone_number")
    assert refused_fields(address={"billing_address": {"phone_country_code": "+1"}}) == (
        "address.billing_address.phone_country_code",
    )


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({"description": "Gold plan"}, "description"),
        ({"preferred_locales": ["en-US"]}, "preferred_locales"),
        ({"address": {"shipping_address": {"city": "Paris"}}}, "address.shipping_address.city"),
    ],
)
def test_what_an_airwallex_customer_cannot_hold_is_refused_never_dropped(fields: dict[str, Any], refused: str) -> None:
    assert refused_fields(email="jane@example.com", **fields) == (refused,)


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        ({"business_name": "B" * 129}, "connector_feature_data.business_name"),
        ({"business_name": ""}, "connector_feature_data.business_name"),
        ({"business_name": 42}, "connector_feature_data.business_name"),
        ({"additional_info": {"account_type": "x"}}, "connector_feature_data.additional_info"),
        ({"request_id": "sneaky"}, "connector_feature_data.request_id"),
    ],
)
def test_connector_feature_data_passes_business_name_only(data: dict[str, Any], refused: str) -> None:
    assert refused_fields(connector_feature_data=data) == (refused,)
    assert body_of(connector_feature_data={"business_name": "B" * 128})["business_name"] == "B" * 128


def test_test_mode_is_refused_in_production_only() -> None:
    live = paywire.Client("airwallex", credentials={**CREDENTIALS, "environment": "production"})
    with pytest.raises(paywire.InvalidRequestError) as info:
        live.customers.prepare({"email": "jane@example.com", "test_mode": True})
    assert info.value.fields == ("test_mode",)
    assert live.customers.prepare({"email": "jane@example.com"}).url == (
        "https://api.airwallex.com/api/v1/pa/customers/create"
    )
    assert body_of(email="jane@example.com", test_mode=True)["email"] == "jane@example.com"  # the demo host
    # base_url= names a host, not an environment: sandbox keys through it are not live.
    proxied = paywire.Client("airwallex", credentials=CREDENTIALS, base_url=paywire_airwallex.BASE_URL)
    built = proxied.customers.prepare({"email": "jane@example.com", "test_mode": True})
    assert (built.url, json.loads(built.body)["email"]) == (
        f"{paywire_airwallex.BASE_URL}/api/v1/pa/customers/create",
        "jane@example.com",
    )


def test_the_environment_picks_the_host_demo_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    info = paywire.registry().connector("airwallex").info
    credentials = paywire_airwallex.AirwallexCredentials.model_validate(CREDENTIALS)
    assert (credentials.environment, credentials.live) == ("sandbox", False)
    assert info.base_url_for(credentials) == paywire_airwallex.TEST_BASE_URL == "https://api-demo.airwallex.com"
    production = credentials.model_copy(update={"environment": "production"})
    assert production.live is True
    assert info.base_url_for(production) == paywire_airwallex.BASE_URL == "https://api.airwallex.com"
    monkeypatch.setenv("PAYWIRE_AIRWALLEX_CLIENT_ID", "cid")
    monkeypatch.setenv("PAYWIRE_AIRWALLEX_API_KEY", "key")
    monkeypatch.setenv("PAYWIRE_AIRWALLEX_ENVIRONMENT", "production")
    with paywire.Client("airwallex") as client:
        assert client.customers.prepare({}).url == "https://api.airwallex.com/api/v1/pa/customers/create"
    with pytest.raises(paywire.ConfigurationError) as refused:
        paywire.Client("airwallex", credentials={**CREDENTIALS, "environment": "demo"})
    assert refused.value.fields == ("environment",)


@pytest.mark.parametrize("value", ["", "has space", "tab\there", "ünïcode"])
@pytest.mark.parametrize("field", ["client_id", "api_key"])
def test_credentials_must_be_header_safe_and_are_never_echoed(field: str, value: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("airwallex", credentials={**CREDENTIALS, field: value})
    assert info.value.fields == (field,)
    if value:
        assert value not in str(info.value) and value not in repr(info.value)


@settings(max_examples=150, deadline=None)
@given(request=strategies.create_customer_requests(full=True), key=strategies.idempotency_keys(64))
def test_any_request_airwallex_takes_holds_its_two_required_ids(
    request: paywire.CreateCustomerRequest, key: str
) -> None:
    try:
        built = prepare(request, key)
    except paywire.InvalidRequestError:
        return
    body = json.loads(built.body)
    assert body["request_id"] == key
    assert 1 <= len(body["merchant_customer_id"]) <= 64
    assert body["merchant_customer_id"] == (request.merchant_customer_id or key)
