"""Broken plugins: a hook that raises or returns the wrong type becomes a PluginError naming the
plugin, carrying the call's idempotency key and no credential; other plugins keep working.
(A hook that hangs is the harness's to catch: see harness/tests/test_runner.py.)"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import SecretStr

import paywire
from paywire import hookimpl

KEY = "sk_test_FAKE0plugin0fault0key00"

LocalServer = Any  # conftest.LocalServer (the name "conftest" is ambiguous to mypy across test folders)


HEADER_KEY = paywire.Idempotency.header("Idempotency-Key", 64)


class Creds(paywire.Credentials):
    api_key: SecretStr


def _request(request: paywire.CreateCustomerRequest, credentials: Creds, context: paywire.OperationContext) -> Any:
    return paywire.HttpRequest(
        "POST", f"{context.base_url}/customers", {"authorization": f"Bearer {credentials.api_key.get_secret_value()}"}
    )


def _response(request: paywire.CreateCustomerRequest, response: paywire.HttpResponse) -> Any:
    return json.loads(response.body)["id"]


class Plugin:
    """A connector whose hooks are given as functions, so each test can break one."""

    def __init__(
        self,
        name: str,
        build: Callable[..., Any] = _request,
        handle: Callable[..., Any] = _response,
        error: Callable[..., Any] | None = None,
        idempotency: paywire.Idempotency = HEADER_KEY,
    ) -> None:
        self.name, self.build, self.handle, self.error, self.idempotency = name, build, handle, error, idempotency

    @hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name=self.name,
            display_name=self.name,
            credentials=Creds,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
            idempotency=self.idempotency,
        )

    @hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, credentials: Creds, context: paywire.OperationContext
    ) -> Any:
        return self.build(request, credentials, context)

    @hookimpl
    def paywire_create_customer_response(
        self, request: paywire.CreateCustomerRequest, response: paywire.HttpResponse
    ) -> Any:
        return self.handle(request, response)

    @hookimpl
    def paywire_error(self, response: paywire.HttpResponse) -> Any:
        return self.error(response) if self.error else None


@pytest.fixture
def register() -> Iterator[Callable[[Plugin], str]]:
    names: list[str] = []

    def add(plugin: Plugin) -> str:
        paywire.registry().register(plugin, name=plugin.name)
        names.append(plugin.name)
        return plugin.name

    yield add
    for name in names:
        paywire.registry().unregister(name)


def _client(name: str, server: LocalServer, **kw: Any) -> paywire.Client:
    return paywire.Client(name, credentials={"api_key": KEY}, base_url=server.url, **kw)


def _assert_clean(exc: BaseException) -> None:
    """Neither the error nor anything chained to it quotes the credential."""
    seen: BaseException | None = exc
    while seen is not None:
        assert KEY not in str(seen) and KEY not in repr(seen)
        assert all(KEY not in str(a) for a in seen.args)
        seen = seen.__cause__ or seen.__context__


def test_a_raising_build_hook_is_a_plugin_error_without_the_credential(
    register: Callable[[Plugin], str], local_server: LocalServer
) -> None:
    def build(request: Any, credentials: Creds, context: Any) -> Any:
        raise ValueError(f"cannot use key {credentials.api_key.get_secret_value()}")

    name = register(Plugin("raises", build=build))
    with pytest.raises(paywire.PluginError) as info:
        _client(name, local_server).customers.create(email="jane@example.com", idempotency_key="k-1")
    assert info.value.plugin == "raises"
    assert info.value.idempotency_key == "k-1"
    assert "ValueError" in str(info.value)
    _assert_clean(info.value)
    assert local_server.requests == []


@pytest.mark.parametrize("bad", [{"url": "x"}, None, "POST /customers", 42])
def test_a_build_hook_returning_the_wrong_type(
    register: Callable[[Plugin], str], local_server: LocalServer, bad: object
) -> None:
    name = register(Plugin("wrongtype", build=lambda *a: bad))
    with pytest.raises(paywire.PluginError, match="not HttpRequest") as info:
        _client(name, local_server).customers.create(email="jane@example.com")
    assert info.value.plugin == "wrongtype"
    assert info.value.idempotency_key
    assert local_server.requests == []


def test_the_core_puts_the_key_where_declared_whatever_the_hook_wrote(
    register: Callable[[Plugin], str], local_server: LocalServer
) -> None:
    def build(request: Any, credentials: Creds, context: Any) -> Any:
        return paywire.HttpRequest(
            "POST", f"{context.base_url}/customers", {"idempotency-key": "stale", "user-agent": "mine"}, b"{}"
        )

    name = register(Plugin("ownkey", build=build))
    _client(name, local_server).customers.create(email="jane@example.com", idempotency_key="k-9")
    (seen,) = local_server.requests
    assert seen.headers["idempotency-key"] == "k-9"  # one header, the call's key
    assert seen.headers["user-agent"] == "mine"  # the connector's own header wins over the core's


def test_a_body_key_needs_a_json_object_body(register: Callable[[Plugin], str], local_server: LocalServer) -> None:
    def build(request: Any, credentials: Creds, context: Any) -> Any:
        return paywire.HttpRequest("POST", f"{context.base_url}/customers", {}, b"email=x")

    name = register(Plugin("formbody", build=build, idempotency=paywire.Idempotency.body("request_id")))
    with pytest.raises(paywire.PluginError, match="JSON object body"):
        _client(name, local_server).customers.create(email="jane@example.com")
    assert local_server.requests == []  # nothing sent without the key: a retry would be unsafe


@pytest.mark.parametrize(
    "handle",
    [lambda *a: {"id": "cus_1"}, lambda *a: "", lambda *a: (_ for _ in ()).throw(KeyError("id"))],
    ids=["wrong type", "empty id", "raises"],
)
def test_a_broken_response_hook_after_2xx_says_the_processor_acted(
    register: Callable[[Plugin], str], local_server: LocalServer, handle: Callable[..., Any]
) -> None:
    name = register(Plugin("badreply", handle=handle))
    with pytest.raises(paywire.PluginError) as info:
        _client(name, local_server).customers.create(email="jane@example.com", idempotency_key="k-2")
    assert info.value.plugin == "badreply"
    assert info.value.idempotency_key == "k-2"
    assert "reconcile" in str(info.value)
    assert len(local_server.requests) == 1  # not retried: a plugin bug is not a network fault


def test_an_error_hook_returning_the_wrong_type(register: Callable[[Plugin], str], local_server: LocalServer) -> None:
    local_server.reply = lambda seen: (400, {}, b"{}")
    name = register(Plugin("baderror", error=lambda response: "not an error"))
    with pytest.raises(paywire.PluginError, match="not ConnectorError") as info:
        _client(name, local_server).customers.create(email="jane@example.com")
    assert info.value.plugin == "baderror"


class Observer:
    def __init__(self, behave: Callable[[paywire.OperationEvent], None]) -> None:
        self.behave = behave

    @hookimpl
    def paywire_operation_finished(self, event: paywire.OperationEvent) -> None:
        self.behave(event)


def test_a_raising_observer_never_breaks_a_call(register: Callable[[Plugin], str], local_server: LocalServer) -> None:
    good = register(Plugin("observed"))
    seen: list[paywire.OperationEvent] = []

    def behave(event: paywire.OperationEvent) -> None:
        seen.append(event)
        raise ZeroDivisionError

    with paywire.registry().registered(Observer(behave), name="observer"):
        client = _client(good, local_server)
        assert client.customers.create(email="jane@example.com").connector_customer_id == "cus_1"
    assert [e.outcome for e in seen] == ["success"]


def test_a_plugin_that_fails_to_describe_itself_leaves_others_working(
    register: Callable[[Plugin], str], local_server: LocalServer
) -> None:
    class Broken:
        @hookimpl
        def paywire_connector(self) -> paywire.ConnectorInfo:
            raise RuntimeError("boom")

    good = register(Plugin("survivor"))
    with paywire.registry().registered(Broken(), name="broken") as record:
        assert record.status == "failed"
        with pytest.raises(paywire.PluginError, match="broken"):
            paywire.Client("broken")
        assert _client(good, local_server).customers.create(email="jane@example.com").connector_customer_id == "cus_1"
