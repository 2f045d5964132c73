"""Broken plugins: a hook that raises, returns the wrong type or hangs becomes a PluginError naming
the plugin, carrying the call's idempotency key and no credential; other plugins keep working."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import SecretStr

import paywire
from paywire import hookimpl
from paywire._watchdog import watchdog

KEY = "sk_test_FAKE0plugin0fault0key00"

LocalServer = Any  # conftest.LocalServer (the name "conftest" is ambiguous to mypy across test folders)


class Creds(paywire.Credentials):
    api_key: SecretStr


def _request(request: paywire.CreateCustomerRequest, credentials: Creds, context: paywire.OperationContext) -> Any:
    return paywire.HttpRequest(
        "POST",
        f"{context.base_url}/customers",
        {
            "authorization": f"Bearer {credentials.api_key.get_secret_value()}",
            "idempotency-key": context.idempotency_key,
        },
        b"{}",
    )


def _response(request: paywire.CreateCustomerRequest, response: paywire.HttpResponse) -> Any:
    return paywire.CreateCustomerResponse(connector_customer_id=json.loads(response.body)["id"])


class Plugin:
    """A connector whose hooks are given as functions, so each test can break one."""

    def __init__(
        self,
        name: str,
        build: Callable[..., Any] = _request,
        handle: Callable[..., Any] = _response,
        error: Callable[..., Any] | None = None,
    ) -> None:
        self.name, self.build, self.handle, self.error = name, build, handle, error

    @hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name=self.name,
            display_name=self.name,
            credentials=Creds,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
            idempotency=paywire.Idempotency("header", "Idempotency-Key", 64),
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


def test_a_request_without_the_declared_idempotency_key_is_refused(
    register: Callable[[Plugin], str], local_server: LocalServer
) -> None:
    def build(request: Any, credentials: Creds, context: Any) -> Any:
        return paywire.HttpRequest("POST", f"{context.base_url}/customers", {}, b"{}")

    name = register(Plugin("nokey", build=build))
    with pytest.raises(paywire.PluginError, match="idempotency key"):
        _client(name, local_server).customers.create(email="jane@example.com")
    assert local_server.requests == []  # retrying it would have been unsafe: nothing is sent


@pytest.mark.parametrize(
    "handle",
    [lambda *a: {"id": "cus_1"}, lambda *a: (_ for _ in ()).throw(KeyError("id"))],
    ids=["wrong type", "raises"],
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


def _spin(*args: Any) -> Any:
    while True:
        pass


def test_a_hook_stuck_in_a_loop_is_stopped_and_others_keep_working(
    register: Callable[[Plugin], str], local_server: LocalServer
) -> None:
    stuck = register(Plugin("stuck", build=_spin))
    good = register(Plugin("good"))
    timeout = paywire.Timeout(hook=0.2)
    started = time.monotonic()
    with pytest.raises(paywire.PluginError, match="did not finish within") as info:
        _client(stuck, local_server, timeout=timeout).customers.create(email="jane@example.com", idempotency_key="k-3")
    assert time.monotonic() - started < 0.2 + 0.2
    assert info.value.plugin == "stuck"
    assert info.value.idempotency_key == "k-3"
    # The thread is usable again, and the other connector is unaffected.
    assert _client(good, local_server).customers.create(email="jane@example.com").connector_customer_id == "cus_1"


def test_a_hook_that_swallows_exceptions_is_still_stopped(
    register: Callable[[Plugin], str], local_server: LocalServer
) -> None:
    def stubborn(*args: Any) -> Any:
        while True:
            try:
                while True:
                    pass
            except Exception:  # noqa: S112 - the point: HookTimeout is not an Exception
                continue

    name = register(Plugin("stubborn", build=stubborn))
    with pytest.raises(paywire.PluginError, match="did not finish"):
        _client(name, local_server, timeout=paywire.Timeout(hook=0.1)).customers.create(email="jane@example.com")


def test_a_hook_stuck_in_a_loop_is_stopped_in_async_clients(
    register: Callable[[Plugin], str], local_server: LocalServer
) -> None:
    stuck = register(Plugin("astuck", handle=_spin))

    async def call() -> None:
        async with paywire.AsyncClient(
            stuck, credentials={"api_key": KEY}, base_url=local_server.url, timeout=paywire.Timeout(hook=0.2)
        ) as client:
            await client.customers.create(email="jane@example.com")

    with pytest.raises(paywire.PluginError, match="did not finish") as info:
        asyncio.run(call())
    assert info.value.plugin == "astuck"


def test_a_hook_blocked_in_c_code_fails_when_it_returns(
    register: Callable[[Plugin], str], local_server: LocalServer
) -> None:
    """A C call cannot be interrupted: the hook is failed as soon as it returns, never trusted."""

    def sleepy(*args: Any) -> Any:
        time.sleep(0.3)
        return _request(*args)

    name = register(Plugin("sleepy", build=sleepy))
    with pytest.raises(paywire.PluginError, match="did not finish"):
        _client(name, local_server, timeout=paywire.Timeout(hook=0.1)).customers.create(email="jane@example.com")
    assert local_server.requests == []


class Observer:
    def __init__(self, behave: Callable[[paywire.OperationEvent], None]) -> None:
        self.behave = behave

    @hookimpl
    def paywire_operation_finished(self, event: paywire.OperationEvent) -> None:
        self.behave(event)


@pytest.mark.parametrize("behave", [lambda e: 1 / 0, _spin], ids=["raises", "hangs"])
def test_a_broken_observer_never_breaks_a_call(
    register: Callable[[Plugin], str], local_server: LocalServer, behave: Callable[..., None]
) -> None:
    good = register(Plugin("observed"))
    with paywire.registry().registered(Observer(behave), name="observer"):
        client = _client(good, local_server, timeout=paywire.Timeout(hook=0.2))
        started = time.monotonic()
        assert client.customers.create(email="jane@example.com").connector_customer_id == "cus_1"
        assert time.monotonic() - started < 1.0


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


def test_the_watchdog_costs_little_on_the_hot_path() -> None:
    def hook(x: int) -> int:
        return x

    n = 20000
    started = time.perf_counter()
    for i in range(n):
        hook(i)
    bare = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(n):
        watchdog.run(5.0, "p", "hook", hook, i)
    guarded = time.perf_counter() - started
    overhead = (guarded - bare) / n
    print(f"watchdog overhead per hook call: {overhead * 1e6:.2f} µs")
    assert overhead < 5e-6
