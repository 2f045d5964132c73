"""The cassettes in ``cassettes/mollie/``: shipped inside the wheel, replayed by the harness with
their expectations on every client path, free of keys, and exactly what ``make_cassettes.py``
records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paywire_harness import SCENARIOS, all_checks, cassette_dir_for, plan, run_plan

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "mollie"
SHIPPED = cassette_dir_for("mollie")
in_repository = pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
MOLLIE_SCENARIOS = {
    "access_token_refused",
    "bare_language_locale",
    "idempotency_in_flight",
    "live_key_test_mode",
    "metadata_too_large",
    "reserved_metadata_key",
    "unprocessable_locale",
    "unsupported_locale",
}


def test_the_installed_package_ships_its_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for mollie"
    names = {p.name for p in SHIPPED.iterdir()}
    assert "harness.toml" in names
    assert {f"{s.name}.yaml" for s in SCENARIOS} <= names  # every standard scenario applies to Mollie
    assert {f"{name}.expect.yaml" for name in {s.name for s in SCENARIOS} | MOLLIE_SCENARIOS} <= names


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None
    the_plan = plan(["mollie"], strict=True, cwd=Path("/"))  # not this repository's folder: the package's
    assert the_plan.setups[0].problems == []
    results = run_plan(the_plan, all_checks(properties=False))
    outcomes = {r.check: r.outcome for r in results}
    assert set(outcomes.values()) == {"passed"}, [(r.check, r.message) for r in results if r.outcome != "passed"]
    expectations = {p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert {f"scenario:{name}" for name in expectations} <= set(outcomes)
    assert {f"scenario:{name}" for name in MOLLIE_SCENARIOS} <= set(outcomes)


_KEY = re.compile(r"\b(?:test|live|access)_[A-Za-z0-9_]{4,}")
_FAKES = ("test_paywirefake", "live_paywirefake", "access_paywirefake")


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_real_looking_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    keys = set(_KEY.findall(text)) - {"test_mode"}
    assert all(key.startswith(_FAKES) for key in keys), keys
    assert "Recording" not in text  # make_cassettes.py's accepted key never reaches a cassette
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
            f"{name} is stale: run python plugins/mollie/tests/make_cassettes.py"
        )
