"""The sync and async clients against a fake Checkout.com on 127.0.0.1: the exact request on the
wire, the host chosen from the credentials, refusals before any request. That the key goes in the
Authorization header only, prints masked and leaks nowhere when a reply repeats it (Checkout.com's
ValidationError shape included) are the harness's property:secrets-placement, static:credentials
and property:secrets-echoed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from checkout_fake import FakeCheckout, Received
from checkout_helpers import LIVE_KEY, PREFIX, TEST_KEY, build, client, credentials

import paywire
import paywire_checkout

REQUEST: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Roe",
    "email": "zoe+vip@example.com",
    "phone_number": "+14155552671",
    "metadata": {"plan": "gold", "k 2": "v&x"},
}
EXPECTED_BODY = (
    '{"email":"zoe+vip@example.com","name":"Zoë Roe","phone":{"country_code":"+1","number":"4155552671"},'
    '"metadata":{"plan":"gold","k 2":"v&x","paywire_merchant_customer_id":"user_42"}}'
).encode()
# Headers the HTTP client adds on its own; everything else on the wire is the connector's.
TRANSPORT_HEADERS = {"host", "accept-encoding", "connection", "content-length"}


def assert_documented_request(seen: Received) -> None:
    assert (seen.method, seen.path) == ("POST", "/customers")
    assert seen.body == EXPECTED_BODY
    connector_headers = {k: v for k, v in seen.headers.items() if k not in TRANSPORT_HEADERS}
    assert connector_headers == {
        "authorization": f"Bearer {TEST_KEY}",
        "content-type": "application/json",
        "accept": "application/json",
        "user-agent": f"{paywire.USER_AGENT} paywire-checkout/{paywire_checkout.__version__}",
    }
    assert "cko-idempotency-key" not in seen.headers  # not documented for customers
    assert seen.headers["content-length"] == str(len(EXPECTED_BODY))


def test_sync_client_sends_the_documented_request() -> None:
    with FakeCheckout() as server, client(base_url=server.url) as c:
        customer = c.customers.create(REQUEST, idempotency_key="order-1001")
    assert customer.connector_customer_id.startswith("cus_") and len(customer.connector_customer_id) == 30
    assert customer.merchant_customer_id == "user_42"
    assert customer.status_code == 201
    assert customer.response_headers["cko-request-id"]
    assert (customer.idempotency_key, customer.connector) == ("order-1001", "checkout")
    [seen] = server.received
    assert_documented_request(seen)


@pytest.mark.parametrize("transport", [None, "httpx"])
def test_async_client_sends_the_same_request(transport: str | None) -> None:
    async def main(url: str) -> paywire.CreateCustomerResponse:
        chosen = paywire.AsyncHttpxTransport() if transport == "httpx" else None
        async with paywire.AsyncClient(
            "checkout", credentials=credentials(), base_url=url, transport=chosen
        ) as async_client:
            request = paywire.CreateCustomerRequest.model_validate(REQUEST)
            return await async_client.customers.create(request, idempotency_key="order-1002")

    with FakeCheckout() as server:
        customer = asyncio.run(main(server.url))
    assert customer.connector_customer_id.startswith("cus_")
    [seen] = server.received
    assert_documented_request(seen)


def test_the_same_customer_twice_is_two_customers() -> None:
    """No idempotency for customers: a key does not make Checkout.com recognise a repeat."""
    with FakeCheckout() as server, client(base_url=server.url) as c:
        first = c.customers.create(REQUEST, idempotency_key="same")
        second = c.customers.create(REQUEST, idempotency_key="same")
    assert first.connector_customer_id != second.connector_customer_id
    assert server.received[0].headers == server.received[1].headers


def test_the_fakes_validation_error_names_the_field() -> None:
    with FakeCheckout() as server, client(base_url=server.url) as c, pytest.raises(paywire.ConnectorError) as info:
        c.customers.create(email="rejected@example.com")
    assert (info.value.code, info.value.param, info.value.status_code) == (
        paywire.ErrorCode.INVALID_REQUEST,
        "email",
        422,
    )
    assert info.value.request_id == server.request_ids[-1]  # the body's request_id


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ({"prefix": PREFIX}, f"https://{PREFIX}.api.sandbox.checkout.com/customers"),
        ({}, "https://api.sandbox.checkout.com/customers"),
        ({"prefix": ""}, "https://api.sandbox.checkout.com/customers"),
        ({"prefix": "pl-vkuhvk4v"}, "https://pl-vkuhvk4v.api.sandbox.checkout.com/customers"),
        ({"prefix": PREFIX, "secret_key": LIVE_KEY}, f"https://{PREFIX}.api.checkout.com/customers"),
        ({"secret_key": LIVE_KEY}, "https://api.checkout.com/customers"),
    ],
)
def test_the_host_follows_the_credentials(given: dict[str, str], url: str) -> None:
    with paywire.Client("checkout", credentials={"secret_key": TEST_KEY, **given}) as c:
        assert c.customers.prepare({"email": "a@example.com"}).url == url


def test_base_url_replaces_scheme_host_and_port_only() -> None:
    assert build({"email": "a@example.com"}, base_url="http://127.0.0.1:8080/").url == "http://127.0.0.1:8080/customers"


def test_live_key_under_test_mode_makes_no_request() -> None:
    with FakeCheckout() as server, client(key=LIVE_KEY, base_url=server.url) as c:
        with pytest.raises(paywire.InvalidRequestError) as info:
            c.customers.create(email="a@example.com", test_mode=True)
        assert info.value.fields == ("test_mode",)
    assert server.received == []


def test_a_refusal_before_the_network_makes_no_request() -> None:
    with FakeCheckout() as server, client(base_url=server.url) as c:
        with pytest.raises(paywire.InvalidRequestError) as info:
            c.customers.create(email="a@example.com", metadata={f"k{i:02d}": "v" for i in range(11)})
        assert info.value.fields == ("metadata",)
    assert server.received == []


def test_the_fake_refuses_a_production_key_as_checkout_sandbox_would() -> None:
    with (
        FakeCheckout() as server,
        client(key=LIVE_KEY, base_url=server.url) as c,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        c.customers.create(email="a@example.com")
    assert info.value.code is paywire.ErrorCode.AUTHENTICATION_FAILED
    assert info.value.request_id  # from the Cko-Request-Id header: the 401 has no body


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("pk_sbox_paywireclienttestskeyaaaa22", "public key"),
        ("sk_test_fb2c7c1a-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "previous (ABC) platform"),
        ("sk_sbox_tooshort", "not a Checkout.com secret key"),
        ("Bearer sk_sbox_paywireclienttestskeyaaaa22", "not a Checkout.com secret key"),
        ("sk_sbox_PAYWIRECLIENTTESTSKEYAAAA22", "not a Checkout.com secret key"),
        ("", "not a Checkout.com secret key"),
    ],
)
def test_keys_that_cannot_create_customers_are_refused_without_echo(key: str, says: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("checkout", credentials={"secret_key": key})
    assert info.value.fields == ("secret_key",)
    assert says in str(info.value)
    if key:
        assert key not in str(info.value) and key[8:] not in str(info.value) and key not in repr(info.value)


@pytest.mark.parametrize("prefix", ["cli_vkuhvk4vjn2edkps7dfsq6emqm", "VKUHVK4V", "vkuhvk4v.evil.example", "a" * 64])
def test_prefixes_that_are_not_a_host_label_are_refused(prefix: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("checkout", credentials={"secret_key": TEST_KEY, "prefix": prefix})
    assert info.value.fields == ("prefix",)


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYWIRE_CHECKOUT_SECRET_KEY", TEST_KEY)
    monkeypatch.setenv("PAYWIRE_CHECKOUT_PREFIX", PREFIX)
    with paywire.Client("checkout") as c:
        assert c.base_url == f"https://{PREFIX}.api.sandbox.checkout.com"
        assert c.credentials.live is False
