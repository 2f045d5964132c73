"""The committed cassettes: the harness replays every scenario to its reviewed expectation on every
client path, no token is in them, and they are exactly what ``make_cassettes.py`` records today."""

from __future__ import annotations

from pathlib import Path

import make_cassettes
from make_cassettes import DEFAULT_OUT, RECORDING_TOKEN

from paywire_harness import SCENARIOS, all_checks, plan, run_plan


def test_the_harness_proves_every_scenario() -> None:
    results = run_plan(plan(["square"], cassettes=DEFAULT_OUT, strict=True), all_checks(properties=False))
    assert {r.check: r.message for r in results if r.outcome != "passed"} == {}
    assert {f"scenario:{s.name}" for s in SCENARIOS} <= {r.check for r in results}


def test_no_token_is_recorded() -> None:
    for path in DEFAULT_OUT.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert RECORDING_TOKEN not in text and "127.0.0.1" not in text, path


def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    assert make_cassettes.main(["--out", str(tmp_path), "-q"]) == 0
    committed = sorted(p.name for p in DEFAULT_OUT.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (DEFAULT_OUT / name).read_bytes(), f"{name} is stale"
