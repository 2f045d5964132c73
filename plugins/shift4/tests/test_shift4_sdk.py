"""The same customer through Shift4's official Python library (``shift4`` 2.1.0 on PyPI, a
test-only dependency) and through paywire, to the fake Shift4 on 127.0.0.1: the two requests must
say the same thing. The library's parameters are written here from Shift4's field names
(shift4-java ``CustomerRequest``/``BillingRequest``/``AddressRequest``), not from the connector's
output. shift4 2.1.0 predates ``phoneNumber`` and ``billing`` but sends any dict as JSON.

The library keeps its configuration in module globals (``shift4.secret_key``, ``shift4.api_url``)
and takes the idempotency key as a plain dict ``request_options={"idempotency_key": ...}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from shift4_fake import FakeShift4, Received
from shift4_helpers import TEST_KEY
from test_shift4_clients import REQUEST

import paywire
import paywire_shift4

shift4 = pytest.importorskip("shift4")

# REQUEST (test_shift4_clients.py) in Shift4's words.
SHIFT4_PARAMS: dict[str, Any] = {
    "email": "zoe+vip@example.com",
    "phoneNumber": "+14155550100",
    "description": "Gold & silver",
    "metadata": {"plan": "gold", "k 2": "v&x", paywire_shift4.MERCHANT_ID_METADATA_KEY: "user_42"},
    "billing": {
        "name": "Zoë Roe",
        "address": {"line1": "Straße 1", "zip": "80331", "city": "München", "country": "DE"},
        "phone": "+49891234567",
    },
}
HEADERS_SHIFT4_READS = ("authorization", "content-type", "idempotency-key")


@pytest.fixture
def library() -> Iterator[Any]:
    """The library's module globals, restored afterwards."""
    saved = shift4.secret_key, shift4.api_url
    shift4.secret_key = TEST_KEY
    yield shift4
    shift4.secret_key, shift4.api_url = saved


def _through_the_library(library: Any, params: dict[str, Any]) -> tuple[Received, Any]:
    with FakeShift4() as server:
        library.api_url = server.url
        created = library.customers.create(params, request_options={"idempotency_key": "order-1001"})
        return server.received[0], created


def _through_paywire(request: dict[str, Any]) -> tuple[Received, paywire.CreateCustomerResponse]:
    with (
        FakeShift4() as server,
        paywire.Client("shift4", credentials={"secret_key": TEST_KEY}, base_url=server.url) as client,
    ):
        created = client.customers.create(request, idempotency_key="order-1001")
        return server.received[0], created


@pytest.mark.parametrize(
    ("request_data", "params"),
    [(REQUEST, SHIFT4_PARAMS), ({"email": "jane@example.com"}, {"email": "jane@example.com"})],
    ids=["full", "minimal"],
)
def test_paywire_sends_what_shift4s_own_library_sends(
    library: Any, request_data: dict[str, Any], params: dict[str, Any]
) -> None:
    (sdk, sdk_customer), (ours, our_customer) = _through_the_library(library, params), _through_paywire(request_data)
    assert (ours.method, ours.path) == (sdk.method, sdk.path) == ("POST", "/customers")
    assert ours.json() == sdk.json()
    assert {h: ours.headers.get(h) for h in HEADERS_SHIFT4_READS} == {
        h: sdk.headers.get(h) for h in HEADERS_SHIFT4_READS
    }
    # The fake derives ids from the key and the body's bytes, which differ in whitespace only.
    assert sdk_customer["id"].startswith("cust_") and our_customer.connector_customer_id.startswith("cust_")


def test_the_library_reads_shift4s_errors_as_paywire_does(library: Any) -> None:
    with pytest.raises(shift4.Shift4Exception) as info:
        _through_the_library(library, {"description": "no e-mail"})
    assert (info.value.type, info.value.code, info.value.message) == (
        "invalid_request",
        None,
        "email: Must not be empty.",
    )


def test_the_library_sees_the_same_idempotency_conflict(library: Any) -> None:
    with FakeShift4() as server:
        library.api_url = server.url
        options = {"idempotency_key": "k-conflict"}
        library.customers.create({"email": "a@example.com", "description": "one"}, request_options=options)
        with pytest.raises(shift4.Shift4Exception) as info:
            library.customers.create({"email": "a@example.com", "description": "two"}, request_options=options)
    assert info.value.message == paywire_shift4.IDEMPOTENCY_CONFLICT_MESSAGE


def test_the_pinned_library_is_the_one_compared() -> None:
    from shift4.__version__ import __version__  # type: ignore[import-untyped]

    assert __version__ == "2.1.0"
