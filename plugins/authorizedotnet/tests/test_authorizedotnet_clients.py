"""The sync and async clients against the fake Authorize.net on 127.0.0.1: the exact request on the
wire, natural-key retries, test vs production, credentials checked when the client is built, and no
secret anywhere."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from authorizedotnet_fake import FAKE_KEY, FAKE_LOGIN, Answer, FakeAuthorizeNet, Received, failure
from helpers import CREDENTIALS, KEY, LOGIN, PRODUCTION, client

import paywire
import paywire_authorizedotnet

REQUEST: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "email": "zoe+vip@example.com",
    "description": "Client fidèle — 忠実な顧客",
    "address": {
        "shipping_address": {
            "first_name": "Zoë",
            "last_name": "Roe",
            "line1": "500 Market St",
            "line2": "Floor 2",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94105",
            "country_alpha2_code": "US",
            "phone_number": "4155550199",
            "phone_country_code": "+1",
        }
    },
}
EXPECTED_BODY = (
    f'{{"createCustomerProfileRequest":{{"merchantAuthentication":{{"name":"{LOGIN}","transactionKey":"{KEY}"}},'
    '"clientId":"paywire","profile":{"merchantCustomerId":"user_42","description":"Client fidèle — 忠実な顧客",'
    '"email":"zoe+vip@example.com","shipToList":[{"firstName":"Zoë","lastName":"Roe",'
    '"address":"500 Market St, Floor 2","city":"San Francisco","state":"CA","zip":"94105","country":"US",'
    '"phoneNumber":"+14155550199"}]}}}'
).encode()
TRANSPORT_HEADERS = {"host", "accept-encoding", "connection", "content-length"}
"""Headers the HTTP library adds on its own; every other header on the wire is the connector's or the core's."""
NATURAL = {"merchant_customer_id": "user_8", "description": "Gold plan", "email": "jane@example.com"}


def assert_documented_request(seen: Received) -> None:
    assert (seen.method, seen.path) == ("POST", "/xml/v1/request.api")
    assert seen.body == EXPECTED_BODY
    own = {k: v for k, v in seen.headers.items() if k not in TRANSPORT_HEADERS}
    assert own == {
        "content-type": "application/json",
        "accept": "application/json",
        "user-agent": f"{paywire.USER_AGENT} paywire-authorizedotnet/{paywire_authorizedotnet.__version__}",
    }
    assert seen.headers["content-length"] == str(len(EXPECTED_BODY))


def test_sync_client_sends_the_documented_request() -> None:
    with FakeAuthorizeNet() as server, client(base_url=server.url) as c:
        customer = c.customers.create(REQUEST, idempotency_key="order-1001")
    assert customer.connector_customer_id.isdigit()
    assert (customer.merchant_customer_id, customer.status_code) == ("user_42", 200)
    assert (customer.connector, customer.idempotency_key) == ("authorizedotnet", "order-1001")
    assert customer.response_headers["content-type"] == "application/json; charset=utf-8"
    [seen] = server.received
    assert_documented_request(seen)


@pytest.mark.parametrize("transport", ["default", "httpx"])
def test_async_client_sends_the_same_request(transport: str) -> None:
    async def main(url: str) -> paywire.CreateCustomerResponse:
        kwargs: dict[str, Any] = {} if transport == "default" else {"transport": paywire.AsyncHttpxTransport()}
        async with paywire.AsyncClient("authorizedotnet", credentials=CREDENTIALS, base_url=url, **kwargs) as c:
            return await c.customers.create(paywire.CreateCustomerRequest.model_validate(REQUEST))

    with FakeAuthorizeNet() as server:
        customer = asyncio.run(main(server.url))
    assert customer.connector_customer_id.isdigit()
    [seen] = server.received
    assert_documented_request(seen)


def test_the_same_profile_twice_is_the_callers_duplicate_error() -> None:
    with FakeAuthorizeNet() as server, client(base_url=server.url) as c:
        first = c.customers.create(NATURAL)
        with pytest.raises(paywire.ConnectorError) as info:
            c.customers.create(NATURAL)
    assert info.value.code is paywire.ErrorCode.DUPLICATE
    assert info.value.duplicate_of == first.connector_customer_id
    assert len(server.received) == 2


def test_a_retry_that_meets_the_first_attempts_profile_returns_it() -> None:
    """The 502 came after the profile was stored: the retry's E00039 names it, and that is the result."""
    with FakeAuthorizeNet(script=[failure(502, "Bad Gateway", after_processing=True)]) as server:
        with client(base_url=server.url, retry=paywire.RetryPolicy(max_retries=2, backoff=0.001)) as c:
            customer = c.customers.create(NATURAL, idempotency_key="k-1")
        with client(base_url=server.url) as c, pytest.raises(paywire.ConnectorError) as info:
            c.customers.create(NATURAL)  # the store holds exactly one profile: it is the one returned
    assert len(server.received) == 3
    assert server.received[0].body == server.received[1].body
    assert customer.connector_customer_id == info.value.duplicate_of
    assert (customer.merchant_customer_id, customer.idempotency_key) == ("user_8", "k-1")


def test_without_the_whole_natural_key_an_ambiguous_failure_is_not_retried() -> None:
    with (
        FakeAuthorizeNet(script=[failure(502, "Bad Gateway", after_processing=True)]) as server,
        client(base_url=server.url, retry=paywire.RetryPolicy(max_retries=2, backoff=0.001)) as c,
        pytest.raises(paywire.OutcomeUnknownError) as info,
    ):
        c.customers.create({"merchant_customer_id": "user_8", "email": "jane@example.com"})
    assert len(server.received) == 1
    assert info.value.status_code == 502
    assert info.value.request is not None and info.value.request.merchant_customer_id == "user_8"


def test_a_busy_server_is_retried_until_it_answers() -> None:
    busy = Answer("E00053", "Server too busy", lists=False).reply()
    with (
        FakeAuthorizeNet(script=[busy, busy]) as server,
        client(base_url=server.url, retry=paywire.RetryPolicy(max_retries=2, backoff=0.001)) as c,
    ):
        customer = c.customers.create({"email": "jane@example.com"})
    assert customer.connector_customer_id.isdigit()
    assert len(server.received) == 3


def test_the_fake_refuses_the_connectors_example_credentials() -> None:
    examples = {"api_login_id": FAKE_LOGIN, "transaction_key": FAKE_KEY}
    with (
        FakeAuthorizeNet() as server,
        client(examples, base_url=server.url) as c,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        c.customers.create({"email": "jane@example.com"})
    assert (info.value.code, info.value.connector_code) == (paywire.ErrorCode.AUTHENTICATION_FAILED, "E00007")
    assert info.value.status_code == 200


def test_sandbox_and_production_hosts() -> None:
    info = paywire.registry().connector("authorizedotnet").info
    with client() as sandbox, client(PRODUCTION) as production:
        assert sandbox.base_url == "https://apitest.authorize.net"
        assert production.base_url == "https://api2.authorize.net"
        assert not sandbox.credentials.live and production.credentials.live
    assert (info.test_base_url, info.base_url) == ("https://apitest.authorize.net", "https://api2.authorize.net")


def test_production_credentials_under_test_mode_make_no_request() -> None:
    with FakeAuthorizeNet() as server, client(PRODUCTION, base_url=server.url) as c:
        with pytest.raises(paywire.InvalidRequestError) as info:
            c.customers.create({"email": "jane@example.com", "test_mode": True})
        assert info.value.fields == ("test_mode",)
        customer = c.customers.create({"email": "jane@example.com"})  # not under test_mode: sent
    assert customer.connector_customer_id.isdigit()
    assert len(server.received) == 1


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYWIRE_AUTHORIZEDOTNET_API_LOGIN_ID", LOGIN)
    monkeypatch.setenv("PAYWIRE_AUTHORIZEDOTNET_TRANSACTION_KEY", KEY)
    monkeypatch.setenv("PAYWIRE_AUTHORIZEDOTNET_ENVIRONMENT", "production")
    with paywire.Client("authorizedotnet") as c:
        assert c.base_url == "https://api2.authorize.net"
        assert c.credentials.live


@pytest.mark.parametrize(
    ("credentials", "field"),
    [
        ({"api_login_id": LOGIN}, "transaction_key"),
        ({"api_login_id": LOGIN, "transaction_key": "k" * 17}, "transaction_key"),
        ({"api_login_id": "l" * 26, "transaction_key": KEY}, "api_login_id"),
        ({"api_login_id": LOGIN, "transaction_key": "with space 0001"}, "transaction_key"),
        ({"api_login_id": "", "transaction_key": KEY}, "api_login_id"),
        ({**CREDENTIALS, "environment": "live"}, "environment"),
        ({**CREDENTIALS, "api_key": "x"}, "api_key"),
    ],
)
def test_malformed_credentials_are_refused_when_the_client_is_built(credentials: dict[str, str], field: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("authorizedotnet", credentials=credentials)
    assert info.value.fields == (field,)
    for value in credentials.values():
        if len(value) >= 8:
            assert value not in str(info.value)


CANARY_LOGIN = "CanaryLogin7q2"
CANARY_KEY = "Canary9Xk2Lq7Pz4"


def test_no_credential_in_reprs_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    """A canary pair the fake refuses, echoed back in its error text: it reaches the wire only in
    the two body fields, and nothing a host can see or log holds it."""
    caplog.set_level(logging.DEBUG)
    echo = Answer("E00007", f"User authentication failed for {CANARY_LOGIN} with {CANARY_KEY}.", lists=False)
    canary = {"api_login_id": CANARY_LOGIN, "transaction_key": CANARY_KEY}
    with FakeAuthorizeNet(script=[echo.reply()]) as server, client(canary, base_url=server.url) as c:
        with pytest.raises(paywire.ConnectorError) as info:
            c.customers.create({"email": "jane@example.com"})
        texts = [
            repr(c),
            repr(c.credentials),
            str(c.credentials),
            str(info.value),
            repr(info.value),
            str(info.value.connector_message),
            repr(info.value.details),
            caplog.text,
            repr(c.customers.prepare({"email": "jane@example.com"})),
        ]
    assert info.value.code is paywire.ErrorCode.AUTHENTICATION_FAILED
    for text in texts:
        assert CANARY_LOGIN not in text and CANARY_KEY not in text
    [seen] = server.received
    auth = seen.json()["createCustomerProfileRequest"]["merchantAuthentication"]
    assert auth == {"name": CANARY_LOGIN, "transactionKey": CANARY_KEY}
    assert all(CANARY_KEY not in value and CANARY_LOGIN not in value for value in seen.headers.values())
    assert seen.body.count(CANARY_KEY.encode()) == seen.body.count(CANARY_LOGIN.encode()) == 1
