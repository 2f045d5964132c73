"""What the core does from a connector's declaration, so that no connector repeats it: options,
test vs live, unsupported fields, limits, base URLs, the User-Agent, and the dry run."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import LocalServer
from pydantic import Field, SecretStr

import paywire

BUILT: list[paywire.CreateCustomerRequest] = []


class Keys(paywire.Credentials):
    api_key: SecretStr = Field(examples=["dk_test_1"])
    account: str = "acct1"

    @property
    def live(self) -> bool:
        return self.api_key.get_secret_value().startswith("dk_live_")


INFO = paywire.ConnectorInfo(
    name="declared",
    display_name="Declared",
    credentials=Keys,
    operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
    idempotency=paywire.Idempotency.header("Idem-Key", 40),
    base_url="https://{account}.live.example",
    test_base_url="https://{account}.test.example",
    options=[
        paywire.Option(
            "api_version", "2024-01-01", pattern=r"\d{4}-\d{2}-\d{2}", help="YYYY-MM-DD", header="Api-Version"
        ),
        paywire.Option("region", "eu"),
    ],
    unsupported_fields=frozenset({"description", "address.shipping_address"}),
    limits={
        "merchant_customer_id": paywire.Limit(max_length=5),
        "preferred_locales": paywire.Limit(max_items=1),
        "metadata": paywire.Limit(max_items=2, key_max_length=3, max_length=4),
    },
)


class Declared:
    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return INFO

    @paywire.hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        BUILT.append(request)
        body = paywire.json_body({"region": context.options["region"], "email": paywire.plain(request.email)})
        return paywire.HttpRequest("POST", f"{context.base_url}/customers", {}, body)

    @paywire.hookimpl
    def paywire_create_customer_response(self, response: paywire.HttpResponse) -> str:
        return "d_1"


@pytest.fixture(autouse=True)
def declared() -> Iterator[None]:
    BUILT.clear()
    with paywire.registry().registered(Declared(), name="declared"):
        yield


def client(**kw: Any) -> paywire.Client:
    kw.setdefault("credentials", {"api_key": "dk_test_1"})
    return paywire.Client("declared", **kw)


def test_options_are_checked_once_when_the_client_is_built() -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        client(options={"api_verison": "2024-01-01", "region": ""})
    assert info.value.fields == ("options.api_verison", "options.region")
    assert "did you mean 'api_version'" in str(info.value)
    with pytest.raises(paywire.ConfigurationError, match="YYYY-MM-DD"):
        client(options={"api_version": "latest"})
    assert client().options == {"api_version": "2024-01-01", "region": "eu"}


def test_option_headers_user_agent_and_key_are_sent_by_the_core(local_server: LocalServer) -> None:
    with client(base_url=local_server.url, options={"api_version": "2025-05-05"}) as c:
        c.customers.create(email="jane@example.com", idempotency_key="k-1")
    (seen,) = local_server.requests
    assert seen.headers["api-version"] == "2025-05-05"
    assert seen.headers["idem-key"] == "k-1"
    assert seen.headers["user-agent"] == paywire.USER_AGENT  # an in-process plugin has no distribution
    assert seen.body == b'{"region":"eu","email":"jane@example.com"}'


def test_the_base_url_follows_the_credentials() -> None:
    assert client().base_url == "https://acct1.test.example"
    assert client(credentials={"api_key": "dk_live_1", "account": "shop"}).base_url == "https://shop.live.example"
    assert client(base_url="http://127.0.0.1:8080/").base_url == "http://127.0.0.1:8080"


class AccountKeys(paywire.Credentials):
    api_key: SecretStr = Field(examples=["dk_test_1"])
    prefix: str | None = None


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("shop1", "https://shop1.api.test.example"), (None, "https://api.test.example"), ("", "https://api.test.example")],
)
def test_a_placeholder_opening_the_host_is_an_optional_label(prefix: str | None, expected: str) -> None:
    info = dataclasses.replace(INFO, credentials=AccountKeys, test_base_url="https://{prefix}.api.test.example")
    assert info.base_url_for(AccountKeys(api_key=SecretStr("dk_test_1"), prefix=prefix)) == expected


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"description": "d"}, ["description"]),
        ({"address": {"shipping_address": {"city": "Paris"}}}, ["address.shipping_address.city"]),
        ({"merchant_customer_id": "abcdef"}, ["merchant_customer_id"]),
        ({"preferred_locales": ["en", "fr"]}, ["preferred_locales"]),
        ({"metadata": {"a": "1", "b": "2", "c": "3"}}, ["metadata"]),
        ({"metadata": {"long": "1", "k": "12345"}}, ["metadata.long", "metadata.k"]),
        ({"test_mode": True, "description": "d"}, ["test_mode", "description"]),
    ],
)
def test_what_the_processor_cannot_hold_is_refused_before_anything_is_sent(
    local_server: LocalServer, fields: dict[str, Any], named: list[str]
) -> None:
    live = {"api_key": "dk_live_1"} if fields.get("test_mode") else {"api_key": "dk_test_1"}
    with pytest.raises(paywire.InvalidRequestError) as info, client(credentials=live, base_url=local_server.url) as c:
        c.customers.create(email="jane@example.com", **fields)
    assert list(info.value.fields) == named
    assert local_server.requests == []


class Picky(Declared):
    """Refuses what the core lets through too: the caller must learn every problem at once."""

    @paywire.hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        if request.customer_name == "x":
            raise paywire.InvalidRequestError("no", [paywire.FieldError("customer_name", "too short for Declared")])
        return super().paywire_create_customer_request(request, context)


def test_the_connectors_own_refusals_come_with_the_cores(local_server: LocalServer) -> None:
    with (
        paywire.registry().registered(_with_info(INFO, "picky", Picky), name="picky"),
        paywire.Client("picky", credentials={"api_key": "dk_test_1"}, base_url=local_server.url) as c,
        pytest.raises(paywire.InvalidRequestError) as info,
    ):
        c.customers.create(customer_name="x", description="d")
    assert info.value.fields == ("description", "customer_name")
    assert local_server.requests == []


def test_what_fits_reaches_the_hook(local_server: LocalServer) -> None:
    with client(base_url=local_server.url) as c:
        c.customers.create(merchant_customer_id="abcde", preferred_locales=["en"], metadata={"abc": "1234"})
        c.customers.create(test_mode=True)  # test credentials: no contradiction
    assert len(BUILT) == 2 and len(local_server.requests) == 2


def test_prepare_is_the_request_create_sends(local_server: LocalServer) -> None:
    c = client(base_url=local_server.url)
    prepared = c.customers.prepare(email="jane@example.com", idempotency_key="k-2")
    c.customers.create(email="jane@example.com", idempotency_key="k-2")
    (seen,) = local_server.requests
    assert seen.body == prepared.body
    sent = {k: v for k, v in seen.headers.items() if k in {h.lower() for h in prepared.headers}}
    assert sent == {k.lower(): v for k, v in prepared.headers.items()}
    with pytest.raises(paywire.NotSupportedError):
        paywire.Client("sandbox").customers.prepare(email="jane@example.com")


def test_status_error_and_unparseable_are_completed_by_the_core(local_server: LocalServer) -> None:
    local_server.reply = lambda seen: (503, {"request-id": "req_7"}, b"<html>down</html>")
    info = dataclasses.replace(INFO, request_id_header="request-id")
    with (
        paywire.registry().registered(_with_info(info, "declared2"), name="declared2"),
        paywire.Client(
            "declared2", credentials={"api_key": "dk_test_1"}, base_url=local_server.url, max_retries=0
        ) as c,
        pytest.raises(paywire.ConnectorError) as error,
    ):
        c.customers.create()
    assert (error.value.connector, error.value.request_id, error.value.status_code) == ("declared2", "req_7", 503)
    assert error.value.code is paywire.ErrorCode.PROCESSOR_UNAVAILABLE
    unreadable = paywire.unparseable(paywire.HttpResponse(200, {}, b"<html/>"), "it holds no id")
    assert unreadable.code is paywire.ErrorCode.UNPARSEABLE_RESPONSE and "it holds no id" in str(unreadable)


def _with_info(info: paywire.ConnectorInfo, name: str, base: type[Declared] = Declared) -> Declared:
    class Renamed(base):  # type: ignore[valid-type,misc]
        @paywire.hookimpl
        def paywire_connector(self) -> paywire.ConnectorInfo:
            return dataclasses.replace(info, name=name)

    return Renamed()


def test_basic_auth_and_json_body_helpers() -> None:
    assert paywire.basic_auth("user", "pässword") == "Basic dXNlcjpww6Rzc3dvcmQ="
    assert paywire.basic_auth("sk_test_1") == "Basic c2tfdGVzdF8xOg=="
    assert paywire.json_body({"name": "Zoë", "n": [1]}) == '{"name":"Zoë","n":[1]}'.encode()
