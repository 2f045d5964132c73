"""The plugin as paywire sees it: discovered by entry point, described, listed, registered in
process. (That it uses only paywire's public API and that its README shows the field map the
harness prints are the harness's static checks, run by ``check_proven`` and every harness run.)"""

from __future__ import annotations

import subprocess
import sys

import paywire
import paywire_checkout


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "checkout")
    assert record.status == "loaded", record.error
    assert (record.distribution, record.version) == ("paywire-checkout", paywire_checkout.__version__)
    info = record.info
    assert info is not None
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency.none()
    assert info.request_id_header == "cko-request-id"
    assert info.options == ()  # Checkout.com has no API-version header to pin
    low, high = info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high


def test_paywire_connectors_lists_it_as_loaded() -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "paywire", "connectors"], capture_output=True, text=True, check=True
    ).stdout
    [line] = [line for line in listing.splitlines() if line.startswith("checkout ")]
    assert line.split() == ["checkout", "paywire-checkout", paywire_checkout.__version__, "remote", "loaded"]


def test_registers_in_process_in_a_fresh_registry() -> None:
    registry = paywire.Registry(load_entry_points=False)
    with registry.registered(paywire_checkout, name="checkout") as record:
        assert record.status == "loaded", record.error
        assert "checkout" in registry.connectors()
    assert "checkout" not in registry.connectors()
