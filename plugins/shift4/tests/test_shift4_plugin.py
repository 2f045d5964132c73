"""The plugin as paywire sees it: discovered by entry point, described truthfully, built on the
public API only, and documented with the field map the harness prints."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import paywire
import paywire_shift4

SRC = Path(paywire_shift4.__file__).parent
README = Path(__file__).resolve().parents[1] / "README.md"


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


def _harness_command() -> str:
    found = shutil.which("paywire-harness", path=str(Path(sys.executable).parent)) or shutil.which("paywire-harness")
    if found is None:
        pytest.skip("the paywire-harness command is not installed")
    return found


def test_readme_holds_exactly_the_field_map_the_harness_prints() -> None:
    printed = subprocess.run(
        [_harness_command(), "fields", "--connector", "shift4"], capture_output=True, text=True, check=True
    ).stdout
    text = README.read_text(encoding="utf-8")
    between = text.split("<!-- fields:start -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert between == printed, "README.md's field map is stale: paste `paywire-harness fields --connector shift4`"


def test_paywire_connectors_lists_it_as_loaded() -> None:
    paywire_cli = shutil.which("paywire", path=str(Path(sys.executable).parent)) or shutil.which("paywire")
    if paywire_cli is None:
        pytest.skip("the paywire command is not installed")
    listing = subprocess.run([paywire_cli, "connectors"], capture_output=True, text=True, check=True).stdout
    [line] = [row for row in listing.splitlines() if row.split()[:1] == ["shift4"]]
    assert line.split()[1:] == ["paywire-shift4", paywire_shift4.__version__, "remote", "loaded"]
