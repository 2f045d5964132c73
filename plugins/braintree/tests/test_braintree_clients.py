"""The sync and async clients against the fake Braintree on 127.0.0.1: the exact request on the
wire, Braintree's errors inside a 200, no retry of what may have created a customer, refusals
before any request, and the private key nowhere it must not be."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from braintree_fake import FakeBraintree, Received, Reply, global_id
from braintree_helpers import KEYS, PRIVATE_KEY, PUBLIC_KEY

import paywire
import paywire_braintree

REQUEST: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Ñúñez",
    "email": "zoe+vip@example.com",
    "phone_number": "+14155550100",
    "connector_feature_data": {"company": "Roe & Co", "custom_fields": {"loyalty_tier": "gold"}},
}
EXPECTED_VARIABLES = {
    "input": {
        "clientMutationId": "order-1001",
        "customer": {
            "firstName": "Zoë",
            "lastName": "Ñúñez",
            "email": "zoe+vip@example.com",
            "phoneNumber": "+14155550100",
            "company": "Roe & Co",
            "customFields": [
                {"name": "merchant_customer_id", "value": "user_42"},
                {"name": "loyalty_tier", "value": "gold"},
            ],
        },
    }
}
# Headers the HTTP clients add on their own; everything else on the wire is the connector's and the core's.
TRANSPORT_HEADERS = {"host", "accept-encoding", "connection", "content-length"}


def assert_documented_request(seen: Received, key: str, version: str = paywire_braintree.BRAINTREE_VERSION) -> None:
    assert (seen.method, seen.path) == ("POST", "/graphql")
    assert seen.json() == {
        "query": paywire_braintree.CREATE_CUSTOMER,
        "variables": EXPECTED_VARIABLES | {"input": {**EXPECTED_VARIABLES["input"], "clientMutationId": key}},
    }
    headers = {k: v for k, v in seen.headers.items() if k not in TRANSPORT_HEADERS}
    assert headers == {
        "authorization": paywire.basic_auth(PUBLIC_KEY, PRIVATE_KEY),
        "content-type": "application/json",
        "accept": "application/json",
        "braintree-version": version,
        "user-agent": f"{paywire.USER_AGENT} paywire-braintree/{paywire_braintree.__version__}",
    }
    assert seen.headers["content-length"] == str(len(seen.body))


def test_sync_client_sends_the_documented_request() -> None:
    with FakeBraintree() as server, paywire.Client("braintree", credentials=KEYS, base_url=server.url) as client:
        customer = client.customers.create(REQUEST, idempotency_key="order-1001")
    [seen] = server.received
    assert_documented_request(seen, "order-1001")
    assert customer.connector_customer_id.startswith(global_id("customer", "")[:8])
    assert (customer.merchant_customer_id, customer.status_code, customer.connector) == ("user_42", 200, "braintree")
    assert customer.idempotency_key == "order-1001"


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
def test_async_clients_send_the_same_request(transport: str) -> None:
    if transport == "aiohttp":
        pytest.importorskip("aiohttp", reason="paywire[aiohttp] is not installed")

    async def main(url: str) -> paywire.CreateCustomerResponse:
        chosen = paywire.AiohttpTransport() if transport == "aiohttp" else paywire.AsyncHttpxTransport()
        async with paywire.AsyncClient("braintree", credentials=KEYS, base_url=url, transport=chosen) as client:
            return await client.customers.create(
                paywire.CreateCustomerRequest.model_validate(REQUEST), idempotency_key="k2"
            )

    with FakeBraintree() as server:
        customer = asyncio.run(main(server.url))
    [seen] = server.received
    assert_documented_request(seen, "k2")
    assert customer.connector_customer_id


def test_the_braintree_version_option_replaces_the_pinned_header() -> None:
    options = {"braintree_version": "2019-01-01"}
    with (
        FakeBraintree() as server,
        paywire.Client("braintree", credentials=KEYS, base_url=server.url, options=options) as client,
    ):
        client.customers.create(REQUEST, idempotency_key="k3")
    assert_documented_request(server.received[0], "k3", version="2019-01-01")


def test_validation_errors_inside_a_200_are_errors_with_every_detail() -> None:
    with FakeBraintree() as server, paywire.Client("braintree", credentials=KEYS, base_url=server.url) as client:
        with pytest.raises(paywire.ConnectorError) as caught:
            client.customers.create(email="rejected@example.com", merchant_customer_id="u1", idempotency_key="k")
        client2 = paywire.Client(
            "braintree", credentials=KEYS, base_url=server.url, options={"merchant_customer_id_field": "crm_id"}
        )
        with client2, pytest.raises(paywire.ConnectorError) as custom:
            client2.customers.create(email="jane@example.com", merchant_customer_id="u1")
    error = caught.value
    assert (error.code, error.connector_code, error.param, error.status_code) == (
        paywire.ErrorCode.INVALID_REQUEST,
        "81604",
        "email",
        200,
    )
    assert error.request_id and error.connector == "braintree" and error.idempotency_key == "k"
    assert (custom.value.connector_code, custom.value.param) == ("91602", "merchant_customer_id")
    assert len(server.received) == 2  # a refusal is never retried


def test_a_rate_limit_inside_a_200_is_retried_then_succeeds() -> None:
    limit = Reply(
        200, {"data": None, "errors": [{"message": "slow down", "extensions": {"errorClass": "RESOURCE_LIMIT"}}]}
    )
    retry = paywire.RetryPolicy(max_retries=1, backoff=0.001, max_backoff=0.001)
    with (
        FakeBraintree(script=[limit]) as server,
        paywire.Client("braintree", credentials=KEYS, base_url=server.url, retry=retry) as client,
    ):
        customer = client.customers.create(REQUEST, idempotency_key="k4")
    assert customer.connector_customer_id and len(server.received) == 2
    assert server.received[0].body == server.received[1].body


@pytest.mark.parametrize(
    "failure",
    [
        Reply(
            503, {"data": None, "errors": [{"message": "down", "extensions": {"errorClass": "SERVICE_AVAILABILITY"}}]}
        ),
        Reply(200, {"data": None, "errors": [{"message": "boom", "extensions": {"errorClass": "INTERNAL"}}]}),
    ],
)
def test_what_may_have_created_a_customer_is_never_retried(failure: Reply) -> None:
    retry = paywire.RetryPolicy(max_retries=3, backoff=0.001, max_backoff=0.001)
    with (
        FakeBraintree(script=[failure]) as server,
        paywire.Client("braintree", credentials=KEYS, base_url=server.url, retry=retry) as client,
        pytest.raises(paywire.OutcomeUnknownError) as caught,
    ):
        client.customers.create(REQUEST, idempotency_key="k5")
    assert len(server.received) == 1
    error = caught.value
    assert error.code is paywire.ErrorCode.PROCESSOR_UNAVAILABLE and error.request is not None
    assert error.request.merchant_customer_id == "user_42"  # what to look the customer up with


def test_the_fake_refuses_the_connectors_example_keys_inside_a_200() -> None:
    fake_keys = {"public_key": "paywire_fake_public_key", "private_key": "paywire_fake_private_key_000000000"}
    with (
        FakeBraintree() as server,
        paywire.Client("braintree", credentials=fake_keys, base_url=server.url) as client,
        pytest.raises(paywire.ConnectorError) as caught,
    ):
        client.customers.create(email="jane@example.com")
    assert (caught.value.code, caught.value.status_code) == (paywire.ErrorCode.AUTHENTICATION_FAILED, 200)


def test_refusals_before_sending_make_no_request() -> None:
    with FakeBraintree() as server, paywire.Client("braintree", credentials=KEYS, base_url=server.url) as client:
        for fields in (
            {"email": "jane@example.com", "description": "VIP"},
            {"email": "jane@example.com", "metadata": {"plan": "gold"}},
            {"customer_name": "x" * 256},
        ):
            with pytest.raises(paywire.InvalidRequestError):
                client.customers.create(**fields)
    with (
        paywire.Client("braintree", credentials={**KEYS, "environment": "production"}) as production,
        pytest.raises(paywire.InvalidRequestError) as caught,
    ):
        production.customers.create(email="jane@example.com", test_mode=True)
    assert caught.value.fields == ("test_mode",)
    assert server.received == []


def test_the_private_key_is_in_no_log_error_or_repr(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="paywire")
    echo = Reply(
        200,
        {"data": None, "errors": [{"message": f"bad {PRIVATE_KEY}", "extensions": {"errorClass": "AUTHENTICATION"}}]},
    )
    with (
        FakeBraintree(script=[echo]) as server,
        paywire.Client("braintree", credentials=KEYS, base_url=server.url) as client,
    ):
        with pytest.raises(paywire.ConnectorError) as caught:
            client.customers.create(REQUEST)
        customer = client.customers.create(REQUEST)
        texts = [repr(client), str(client.customers.prepare(REQUEST)), repr(customer), customer.model_dump_json()]
    texts += [str(caught.value), repr(caught.value), json.dumps({k: str(v) for k, v in vars(caught.value).items()})]
    texts += [record.getMessage() + repr(vars(record)) for record in caplog.records]
    assert caplog.records
    assert not [text for text in texts if PRIVATE_KEY in text]
    assert "**********" in repr(paywire_braintree.BraintreeCredentials.model_validate(KEYS))
