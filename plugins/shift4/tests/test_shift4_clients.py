"""The sync and async clients against a fake Shift4 on 127.0.0.1: the exact request on the wire,
retries with one idempotency key, refusals before any request, and no secret anywhere."""

from __future__ import annotations

import asyncio
import base64
import logging
from typing import Any

import pytest
from shift4_fake import FakeShift4, Received, Reply, error
from shift4_helpers import CANARY_KEY, LIVE_KEY, TEST_KEY, build

import paywire
import paywire_shift4

REQUEST: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Roe",
    "email": "zoe+vip@example.com",
    "phone_number": "+14155550100",
    "description": "Gold & silver",
    "address": {
        "billing_address": {
            "line1": "Straße 1",
            "city": "München",
            "zip_code": "80331",
            "country_alpha2_code": "DE",
            "phone_number": "891234567",
            "phone_country_code": "+49",
        }
    },
    "metadata": {"plan": "gold", "k 2": "v&x"},
}
EXPECTED_BODY = (
    '{"email":"zoe+vip@example.com","phoneNumber":"+14155550100","description":"Gold & silver",'
    '"metadata":{"plan":"gold","k 2":"v&x","paywire_merchant_customer_id":"user_42"},'
    '"billing":{"name":"Zoë Roe","address":{"line1":"Straße 1","zip":"80331","city":"München","country":"DE"},'
    '"phone":"+49891234567"}}'
).encode()
# Headers the HTTP libraries add on their own; everything else on the wire is the connector's.
TRANSPORT_HEADERS = {"host", "accept", "accept-encoding", "connection", "content-length"}


def basic(key: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:".encode()).decode()


def assert_documented_request(seen: Received, *, key: str) -> None:
    assert (seen.method, seen.path) == ("POST", "/customers")
    assert seen.body == EXPECTED_BODY
    connector_headers = {k: v for k, v in seen.headers.items() if k not in TRANSPORT_HEADERS}
    assert connector_headers == {
        "authorization": basic(TEST_KEY),
        "content-type": "application/json",
        "idempotency-key": key,
        "user-agent": f"{paywire.USER_AGENT} paywire-shift4/{paywire_shift4.__version__}",
    }
    assert seen.headers["content-length"] == str(len(EXPECTED_BODY))


def shift4(server: FakeShift4, **settings: Any) -> paywire.Client:
    return paywire.Client("shift4", credentials={"secret_key": TEST_KEY}, base_url=server.url, **settings)


def test_sync_client_sends_the_documented_request() -> None:
    with FakeShift4() as server, shift4(server) as client:
        customer = client.customers.create(REQUEST, idempotency_key="order-1001")
    assert customer.connector_customer_id.startswith("cust_")
    assert customer.merchant_customer_id == "user_42"
    assert (customer.status_code, customer.connector, customer.idempotency_key) == (200, "shift4", "order-1001")
    [seen] = server.received
    assert_documented_request(seen, key="order-1001")


async def _create_async(url: str, key: str, transport: paywire.AsyncTransport | None) -> paywire.CreateCustomerResponse:
    async with paywire.AsyncClient(
        "shift4", credentials={"secret_key": TEST_KEY}, base_url=url, transport=transport
    ) as client:
        return await client.customers.create(paywire.CreateCustomerRequest.model_validate(REQUEST), idempotency_key=key)


def test_async_client_on_httpx_sends_the_same_request() -> None:
    with FakeShift4() as server:
        customer = asyncio.run(_create_async(server.url, "order-1002", paywire.AsyncHttpxTransport()))
    assert customer.connector_customer_id.startswith("cust_")
    assert_documented_request(server.received[0], key="order-1002")


def test_async_client_on_aiohttp_sends_the_same_request() -> None:
    pytest.importorskip("aiohttp")
    with FakeShift4() as server:
        customer = asyncio.run(_create_async(server.url, "order-1003", paywire.AiohttpTransport()))
    assert customer.connector_customer_id.startswith("cust_")
    assert_documented_request(server.received[0], key="order-1003")


def test_the_default_url_is_shift4s_documented_endpoint() -> None:
    assert build({"email": "a@example.com"}).url == "https://api.shift4.com/customers"
    assert build({"email": "a@example.com"}, key=LIVE_KEY).url == "https://api.shift4.com/customers"


def test_base_url_replaces_scheme_host_and_port_and_keeps_the_path() -> None:
    assert build({"email": "a@example.com"}, base_url="http://127.0.0.1:8080").url == "http://127.0.0.1:8080/customers"


def test_a_generated_key_is_reused_on_the_retry_of_a_500() -> None:
    failure = error(500, "gateway_error", "Something went wrong on our side")
    with FakeShift4(script=[failure]) as server, shift4(server, max_retries=1) as client:
        customer = client.customers.create(REQUEST)
    first, second = server.received
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == customer.idempotency_key
    assert first.body == second.body == EXPECTED_BODY


def test_a_rate_limit_is_retried_after_retry_after() -> None:
    limited = error(429, "rate_limit_error", "Requests hit the API too quickly").with_headers({"Retry-After": "0"})
    with FakeShift4(script=[limited]) as server, shift4(server, max_retries=1) as client:
        client.customers.create(REQUEST, idempotency_key="k-429")
    assert [r.headers["idempotency-key"] for r in server.received] == ["k-429", "k-429"]


def test_the_same_key_and_request_return_the_first_customer() -> None:
    with FakeShift4() as server, shift4(server) as client:
        first = client.customers.create(REQUEST, idempotency_key="k-replay")
        again = client.customers.create(REQUEST, idempotency_key="k-replay")
    assert first.connector_customer_id == again.connector_customer_id


def test_a_key_reused_with_other_parameters_is_a_conflict_and_never_retried() -> None:
    with FakeShift4() as server, shift4(server, max_retries=3) as client:
        client.customers.create({"email": "a@example.com", "description": "one"}, idempotency_key="k-conflict")
        with pytest.raises(paywire.ConnectorError) as info:
            client.customers.create({"email": "a@example.com", "description": "two"}, idempotency_key="k-conflict")
    assert info.value.code is paywire.ErrorCode.IDEMPOTENCY_CONFLICT
    assert info.value.connector_message == "Idempotent key used for request with different parameters."
    assert len(server.received) == 2


def test_a_missing_email_is_refused_before_any_request() -> None:
    with (
        FakeShift4() as server,
        shift4(server) as client,
        pytest.raises(paywire.InvalidRequestError) as info,
    ):
        client.customers.create(customer_name="Jane Roe")
    assert info.value.fields == ("email",)
    assert server.received == []


def test_shift4s_own_missing_email_reply_names_the_field() -> None:
    # What Shift4 answers to a body without e-mail (shift4-python's integration test), as paywire reads it.
    reply = error(400, "invalid_request", "email: Must not be empty.")
    with (
        FakeShift4(script=[reply]) as server,
        shift4(server) as client,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="a@example.com")
    assert (info.value.code, info.value.param) == (paywire.ErrorCode.INVALID_REQUEST, "email")


@pytest.mark.parametrize("key", [LIVE_KEY, "pr_live_paywire_fake_2222", "paywire_fake_unknown_shape"])
def test_live_or_unknown_keys_under_test_mode_make_no_request(key: str) -> None:
    with FakeShift4() as server, paywire.Client("shift4", credentials={"secret_key": key}, base_url=server.url) as c:
        with pytest.raises(paywire.InvalidRequestError) as info:
            c.customers.create(email="a@example.com", test_mode=True)
        assert info.value.fields == ("test_mode",)
        assert key not in str(info.value)
    assert server.received == []


@pytest.mark.parametrize("key", [TEST_KEY, "pr_test_tXHm9qV9qV9bjIRHcQr9PLPa", "pk_test_my_secret_key"])
def test_test_keys_are_test_mode(key: str) -> None:
    credentials = paywire_shift4.Shift4Credentials(secret_key=key)
    assert credentials.live is False


@pytest.mark.parametrize("key", ["", "sk_test_abc:", "sk_test_a b", "sk_test_abc\n", "Basic c2tfdGVzdA==", "sk_tëst"])
def test_malformed_keys_are_refused_without_echo(key: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("shift4", credentials={"secret_key": key})
    assert info.value.fields == ("secret_key",)
    if len(key) > 8:
        assert key.strip() not in str(info.value)


def test_the_key_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYWIRE_SHIFT4_SECRET_KEY", TEST_KEY)
    with paywire.Client("shift4") as client:
        built = client.customers.prepare({"email": "a@example.com"}, idempotency_key="k")
    assert built.headers["Authorization"] == basic(TEST_KEY)


def test_no_secret_in_reprs_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    """A canary key, echoed back by the processor in its error message and a header, leaks nowhere
    paywire writes (httpcore's own DEBUG trace prints raw response headers: not paywire's to redact)."""
    caplog.set_level(logging.DEBUG, logger="paywire")
    echo = Reply(
        401,
        {"error": {"type": "invalid_request", "message": f"Provided API key {CANARY_KEY} is invalid"}},
        {"X-Echo": CANARY_KEY},
    )
    with (
        FakeShift4(script=[echo]) as server,
        paywire.Client("shift4", credentials={"secret_key": CANARY_KEY}, base_url=server.url) as client,
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
            repr(info.value.error_info),
            caplog.text,
            repr(build({"email": "a@example.com"}, key=CANARY_KEY)),
        ]
    assert info.value.code is paywire.ErrorCode.AUTHENTICATION_FAILED
    assert "shift4 customers.create" in caplog.text  # paywire did log the call
    encoded = basic(CANARY_KEY).removeprefix("Basic ")
    for text in texts:
        assert "CANARY" not in text
        assert encoded not in text
    # The key reached the fake (it was really sent), and only in the Authorization header.
    [seen] = server.received
    assert seen.headers["authorization"] == basic(CANARY_KEY)
    assert b"CANARY" not in seen.body
