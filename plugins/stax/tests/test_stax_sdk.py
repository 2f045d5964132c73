"""The same customer through Stax's official Python SDK (``fattmerchant`` 2.0.1, a test-only
dependency) and through paywire, to the fake Stax on 127.0.0.1: the two requests must say the
same thing. The SDK's payload is written from Stax's reference (the ``create-customer`` fields,
as the SDK's ``CustomersController.create`` docstring lists them), not from the connector's output.

The SDK has no supported way to choose a base URL (only its fixed prod/demo/dev/local hosts), so
the test points its ``request.api["core"]`` at the fake. It sends ``json.dumps(payload)`` (with
spaces), so bodies are compared parsed; its ``User-Agent`` is requests' own."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import pytest
from stax_fake import TEST_KEY, FakeStax, Received
from test_stax_clients import REQUEST

import paywire

_root = logging.getLogger()
_saved = (_root.level, list(_root.handlers))
pytest.importorskip("fattmerchant")  # its __init__ calls logging.basicConfig(level=INFO): undone below
_root.setLevel(_saved[0])
_root.handlers[:] = _saved[1]

from fattmerchant.client import FMClient  # type: ignore[import-untyped]  # noqa: E402
from fattmerchant.exceptions import InvalidRequestDataException, InvalidTokenException  # type: ignore[import-untyped]  # noqa: E402

# REQUEST (test_stax_clients.py) in Stax's words: the phone as digits, the country alpha-3, the
# merchant's own id in ``reference`` and the description in ``notes``.
SDK_PAYLOAD: dict[str, Any] = {
    "firstname": "Zoë",
    "lastname": "Roe",
    "company": "Roe & Co",
    "email": "zoe+vip@example.com",
    "phone": "14155550100",
    "address_1": "1 Main St",
    "address_2": "Unit 12",
    "address_city": "Orlando",
    "address_state": "FL",
    "address_zip": "32801",
    "address_country": "USA",
    "reference": "user_42",
    "notes": "Gold & silver",
}
MEANINGFUL_HEADERS = ("authorization", "content-type", "accept")
"""What Stax reads: the key, and the JSON it is told to expect and answer ("application/json for the
Accept and Content-Type headers in each POST")."""


def _through_the_sdk() -> tuple[Received, Any]:
    with FakeStax() as server:
        client = FMClient(TEST_KEY)
        client.customers.request.api["core"] = server.url
        customer = client.customers.create(SDK_PAYLOAD)
        return server.received[0], customer


def _through_paywire() -> tuple[Received, paywire.CreateCustomerResponse]:
    with FakeStax() as server, paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url) as c:
        customer = c.customers.create(REQUEST)
        return server.received[0], customer


def test_paywire_sends_what_the_official_sdk_sends() -> None:
    (sdk, sdk_customer), (ours, our_customer) = _through_the_sdk(), _through_paywire()
    assert (ours.method, ours.path) == (sdk.method, sdk.path) == ("POST", "/customer")
    assert json.loads(ours.body) == json.loads(sdk.body)
    assert {h: ours.headers.get(h) for h in MEANINGFUL_HEADERS} == {h: sdk.headers.get(h) for h in MEANINGFUL_HEADERS}
    # Both read the customer Stax answered with (the fake derives ids from the raw bytes, which differ).
    assert uuid.UUID(our_customer.connector_customer_id) and uuid.UUID(sdk_customer.id)


def test_the_sdk_is_stricter_than_stax_and_paywire_follows_stax() -> None:
    """fattmerchant 2.0.1 refuses a customer without all of firstname, lastname, company and email
    as strings; Stax itself needs one of them (its reference and its 422), and so does paywire."""
    with pytest.raises(InvalidRequestDataException):
        FMClient(TEST_KEY).customers.create({"email": "jane@example.com"})
    with FakeStax() as server, paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url) as c:
        assert c.customers.create(email="jane@example.com").status_code == 200


def test_stax_errors_mean_the_same_to_the_sdk_and_to_paywire() -> None:
    """The SDK's exception per status (its request.py) and paywire's canonical code agree."""
    expected = {
        401: (InvalidTokenException, paywire.ErrorCode.AUTHENTICATION_FAILED),
        422: (InvalidRequestDataException, paywire.ErrorCode.INVALID_REQUEST),
    }
    with FakeStax() as server:
        client = FMClient("not-a-stax-key")
        client.customers.request.api["core"] = server.url
        with pytest.raises(expected[401][0]):
            client.customers.create(SDK_PAYLOAD)
        client = FMClient(TEST_KEY)
        client.customers.request.api["core"] = server.url
        with pytest.raises(expected[422][0]):
            client.customers.create({**SDK_PAYLOAD, "email": "rejected@example.com"})
        with paywire.Client("stax", credentials={"api_key": "not-a-stax-key"}, base_url=server.url) as c:
            with pytest.raises(paywire.ConnectorError) as info:
                c.customers.create(REQUEST)
            assert info.value.code is expected[401][1]
        with paywire.Client("stax", credentials={"api_key": TEST_KEY}, base_url=server.url) as c:
            with pytest.raises(paywire.ConnectorError) as info:
                c.customers.create({**REQUEST, "email": "rejected@example.com"})
            assert info.value.code is expected[422][1]
