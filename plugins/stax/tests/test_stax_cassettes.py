"""The cassettes in ``cassettes/stax/``: shipped inside the wheel, replayed by the harness with
their expectations on every client path, free of keys, and exactly what ``make_cassettes.py``
records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stax_fake import RECORDING_KEY, TEST_KEY

from paywire_harness import all_checks, cassette_dir_for, plan, run_plan
from paywire_stax import FAKE_API_KEY
from paywire_stax._credentials import jwt_claims

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "stax"
SHIPPED = cassette_dir_for("stax")
in_repository = pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
JWT = re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
NOT_APPLICABLE = {"retry_succeeds", "idempotency_replay", "idempotency_conflict"}


def test_the_installed_package_ships_its_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for stax"
    names = {p.name for p in SHIPPED.iterdir()}
    assert {"harness.toml", "minimal.yaml", "minimal.expect.yaml", "validation_required_fields.yaml"} <= names
    assert not {f"{name}.yaml" for name in NOT_APPLICABLE} & names


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None
    the_plan = plan(["stax"], strict=True, cwd=Path("/"))  # not this repository's folder: the package's
    assert the_plan.setups[0].problems == []
    results = run_plan(the_plan, all_checks(properties=False))
    outcomes = {r.check: r.outcome for r in results}
    skipped = {check for check, outcome in outcomes.items() if outcome == "skipped"}
    assert skipped == {f"scenario:{name}" for name in NOT_APPLICABLE}  # Stax: Idempotency.none()
    assert set(outcomes.values()) == {"passed", "skipped"}, [
        (r.check, r.message) for r in results if r.outcome not in ("passed", "skipped")
    ]
    expectations = {p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert {f"scenario:{name}" for name in expectations} <= set(outcomes)


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.y*ml")), ids=lambda p: p.name)
def test_cassette_holds_no_real_looking_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for token in JWT.findall(text):
        claims = jwt_claims(token)
        assert "fake" in token.rsplit(".", 1)[1], "a JWT with a real-looking signature"
        assert token == FAKE_API_KEY or (claims is not None and not claims["iss"].endswith("/sandbox"))
    for secret in (TEST_KEY, RECORDING_KEY, TEST_KEY.rsplit(".", 1)[1], RECORDING_KEY.rsplit(".", 1)[1]):
        assert secret not in text
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
            f"{name} is stale: run python plugins/stax/tests/make_cassettes.py"
        )
