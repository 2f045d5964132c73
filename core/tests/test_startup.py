"""``paywire connectors`` imports only what listing needs; the CLI's help is unchanged by it."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from paywire._cli import ADDRESS_PARTS, _build_parser


def run(*args: str, columns: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PAYWIRE_PLUGINS", "COLUMNS")}
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, check=True)


def test_listing_skips_shutil_and_the_create_options() -> None:
    # Run with every installed plugin (the integration session installs Stripe and Adyen): none of
    # them may pull in the canonical models, httpx or importlib.metadata just to be listed.
    code = (
        "import sys; from paywire import _cli; _cli.main(['connectors']); "
        "print('LOADED', *sorted(m for m in ('shutil', 'httpx', 'importlib.metadata', 'paywire._models', "
        "'argparse') if m in sys.modules))"
    )
    out = run("-c", code)
    assert "sandbox" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "LOADED"
    create = _create_parser(_build_parser(["connectors"]))
    assert [a.dest for a in create._actions] == ["help"]
    assert "email" in {a.dest for a in _create_parser(_build_parser(["customers", "create"]))._actions}


def _create_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    customers = commands.choices["customers"]
    operations = next(a for a in customers._actions if isinstance(a, argparse._SubParsersAction))
    found: argparse.ArgumentParser = operations.choices["create"]
    return found


def test_customers_create_still_has_every_option() -> None:
    out = run("-m", "paywire", "customers", "create", "--help")
    for flag in ("--connector", "--email", "--idempotency-key", "--credentials-file", "--json", "--no-test-mode"):
        assert flag in out.stdout
    for part in ADDRESS_PARTS:
        assert "--billing-" + part.replace("_", "-") in out.stdout
        assert "--shipping-" + part.replace("_", "-") in out.stdout


def test_help_is_wrapped_to_columns_as_argparse_does() -> None:
    lines = {
        columns: run("-m", "paywire", "customers", "create", "--help", columns=columns).stdout.splitlines()
        for columns in ("50", "200", None)  # None: not a terminal, 80 columns as shutil says
    }
    assert len(lines["50"]) > len(lines[None]) > len(lines["200"])
    assert max(map(len, lines[None])) <= 78 < max(map(len, lines["200"]))
