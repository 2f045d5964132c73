"""The plugin as paywire sees it: discovered by entry point and declared as Finix is. (That it
uses paywire's public API only, and that its README holds the field map the harness prints, are
the harness's static checks: ``static:public-api``, ``static:readme-field-map``.)"""

from __future__ import annotations

from pathlib import Path

import paywire
import paywire_finix

SRC = Path(paywire_finix.__file__).parent


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "finix")
    assert record.status == "loaded", record.error
    assert record.distribution == "paywire-finix"
    assert record.version == paywire_finix.__version__ == "0.2.0"
    assert record.info is not None
    info = record.info
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency.none()
    assert issubclass(info.credentials, paywire.EnvironmentCredentials)  # the core picks the host
    assert (info.base_url, info.test_base_url) == (paywire_finix.BASE_URL, paywire_finix.SANDBOX_URL)
    assert [(o.name, o.default, o.header) for o in info.options] == [
        ("finix_version", paywire_finix.FINIX_VERSION, "Finix-Version")
    ]
    assert info.request_id_header == "x-request-id"
    assert info.auth_headers == frozenset({"authorization"})
    low, high = info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high


def test_registers_in_process_in_a_fresh_registry() -> None:
    registry = paywire.Registry(load_entry_points=False)
    with registry.registered(paywire_finix, name="finix") as record:
        assert record.status == "loaded", record.error
        assert "finix" in registry.connectors()
    assert "finix" not in registry.connectors()


def test_the_package_ships_its_typing_marker() -> None:
    assert (SRC / "py.typed").is_file()
