"""The same customer through Checkout.com's official Python SDK (checkout-sdk 4.8.1, a test-only
dependency) and through paywire, to the fake Checkout.com on 127.0.0.1: the two requests must say
the same thing, to the same URL. The SDK's request is written here from Checkout.com's API
reference (``StoreCustomerRequest``), not from the connector's output.

The SDK is built the way Checkout.com documents (``environment_subdomain(prefix)``); its
``requests`` session is mounted with an adapter that records the URL the SDK chose and hands the
request to the fake instead.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from checkout_fake import FakeCheckout, Received, Reply
from checkout_helpers import LIVE_KEY, PREFIX, TEST_KEY, client, credentials
from test_checkout_clients import REQUEST

import paywire

checkout_sdk = pytest.importorskip("checkout_sdk")
# The SDK warns on build that its risk module is deprecated: not ours to act on.
pytestmark = pytest.mark.filterwarnings("ignore:Risk endpoints:DeprecationWarning")

from checkout_sdk.checkout_sdk import CheckoutSdk  # type: ignore[import-untyped]  # noqa: E402
from checkout_sdk.common.common import Phone  # type: ignore[import-untyped]  # noqa: E402
from checkout_sdk.customers.customers import CustomerRequest  # type: ignore[import-untyped]  # noqa: E402
from checkout_sdk.default_sdk import StaticKeys  # type: ignore[import-untyped]  # noqa: E402
from checkout_sdk.environment import Environment  # type: ignore[import-untyped]  # noqa: E402
from checkout_sdk.environment_subdomain import EnvironmentSubdomain  # type: ignore[import-untyped]  # noqa: E402
from checkout_sdk.exception import CheckoutApiException  # type: ignore[import-untyped]  # noqa: E402
from checkout_sdk.http_client_interface import HttpClientBuilderInterface  # type: ignore[import-untyped]  # noqa: E402
from requests import PreparedRequest, Response, Session  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402

MEANINGFUL_HEADERS = ("authorization", "content-type", "accept", "cko-idempotency-key")
"""What Checkout.com reads of a create request (the SDK sends an idempotency key only when given one)."""


class ToLoopback(HTTPAdapter):
    """Remembers the URL the SDK chose, then sends the request to the fake at ``target``."""

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = target
        self.urls: list[str] = []

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:  # type: ignore[override]
        assert request.url is not None
        self.urls.append(request.url)
        request.url = self.target + urlsplit(request.url).path
        return super().send(request, **kwargs)


class Routed(HttpClientBuilderInterface):  # type: ignore[misc]
    def __init__(self, target: str) -> None:
        self.adapter = ToLoopback(target)
        self.session = Session()
        self.session.trust_env = False
        self.session.mount("https://", self.adapter)

    def get_client(self) -> Any:
        return self.session


def sdk_api(routed: Routed, key: str = TEST_KEY) -> Any:
    return (
        CheckoutSdk.builder()
        .secret_key(key)
        .environment(Environment.sandbox())
        .environment_subdomain(PREFIX)
        .http_client_builder(routed)
        .build()
    )


def sdk_customer(email: str = "zoe+vip@example.com") -> Any:
    """REQUEST in Checkout.com's words: the phone split into calling code and number, the merchant's
    id in the metadata key paywire-checkout documents."""
    phone = Phone()
    phone.country_code = "+1"
    phone.number = "4155552671"
    customer = CustomerRequest()
    customer.email = email
    customer.name = "Zoë Roe"
    customer.phone = phone
    customer.metadata = {"plan": "gold", "k 2": "v&x", paywire.MERCHANT_ID_METADATA_KEY: "user_42"}
    return customer


def through_the_sdk() -> tuple[Received, str, Any]:
    with FakeCheckout() as server:
        routed = Routed(server.url)
        response = sdk_api(routed).customers.create(sdk_customer())
        return server.received[0], routed.adapter.urls[0], response


def through_paywire() -> tuple[Received, str]:
    with FakeCheckout() as server, client(base_url=server.url) as c:
        c.customers.create(REQUEST)
        received = server.received[0]
    with client() as default:  # where paywire sends it without base_url=
        url = default.customers.prepare(REQUEST).url
    return received, url


def test_paywire_sends_what_the_official_sdk_sends() -> None:
    (sdk, sdk_url, _), (ours, our_url) = through_the_sdk(), through_paywire()
    assert our_url == sdk_url == f"https://{PREFIX}.api.sandbox.checkout.com/customers"
    assert (ours.method, ours.path) == (sdk.method, sdk.path) == ("POST", "/customers")
    assert json.loads(ours.body) == json.loads(sdk.body)  # the SDK sorts keys and uses ", "/": "
    assert {h: ours.headers.get(h) for h in MEANINGFUL_HEADERS} == {h: sdk.headers.get(h) for h in MEANINGFUL_HEADERS}


def test_both_read_the_created_customer_alike() -> None:
    documented = Reply(201, {"id": "cus_y3oqhf46pyzuxjbcn2giaqnb44"})  # StoreCustomerResponse's example
    with FakeCheckout(script=[documented]) as server:
        sdk_response = sdk_api(Routed(server.url)).customers.create(sdk_customer())
    with FakeCheckout(script=[documented]) as server, client(base_url=server.url) as c:
        ours = c.customers.create(REQUEST)
    assert ours.connector_customer_id == sdk_response.id == "cus_y3oqhf46pyzuxjbcn2giaqnb44"
    assert ours.status_code == sdk_response.http_metadata.status_code == 201


@pytest.mark.parametrize(
    ("key", "email", "status"),
    [(TEST_KEY, "rejected@example.com", 422), ("sk_sbox_paywireharnessfakekey222222", "jane@example.com", 401)],
)
def test_both_read_an_error_alike(key: str, email: str, status: int) -> None:
    with FakeCheckout() as server:
        with pytest.raises(CheckoutApiException) as sdk_error:
            sdk_api(Routed(server.url), key).customers.create(sdk_customer(email))
        sdk_request_id = server.request_ids[-1]
    with (
        FakeCheckout() as server,
        paywire.Client("checkout", credentials=credentials(key=key), base_url=server.url) as c,
        pytest.raises(paywire.ConnectorError) as ours,
    ):
        c.customers.create({**REQUEST, "email": email})
    sdk = sdk_error.value
    assert ours.value.status_code == sdk.http_metadata.status_code == status
    assert ours.value.request_id == server.request_ids[-1] and sdk.request_id == sdk_request_id
    assert ours.value.details.get("error_type") == sdk.error_type
    assert ours.value.details.get("error_codes", "") == ", ".join(sdk.error_details or [])


@pytest.mark.parametrize("key", [TEST_KEY, LIVE_KEY])
def test_the_hosts_are_the_sdks(key: str) -> None:
    live = not key.startswith("sk_sbox_")
    environment = Environment.production() if live else Environment.sandbox()
    with client(key=key) as prefixed, client(key=key, prefix=None) as shared:
        assert prefixed.base_url + "/" == EnvironmentSubdomain(environment, PREFIX).base_uri
        assert shared.base_url + "/" == environment.base_uri


def test_the_key_pattern_is_the_sdks() -> None:
    from paywire_checkout._credentials import PREFIX as OUR_PREFIX
    from paywire_checkout._credentials import SECRET_KEY

    assert SECRET_KEY.pattern == StaticKeys._SECRET_KEY_PATTERN
    for prefix in ("vkuhvk4v", "pl-vkuhvk4v", "cli_vkuhvk4v", "VKUHVK4V", "a.b"):
        try:
            EnvironmentSubdomain.create_url_with_subdomain("https://api.checkout.com/", prefix)
            sdk_accepts = True
        except checkout_sdk.exception.CheckoutArgumentException:
            sdk_accepts = False
        assert bool(OUR_PREFIX.fullmatch(prefix)) == sdk_accepts == bool(re.fullmatch(r"(?:pl-)?[a-z0-9]+", prefix))
