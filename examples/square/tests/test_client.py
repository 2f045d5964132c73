"""The real paywire clients, sync and async, against the fake Square on 127.0.0.1."""

from __future__ import annotations

import asyncio

import pytest
from conftest import CREDENTIALS, TOKEN
from square_fake import FakeSquare, customer_id_for

import paywire
import paywire_square

PROFILE = {
    "merchant_customer_id": "user_42",
    "customer_name": "Jane Roe",
    "email": "jane.roe@example.com",
    "phone_number": "+14155550100",
    "description": "Gold plan subscriber",
    "address": {
        "billing_address": {
            "line1": "1 Main Street",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94107",
            "country_alpha2_code": "US",
        }
    },
}
EXPECTED_BODY = {
    "idempotency_key": "key-profile",
    "given_name": "Jane",
    "family_name": "Roe",
    "email_address": "jane.roe@example.com",
    "phone_number": "+14155550100",
    "address": {
        "address_line_1": "1 Main Street",
        "locality": "San Francisco",
        "administrative_district_level_1": "CA",
        "postal_code": "94107",
        "country": "US",
    },
    "reference_id": "user_42",
    "note": "Gold plan subscriber",
}


def check_request(square: FakeSquare) -> None:
    (seen,) = square.seen
    assert (seen.method, seen.path) == ("POST", "/v2/customers")
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["square-version"] == paywire_square.SQUARE_VERSION
    assert seen.headers["content-type"] == "application/json"
    assert "idempotency-key" not in seen.headers
    assert seen.json() == EXPECTED_BODY


def test_sync_client_sends_the_documented_request(square: FakeSquare) -> None:
    with paywire.Client("square", credentials=CREDENTIALS, base_url=square.url) as client:
        customer = client.customers.create(PROFILE, idempotency_key="key-profile")
    assert customer.connector_customer_id == customer_id_for("key-profile")
    assert customer.merchant_customer_id == "user_42"
    assert customer.connector == "square"
    check_request(square)


def test_async_client_sends_the_same_request(square: FakeSquare) -> None:
    async def create() -> paywire.CreateCustomerResponse:
        async with paywire.AsyncClient("square", credentials=CREDENTIALS, base_url=square.url) as client:
            return await client.customers.create(PROFILE, idempotency_key="key-profile")

    customer = asyncio.run(create())
    assert customer.connector_customer_id == customer_id_for("key-profile")
    check_request(square)


def test_a_retry_carries_the_same_key_in_the_body(square: FakeSquare) -> None:
    square.fail_next(500, "API_ERROR", "INTERNAL_SERVER_ERROR")
    with paywire.Client("square", credentials=CREDENTIALS, base_url=square.url, max_retries=1) as client:
        customer = client.customers.create(email="jane@example.com")
    first, second = square.seen
    assert first.body == second.body
    assert customer.idempotency_key == first.json()["idempotency_key"]


def test_idempotency_conflict_is_not_retried(square: FakeSquare) -> None:
    with paywire.Client("square", credentials=CREDENTIALS, base_url=square.url, max_retries=2) as client:
        client.customers.create(email="jane@example.com", idempotency_key="key-once")
        with pytest.raises(paywire.ConnectorError) as info:
            client.customers.create(email="other@example.com", idempotency_key="key-once")
    assert info.value.code is paywire.ErrorCode.IDEMPOTENCY_CONFLICT
    assert len(square.seen) == 2


def test_refused_input_never_reaches_square(square: FakeSquare) -> None:
    with (
        paywire.Client("square", credentials=CREDENTIALS, base_url=square.url) as client,
        pytest.raises(paywire.InvalidRequestError) as info,
    ):
        client.customers.create(email="jane@example.com", metadata={"plan": "gold"})
    assert info.value.fields == ("metadata",)
    assert square.seen == []


def test_bad_token_is_an_authentication_error_without_the_token(square: FakeSquare) -> None:
    credentials = {"access_token": "EAAA_fake_wrong_token", "environment": "sandbox"}
    with (
        paywire.Client("square", credentials=credentials, base_url=square.url) as client,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="jane@example.com")
    assert info.value.code is paywire.ErrorCode.AUTHENTICATION_FAILED
    assert "EAAA_fake_wrong_token" not in f"{info.value} {info.value!r} {info.value.details}"


def test_idempotency_key_longer_than_square_takes_is_refused(square: FakeSquare) -> None:
    with (
        paywire.Client("square", credentials=CREDENTIALS, base_url=square.url) as client,
        pytest.raises(paywire.InvalidRequestError) as info,
    ):
        client.customers.create(email="jane@example.com", idempotency_key="k" * 46)
    assert info.value.fields == ("idempotency_key",)
    assert square.seen == []


@pytest.mark.parametrize(
    ("environment", "url"),
    [
        ("sandbox", "https://connect.squareupsandbox.com/v2/customers"),
        ("production", "https://connect.squareup.com/v2/customers"),
    ],
)
def test_base_url_follows_the_environment(environment: str, url: str) -> None:
    credentials = paywire_square.SquareCredentials(access_token=TOKEN, environment=environment)  # type: ignore[arg-type]
    with paywire.Client("square", credentials=credentials) as client:
        assert client.customers.prepare(email="jane@example.com").url == url


def test_test_mode_refuses_production_credentials() -> None:
    credentials = paywire_square.SquareCredentials(access_token=TOKEN, environment="production")  # type: ignore[arg-type]
    with (
        paywire.Client("square", credentials=credentials) as client,
        pytest.raises(paywire.InvalidRequestError) as info,
    ):
        client.customers.create(email="jane@example.com", test_mode=True)
    assert info.value.fields == ("test_mode",)


def test_credentials_never_print(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYWIRE_SQUARE_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("PAYWIRE_SQUARE_ENVIRONMENT", "production")
    client = paywire.Client("square")
    assert client.credentials.environment == "production"  # type: ignore[attr-defined]
    assert TOKEN not in repr(client.credentials) and TOKEN not in str(client.credentials)
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("square", credentials={"access_token": TOKEN, "environment": "live"})
    assert info.value.fields == ("environment",)
    assert TOKEN not in str(info.value)


def test_unknown_option_is_a_configuration_error() -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("square", credentials=CREDENTIALS, options={"stripe_version": "x"})
    assert info.value.fields == ("options.stripe_version",)
