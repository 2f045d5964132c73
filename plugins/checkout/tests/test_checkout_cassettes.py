"""The cassettes in ``cassettes/checkout/``: shipped inside the wheel, replayed by the harness with
their expectations on every client path, free of keys, and exactly what ``make_cassettes.py``
records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paywire_harness import all_checks, cassette_dir_for, plan, run_plan

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "checkout"
SHIPPED = cassette_dir_for("checkout")
in_repository = pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
FAKE_KEYS = {
    "sk_sbox_paywireharnessfakekey222222",
    "sk_paywireharnessfakelivekey22",
    "pk_sbox_paywireharnessfakekey222222",
}
CUSTOM = {
    "validation_error",
    "metadata_eleven",
    "metadata_pairs",
    "missing_email",
    "live_key_test_mode",
    "public_key",
}


def test_the_installed_package_ships_its_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for checkout"
    names = {p.name for p in SHIPPED.iterdir()}
    assert {"harness.toml", "minimal.yaml", "minimal.expect.yaml"} <= names
    assert {f"{name}.expect.yaml" for name in CUSTOM} <= names


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None
    the_plan = plan(["checkout"], strict=True, cwd=Path("/"))  # not this repository's folder: the package's
    assert the_plan.setups[0].problems == []
    results = run_plan(the_plan, all_checks(properties=False))
    outcomes = {r.check: r.outcome for r in results}
    not_applicable = {"scenario:retry_succeeds", "scenario:idempotency_replay", "scenario:idempotency_conflict"}
    assert {c for c, o in outcomes.items() if o == "skipped"} == not_applicable
    failed = [(r.check, r.message) for r in results if r.outcome not in ("passed", "skipped")]
    assert failed == []
    assert all("not applicable" in r.message for r in results if r.check in not_applicable)
    assert {f"scenario:{name}" for name in CUSTOM} <= {c for c, o in outcomes.items() if o == "passed"}


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_real_looking_secret(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    keys = set(re.findall(r"\b[sp]k_(?:sbox_)?[a-z2-7*#$=]{20,}", text))
    assert keys <= FAKE_KEYS, keys
    assert "127.0.0.1" not in text
    assert "pwrecord" not in text  # the recording account's prefix became the fake one's
    assert "paywirerecordingkey" not in text


@in_repository
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    assert make_cassettes.main(["--out", str(tmp_path), "-q"]) == 0
    committed = {p.name for p in REPOSITORY_CASSETTES.iterdir() if p.suffix in (".yaml", ".toml")}
    assert {p.name for p in tmp_path.iterdir()} == committed
    for name in sorted(committed):
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert fresh == (REPOSITORY_CASSETTES / name).read_text(encoding="utf-8"), (
            f"{name} is stale: run python plugins/checkout/tests/make_cassettes.py"
        )
