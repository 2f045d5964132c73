"""The cassettes in ``cassettes/shift4/``: shipped inside the wheel, replayed by the harness with
their expectations on every client path, free of keys, and exactly what ``make_cassettes.py``
records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import paywire
from paywire_harness import all_checks, cassette_dir_for, plan, run_plan
from paywire_shift4._credentials import FAKE_SECRET_KEY

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "shift4"
SHIPPED = cassette_dir_for("shift4")
in_repository = pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
FAKE_KEY_PREFIXES = ("sk_test_paywire_fake", "sk_live_paywire_fake", "paywire_fake_")


def test_the_installed_package_ships_its_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for shift4"
    names = {p.name for p in SHIPPED.iterdir()}
    assert {"harness.toml", "minimal.yaml", "minimal.expect.yaml", "missing_email.expect.yaml"} <= names
    assert {"idempotency_key_other_parameters.yaml", "idempotency_key_other_parameters.expect.yaml"} <= names


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None
    the_plan = plan(["shift4"], strict=True, cwd=Path("/"))  # not this repository's folder: the package's
    assert the_plan.setups[0].problems == []
    results = run_plan(the_plan, all_checks(properties=False))
    outcomes = {r.check: r.outcome for r in results}
    assert set(outcomes.values()) == {"passed"}, [(r.check, r.message) for r in results if r.outcome != "passed"]
    expectations = {p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert {f"scenario:{name}" for name in expectations} <= set(outcomes)
    standard = {"minimal", "full_profile", "non_ascii", "rejected_input", "bad_credentials", "rate_limited"}
    standard |= {"processor_down", "retry_succeeds", "idempotency_replay", "idempotency_conflict"}
    assert {f"scenario:{name}" for name in standard} <= set(outcomes)


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    keys = set(re.findall(r"\b[a-z]{2}_(?:test|live)_[\w:]{4,}", text))
    assert all(key.startswith(FAKE_KEY_PREFIXES) for key in keys), keys
    for value in re.findall(r"^\s*- (Basic \S+)$", text, re.MULTILINE):  # recorded auth headers
        assert value == paywire.basic_auth(FAKE_SECRET_KEY), (
            "an Authorization header was not recorded with the fake key"
        )
    assert "recording_key" not in text  # the key make_cassettes.py records with
    assert "127.0.0.1" not in text


@in_repository
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    assert make_cassettes.main(["--out", str(tmp_path), "-q"]) == 0
    committed = {p.name for p in REPOSITORY_CASSETTES.iterdir() if p.suffix in (".yaml", ".toml")}
    assert {p.name for p in tmp_path.iterdir()} == committed
    for name in sorted(committed):
        fresh = (tmp_path / name).read_bytes()
        assert fresh == (REPOSITORY_CASSETTES / name).read_bytes(), (
            f"{name} is stale: run python plugins/shift4/tests/make_cassettes.py"
        )
