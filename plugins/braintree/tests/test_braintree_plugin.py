"""The plugin as paywire sees it: discovered by entry point, described, public API only, and its
README's field map exactly what ``paywire-harness fields`` prints."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import paywire
import paywire_braintree

SRC = Path(paywire_braintree.__file__).parent
README = Path(__file__).resolve().parents[1] / "README.md"


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
    printed = subprocess.run(
        [command, "fields", "--connector", "braintree"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed.startswith("| canonical field |")
    assert printed in README.read_text(encoding="utf-8")
