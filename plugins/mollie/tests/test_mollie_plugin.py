"""The plugin as paywire sees it: what it declares. (That it loads from its entry point with a
version and a plugin API this paywire provides, uses paywire's public API only, and that the
README holds the field map the harness prints are checked by the core when it loads the plugin
and by the harness's static checks, run by ``paywire-harness run`` and ``test_mollie_cassettes.py``.)"""

from __future__ import annotations

from importlib.metadata import version

import paywire
import paywire_mollie


def test_the_installed_distribution_declares_mollies_connector() -> None:
    connector = paywire.registry().connector("mollie")  # raises unless loaded from the entry point
    assert (connector.record.distribution, connector.record.version) == ("paywire-mollie", "0.2.0")
    assert version("paywire-mollie") == paywire_mollie.__version__ == "0.2.0"  # declared once
    info = connector.info
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency("header", "Idempotency-Key", 255)
    assert (info.base_url, info.test_base_url, info.options) == ("https://api.mollie.com", None, ())
    assert info.limits == {"preferred_locales": paywire.Limit(max_items=1)}
