"""Plugin-API compatibility: versions are checked at load; new hook arguments break no plugin."""

from __future__ import annotations

import pluggy
import pytest

import paywire
from paywire import hookspecs
from paywire._plugins import Registry


def info(plugin_api: tuple[int, int]) -> paywire.ConnectorInfo:
    return paywire.ConnectorInfo(
        name="versioned",
        display_name="Versioned",
        credentials=paywire.NoCredentials,
        operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.LOCAL},
        plugin_api=plugin_api,
    )


class Versioned:
    def __init__(self, plugin_api: tuple[int, int]) -> None:
        self.plugin_api = plugin_api

    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return info(self.plugin_api)

    @paywire.hookimpl
    def paywire_create_customer_request(self, request: paywire.CreateCustomerRequest) -> paywire.CreateCustomerResponse:
        # Takes fewer arguments than the spec: pluggy passes only what an implementation asks for.
        return paywire.CreateCustomerResponse(connector_customer_id="v_1")


@pytest.mark.parametrize("plugin_api", [(1, 1), (0, 1), (1, 5)])
def test_a_compatible_range_loads(plugin_api: tuple[int, int]) -> None:
    registry = Registry(load_entry_points=False)
    assert registry.register(Versioned(plugin_api), name="versioned").status == "loaded"
    result = registry.connector("versioned").call(
        "paywire_create_customer_request",
        request=paywire.CreateCustomerRequest(),
        credentials=paywire.NoCredentials(),
        context=paywire.OperationContext("versioned", paywire.Operation.CREATE_CUSTOMER, None, "k"),
    )
    assert result.connector_customer_id == "v_1"


@pytest.mark.parametrize("plugin_api", [(2, 3), (0, 0)])
def test_an_incompatible_range_is_refused_at_load_naming_both_versions(plugin_api: tuple[int, int]) -> None:
    registry = Registry(load_entry_points=False)
    record = registry.register(Versioned(plugin_api), name="versioned")
    assert record.status == "failed"
    assert f"{plugin_api[0]}..{plugin_api[1]}" in (record.error or "")
    assert f"plugin API {paywire.PLUGIN_API_VERSION}" in (record.error or "")
    with pytest.raises(paywire.PluginError, match="versioned"):
        registry.connector("versioned")


class FutureSpecs:
    """The hookspec as a later paywire might declare it, with one more optional argument."""

    @hookspecs.hookspec(firstresult=True)
    def paywire_create_customer_request(  # type: ignore[empty-body]
        self,
        request: paywire.CreateCustomerRequest,
        credentials: paywire.Credentials,
        context: paywire.OperationContext,
        locale_hint: str | None,
    ) -> paywire.HttpRequest | paywire.CreateCustomerResponse: ...


class TodaysPlugin:
    """A plugin written against today's spec (request, credentials, context)."""

    @paywire.hookimpl
    def paywire_create_customer_request(
        self,
        request: paywire.CreateCustomerRequest,
        credentials: paywire.Credentials,
        context: paywire.OperationContext,
    ) -> paywire.CreateCustomerResponse:
        return paywire.CreateCustomerResponse(connector_customer_id=f"today_{context.idempotency_key}")


def test_adding_an_argument_to_a_hookspec_breaks_no_existing_plugin() -> None:
    pm = pluggy.PluginManager("paywire")
    pm.add_hookspecs(FutureSpecs)
    pm.register(TodaysPlugin())
    pm.check_pending()
    result = pm.hook.paywire_create_customer_request(
        request=paywire.CreateCustomerRequest(),
        credentials=paywire.NoCredentials(),
        context=paywire.OperationContext("x", paywire.Operation.CREATE_CUSTOMER, None, "k1"),
        locale_hint="fr",
    )
    assert result.connector_customer_id == "today_k1"
