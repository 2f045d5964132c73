"""The ``paywire`` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LocalServer

from paywire._cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_connectors_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "connectors")
    assert code == 0 and "sandbox" in out and "local" in out
    code, out, _ = run(capsys, "connectors", "--json")
    rows = {row["name"]: row for row in json.loads(out)}
    assert rows["sandbox"]["operations"] == {"customers.create": "local"}


def test_create_prints_the_customer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "customers",
        "create",
        "--connector",
        "sandbox",
        "--email",
        "jane@example.com",
        "--merchant-customer-id",
        "u1",
        "--metadata",
        "plan=gold",
        "--billing-country-alpha2-code",
        "de",
        "--json",
    )
    assert code == 0
    customer = json.loads(out)
    assert customer["connector_customer_id"].startswith("sbx_cus_")
    assert customer["merchant_customer_id"] == "u1"
    code, out, _ = run(capsys, "customers", "create", "--connector", "sandbox", "--name", "Jane")
    assert code == 0 and out.startswith("created customer sbx_cus_")


@pytest.mark.parametrize(
    ("argv", "code", "needle"),
    [
        (["--email", "nope"], 2, "email: not a valid e-mail address"),
        (["--billing-country-alpha2-code", "XX"], 2, "address.billing_address.country_alpha2_code"),
        (["--metadata", "novalue"], 2, "KEY=VALUE"),
        (["--email", "rate_limited@fail.paywire.test"], 1, "rate_limited"),
    ],
)
def test_create_errors_are_readable(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, needle: str
) -> None:
    got, out, err = run(capsys, "customers", "create", "--connector", "sandbox", "--json", *argv)
    assert got == code
    assert needle in err and "Traceback" not in err
    assert "error" in json.loads(out)


def test_unknown_connector_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "customers", "create", "--connector", "sandbx")
    assert code == 2 and "did you mean 'sandbox'" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[0] == 2
    with pytest.raises(SystemExit) as info:
        main(["customers", "create"])
    assert info.value.code == 2


def test_credentials_file_and_base_url(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, echo: str, local_server: LocalServer
) -> None:
    creds = tmp_path / "creds.toml"
    creds.write_text('[echo]\napi_key = "k_file_secret"\n')
    code, out, err = run(
        capsys,
        "customers",
        "create",
        "--connector",
        "echo",
        "--email",
        "jane@example.com",
        "--credentials-file",
        str(creds),
        "--base-url",
        local_server.url,
        "--json",
    )
    assert code == 0, err
    assert local_server.requests[0].headers["authorization"] == "Bearer k_file_secret"
    assert "k_file_secret" not in out + err
    bad = tmp_path / "bad.toml"
    bad.write_text('[echo]\napi_key = "k_file_secret\n')
    code, out, err = run(capsys, "customers", "create", "--connector", "echo", "--credentials-file", str(bad))
    assert code == 2 and "k_file_secret" not in out + err


def test_listing_and_plugins_load_no_runtime_layer() -> None:
    """``import paywire`` and ``paywire connectors`` leave the clients, the engine and the
    transports (httpx's connection stack, asyncio) unimported: see ``_RUNTIME`` in __init__."""
    code = (
        "import sys; from paywire._cli import main; main(['connectors']); "
        "print(sorted(m for m in ('paywire._client', 'paywire._engine', 'httpcore', 'asyncio') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_closed_output_pipe_ends_it_quietly() -> None:
    """``paywire connectors --json | head -1``: no traceback, the exit code a shell reports for SIGPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "paywire", "connectors", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={**os.environ, "PAYWIRE_PLUGINS": ""},
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == 141
