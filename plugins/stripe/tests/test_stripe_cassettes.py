"""The cassettes in ``cassettes/stripe/``: shipped inside the wheel, replayed by the harness with
their expectations on every client path, free of keys, and exactly what ``make_cassettes.py``
records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paywire_harness import all_checks, cassette_dir_for, plan, run_plan

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "stripe"
SHIPPED = cassette_dir_for("stripe")
in_repository = pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")


def test_the_installed_package_ships_its_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for stripe"
    names = {p.name for p in SHIPPED.iterdir()}
    assert {"minimal.yaml", "minimal.expect.yaml", "legacy_rate_limit.expect.yaml"} <= names


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None
    the_plan = plan(["stripe"], strict=True, cwd=Path("/"))  # not this repository's folder: the package's
    assert the_plan.setups[0].problems == []
    results = run_plan(the_plan, all_checks(properties=False))
    outcomes = {r.check: r.outcome for r in results}
    assert set(outcomes.values()) == {"passed"}, [(r.check, r.message) for r in results if r.outcome != "passed"]
    expectations = {p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert {f"scenario:{name}" for name in expectations} <= set(outcomes)


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    keys = set(re.findall(r"\b[sr]k_(?:test|live)_\w{4,}", text))
    assert all("_paywire_fake_" in key for key in keys), keys
    assert "127.0.0.1" not in text


@in_repository
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    assert make_cassettes.main(["--out", str(tmp_path), "-q"]) == 0
    committed = {p.name for p in REPOSITORY_CASSETTES.iterdir() if p.suffix in (".yaml", ".toml")}
    assert {p.name for p in tmp_path.iterdir()} == committed
    for name in sorted(committed):
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert fresh == (REPOSITORY_CASSETTES / name).read_text(encoding="utf-8"), (
            f"{name} is stale: run python plugins/stripe/tests/make_cassettes.py"
        )
