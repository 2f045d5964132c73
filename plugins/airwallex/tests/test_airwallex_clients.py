"""The sync and async clients against the fake Airwallex on 127.0.0.1: the exact requests on the
wire (login, then create), one login shared by many calls, a new token once when one is refused,
retries with the same request_id, refusals before any request, and the keys a create refusal
echoes kept out of errors and logs."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from airwallex_fake import CREATE_PATH, LOGIN_PATH, TEST_API_KEY, TEST_CLIENT_ID, FakeAirwallex, Received, Reply
from airwallex_helpers import CREDENTIALS

import paywire
import paywire_airwallex
from paywire_harness.testing import Replying

REQUEST: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Roe",
    "email": "zoe+vip@example.com",
    "phone_number": "+14155550100",
    "address": {
        "billing_address": {
            "line1": "1 Main St",
            "line2": "Apt 4",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94107",
            "country_alpha2_code": "US",
        }
    },
    "metadata": {"plan": "gold", "k 2": "v&x"},
    "connector_feature_data": {"business_name": "Roe & Co"},
}
EXPECTED_BODY = (
    '{"merchant_customer_id":"user_42","first_name":"Zoë","last_name":"Roe","email":"zoe+vip@example.com",'
    '"phone_number":"+14155550100","address":{"street":"1 Main St, Apt 4","city":"San Francisco","state":"CA",'
    '"postcode":"94107","country_code":"US"},"metadata":{"plan":"gold","k 2":"v&x"},"business_name":"Roe & Co",'
    '"request_id":"%s"}'
)
# Headers the HTTP client adds on its own; everything else on the wire is the connector's or the core's.
TRANSPORT_HEADERS = {"host", "accept", "accept-encoding", "connection", "content-length"}
USER_AGENT = f"{paywire.USER_AGENT} paywire-airwallex/{paywire_airwallex.__version__}"


def sent_headers(seen: Received) -> dict[str, str]:
    return {k: v for k, v in seen.headers.items() if k not in TRANSPORT_HEADERS}


def assert_documented_requests(received: list[Received], *, key: str, version: str = "2025-06-30") -> None:
    login, create = received
    assert (login.method, login.path, login.body) == ("POST", LOGIN_PATH, b"{}")
    assert sent_headers(login) == {
        "x-client-id": TEST_CLIENT_ID,
        "x-api-key": TEST_API_KEY,
        "content-type": "application/json",
        "x-api-version": version,
        "user-agent": USER_AGENT,
    }
    assert (create.method, create.path) == ("POST", CREATE_PATH)
    assert create.body == (EXPECTED_BODY % key).encode()
    token = create.headers["authorization"].removeprefix("Bearer ")
    assert sent_headers(create) == {
        "authorization": f"Bearer {token}",
        "content-type": "application/json",
        "x-api-version": version,
        "user-agent": USER_AGENT,
    }
    assert create.headers["content-length"] == str(len(create.body))


def test_sync_client_sends_the_documented_requests() -> None:
    with (
        FakeAirwallex() as server,
        paywire.Client("airwallex", credentials=CREDENTIALS, base_url=server.url) as client,
    ):
        customer = client.customers.create(REQUEST, idempotency_key="order-1001")
    assert customer.connector_customer_id.startswith("cus_")
    assert (customer.merchant_customer_id, customer.status_code, customer.connector) == ("user_42", 201, "airwallex")
    assert customer.idempotency_key == "order-1001"
    assert len(customer.response_headers["x-awx-traceid"]) == 32
    assert_documented_requests(server.received, key="order-1001")


def test_async_client_sends_the_same_requests() -> None:
    async def main(url: str) -> paywire.CreateCustomerResponse:
        async with paywire.AsyncClient("airwallex", credentials=CREDENTIALS, base_url=url) as client:
            return await client.customers.create(
                paywire.CreateCustomerRequest.model_validate(REQUEST), idempotency_key="order-1002"
            )

    with FakeAirwallex() as server:
        customer = asyncio.run(main(server.url))
    assert customer.connector_customer_id.startswith("cus_")
    assert_documented_requests(server.received, key="order-1002")


def test_the_api_version_option_overrides_the_pin_on_both_requests() -> None:
    with (
        FakeAirwallex() as server,
        paywire.Client(
            "airwallex", credentials=CREDENTIALS, base_url=server.url, options={"api_version": "2024-06-30"}
        ) as client,
    ):
        client.customers.create(REQUEST, idempotency_key="k")
    assert_documented_requests(server.received, key="k", version="2024-06-30")


@pytest.mark.parametrize("options", [{"api_version": "latest"}, {"api_versoin": "2024-06-30"}])
def test_bad_options_fail_when_the_client_is_built(options: dict[str, str]) -> None:
    with pytest.raises(paywire.ConfigurationError):
        paywire.Client("airwallex", credentials=CREDENTIALS, options=options)


def test_many_calls_share_one_login() -> None:
    async def main(url: str) -> list[paywire.CreateCustomerResponse]:
        async with paywire.AsyncClient("airwallex", credentials=CREDENTIALS, base_url=url) as client:
            return await asyncio.gather(*(client.customers.create(email=f"c{i}@example.com") for i in range(20)))

    with FakeAirwallex() as server:
        customers = asyncio.run(main(server.url))
        with paywire.Client("airwallex", credentials=CREDENTIALS, base_url=server.url) as client:
            for i in range(5):
                client.customers.create(email=f"s{i}@example.com")
    assert len({c.connector_customer_id for c in customers}) == 20
    assert server.logins == 2  # one per client, however many calls
    keys = [json.loads(r.body)["request_id"] for r in server.creates()]
    assert len(set(keys)) == 25


def test_a_refused_token_gets_one_new_login_and_the_call_succeeds() -> None:
    with (
        FakeAirwallex() as server,
        paywire.Client("airwallex", credentials=CREDENTIALS, base_url=server.url) as client,
    ):
        server.announce("token_expired", 1)  # the first token is expired when first used
        customer = client.customers.create(email="jane@example.com", idempotency_key="k-1")
    assert customer.connector_customer_id.startswith("cus_")
    first, second = server.creates()
    assert server.logins == 2
    assert first.headers["authorization"] != second.headers["authorization"]
    assert first.body == second.body  # the same request_id on the retry


def test_a_create_retried_after_a_500_keeps_its_request_id() -> None:
    failure = Reply(500, {"code": "internal_error", "message": "An internal error was encountered."})
    with (
        FakeAirwallex(create_script=[failure]) as server,
        paywire.Client("airwallex", credentials=CREDENTIALS, base_url=server.url, max_retries=1) as client,
    ):
        customer = client.customers.create(REQUEST)
    first, second = server.creates()
    assert first.body == second.body == (EXPECTED_BODY % customer.idempotency_key).encode()


def test_a_lost_reply_retried_into_duplicate_request_is_an_unknown_outcome() -> None:
    with (
        FakeAirwallex() as server,
        paywire.Client("airwallex", credentials=CREDENTIALS, base_url=server.url, max_retries=2) as client,
    ):
        server.announce("lost_reply_retried", 1)  # created, then answered 500
        with pytest.raises(paywire.OutcomeUnknownError) as info:
            client.customers.create(email="jane@example.com", merchant_customer_id="user_9", idempotency_key="k-9")
    assert (info.value.code, info.value.connector_code) == (paywire.ErrorCode.IDEMPOTENCY_CONFLICT, "duplicate_request")
    assert info.value.idempotency_key == "k-9"
    assert info.value.request is not None and info.value.request.merchant_customer_id == "user_9"
    assert len(server.creates()) == 2  # no third attempt: the refusal is final


def test_a_reused_key_on_a_new_call_is_the_callers_conflict() -> None:
    with (
        FakeAirwallex() as server,
        paywire.Client("airwallex", credentials=CREDENTIALS, base_url=server.url, max_retries=2) as client,
    ):
        client.customers.create(email="jane@example.com", idempotency_key="k-1")
        with pytest.raises(paywire.ConnectorError) as info:
            client.customers.create(email="jane@example.com", idempotency_key="k-1")
    assert not isinstance(info.value, paywire.OutcomeUnknownError)
    assert info.value.code is paywire.ErrorCode.IDEMPOTENCY_CONFLICT and info.value.retryable is False
    assert len(server.creates()) == 2


def test_refused_credentials_are_one_authentication_error_and_no_create() -> None:
    with (
        FakeAirwallex(accepted={}) as server,
        paywire.Client("airwallex", credentials=CREDENTIALS, base_url=server.url, max_retries=3) as client,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="jane@example.com")
    assert info.value.code is paywire.ErrorCode.AUTHENTICATION_FAILED
    assert (info.value.connector_code, info.value.status_code) == ("unauthorized", 401)
    assert [r.path for r in server.received] == [LOGIN_PATH]


def test_invalid_input_sends_nothing_not_even_a_login() -> None:
    with (
        FakeAirwallex() as server,
        paywire.Client("airwallex", credentials=CREDENTIALS, base_url=server.url) as client,
    ):
        with pytest.raises(paywire.InvalidRequestError) as info:
            client.customers.create(email="jane@example.com", description="no place for it")
        assert info.value.fields == ("description",)
        with pytest.raises(paywire.InvalidRequestError) as info:
            client.customers.create(address={"billing_address": {"city": "Paris"}})
        assert info.value.fields == ("address.billing_address.country_alpha2_code",)
    assert server.received == []


def test_test_mode_in_production_sends_nothing() -> None:
    transport = Replying(paywire.HttpResponse(500, {}, b""))
    production = {**CREDENTIALS, "environment": "production"}
    with (
        paywire.Client("airwallex", credentials=production, transport=transport) as client,
        pytest.raises(paywire.InvalidRequestError) as info,
    ):
        client.customers.create(email="jane@example.com", test_mode=True)
    assert info.value.fields == ("test_mode",)
    assert transport.sent == []  # not even the login


CANARY_ID = "CANARYclientID0000000001"
CANARY_KEY = "CANARY0secret0api0key0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


def test_keys_echoed_by_a_create_refusal_stay_out_of_errors_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    """property:secrets-echoed answers the login with its echo too, so for a token connector it
    never reaches the create: here the login succeeds and the create's refusal repeats the keys."""
    caplog.set_level(logging.DEBUG)
    canary = {"client_id": CANARY_ID, "api_key": CANARY_KEY}
    echo = Reply(400, {"code": "validation_error", "source": "email", "message": f"key {CANARY_KEY} id {CANARY_ID}"})
    with (
        FakeAirwallex(accepted={CANARY_ID: CANARY_KEY}, create_script=[echo]) as server,
        paywire.Client("airwallex", credentials=canary, base_url=server.url) as client,
    ):
        with pytest.raises(paywire.ConnectorError) as info:
            client.customers.create(email="jane@example.com")
        customer = client.customers.create(email="jane@example.com")
    refused, token = info.value, server.creates()[0].headers["authorization"].removeprefix("Bearer ")
    assert refused.code is paywire.ErrorCode.INVALID_REQUEST
    for text in (str(refused), repr(refused), repr(vars(refused)), repr(customer), caplog.text):
        assert not [secret for secret in (CANARY_ID, CANARY_KEY, token) if secret in text], text
    # The keys were really sent, and only where the connector declares: the login's headers.
    login = server.received[0]
    assert (login.headers["x-client-id"], login.headers["x-api-key"]) == (CANARY_ID, CANARY_KEY)
    for create in server.creates():
        assert CANARY_KEY not in create.body.decode() and CANARY_KEY not in json.dumps(dict(create.headers))


@pytest.mark.parametrize(
    "answer",
    [
        Reply(429, {"code": "too_many_requests", "message": "Rate Limit Exceeded.", "trace_id": "0" * 32}),
        Reply(502, b"<html>bad gateway</html>", content_type="text/html"),
    ],
)
def test_the_trace_id_header_is_the_request_id(answer: Reply) -> None:
    trace = "0123456789abcdef0123456789abcdef"
    answer = Reply(answer.status, answer.body, {"x-awx-traceid": trace}, answer.content_type)
    with (
        FakeAirwallex(create_script=[answer]) as server,
        paywire.Client("airwallex", credentials=CREDENTIALS, base_url=server.url, max_retries=0) as client,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="jane@example.com")
    assert info.value.request_id == trace  # the header, not the body's trace_id (kept in details)
