"""The plugin as paywire sees it: discovered by entry point, described, built on the public API
only, and documented with the field map the harness prints."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import paywire
import paywire_checkout

SRC = Path(paywire_checkout.__file__).parent
README = Path(__file__).resolve().parents[1] / "README.md"


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


def test_the_readme_holds_the_field_map_the_harness_prints() -> None:
    command = shutil.which("paywire-harness", path=str(Path(sys.executable).parent)) or "paywire-harness"
    printed = subprocess.run([command, "fields", "--connector", "checkout"], capture_output=True, text=True, check=True)
    table = printed.stdout
    assert table.startswith("| canonical field |") and "`metadata.{key}`" in table
    assert table in README.read_text(encoding="utf-8")
