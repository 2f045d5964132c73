"""Sync and async clients over real HTTP on 127.0.0.1, with the echo test connector."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import echo_connector
import pytest
from conftest import LocalServer, json_body

import paywire


def test_sync_create_sends_the_connector_request(echo: str, local_server: LocalServer) -> None:
    with paywire.Client(echo, credentials={"api_key": "k_test_123"}, base_url=local_server.url) as client:
        customer = client.customers.create(email="jane@example.com", customer_name="Jane", merchant_customer_id="u1")
    assert customer.connector_customer_id == "cus_1"
    assert customer.merchant_customer_id == "u1"
    assert customer.connector == "echo"
    assert customer.response_headers["request-id"] == "req_1"
    [seen] = local_server.requests
    assert seen.path == "/customers"
    assert seen.headers["authorization"] == "Bearer k_test_123"
    assert seen.headers["idempotency-key"] == customer.idempotency_key
    assert json_body(seen) == {"email": "jane@example.com", "name": "Jane"}


def test_create_accepts_a_request_object_and_a_given_key(echo: str, local_server: LocalServer) -> None:
    client = paywire.Client(echo, credentials={"api_key": "k"}, base_url=local_server.url)
    request = paywire.CreateCustomerRequest(email="jane@example.com")
    customer = client.customers.create(request, idempotency_key="my-key-1")
    assert customer.idempotency_key == "my-key-1"
    assert local_server.requests[0].headers["idempotency-key"] == "my-key-1"
    with pytest.raises(TypeError, match="not both"):
        client.customers.create(request, email="x@example.com")
    client.close()


def test_connections_are_reused(echo: str, local_server: LocalServer) -> None:
    with paywire.Client(echo, credentials={"api_key": "k"}, base_url=local_server.url) as client:
        for _ in range(5):
            client.customers.create(email="jane@example.com")
    assert len(local_server.requests) == 5
    assert local_server.connections == 1


def test_async_create_has_the_same_shape(echo: str, local_server: LocalServer) -> None:
    async def main() -> list[paywire.CreateCustomerResponse]:
        async with paywire.AsyncClient(echo, credentials={"api_key": "k"}, base_url=local_server.url) as client:
            return await asyncio.gather(
                *(client.customers.create(paywire.CreateCustomerRequest(email=f"u{i}@example.com")) for i in range(10))
            )

    customers = asyncio.run(main())
    assert {c.connector_customer_id for c in customers} == {"cus_1"}
    assert len({c.idempotency_key for c in customers}) == 10
    assert sorted(json_body(s)["email"] for s in local_server.requests) == sorted(
        f"u{i}@example.com" for i in range(10)
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "bad"},
        {"address": {"billing_address": {"country_alpha2_code": "ZZ"}}},
        {"metadata": {str(i): "v" for i in range(60)}},
        {"emial": "jane@example.com"},
    ],
)
def test_invalid_input_sends_nothing(echo: str, local_server: LocalServer, fields: dict[str, object]) -> None:
    with (
        paywire.Client(echo, credentials={"api_key": "k"}, base_url=local_server.url) as client,
        pytest.raises(paywire.InvalidRequestError),
    ):
        client.customers.create(**fields)
    assert local_server.requests == []
    assert local_server.connections == 0


def test_an_oversized_user_key_is_refused_before_sending(echo: str, local_server: LocalServer) -> None:
    client = paywire.Client(echo, credentials={"api_key": "k"}, base_url=local_server.url)
    with pytest.raises(paywire.InvalidRequestError) as info:
        client.customers.create(email="jane@example.com", idempotency_key="k" * 65)
    assert info.value.fields == ("idempotency_key",)
    assert local_server.requests == []


def test_credentials_are_validated_when_the_client_is_built(echo: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client(echo, credentials={})
    assert info.value.fields == ("api_key",)
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client(echo, credentials={"api_key": "sk_secret_value", "extra": "sk_other_secret"})
    assert info.value.fields == ("extra",)
    assert "secret" not in str(info.value)


def test_credentials_come_from_the_environment(
    echo: str, monkeypatch: pytest.MonkeyPatch, local_server: LocalServer
) -> None:
    monkeypatch.setenv("PAYWIRE_ECHO_API_KEY", "k_from_env")
    client = paywire.Client(echo, base_url=local_server.url)
    assert "k_from_env" not in repr(client.credentials)
    client.customers.create(email="jane@example.com")
    assert local_server.requests[0].headers["authorization"] == "Bearer k_from_env"


def test_error_reply_becomes_a_connector_error(echo: str, local_server: LocalServer) -> None:
    local_server.reply = lambda seen: (401, {"request-id": "req_9"}, b"<html>nope</html>")
    with (
        paywire.Client(echo, credentials={"api_key": "k"}, base_url=local_server.url) as client,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(email="jane@example.com")
    error = info.value
    assert error.code is paywire.ErrorCode.AUTHENTICATION_FAILED
    assert (error.status_code, error.request_id, error.connector) == (401, "req_9", "echo")
    assert error.idempotency_key
    assert len(local_server.requests) == 1  # never retried


def test_unknown_and_unsupported(echo: str) -> None:
    with pytest.raises(paywire.ConfigurationError, match="did you mean 'echo'"):
        paywire.Client("ecko")

    unsupported = paywire.ConnectorInfo(
        name="nope", display_name="Nope", credentials=paywire.NoCredentials, operations={}
    )

    class Nope:
        @paywire.hookimpl
        def paywire_connector(self) -> paywire.ConnectorInfo:
            return unsupported

    with paywire.registry().registered(Nope(), name="nope"):
        client = paywire.Client("nope", credentials={})
        with pytest.raises(paywire.NotSupportedError) as info:
            client.customers.create(email="jane@example.com")
        assert info.value.connector == "nope"


def test_credential_errors_mask_secrets_but_not_plain_settings() -> None:
    from pydantic import SecretStr, field_validator

    class Creds(paywire.Credentials):
        api_key: SecretStr
        environment: str

        @field_validator("api_key")
        @classmethod
        def quote_key(cls, value: SecretStr) -> SecretStr:
            raise ValueError(f"key {value.get_secret_value()} is for environment live")

    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.load_credentials(
            "x", Creds, {"api_key": "sk_quoted_secret", "environment": "live", "api_kye": "sk_typo"}
        )
    text = str(info.value)
    assert "sk_quoted_secret" not in text and "sk_typo" not in text
    assert "environment live" in text
    assert set(info.value.fields) == {"api_key", "api_kye"}


def test_retry_policy_is_configurable(echo: str, local_server: LocalServer) -> None:
    local_server.reply = lambda seen: (503, {}, b"")
    policy = paywire.RetryPolicy(max_retries=3, backoff=0.001, max_backoff=0.001)
    client = paywire.Client(echo, credentials={"api_key": "k"}, base_url=local_server.url, retry=policy)
    with client, pytest.raises(paywire.OutcomeUnknownError) as info:
        client.customers.create(email="jane@example.com")
    assert info.value.code is paywire.ErrorCode.PROCESSOR_UNAVAILABLE
    assert len(local_server.requests) == 4
    assert len({seen.headers["idempotency-key"] for seen in local_server.requests}) == 1
    with pytest.raises(TypeError, match="inside retry="):
        paywire.Client(echo, credentials={"api_key": "k"}, retry=policy, max_retries=1)


class BodyKeyConnector:
    """Like echo, but the key travels inside the JSON body (as Square's API wants)."""

    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return dataclasses.replace(
            echo_connector.INFO, name="bodykey", idempotency=paywire.Idempotency.body("ikey", 20)
        )

    @paywire.hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        body = paywire.json_body({"name": request.customer_name})
        return paywire.HttpRequest("POST", f"{context.base_url}/customers", {}, body)

    @paywire.hookimpl
    def paywire_create_customer_response(self, response: paywire.HttpResponse) -> str:
        return "cus_body"


def test_the_core_puts_a_body_key_into_the_json_body_and_generated_keys_fit(local_server: LocalServer) -> None:
    with paywire.registry().registered(BodyKeyConnector(), name="bodykey"):
        client = paywire.Client("bodykey", credentials={"api_key": "k"}, base_url=local_server.url)
        with client:
            assert (
                client.customers.create(customer_name="Zoë", idempotency_key='q"uo\\te').idempotency_key == 'q"uo\\te'
            )
            generated = client.customers.create().idempotency_key
    assert generated is not None and len(generated) == 20
    assert [json_body(s) for s in local_server.requests] == [
        {"name": "Zoë", "ikey": 'q"uo\\te'},
        {"name": None, "ikey": generated},
    ]


def test_the_core_builds_the_response_from_what_the_hook_read(local_server: LocalServer) -> None:
    local_server.reply = lambda seen: (
        201,
        {"content-type": "application/json", "request-id": "req_9", "set-cookie": "session=secret"},
        b'{"id": "cus_42"}',
    )
    with (
        paywire.registry().registered(BodyKeyConnector(), name="bodykey"),
        paywire.Client("bodykey", credentials={"api_key": "k"}, base_url=local_server.url) as client,
    ):
        customer = client.customers.create(merchant_customer_id="user_7", idempotency_key="mine")
    assert customer.connector_customer_id == "cus_body"
    assert (customer.merchant_customer_id, customer.status_code) == ("user_7", 201)
    assert (customer.connector, customer.idempotency_key) == ("bodykey", "mine")
    assert customer.response_headers["request-id"] == "req_9"
    assert "set-cookie" not in customer.response_headers


class RefusingRepeatsConnector(BodyKeyConnector):
    """A body key the processor refuses to see twice (HTTP 400 ``used``, as Airwallex answers a reused
    ``request_id``), or a profile it refuses to hold twice (HTTP 400 ``exists``)."""

    @paywire.hookimpl
    def paywire_error(self, response: paywire.HttpResponse) -> paywire.ConnectorError:
        code = (response.json_object() or {}).get("code")
        canonical = {"used": paywire.ErrorCode.IDEMPOTENCY_CONFLICT, "exists": paywire.ErrorCode.DUPLICATE}.get(code)
        if canonical is None:
            return paywire.status_error(response)
        return paywire.ConnectorError(canonical, "refused", status_code=response.status_code, connector_code=code)


@pytest.mark.parametrize("code", ["used", "exists"])
def test_a_refused_repeat_after_an_ambiguous_failure_is_unknown(local_server: LocalServer, code: str) -> None:
    replies = iter([(503, {}, b""), (400, {}, json.dumps({"code": code}).encode())])
    local_server.reply = lambda seen: next(replies)
    policy = paywire.RetryPolicy(max_retries=2, backoff=0.001, max_backoff=0.001)
    with (
        paywire.registry().registered(RefusingRepeatsConnector(), name="bodykey"),
        paywire.Client("bodykey", credentials={"api_key": "k"}, base_url=local_server.url, retry=policy) as client,
        pytest.raises(paywire.OutcomeUnknownError) as info,
    ):
        client.customers.create(customer_name="Jane", idempotency_key="k-1")
    # The 503 may have created the customer; the refusal only proves the first attempt arrived.
    assert info.value.connector_code == code and info.value.idempotency_key == "k-1"
    assert len(local_server.requests) == 2


@pytest.mark.parametrize("code", ["used", "exists"])
def test_a_refused_repeat_on_a_first_attempt_is_the_callers_error(local_server: LocalServer, code: str) -> None:
    local_server.reply = lambda seen: (400, {}, json.dumps({"code": code}).encode())
    with (
        paywire.registry().registered(RefusingRepeatsConnector(), name="bodykey"),
        paywire.Client("bodykey", credentials={"api_key": "k"}, base_url=local_server.url, max_retries=2) as client,
        pytest.raises(paywire.ConnectorError) as info,
    ):
        client.customers.create(customer_name="Jane")
    assert not isinstance(info.value, paywire.OutcomeUnknownError)
    assert info.value.connector_code == code and len(local_server.requests) == 1


KEY = "echo_test_key_that_must_not_come_back"


@pytest.mark.parametrize(
    ("reply", "where"),
    [
        ((200, {"request-id": "req_1", "x-debug": f"key={KEY}"}, b'{"id": "cus_1"}'), "a kept response header"),
        ((200, {"request-id": KEY}, b'{"id": "cus_1"}'), "the request id"),
        ((200, {}, b'{"id": "cus_' + KEY.encode() + b'"}'), "the customer id"),
        ((400, {"request-id": f"req_{KEY}"}, b'{"error": "bad key ' + KEY.encode() + b'"}'), "an error"),
    ],
    ids=["header", "request-id", "customer-id", "error"],
)
def test_a_reply_repeating_the_key_never_hands_it_back(
    echo: str, local_server: LocalServer, reply: tuple[int, dict[str, str], bytes], where: str
) -> None:
    local_server.reply = lambda seen: (reply[0], {"content-type": "application/json", **reply[1]}, reply[2])
    with paywire.Client(echo, credentials={"api_key": KEY}, base_url=local_server.url, max_retries=0) as client:
        try:
            result: object = client.customers.create(email="jane@example.com")
        except paywire.PaywireError as exc:
            result = exc
    if isinstance(result, paywire.PaywireError):
        assert isinstance(result.code, paywire.ErrorCode)  # redaction keeps the canonical code an ErrorCode
    texts = [repr(result), str(result), *(repr(v) for v in vars(result).values())]
    if isinstance(result, paywire.CreateCustomerResponse):
        texts.append(result.model_dump_json())
    assert not any(KEY in text for text in texts), where
