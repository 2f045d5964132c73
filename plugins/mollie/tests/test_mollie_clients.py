"""The sync and async clients against a fake Mollie on 127.0.0.1: the exact request on the wire,
idempotent replays and retries with one key, refusals before any request, and no secret anywhere."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from mollie_fake import FAKE_KEY, FakeMollie, Received, mollie_error
from mollie_helpers import LIVE_KEY, TEST_KEY, build, served

import paywire
import paywire_mollie

REQUEST: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Ñúñez",
    "email": "zoe+vip@example.com",
    "preferred_locales": ["nl-BE"],
    "metadata": {"plan": "gold", "note": "café ☕"},
}
EXPECTED_BODY = (
    '{"name":"Zoë Ñúñez","email":"zoe+vip@example.com","locale":"nl_BE",'
    '"metadata":{"plan":"gold","note":"café ☕","paywire_merchant_customer_id":"user_42"}}'
).encode()
# Headers the HTTP library adds on its own; everything else on the wire is the connector's or the core's.
TRANSPORT_HEADERS = {"host", "accept-encoding", "connection", "content-length"}


def assert_documented_request(seen: Received, *, key: str) -> None:
    assert (seen.method, seen.path) == ("POST", "/v2/customers")
    assert seen.body == EXPECTED_BODY
    assert {k: v for k, v in seen.headers.items() if k not in TRANSPORT_HEADERS} == {
        "authorization": f"Bearer {TEST_KEY}",
        "content-type": "application/json",
        "accept": "application/json",
        "idempotency-key": key,
        "user-agent": f"{paywire.USER_AGENT} paywire-mollie/{paywire_mollie.__version__}",
    }
    assert seen.headers["content-length"] == str(len(EXPECTED_BODY))


def test_sync_client_sends_the_documented_request() -> None:
    with served() as (server, client):
        customer = client.customers.create(REQUEST, idempotency_key="order-1001")
    assert customer.connector_customer_id.startswith("cst_")
    assert (customer.merchant_customer_id, customer.status_code, customer.connector) == ("user_42", 201, "mollie")
    assert customer.idempotency_key == "order-1001"
    assert customer.response_headers["content-type"] == "application/hal+json; charset=utf-8"
    [seen] = server.received
    assert_documented_request(seen, key="order-1001")


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
def test_async_clients_send_the_same_request(transport: str) -> None:
    if transport == "aiohttp":
        pytest.importorskip("aiohttp", reason="paywire[aiohttp] is not installed")

    async def main(url: str) -> paywire.CreateCustomerResponse:
        chosen = paywire.AsyncHttpxTransport() if transport == "httpx" else paywire.AiohttpTransport()
        async with paywire.AsyncClient(
            "mollie", credentials={"api_key": TEST_KEY}, base_url=url, transport=chosen
        ) as client:
            return await client.customers.create(
                paywire.CreateCustomerRequest.model_validate(REQUEST), idempotency_key="order-1002"
            )

    with FakeMollie() as server:
        customer = asyncio.run(main(server.url))
    assert customer.connector_customer_id.startswith("cst_")
    [seen] = server.received
    assert_documented_request(seen, key="order-1002")


def test_the_same_key_replays_the_first_customer() -> None:
    with served() as (server, client):
        first = client.customers.create(REQUEST, idempotency_key="order-1003")
        again = client.customers.create(REQUEST, idempotency_key="order-1003")
        with pytest.raises(paywire.ConnectorError) as info:
            client.customers.create(email="other@example.com", idempotency_key="order-1003")
    assert again.connector_customer_id == first.connector_customer_id
    assert again.response_headers["idempotent-replayed"] == "true"
    assert info.value.code is paywire.ErrorCode.IDEMPOTENCY_CONFLICT
    assert (info.value.status_code, info.value.retryable) == (400, False)
    assert len(server.received) == 3  # the conflict is not retried


def test_a_generated_key_is_reused_when_a_409_is_retried() -> None:
    in_flight = mollie_error(409, "Another request with this key is still being processed.")
    with served(script=[in_flight], max_retries=1) as (server, client):
        customer = client.customers.create(REQUEST)
    first, second = server.received
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == customer.idempotency_key
    assert first.body == second.body == EXPECTED_BODY


def test_a_500_is_retried_with_the_same_key_and_creates_one_customer() -> None:
    with served(script=[mollie_error(500, "An internal server error occurred.")], max_retries=2) as (server, client):
        customer = client.customers.create(REQUEST, idempotency_key="order-1004")
        replay = client.customers.create(REQUEST, idempotency_key="order-1004")
    assert replay.connector_customer_id == customer.connector_customer_id
    assert [r.headers["idempotency-key"] for r in server.received] == ["order-1004"] * 3


def test_a_422_names_the_field_and_is_not_retried() -> None:
    with (
        served(max_retries=2) as (server, client),
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="rejected@example.com")
    assert (info.value.code, info.value.param, info.value.status_code) == (
        paywire.ErrorCode.INVALID_REQUEST,
        "email",
        422,
    )
    assert info.value.details["canonical_field"] == "email"
    assert len(server.received) == 1


def test_a_customer_of_a_live_key_is_created_in_live_mode() -> None:
    with served(key=LIVE_KEY) as (server, client):
        client.customers.create(email="jane@example.com")
    [seen] = server.received
    assert seen.headers["authorization"] == f"Bearer {LIVE_KEY}"
    assert "testmode" not in json.loads(seen.body)  # never sent with API keys


def test_live_key_under_test_mode_makes_no_request() -> None:
    with served(key=LIVE_KEY) as (server, client):
        with pytest.raises(paywire.InvalidRequestError) as info:
            client.customers.create(email="a@example.com", test_mode=True)
        assert info.value.fields == ("test_mode",)
        assert LIVE_KEY not in str(info.value)
    assert server.received == []


def test_refused_fields_make_no_request() -> None:
    with (
        served() as (server, client),
        pytest.raises(paywire.InvalidRequestError) as info,
    ):
        client.customers.create(email="a@example.com", preferred_locales=["pt-BR"], phone_number="+31201234567")
    assert set(info.value.fields) == {"phone_number", "preferred_locales"}
    assert server.received == []


def test_the_default_base_url_is_mollies_for_both_modes() -> None:
    assert build({}).url == build({}, key=LIVE_KEY).url == "https://api.mollie.com/v2/customers"
    with paywire.Client("mollie", credentials={"api_key": TEST_KEY}) as client:
        assert client.base_url == paywire_mollie.BASE_URL


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYWIRE_MOLLIE_API_KEY", TEST_KEY)
    with paywire.Client("mollie") as client:
        assert client.credentials.live is False


@pytest.mark.parametrize(
    "key",
    ["", "test_", "live", "sk_test_abc", "Bearer test_abc", "test_abc\n", " test_abc", "test_ab-c", "test_abç"],
)
def test_malformed_keys_are_refused_without_echo(key: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("mollie", credentials={"api_key": key})
    assert info.value.fields == ("api_key",)
    if len(key.strip()) > 5:
        assert key.strip() not in str(info.value) and key.strip() not in repr(info.value)


def test_organization_access_tokens_are_refused_with_a_reason() -> None:
    token = "access_paywirefake2222222222222222222"
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("mollie", credentials={"api_key": token})
    assert "access token" in str(info.value) and token not in str(info.value)


CANARY = "test_CANARYpaywireMollieSecret0000000001"


def test_a_mollie_error_repeating_the_key_leaks_it_nowhere(caplog: pytest.LogCaptureFixture) -> None:
    """``property:secrets-echoed`` answers with generic echoing replies; this is Mollie's own error
    object, whose ``detail`` becomes ``connector_message`` and ``details``: the key (even without
    its ``test_`` prefix) stays on the wire, in the ``Authorization`` header only."""
    echo = mollie_error(401, f"Unknown key {CANARY}", "apiKey")
    caplog.set_level(logging.DEBUG)
    with (
        served(key=CANARY, accepted_keys=set(), script=[echo]) as (server, client),
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="jane@example.com")
    assert (info.value.code, info.value.connector_code) == (
        paywire.ErrorCode.AUTHENTICATION_FAILED,
        "Unauthorized Request",
    )
    shown = [
        str(info.value),
        repr(info.value),
        str(info.value.connector_message),
        repr(info.value.details),
        caplog.text,
    ]
    assert not [text for text in shown if CANARY[5:] in text]
    [seen] = server.received
    assert seen.headers["authorization"] == f"Bearer {CANARY}"
    assert CANARY[5:].encode() not in seen.body


def test_the_example_key_is_what_the_fake_refuses() -> None:
    assert paywire_mollie.MollieCredentials.model_fields["api_key"].examples == [FAKE_KEY]
    with (
        served(key=FAKE_KEY) as (_, client),
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="jane@example.com")
    assert info.value.code is paywire.ErrorCode.AUTHENTICATION_FAILED
