"""The plugin as paywire sees it: discovered by entry point and described truthfully. (That it
imports only paywire's public API and that the README's field map is what
``paywire-harness fields --connector stax`` prints are the harness's static checks, run by
``check_proven`` in ``test_stax_cassettes.py``.)"""

from __future__ import annotations

import paywire
import paywire_stax


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "stax")
    assert record.status == "loaded", record.error
    assert record.distribution == "paywire-stax"
    assert record.version == paywire_stax.__version__ == "0.2.0"
    info = record.info
    assert info is not None
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency.none()  # no key reaches Stax: no ambiguous retry
    assert info.options == ()  # Stax has no API-version header to pin
    assert info.auth_headers == frozenset({"authorization"})
    assert info.request_id_header is None  # Stax documents none
    low, high = info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high
