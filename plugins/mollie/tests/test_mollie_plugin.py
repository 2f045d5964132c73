"""The plugin as paywire sees it: discovered by entry point, described truthfully, built on
paywire's public API only, and documented with the field map the harness prints."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import paywire
import paywire_mollie

SRC = Path(paywire_mollie.__file__).parent
README = Path(__file__).resolve().parents[1] / "README.md"


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "mollie")
    assert record.status == "loaded", record.error
    assert (record.distribution, record.version) == ("paywire-mollie", paywire_mollie.__version__)
    info = record.info
    assert info is not None
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency("header", "Idempotency-Key", 255)
    assert (info.base_url, info.test_base_url, info.options) == ("https://api.mollie.com", None, ())
    assert info.limits == {"preferred_locales": paywire.Limit(max_items=1)}
    low, high = info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high


def test_registers_in_process_in_a_fresh_registry() -> None:
    registry = paywire.Registry(load_entry_points=False)
    with registry.registered(paywire_mollie, name="mollie") as record:
        assert record.status == "loaded", record.error
        assert "mollie" in registry.connectors()
    assert "mollie" not in registry.connectors()


def test_uses_only_paywire_public_api() -> None:
    """No ``paywire._private`` import, and every ``paywire.X`` name used is in ``paywire.__all__``."""
    public = set(paywire.__all__) | {"hookspecs"}
    for path in SRC.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("paywire"):
                assert node.module in ("paywire", "paywire.hookspecs"), f"{path.name}: {node.module}"
                if node.module == "paywire":
                    assert {a.name for a in node.names} <= public, path.name
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "paywire":
                assert node.attr in public, f"{path.name}: paywire.{node.attr}"


def test_the_version_is_declared_once() -> None:
    from importlib.metadata import version

    assert version("paywire-mollie") == paywire_mollie.__version__ == "0.2.0"


@pytest.mark.skipif(not README.is_file(), reason="needs the plugin's folder")
def test_the_readme_shows_the_field_map_the_harness_prints() -> None:
    command = Path(sys.executable).parent / "paywire-harness"  # the console script of this environment
    printed = subprocess.run(
        [str(command), "fields", "--connector", "mollie"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed.startswith("| canonical field |")
    assert printed in README.read_text(encoding="utf-8"), "paste `paywire-harness fields --connector mollie` verbatim"
