"""The plugin as paywire sees it: discovered by entry point, described, registrable in-process."""

from __future__ import annotations

from pathlib import Path

import paywire
import paywire_square

SRC = Path(paywire_square.__file__).parent


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "square")
    assert record.status == "loaded", record.error
    assert record.distribution == "paywire-square"
    assert record.info is not None
    assert record.info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert record.info.idempotency == paywire.Idempotency("body", "idempotency_key", 45)
    low, high = record.info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high


def test_registers_in_process_in_a_fresh_registry() -> None:
    registry = paywire.Registry(load_entry_points=False)
    with registry.registered(paywire_square, name="square") as record:
        assert record.status == "loaded", record.error
        assert "square" in registry.connectors()
    assert "square" not in registry.connectors()
