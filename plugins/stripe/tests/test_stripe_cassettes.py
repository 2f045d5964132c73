"""The cassettes in ``cassettes/stripe/``: shipped inside the wheel, replayed by the harness with
their expectations on every client path, free of keys, and exactly what ``make_cassettes.py``
records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paywire_harness import cassette_dir_for
from paywire_harness.testing import check_proven, check_rerecording

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "stripe"
SHIPPED = cassette_dir_for("stripe")


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for stripe"
    results = check_proven("stripe")
    ran = {r.check for r in results if r.check.startswith("scenario:") and r.outcome == "passed"}
    expected = {"scenario:" + p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert expected <= ran and len(expected) == 43  # the 10 standard scenarios and 33 of Stripe's own


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    keys = set(re.findall(r"\b[sr]k_(?:test|live)_\w{4,}", text))
    assert all("_paywire_fake_" in key for key in keys), keys
    assert "127.0.0.1" not in text


@pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    check_rerecording(make_cassettes.main, REPOSITORY_CASSETTES, tmp_path)
