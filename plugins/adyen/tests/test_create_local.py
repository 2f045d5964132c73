"""Create is LOCAL: no connection is made, sync or async, and the answer is well formed."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest
from conftest import CREDENTIALS, FAKE_KEY, MERCHANT, CountingServer

import paywire
import paywire_adyen

PROFILE: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Jane Roe",
    "email": "jane.roe@example.com",
    "phone_number": "+14155550100",
    "preferred_locales": ["en-US"],
    "address": {
        "billing_address": {
            "line1": "1 Main Street",
            "line2": "Apt 4",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94107",
            "country_alpha2_code": "US",
        },
        "shipping_address": {
            "first_name": "John",
            "last_name": "Roe",
            "line1": "500 Market Street",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94105",
            "country_alpha2_code": "US",
        },
    },
    "metadata": {"plan": "gold"},
    "test_mode": True,
}


class _RemoteProbe:
    """A REMOTE connector posting to the client's base_url: the positive control proving the
    counting server does see a client's connections."""

    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name="adyen-probe",
            display_name="probe",
            credentials=paywire.NoCredentials,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
        )

    @paywire.hookimpl
    def paywire_create_customer_request(self, context: paywire.OperationContext) -> paywire.HttpRequest:
        return paywire.HttpRequest("POST", f"{context.base_url}/probe", {"content-type": "application/json"}, b"{}")

    @paywire.hookimpl
    def paywire_create_customer_response(self) -> str:
        return "probe_1"


def test_counting_server_sees_a_remote_connector(counting_server: CountingServer) -> None:
    with (
        paywire.registry().registered(_RemoteProbe(), name="adyen-probe"),
        paywire.Client("adyen-probe", base_url=counting_server.url, max_retries=0) as client,
    ):
        client.customers.create(email="jane@example.com")
    assert counting_server.connections == 1


def test_sync_create_opens_no_connection(counting_server: CountingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a socket connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    with paywire.Client("adyen", credentials=CREDENTIALS, base_url=counting_server.url) as client:
        for _ in range(3):
            result = client.customers.create(PROFILE)
            assert result.connector_customer_id == "user_42"
        client.customers.create(email="jane@example.com")
    assert counting_server.connections == 0


def test_async_create_opens_no_connection(counting_server: CountingServer) -> None:
    async def run() -> list[paywire.CreateCustomerResponse]:
        async with paywire.AsyncClient("adyen", credentials=CREDENTIALS, base_url=counting_server.url) as client:
            return [
                await client.customers.create(paywire.CreateCustomerRequest.model_validate(PROFILE)),
                await client.customers.create(email="jane@example.com", idempotency_key="k-1"),
            ]

    first, second = asyncio.run(run())
    assert counting_server.connections == 0
    assert first.connector_customer_id == "user_42"
    assert second.connector_customer_id == paywire_adyen.derived_reference(MERCHANT, "k-1")


def test_invalid_create_opens_no_connection(counting_server: CountingServer) -> None:
    with (
        paywire.Client("adyen", credentials=CREDENTIALS, base_url=counting_server.url) as client,
        pytest.raises(paywire.InvalidRequestError),
    ):
        client.customers.create(customer_name="Cher")
    assert counting_server.connections == 0


def test_response_echoes_and_declares(create: Any) -> None:
    result = create(PROFILE, idempotency_key="call-1")
    assert result.merchant_customer_id == "user_42"
    assert result.connector_customer_id == "user_42"
    assert result.status_code == 200
    assert result.connector == "adyen"
    assert result.idempotency_key == "call-1"
    anonymous = create(email="jane@example.com")
    assert anonymous.merchant_customer_id is None
    assert anonymous.connector_customer_id.startswith("pw_")


def test_connector_is_discovered_by_entry_point() -> None:
    connector = paywire.registry().connector("adyen")
    assert connector.record.distribution == "paywire-adyen"
    info = connector.info
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.LOCAL
    assert info.base_url is None
    assert info.idempotency == paywire.Idempotency.local(64)
    assert info.auth_headers == frozenset({"x-api-key"})
    assert "description" in info.unsupported_fields


def test_idempotency_key_limit_is_adyens(create: Any) -> None:
    assert create(email="jane@example.com", idempotency_key="k" * 64).connector_customer_id
    with pytest.raises(paywire.InvalidRequestError) as err:
        create(email="jane@example.com", idempotency_key="k" * 65)
    assert err.value.fields == ("idempotency_key",)


def test_test_mode_refuses_live_credentials() -> None:
    live = {**CREDENTIALS, "environment": "live", "live_url_prefix": "1797a841fbb37ca7-PaywireDemo"}
    with paywire.Client("adyen", credentials=live) as client:
        with pytest.raises(paywire.InvalidRequestError) as err:
            client.customers.create(merchant_customer_id="user_42", test_mode=True)
        assert err.value.fields == ("test_mode",)
        assert FAKE_KEY not in str(err.value)
        assert client.customers.create(merchant_customer_id="user_42", test_mode=False).connector_customer_id


def test_errors_never_echo_personal_data(create: Any) -> None:
    with pytest.raises(paywire.InvalidRequestError) as err:
        create(
            merchant_customer_id="jane.roe@example.com",
            email="jane.roe@example.com",
            customer_name="Cherilyn",
            metadata={"note": "x" * 81},
        )
    text = str(err.value)
    assert "jane.roe" not in text
    assert "Cherilyn" not in text
    assert "x" * 81 not in text
    assert set(err.value.fields) == {"merchant_customer_id", "customer_name", "metadata.note"}
