"""The plugin as paywire sees it: discovered by entry point, described truthfully, built on the
public API only, and documented with the field map the harness prints."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import paywire
import paywire_airwallex

SRC = Path(paywire_airwallex.__file__).parent
README = Path(__file__).resolve().parents[1] / "README.md"


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


def test_the_package_ships_its_marker_and_cassettes() -> None:
    assert (SRC / "py.typed").is_file()
    assert (SRC / "cassettes" / "harness.toml").is_file()


@pytest.mark.skipif(not README.is_file(), reason="needs the source tree's README")
def test_the_readme_holds_exactly_the_field_map_the_harness_prints() -> None:
    command = Path(sys.executable).parent / "paywire-harness"
    printed = subprocess.run(
        [str(command), "fields", "--connector", "airwallex"], capture_output=True, text=True, check=True
    ).stdout
    assert printed.startswith("| canonical field |")
    readme = README.read_text(encoding="utf-8")
    assert printed in readme, "README.md's field map is stale: paste `paywire-harness fields --connector airwallex`"
    # Exactly one table of the map: no stale second copy.
    assert readme.count("| canonical field |") == 1
