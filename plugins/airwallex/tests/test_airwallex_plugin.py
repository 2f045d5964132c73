"""The plugin as paywire sees it: discovered by entry point and described truthfully. (That it
uses paywire's public API only and that the README's field map is current are the harness's
static checks, run by ``test_airwallex_cassettes.py`` and by every harness run.)"""

from __future__ import annotations

from pathlib import Path

import paywire
import paywire_airwallex

SRC = Path(paywire_airwallex.__file__).parent


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "airwallex")
    assert record.status == "loaded", record.error
    assert (record.distribution, record.version) == ("paywire-airwallex", paywire_airwallex.__version__)
    info = record.info
    assert info is not None
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency.body("request_id", 64, replays=False)
    assert info.token is True
    assert info.auth_headers == frozenset({"authorization", "x-client-id", "x-api-key"})
    assert info.request_id_header == "x-awx-traceid"
    assert [(o.name, o.default, o.header) for o in info.options] == [("api_version", "2025-06-30", "x-api-version")]
    low, high = info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high


def test_registers_in_process_in_a_fresh_registry() -> None:
    registry = paywire.Registry(load_entry_points=False)
    with registry.registered(paywire_airwallex, name="airwallex") as record:
        assert record.status == "loaded", record.error
        assert "airwallex" in registry.connectors()
    assert "airwallex" not in registry.connectors()


def test_the_package_ships_its_marker_and_cassettes() -> None:
    assert (SRC / "py.typed").is_file()
    assert (SRC / "cassettes" / "harness.toml").is_file()
