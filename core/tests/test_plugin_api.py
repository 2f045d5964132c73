"""Plugin-API compatibility: versions are checked at load, and a hook may take fewer arguments
than its spec (so adding an argument to a spec breaks no plugin)."""

from __future__ import annotations

import pytest

import paywire
from paywire import Registry


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
    def paywire_create_customer_request(self, request: paywire.CreateCustomerRequest) -> str:
        # Takes fewer arguments than the spec (no credentials, no context): the core passes only
        # what an implementation asks for.
        return f"v_{request.merchant_customer_id}"


@pytest.mark.parametrize("plugin_api", [(2, 2), (1, 2), (2, 5)])
def test_a_compatible_range_loads_and_a_hook_taking_fewer_arguments_is_called(plugin_api: tuple[int, int]) -> None:
    with paywire.registry().registered(Versioned(plugin_api), name="versioned") as record:
        assert record.status == "loaded"
        customer = paywire.Client("versioned").customers.create(merchant_customer_id="7")
    assert customer.connector_customer_id == "v_7"


@pytest.mark.parametrize("plugin_api", [(3, 4), (1, 1)])
def test_an_incompatible_range_is_refused_at_load_naming_both_versions(plugin_api: tuple[int, int]) -> None:
    registry = Registry(load_entry_points=False)
    record = registry.register(Versioned(plugin_api), name="versioned")
    assert record.status == "failed"
    assert f"{plugin_api[0]}..{plugin_api[1]}" in (record.error or "")
    assert f"plugin API {paywire.PLUGIN_API_VERSION}" in (record.error or "")
    with pytest.raises(paywire.PluginError, match="versioned"):
        registry.connector("versioned")
