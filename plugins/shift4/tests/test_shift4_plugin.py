"""The plugin as paywire sees it: discovered by entry point, described truthfully, listed by the
``paywire`` command. (That it imports only paywire's public API and that the README holds the
field map are the harness's static checks, run by ``check_proven`` in test_shift4_cassettes.py.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import paywire
import paywire_shift4


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "shift4")
    assert record.status == "loaded", record.error
    assert (record.distribution, record.version) == ("paywire-shift4", paywire_shift4.__version__)
    info = record.info
    assert info is not None
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency("header", "Idempotency-Key", 255)
    assert (info.base_url, info.test_base_url) == ("https://api.shift4.com", None)
    assert info.credentials is paywire_shift4.Shift4Credentials
    assert list(info.credentials.model_fields) == ["secret_key"]
    low, high = info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high


def test_registers_in_process_in_a_fresh_registry() -> None:
    registry = paywire.Registry(load_entry_points=False)
    with registry.registered(paywire_shift4, name="shift4") as record:
        assert record.status == "loaded", record.error
        assert "shift4" in registry.connectors()
    assert "shift4" not in registry.connectors()


def test_paywire_connectors_lists_it_as_loaded() -> None:
    paywire_cli = shutil.which("paywire", path=str(Path(sys.executable).parent)) or shutil.which("paywire")
    if paywire_cli is None:
        pytest.skip("the paywire command is not installed")
    listing = subprocess.run([paywire_cli, "connectors"], capture_output=True, text=True, check=True).stdout
    [line] = [row for row in listing.splitlines() if row.split()[:1] == ["shift4"]]
    assert line.split()[1:] == ["paywire-shift4", paywire_shift4.__version__, "remote", "loaded"]
