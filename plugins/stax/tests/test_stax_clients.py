"""The sync and async clients against a fake Stax on 127.0.0.1: the exact request on the wire, no
retry of anything that may have reached Stax, refusals before any request, and no secret anywhere."""

from __future__ import annotations

import asyncio
import json
import logging
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest
from stax_fake import TEST_KEY, FakeStax, Received, Reply
from stax_helpers import CANARY, CANARY_KEY, LIVE_KEY

import paywire
import paywire_stax

REQUEST: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Roe",
    "email": "zoe+vip@example.com",
    "phone_number": "+14155550100",
    "description": "Gold & silver",
    "address": {
        "billing_address": {
            "line1": "1 Main St",
            "line2": "Unit 12",
            "city": "Orlando",
            "state": "FL",
            "zip_code": "32801",
            "country_alpha2_code": "US",
        }
    },
    "connector_feature_data": {"company": "Roe & Co"},
}
EXPECTED_BODY = (
    '{"firstname":"Zoë","lastname":"Roe","company":"Roe & Co","email":"zoe+vip@example.com","phone":"14155550100",'
    '"address_1":"1 Main St","address_2":"Unit 12","address_city":"Orlando","address_state":"FL",'
    '"address_zip":"32801","address_country":"USA","reference":"user_42","notes":"Gold & silver"}'
).encode()
# Headers the HTTP clients add on their own; everything else on the wire is the connector's.
TRANSPORT_HEADERS = {"host", "accept-encoding", "connection", "content-length"}


def assert_documented_request(seen: Received, *, key: str = TEST_KEY) -> None:
    assert (seen.method, seen.path) == ("POST", "/customer")
    assert seen.body == EXPECTED_BODY
    connector_headers = {k: v for k, v in seen.headers.items() if k not in TRANSPORT_HEADERS}
    assert connector_headers == {
        "authorization": f"Bearer {key}",
        "content-type": "application/json",
        "accept": "application/json",
        "user-agent": f"{paywire.USER_AGENT} paywire-stax/{paywire_stax.__version__}",
    }
    assert seen.headers["content-length"] == str(len(EXPECTED_BODY))


def test_sync_client_sends_the_documented_request() -> None:
    with FakeStax() as server, paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url) as c:
        customer = c.customers.create(REQUEST, idempotency_key="order-1001")
    assert uuid.UUID(customer.connector_customer_id).version == 4
    assert customer.merchant_customer_id == "user_42"
    assert customer.status_code == 200
    assert customer.idempotency_key == "order-1001"
    assert customer.connector == "stax"
    [seen] = server.received
    assert_documented_request(seen)


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
def test_async_client_sends_the_same_request(transport: str) -> None:
    if transport == "aiohttp":
        pytest.importorskip("aiohttp", reason="paywire[aiohttp] is not installed")

    async def main(url: str) -> paywire.CreateCustomerResponse:
        chosen = paywire.AiohttpTransport() if transport == "aiohttp" else paywire.AsyncHttpxTransport()
        async with paywire.AsyncClient(
            "stax", credentials={"api_key": TEST_KEY}, base_url=url, transport=chosen
        ) as client:
            return await client.customers.create(paywire.CreateCustomerRequest.model_validate(REQUEST))

    with FakeStax() as server:
        customer = asyncio.run(main(server.url))
    assert uuid.UUID(customer.connector_customer_id)
    [seen] = server.received
    assert_documented_request(seen)


def test_stax_makes_a_new_customer_for_every_request() -> None:
    """No idempotency: the same request twice is two customers (what paywire must never cause)."""
    with FakeStax() as server, paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url) as c:
        first = c.customers.create(email="jane@example.com", idempotency_key="same")
        second = c.customers.create(email="jane@example.com", idempotency_key="same")
    assert first.connector_customer_id != second.connector_customer_id
    assert all("idempotency" not in name for seen in server.received for name in seen.headers)
    assert all(b"same" not in seen.body for seen in server.received)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_5xx_is_never_retried_and_is_an_unknown_outcome(status: int) -> None:
    with (
        FakeStax(script=[Reply(status, {"message": "Server Error"})]) as server,
        paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url, max_retries=3) as c,
        pytest.raises(paywire.OutcomeUnknownError) as info,
    ):
        c.customers.create(REQUEST, idempotency_key="order-1002")
    assert len(server.received) == 1
    assert info.value.code is paywire.ErrorCode.PROCESSOR_UNAVAILABLE
    assert info.value.idempotency_key == "order-1002"
    assert info.value.request is not None and info.value.request.merchant_customer_id == "user_42"


def test_a_429_is_retried_after_retry_after() -> None:
    throttled = Reply(429, {"message": "Too Many Attempts."}, {"Retry-After": "0"})
    with (
        FakeStax(script=[throttled]) as server,
        paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url, max_retries=1) as c,
    ):
        customer = c.customers.create(REQUEST)
    assert len(server.received) == 2
    assert server.received[0].body == server.received[1].body == EXPECTED_BODY
    assert customer.status_code == 200


def test_a_422_is_not_retried() -> None:
    with (
        FakeStax() as server,
        paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url, max_retries=3) as c,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        c.customers.create(email="rejected@example.com")
    assert len(server.received) == 1
    assert (info.value.code, info.value.param, info.value.status_code) == (
        paywire.ErrorCode.INVALID_REQUEST,
        "email",
        422,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone": "123"}, "firstname"),
        ({"email": "a@example.com", "phone": "123"}, "phone"),
        ({"email": "a@example.com", "address_state": "Florida"}, "address_state"),
        ({"firstname": "F" * 256}, "firstname"),
    ],
)
def test_the_fake_enforces_stax_rules_the_connector_checks_first(body: dict[str, Any], field: str) -> None:
    """The fake's own rules (from Stax's reference) refuse what paywire-stax never sends."""
    headers = {"Authorization": f"Bearer {TEST_KEY}", "Content-Type": "application/json"}
    with FakeStax() as server:
        sent = urllib.request.Request(  # noqa: S310 (the fake on 127.0.0.1)
            f"{server.url}/customer", json.dumps(body).encode(), headers, method="POST"
        )
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(sent, timeout=5)  # noqa: S310
        assert info.value.code == 422
        assert field in json.load(info.value)


def test_live_key_under_test_mode_makes_no_request() -> None:
    with FakeStax() as server, paywire.Client("stax", credentials={"api_key": LIVE_KEY}, base_url=server.url) as c:
        with pytest.raises(paywire.InvalidRequestError) as info:
            c.customers.create(email="jane@example.com", test_mode=True)
        assert info.value.fields == ("test_mode",)
        assert LIVE_KEY not in str(info.value)
    assert server.received == []


def test_sandbox_key_under_test_mode_is_sent() -> None:
    with FakeStax() as server, paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url) as c:
        c.customers.create(email="jane@example.com", test_mode=True)
    [seen] = server.received
    assert json.loads(seen.body) == {"email": "jane@example.com"}  # test_mode never travels


def test_refusals_make_no_request() -> None:
    with FakeStax() as server, paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url) as c:
        for request in ({"phone_number": "+14155550100"}, {"email": "j@example.com", "metadata": {"a": "b"}}):
            with pytest.raises(paywire.InvalidRequestError):
                c.customers.create(request)
    assert server.received == []


def test_stax_error_echoing_the_key_leaks_it_nowhere(caplog: pytest.LogCaptureFixture) -> None:
    """Stax's own error shape, ``{"error": "..."}`` (kept as connector_code or connector_message),
    repeating the key, over the wire. The harness's property:secrets-echoed sends the other echoes
    (messages, headers, HTML pages), property:secrets-placement checks the key goes in the
    Authorization header only, and static:credentials that it prints masked."""
    caplog.set_level(logging.DEBUG, logger="paywire")  # paywire's own log lines (see the README)
    echo = Reply(401, {"error": f"token_invalid: Bearer {CANARY_KEY}"})
    with (
        FakeStax(script=[echo]) as server,
        paywire.Client("stax", credentials={"api_key": CANARY_KEY}, base_url=server.url) as client,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="jane@example.com")
    refused = info.value
    assert (refused.code, refused.connector_code) == (paywire.ErrorCode.AUTHENTICATION_FAILED, None)
    for text in (str(refused), repr(refused), repr(refused.details), str(refused.connector_message), caplog.text):
        assert CANARY not in text
    [seen] = server.received
    assert seen.headers["authorization"] == f"Bearer {CANARY_KEY}"  # it was really sent
