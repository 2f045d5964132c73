"""The sync and async clients against a fake Stripe on 127.0.0.1: the exact request on the wire,
retries driven by Stripe's hints, refusals before any request, and no secret anywhere."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from stripe_fake_server import FakeStripe, Received, Reply
from stripe_helpers import LIVE_KEY, TEST_KEY, build

import paywire
import paywire_stripe

REQUEST: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Roe",
    "email": "zoe+vip@example.com",
    "phone_number": "+14155550100",
    "description": "Gold & silver",
    "preferred_locales": ["en-US", "fr"],
    "address": {
        "billing_address": {
            "line1": "1 Main St",
            "city": "San Francisco",
            "zip_code": "94107",
            "country_alpha2_code": "US",
        },
        "shipping_address": {
            "first_name": "John",
            "last_name": "Roe",
            "line1": "500 Market St",
            "country_alpha2_code": "US",
            "phone_number": "4155550199",
            "phone_country_code": "+1",
        },
    },
    "metadata": {"plan": "gold", "k 2": "v&x"},
}
EXPECTED_BODY = (
    b"name=Zo%C3%AB+Roe&email=zoe%2Bvip%40example.com&phone=%2B14155550100&description=Gold+%26+silver"
    b"&address[line1]=1+Main+St&address[city]=San+Francisco&address[postal_code]=94107&address[country]=US"
    b"&shipping[name]=John+Roe&shipping[phone]=%2B14155550199&shipping[address][line1]=500+Market+St"
    b"&shipping[address][country]=US&metadata[plan]=gold&metadata[k+2]=v%26x"
    b"&metadata[paywire_merchant_customer_id]=user_42&preferred_locales[0]=en-US&preferred_locales[1]=fr"
)
# Headers httpx adds on its own; everything else on the wire is the connector's.
TRANSPORT_HEADERS = {"host", "accept", "accept-encoding", "connection", "content-length"}


def assert_documented_request(seen: Received, *, key: str, version: str = paywire_stripe.STRIPE_VERSION) -> None:
    assert (seen.method, seen.path) == ("POST", "/v1/customers")
    assert seen.body == EXPECTED_BODY
    connector_headers = {k: v for k, v in seen.headers.items() if k not in TRANSPORT_HEADERS}
    assert connector_headers == {
        "authorization": f"Bearer {TEST_KEY}",
        "content-type": "application/x-www-form-urlencoded",
        "idempotency-key": key,
        "stripe-version": version,
        "user-agent": f"{paywire.USER_AGENT} paywire-stripe/{paywire_stripe.__version__}",
    }
    assert seen.headers["content-length"] == str(len(EXPECTED_BODY))


def test_sync_client_sends_the_documented_request() -> None:
    with (
        FakeStripe() as server,
        paywire.Client("stripe", credentials={"api_key": TEST_KEY}, base_url=server.url) as client,
    ):
        customer = client.customers.create(REQUEST, idempotency_key="order-1001")
    assert customer.connector_customer_id.startswith("cus_")
    assert customer.merchant_customer_id == "user_42"
    assert customer.status_code == 200
    assert customer.response_headers["request-id"].startswith("req_")
    assert customer.idempotency_key == "order-1001"
    assert customer.connector == "stripe"
    [seen] = server.received
    assert_documented_request(seen, key="order-1001")


def test_async_client_sends_the_same_request() -> None:
    async def main(url: str) -> paywire.CreateCustomerResponse:
        async with paywire.AsyncClient("stripe", credentials={"api_key": TEST_KEY}, base_url=url) as client:
            return await client.customers.create(
                paywire.CreateCustomerRequest.model_validate(REQUEST), idempotency_key="order-1002"
            )

    with FakeStripe() as server:
        customer = asyncio.run(main(server.url))
    assert customer.connector_customer_id.startswith("cus_")
    [seen] = server.received
    assert_documented_request(seen, key="order-1002")


def test_generated_idempotency_key_is_reused_on_retry_after_409_in_use() -> None:
    in_use = Reply(
        409,
        {
            "error": {
                "code": "idempotency_key_in_use",
                "type": "invalid_request_error",
                "message": "There is currently another in-progress request using this key.",
            }
        },
    )
    with (
        FakeStripe(script=[in_use]) as server,
        paywire.Client("stripe", credentials={"api_key": TEST_KEY}, base_url=server.url, max_retries=1) as client,
    ):
        customer = client.customers.create(REQUEST)
    first, second = server.received
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == customer.idempotency_key
    assert first.body == second.body == EXPECTED_BODY


def test_should_retry_false_stops_retries() -> None:
    failure = Reply(500, {"error": {"type": "api_error", "message": "x"}}, {"Stripe-Should-Retry": "false"})
    with (
        FakeStripe(script=[failure]) as server,
        paywire.Client("stripe", credentials={"api_key": TEST_KEY}, base_url=server.url, max_retries=2) as client,
        pytest.raises(paywire.OutcomeUnknownError) as info,
    ):
        client.customers.create(email="a@b.co")
    assert len(server.received) == 1
    assert info.value.code is paywire.ErrorCode.PROCESSOR_UNAVAILABLE
    assert info.value.retryable is False


def test_stripe_version_option_overrides_the_pin() -> None:
    with (
        FakeStripe() as server,
        paywire.Client(
            "stripe", credentials={"api_key": TEST_KEY}, base_url=server.url, options={"stripe_version": "2024-06-20"}
        ) as client,
    ):
        client.customers.create(REQUEST, idempotency_key="k")
    assert_documented_request(server.received[0], key="k", version="2024-06-20")


@pytest.mark.parametrize("options", [{"stripe_verison": "2024-06-20"}, {"stripe_version": "latest\r\nX: y"}])
def test_bad_options_fail_when_the_client_is_built(options: dict[str, str]) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("stripe", credentials={"api_key": TEST_KEY}, options=options)
    assert info.value.fields in {("options.stripe_verison",), ("options.stripe_version",)}


@pytest.mark.parametrize("key", ["pk_test_paywire_fake_2222", "pk_live_paywire_fake_3333"])
def test_publishable_keys_are_refused_without_echo(key: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("stripe", credentials={"api_key": key})
    assert "publishable" in str(info.value)
    assert key not in str(info.value) and key not in repr(info.value)
    assert key[8:] not in str(info.value)


@pytest.mark.parametrize("key", ["", "sk_test_", "sk_prod_abc", "Bearer sk_test_abc", "sk_test_abc\n", "whsec_abc"])
def test_malformed_keys_are_refused_without_echo(key: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("stripe", credentials={"api_key": key})
    assert info.value.fields == ("api_key",)
    if len(key) > 8:
        assert key.strip() not in str(info.value)


def test_live_key_under_test_mode_makes_no_request() -> None:
    with (
        FakeStripe() as server,
        paywire.Client("stripe", credentials={"api_key": LIVE_KEY}, base_url=server.url) as client,
    ):
        with pytest.raises(paywire.InvalidRequestError) as info:
            client.customers.create(email="a@b.co", test_mode=True)
        assert info.value.fields == ("test_mode",)
        assert LIVE_KEY not in str(info.value)
    assert server.received == []


def test_no_secret_in_reprs_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        FakeStripe(accepted_keys=set()) as server,
        paywire.Client("stripe", credentials={"api_key": TEST_KEY}, base_url=server.url) as client,
    ):
        with pytest.raises(paywire.ConnectorError) as info:
            client.customers.create(email="jane@example.com")
        texts = [
            repr(client),
            repr(client.credentials),
            str(client.credentials),
            str(info.value),
            repr(info.value),
            repr(info.value.details),
            str(info.value.connector_message),
            caplog.text,
            repr(build({"email": "a@b.co"})),
        ]
    assert info.value.code is paywire.ErrorCode.AUTHENTICATION_FAILED
    assert info.value.connector_message == "Invalid API Key provided: sk_test_***"
    for text in texts:
        assert TEST_KEY not in text
        assert TEST_KEY[8:] not in text
    # The key reached the fake server (it was really sent), and only in the Authorization header.
    [seen] = server.received
    assert seen.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert TEST_KEY.encode() not in seen.body
