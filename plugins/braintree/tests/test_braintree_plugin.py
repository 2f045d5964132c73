"""The plugin as paywire sees it: discovered by entry point, described, listed, registered. (That
it imports paywire's public API only and that its README's field map is what ``paywire-harness
fields`` prints are the harness's static checks, run by ``check_proven`` in the cassette tests.)"""

from __future__ import annotations

import subprocess
import sys

import paywire
import paywire_braintree


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "braintree")
    assert record.status == "loaded", record.error
    assert (record.distribution, record.version) == ("paywire-braintree", paywire_braintree.__version__)
    info = record.info
    assert info is not None
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency.none()
    assert (info.base_url, info.test_base_url) == (
        "https://payments.braintree-api.com",
        "https://payments.sandbox.braintree-api.com",
    )
    assert [(o.name, o.default, o.header) for o in info.options] == [
        ("braintree_version", "2018-09-10", "Braintree-Version"),
        ("merchant_customer_id_field", "merchant_customer_id", None),
    ]
    low, high = info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high


def test_listed_as_loaded_by_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "paywire", "connectors"], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("braintree "))
    assert line.split()[-1] == "loaded" and "paywire-braintree" in line


def test_registers_in_process_in_a_fresh_registry() -> None:
    registry = paywire.Registry(load_entry_points=False)
    with registry.registered(paywire_braintree, name="braintree") as record:
        assert record.status == "loaded", record.error
        assert "braintree" in registry.connectors()
    assert "braintree" not in registry.connectors()
