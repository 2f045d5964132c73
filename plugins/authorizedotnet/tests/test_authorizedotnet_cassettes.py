"""The cassettes in ``cassettes/authorizedotnet/``: shipped inside the wheel, replayed by the harness
with their expectations on every client path, free of credentials, and exactly what
``make_cassettes.py`` records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from authorizedotnet_fake import ACCOUNTS, FAKE_KEY, FAKE_LOGIN

from paywire_harness import all_checks, cassette_dir_for, plan, run_plan

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "authorizedotnet"
SHIPPED = cassette_dir_for("authorizedotnet")
in_repository = pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
SPECIFIC = {
    "ambiguous_failure_not_retried",
    "duplicate_first_attempt",
    "error_in_200_names_field",
    "guest_profile",
    "maintenance_then_success",
    "reply_starts_with_bom",
    "retry_meets_duplicate",
    "retry_succeeds_natural_key",
    "test_mode_with_production_credentials",
}


def test_the_installed_package_ships_its_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for authorizedotnet"
    names = {p.name for p in SHIPPED.iterdir()}
    assert {"harness.toml", "minimal.yaml", "minimal.expect.yaml"} <= names
    assert {f"{name}.expect.yaml" for name in SPECIFIC} <= names


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None
    the_plan = plan(["authorizedotnet"], strict=True, cwd=Path("/"))  # not this repository's folder: the package's
    assert the_plan.setups[0].problems == []
    results = run_plan(the_plan, all_checks(properties=False))
    outcomes = {r.check: r.outcome for r in results}
    failed = [(r.check, r.message) for r in results if r.outcome == "failed"]
    assert not failed, failed
    skipped = {check for check, outcome in outcomes.items() if outcome == "skipped"}
    # not applicable to a natural key (no key on the wire), and retry_succeeds skipped with its reason
    assert skipped == {"scenario:retry_succeeds", "scenario:idempotency_replay", "scenario:idempotency_conflict"}
    assert {f"scenario:{name}" for name in SPECIFIC} <= {c for c, o in outcomes.items() if o == "passed"}


def test_retry_succeeds_is_not_applicable_to_the_natural_key() -> None:
    """Its request holds an e-mail alone: the harness reports it not applicable (no skip needed)."""
    assert SHIPPED is not None
    assert "retry_succeeds" not in (SHIPPED / "harness.toml").read_text(encoding="utf-8")
    assert not (SHIPPED / "retry_succeeds.yaml").exists()


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_credential(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for login, key in ACCOUNTS.items():
        assert login not in text and key not in text
    for name, value in re.findall(r'"(name|transactionKey)":"([^"]*)"', text):
        assert value == (FAKE_LOGIN if name == "name" else FAKE_KEY)
    assert "127.0.0.1" not in text


def test_the_recorded_replies_start_with_a_byte_order_mark() -> None:
    assert SHIPPED is not None
    cassette = yaml.safe_load((SHIPPED / "reply_starts_with_bom.yaml").read_text(encoding="utf-8"))
    [interaction] = cassette["interactions"]
    body = interaction["response"]["body"]["string"]
    assert body.startswith("\ufeff{")
    assert interaction["response"]["status"]["code"] == 200


@in_repository
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    assert make_cassettes.main(["--out", str(tmp_path), "-q"]) == 0
    committed = {p.name for p in REPOSITORY_CASSETTES.iterdir() if p.suffix in (".yaml", ".toml")}
    assert {p.name for p in tmp_path.iterdir()} == committed
    for name in sorted(committed):
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert fresh == (REPOSITORY_CASSETTES / name).read_text(encoding="utf-8"), (
            f"{name} is stale: run python plugins/authorizedotnet/tests/make_cassettes.py"
        )
