"""The cassettes in ``cassettes/airwallex/``: shipped inside the wheel, replayed by the harness with
their expectations on every client path, free of secrets, and exactly what ``make_cassettes.py``
records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from airwallex_fake import TEST_API_KEY, TEST_CLIENT_ID

from paywire_harness import all_checks, cassette_dir_for, plan, run_plan

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "airwallex"
SHIPPED = cassette_dir_for("airwallex")
in_repository = pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")

FAKE_VALUES = ("paywire_fake_airwallex_client_id", "paywire_fake_airwallex_api_key_0000000000000000")


def test_the_installed_package_ships_its_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for airwallex"
    names = {p.name for p in SHIPPED.iterdir()}
    assert {"harness.toml", "minimal.yaml", "minimal.expect.yaml", "token_expired.yaml"} <= names


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None
    the_plan = plan(["airwallex"], strict=True, cwd=Path("/"))  # not this repository's folder: the package's
    assert the_plan.setups[0].problems == []
    results = run_plan(the_plan, all_checks(properties=False))
    outcomes = {r.check: r.outcome for r in results}
    failed = [(r.check, r.message) for r in results if r.outcome not in ("passed", "skipped")]
    assert not failed
    # The one skip is the one harness.toml gives a reason for: Airwallex does not replay.
    assert [c for c, o in outcomes.items() if o == "skipped"] == ["scenario:idempotency_replay"]
    expectations = {p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert {f"scenario:{name}" for name in expectations} <= {c for c, o in outcomes.items() if o == "passed"}


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_secret(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert TEST_CLIENT_ID not in text and TEST_API_KEY not in text  # what the recording really sent
    assert "127.0.0.1" not in text
    for header in ("x-api-key", "x-client-id"):
        for value in re.findall(rf"{header}:\n\s+- (\S+)", text):
            assert value in FAKE_VALUES, (header, value)
    for token in re.findall(r"Bearer (\S+)", text):
        assert re.fullmatch(r"paywire-harness-token-\d+", token), token
    for token in re.findall(r'"token": "([^"]+)"', text):
        assert re.fullmatch(r"paywire-harness-token-\d+", token), token
    # Client secrets in replies are the fake's unsigned stand-ins, never a signed JWT.
    for jwt in re.findall(r"eyJ[\w-]+\.[\w-]+\.[\w-]+", text):
        assert jwt.endswith(".paywire-fake-signature"), jwt


@in_repository
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    assert make_cassettes.main(["--out", str(tmp_path), "-q"]) == 0
    committed = {p.name for p in REPOSITORY_CASSETTES.iterdir() if p.suffix in (".yaml", ".toml")}
    assert {p.name for p in tmp_path.iterdir()} == committed
    for name in sorted(committed):
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert fresh == (REPOSITORY_CASSETTES / name).read_text(encoding="utf-8"), (
            f"{name} is stale: run python plugins/airwallex/tests/make_cassettes.py"
        )
