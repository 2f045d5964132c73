"""The same customer through Mollie's official Python client (mollie-api-python, a test-only
dependency) and through paywire, to the fake Mollie on 127.0.0.1: the two requests must say the
same thing. The client's data is written here from Mollie's Create customer reference
(docs.mollie.com/reference/create-customer), not from the connector's output."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mollie_fake import FakeMollie, Received
from mollie_helpers import TEST_KEY, served
from test_mollie_clients import REQUEST

import paywire
from paywire_mollie import MERCHANT_ID_METADATA_KEY

mollie_client = pytest.importorskip("mollie.api.client")
mollie_error = pytest.importorskip("mollie.api.error")

# REQUEST (test_mollie_clients.py) in Mollie's words: one locale of its list, the merchant's id in
# the metadata key paywire documents.
MOLLIE_DATA: dict[str, Any] = {
    "name": "Zoë Ñúñez",
    "email": "zoe+vip@example.com",
    "locale": "nl_BE",
    "metadata": {"plan": "gold", "note": "café ☕", MERCHANT_ID_METADATA_KEY: "user_42"},
}
HEADERS_MOLLIE_READS = ("authorization", "content-type", "accept", "idempotency-key")


def _sdk(url: str) -> Any:
    client = mollie_client.Client(api_endpoint=url, retry=0)
    client.set_api_key(TEST_KEY)
    return client


def _through_the_sdk(data: dict[str, Any]) -> tuple[Received, Any]:
    with FakeMollie() as server:
        customer = _sdk(server.url).customers.create(data, idempotency_key="order-1001")
        return server.received[0], customer


def _through_paywire(request: dict[str, Any]) -> tuple[Received, paywire.CreateCustomerResponse]:
    with served() as (server, client):
        customer = client.customers.create(request, idempotency_key="order-1001")
        return server.received[0], customer


def test_paywire_sends_what_mollies_own_client_sends() -> None:
    (sdk, sdk_customer), (ours, our_customer) = _through_the_sdk(MOLLIE_DATA), _through_paywire(REQUEST)
    assert (ours.method, ours.path) == (sdk.method, sdk.path) == ("POST", "/v2/customers")
    assert ours.json() == sdk.json() == MOLLIE_DATA
    assert {h: ours.headers.get(h) for h in HEADERS_MOLLIE_READS} == {
        h: sdk.headers.get(h) for h in HEADERS_MOLLIE_READS
    }
    # Both read the same customer out of Mollie's reply (the fake's ids follow the raw body, and
    # the client spaces its JSON: the ids differ, their form does not).
    assert sdk_customer.id.startswith("cst_") and our_customer.connector_customer_id.startswith("cst_")
    assert sdk_customer.locale == "nl_BE" and sdk_customer.metadata == MOLLIE_DATA["metadata"]


def test_the_bodies_differ_only_in_json_spacing_and_escapes() -> None:
    (sdk, _), (ours, _) = _through_the_sdk(MOLLIE_DATA), _through_paywire(REQUEST)
    assert sdk.body == json.dumps(MOLLIE_DATA).encode()  # ", " and ": ", \\u escapes
    assert ours.body == paywire.json_body(MOLLIE_DATA)  # compact, UTF-8 as is


def test_a_422_names_the_same_field_for_both() -> None:
    with FakeMollie() as server:
        with pytest.raises(mollie_error.UnprocessableEntityError) as sdk_error:
            _sdk(server.url).customers.create({"email": "rejected@example.com"})
        with (
            paywire.Client("mollie", credentials={"api_key": TEST_KEY}, base_url=server.url) as client,
            pytest.raises(paywire.ConnectorError) as ours,
        ):
            client.customers.create(email="rejected@example.com")
    assert (
        (ours.value.status_code, ours.value.param) == (sdk_error.value.status, sdk_error.value.field) == (422, "email")
    )
    assert ours.value.connector_message == str(sdk_error.value)


def test_both_refuse_a_wrong_key_as_unauthorized() -> None:
    with FakeMollie(accepted_keys=set()) as server:
        with pytest.raises(mollie_error.UnauthorizedError):
            _sdk(server.url).customers.create({"email": "jane@example.com"})
        with (
            paywire.Client("mollie", credentials={"api_key": TEST_KEY}, base_url=server.url) as client,
            pytest.raises(paywire.ConnectorError) as ours,
        ):
            client.customers.create(email="jane@example.com")
    assert ours.value.code is paywire.ErrorCode.AUTHENTICATION_FAILED


@pytest.mark.parametrize(
    "key", ["test_abc", "live_abc", "test_a_b_1", "access_abc", "sk_test_abc", "test_", "test-abc", "Test_abc"]
)
def test_keys_are_accepted_as_the_client_accepts_them(key: str) -> None:
    """The client's ``^(live|test)_\\w+$``, without the whitespace it strips (never sent here)."""
    try:
        mollie_client.Client.validate_api_key(key)
        sdk_accepts = True
    except mollie_error.RequestSetupError:
        sdk_accepts = False
    try:
        paywire.Client("mollie", credentials={"api_key": key}).close()
        ours = True
    except paywire.ConfigurationError:
        ours = False
    assert ours is sdk_accepts


def test_the_client_refuses_testmode_with_an_api_key_as_paywire_does() -> None:
    client = _sdk("http://127.0.0.1:9")
    client.set_testmode(True)
    with pytest.raises(mollie_error.RequestSetupError):
        client.customers.create({"email": "jane@example.com"})
    with (
        paywire.Client("mollie", credentials={"api_key": TEST_KEY}) as ours,
        pytest.raises(paywire.InvalidRequestError) as info,
    ):
        ours.customers.prepare({"connector_feature_data": {"testmode": True}})
    assert info.value.fields == ("connector_feature_data",)
