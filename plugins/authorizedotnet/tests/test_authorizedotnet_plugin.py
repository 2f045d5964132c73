"""The plugin as paywire sees it: discovered by entry point and declared truthfully (its public-API
imports and its README's field map are the harness's static checks, run by ``check_proven``)."""

from __future__ import annotations

from pathlib import Path

import paywire
import paywire_authorizedotnet

SRC = Path(paywire_authorizedotnet.__file__).parent


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "authorizedotnet")
    assert record.status == "loaded", record.error
    assert (record.distribution, record.version) == ("paywire-authorizedotnet", paywire_authorizedotnet.__version__)
    info = record.info
    assert info is not None
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency.natural("merchant_customer_id", "description", "email")
    assert info.auth_headers == frozenset()
    assert info.auth_body_fields == {
        "createCustomerProfileRequest.merchantAuthentication.name",
        "createCustomerProfileRequest.merchantAuthentication.transactionKey",
    }
    assert info.options == () and info.request_id_header is None  # no version header, no request id
    low, high = info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high


def test_registers_in_process_in_a_fresh_registry() -> None:
    registry = paywire.Registry(load_entry_points=False)
    with registry.registered(paywire_authorizedotnet, name="authorizedotnet") as record:
        assert record.status == "loaded", record.error
        assert "authorizedotnet" in registry.connectors()
    assert "authorizedotnet" not in registry.connectors()


def test_the_package_ships_py_typed_and_its_cassettes() -> None:
    assert (SRC / "py.typed").is_file()
    assert (SRC / "cassettes" / "harness.toml").is_file()
