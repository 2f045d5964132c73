"""The sync and async clients against a fake Finix on 127.0.0.1: the exact request on the wire,
the environment chosen by the credentials, retries only where Finix did nothing, refusals before
any request, and no secret anywhere."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from typing import Any

import pytest
from finix_fake import FakeFinix, Received, Reply, errors
from finix_helpers import CREDENTIALS, LIVE_CREDENTIALS, PASSWORD, USERNAME, build

import paywire
import paywire_finix

REQUEST: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Roe",
    "email": "zoe+vip@example.com",
    "phone_number": "+14155550100",
    "address": {
        "billing_address": {
            "line1": "741 Douglass St",
            "line2": "Apartment 7",
            "city": "San Mateo",
            "state": "CA",
            "zip_code": "94114",
            "country_alpha2_code": "US",
        }
    },
    "metadata": {"plan": "gold", "order number": "25"},
}
EXPECTED_BODY = (
    '{"entity":{"first_name":"Zoë","last_name":"Roe","email":"zoe+vip@example.com","phone":"14155550100",'
    '"personal_address":{"line1":"741 Douglass St","line2":"Apartment 7","city":"San Mateo","region":"CA",'
    '"postal_code":"94114","country":"USA"}},'
    '"tags":{"plan":"gold","order number":"25","paywire_merchant_customer_id":"user_42"},"type":"PERSONAL"}'
).encode()
# Headers the transports add on their own; everything else on the wire is the connector's or the core's.
TRANSPORT_HEADERS = {"host", "accept-encoding", "connection", "content-length"}
BASIC = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()


def assert_documented_request(seen: Received, *, version: str = paywire_finix.FINIX_VERSION) -> None:
    assert (seen.method, seen.path) == ("POST", "/identities")
    assert seen.body == EXPECTED_BODY
    connector_headers = {k: v for k, v in seen.headers.items() if k not in TRANSPORT_HEADERS}
    assert connector_headers == {
        "authorization": BASIC,
        "content-type": "application/json",
        "accept": "application/hal+json",
        "finix-version": version,
        "user-agent": f"{paywire.USER_AGENT} paywire-finix/{paywire_finix.__version__}",
    }
    assert seen.headers["content-length"] == str(len(EXPECTED_BODY))


def test_sync_client_sends_the_documented_request() -> None:
    with FakeFinix() as server, paywire.Client("finix", credentials=CREDENTIALS, base_url=server.url) as client:
        customer = client.customers.create(REQUEST, idempotency_key="order-1001")
    assert customer.connector_customer_id.startswith("ID") and len(customer.connector_customer_id) == 24
    assert customer.merchant_customer_id == "user_42"
    assert customer.status_code == 201
    assert customer.response_headers["x-request-id"]
    assert customer.idempotency_key == "order-1001"  # the call's key, for reconciliation: never sent
    assert customer.connector == "finix"
    [seen] = server.received
    assert_documented_request(seen)
    assert b"order-1001" not in seen.body and "order-1001" not in seen.headers.values()


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
def test_async_clients_send_the_same_request(transport: str) -> None:
    if transport == "aiohttp":
        pytest.importorskip("aiohttp", reason="paywire[aiohttp] is not installed")

    async def main(url: str) -> paywire.CreateCustomerResponse:
        chosen = paywire.AsyncHttpxTransport() if transport == "httpx" else paywire.AiohttpTransport()
        async with paywire.AsyncClient("finix", credentials=CREDENTIALS, base_url=url, transport=chosen) as client:
            return await client.customers.create(paywire.CreateCustomerRequest.model_validate(REQUEST))

    with FakeFinix() as server:
        customer = asyncio.run(main(server.url))
    assert customer.connector_customer_id.startswith("ID")
    [seen] = server.received
    assert_documented_request(seen)


def test_finix_keeps_no_idempotency_the_same_request_twice_is_two_identities() -> None:
    with FakeFinix() as server, paywire.Client("finix", credentials=CREDENTIALS, base_url=server.url) as client:
        first = client.customers.create(REQUEST, idempotency_key="same")
        second = client.customers.create(REQUEST, idempotency_key="same")
    assert first.connector_customer_id != second.connector_customer_id
    assert paywire.registry().connector("finix").info.idempotency == paywire.Idempotency.none()


def test_the_finix_version_option_replaces_the_pin() -> None:
    with (
        FakeFinix() as server,
        paywire.Client(
            "finix", credentials=CREDENTIALS, base_url=server.url, options={"finix_version": "2018-01-01"}
        ) as client,
    ):
        client.customers.create(REQUEST)
    assert_documented_request(server.received[0], version="2018-01-01")


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"finix_verison": "2022-02-01"}, "options.finix_verison"),
        ({"finix_version": "latest"}, "options.finix_version"),
        ({"finix_version": "2022-02-01\r\nX-Injected: 1"}, "options.finix_version"),
    ],
)
def test_bad_options_fail_when_the_client_is_built(options: dict[str, str], field: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("finix", credentials=CREDENTIALS, options=options)
    assert info.value.fields == (field,)


# -- environments ------------------------------------------------------------------------------
def test_sandbox_credentials_reach_the_sandbox_and_live_ones_the_live_host() -> None:
    sandbox = build({"email": "a@example.com"})
    live = build({"email": "a@example.com"}, credentials=LIVE_CREDENTIALS)
    assert sandbox.url == "https://finix.sandbox-payments-api.com/identities"
    assert live.url == "https://finix.live-payments-api.com/identities"
    assert paywire_finix.SANDBOX_URL == "https://finix.sandbox-payments-api.com"
    assert paywire_finix.BASE_URL == "https://finix.live-payments-api.com"


def test_the_environment_defaults_to_the_sandbox() -> None:
    assert paywire_finix.FinixCredentials.model_validate(CREDENTIALS).live is False
    assert paywire_finix.FinixCredentials.model_validate(LIVE_CREDENTIALS).live is True


def test_base_url_replaces_scheme_host_and_port_and_keeps_finixs_path() -> None:
    built = build({"email": "a@example.com"}, base_url="http://127.0.0.1:8080", credentials=LIVE_CREDENTIALS)
    assert built.url == "http://127.0.0.1:8080/identities"


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYWIRE_FINIX_USERNAME", USERNAME)
    monkeypatch.setenv("PAYWIRE_FINIX_PASSWORD", PASSWORD)
    monkeypatch.setenv("PAYWIRE_FINIX_ENVIRONMENT", "production")
    with paywire.Client("finix") as client:
        built = client.customers.prepare({"email": "a@example.com"}, idempotency_key="k")
    assert built.url.startswith("https://finix.live-payments-api.com/")
    assert built.headers["Authorization"] == BASIC


def test_live_credentials_under_test_mode_make_no_request() -> None:
    with (
        FakeFinix() as server,
        paywire.Client("finix", credentials=LIVE_CREDENTIALS, base_url=server.url) as client,
    ):
        with pytest.raises(paywire.InvalidRequestError) as info:
            client.customers.create(email="a@example.com", test_mode=True)
        assert info.value.fields == ("test_mode",)
    assert server.received == []


@pytest.mark.parametrize(
    ("credentials", "field"),
    [
        ({"username": "", "password": PASSWORD}, "username"),
        ({"username": "US:abc", "password": PASSWORD}, "username"),
        ({"username": USERNAME, "password": "pass word"}, "password"),
        ({"username": USERNAME, "password": "pässword"}, "password"),
        ({"username": USERNAME, "password": PASSWORD, "environment": "live"}, "environment"),  # Finix's SDK: PRODUCTION
        ({"username": USERNAME}, "password"),
        ({"username": USERNAME, "password": PASSWORD, "api_key": "x"}, "api_key"),
    ],
)
def test_malformed_credentials_are_refused_without_echo(credentials: dict[str, str], field: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("finix", credentials=credentials)
    assert info.value.fields == (field,)
    for value in credentials.values():
        if len(value) > 4:
            assert value not in str(info.value)


# -- retries -----------------------------------------------------------------------------------
def test_a_500_is_never_retried() -> None:
    failure = Reply(500, errors({"code": "SERVER_ERROR", "message": "m"}))
    with (
        FakeFinix(script=[failure]) as server,
        paywire.Client("finix", credentials=CREDENTIALS, base_url=server.url, max_retries=3) as client,
        pytest.raises(paywire.OutcomeUnknownError) as info,
    ):
        client.customers.create(REQUEST)
    assert len(server.received) == 1
    assert info.value.code is paywire.ErrorCode.PROCESSOR_UNAVAILABLE


def test_a_429_is_retried_finix_did_nothing() -> None:
    limited = Reply(429, errors({"code": "TOO_MANY_REQUESTS", "message": "m"}), {"Retry-After": "0"})
    with (
        FakeFinix(script=[limited]) as server,
        paywire.Client("finix", credentials=CREDENTIALS, base_url=server.url, max_retries=1) as client,
    ):
        customer = client.customers.create(REQUEST)
    first, second = server.received
    assert first.body == second.body == EXPECTED_BODY
    assert customer.status_code == 201


def test_an_invalid_field_is_not_retried() -> None:
    with (
        FakeFinix() as server,
        paywire.Client("finix", credentials=CREDENTIALS, base_url=server.url, max_retries=3) as client,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="rejected@example.com")
    assert len(server.received) == 1
    assert (info.value.code, info.value.param) == (paywire.ErrorCode.INVALID_REQUEST, "entity.email")
    assert info.value.request_id is not None and len(info.value.request_id) == 36  # Finix's x-request-id


# -- secrets -----------------------------------------------------------------------------------
CANARY_USER = "USCANARYuserPaywire00001"
CANARY_PASSWORD = "CANARY-password-3f9b1c7e"


def test_no_secret_in_reprs_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    canary = {"username": CANARY_USER, "password": CANARY_PASSWORD}
    with (
        FakeFinix(accepted=set()) as server,  # Finix refuses the canary: a 401 reply
        paywire.Client("finix", credentials=canary, base_url=server.url) as client,
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
            repr(build({"email": "a@example.com"}, credentials=canary)),
        ]
    assert info.value.code is paywire.ErrorCode.AUTHENTICATION_FAILED
    assert (info.value.connector_code, info.value.connector_message) == ("UNKNOWN", "Unauthorized")
    encoded = base64.b64encode(f"{CANARY_USER}:{CANARY_PASSWORD}".encode()).decode()
    for text in texts:
        for secret in (CANARY_USER, CANARY_PASSWORD, encoded, "CANARY"):
            assert secret not in text
    # The credentials reached the fake (they were really sent), and only in the Authorization header.
    [seen] = server.received
    assert seen.headers["authorization"] == f"Basic {encoded}"
    assert b"CANARY" not in seen.body


def test_a_finix_message_echoing_a_credential_is_redacted() -> None:
    echo = Reply(401, errors({"code": "UNKNOWN", "message": f"Unknown API user {CANARY_USER}"}))
    with (
        FakeFinix(script=[echo]) as server,
        paywire.Client(
            "finix", credentials={"username": CANARY_USER, "password": CANARY_PASSWORD}, base_url=server.url
        ) as client,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="jane@example.com")
    assert CANARY_USER not in json.dumps([str(info.value), info.value.connector_message, info.value.details])
