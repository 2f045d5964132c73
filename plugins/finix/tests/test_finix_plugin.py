"""The plugin as paywire sees it: discovered by entry point, declared as Finix is, built on
paywire's public API only, and documented with the field map the harness prints."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import paywire
import paywire_finix

SRC = Path(paywire_finix.__file__).parent
README = Path(__file__).resolve().parents[1] / "README.md"


def test_discovered_through_the_entry_point() -> None:
    record = next(r for r in paywire.registry().records() if r.name == "finix")
    assert record.status == "loaded", record.error
    assert record.distribution == "paywire-finix"
    assert record.version == paywire_finix.__version__ == "0.2.0"
    assert record.info is not None
    info = record.info
    assert info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
    assert info.idempotency == paywire.Idempotency.none()
    assert (info.base_url, info.test_base_url) == (paywire_finix.BASE_URL, paywire_finix.SANDBOX_URL)
    assert [(o.name, o.default, o.header) for o in info.options] == [
        ("finix_version", paywire_finix.FINIX_VERSION, "Finix-Version")
    ]
    assert info.request_id_header == "x-request-id"
    assert info.auth_headers == frozenset({"authorization"})
    low, high = info.plugin_api
    assert low <= paywire.PLUGIN_API_VERSION <= high


def test_registers_in_process_in_a_fresh_registry() -> None:
    registry = paywire.Registry(load_entry_points=False)
    with registry.registered(paywire_finix, name="finix") as record:
        assert record.status == "loaded", record.error
        assert "finix" in registry.connectors()
    assert "finix" not in registry.connectors()


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


def test_the_package_ships_its_typing_marker() -> None:
    assert (SRC / "py.typed").is_file()


@pytest.mark.skipif(not README.is_file(), reason="needs the source tree")
def test_the_readme_holds_the_field_map_the_harness_prints() -> None:
    command = shutil.which("paywire-harness", path=str(Path(sys.executable).parent)) or shutil.which("paywire-harness")
    assert command is not None, "paywire-harness is not installed"
    printed = subprocess.run(
        [command, "fields", "--connector", "finix"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert printed.startswith("| canonical field |")
    assert printed in README.read_text(encoding="utf-8")
