"""The plugin as paywire sees it: discovered by entry point, described truthfully, public API only,
and the README's field map exactly what ``paywire-harness fields --connector stax`` prints."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import paywire
import paywire_stax

SRC = Path(paywire_stax.__file__).parent
README = Path(__file__).resolve().parents[1] / "README.md"


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


@pytest.mark.skipif(not README.is_file(), reason="needs the source tree's README")
def test_readme_holds_the_field_map_the_harness_prints() -> None:
    script = Path(sys.executable).with_name("paywire-harness")
    command = str(script) if script.exists() else shutil.which("paywire-harness")
    assert command is not None, "paywire-harness is not installed"
    printed = subprocess.run(
        [command, "fields", "--connector", "stax"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed.startswith("| canonical field |")
    assert printed in README.read_text(encoding="utf-8")
