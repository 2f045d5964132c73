"""The cassettes in ``cassettes/shift4/``: shipped inside the wheel, proven by the harness from
there (its static checks and every scenario, on every client path), free of keys, and exactly
what ``make_cassettes.py`` records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import paywire
from paywire_harness import cassette_dir_for
from paywire_harness.testing import check_proven, check_rerecording
from paywire_shift4 import FAKE_SECRET_KEY

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "shift4"
SHIPPED = cassette_dir_for("shift4")
FAKE_KEY_PREFIXES = ("sk_test_paywire_fake", "sk_live_paywire_fake", "paywire_fake_")


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for shift4"
    results = check_proven("shift4")
    ran = {r.check for r in results if r.check.startswith("scenario:") and r.outcome == "passed"}
    expected = {"scenario:" + p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert expected <= ran and len(expected) == 22  # the 10 standard scenarios and 12 of Shift4's own


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # Shift4's key shapes (sk_, pk_, pr_ test and live): the harness's lint knows Stripe's sk_/rk_ only.
    keys = set(re.findall(r"\b[a-z]{2}_(?:test|live)_[\w:]{4,}", text))
    assert all(key.startswith(FAKE_KEY_PREFIXES) for key in keys), keys
    for value in re.findall(r"^\s*- (Basic \S+)$", text, re.MULTILINE):  # recorded auth headers
        assert value == paywire.basic_auth(FAKE_SECRET_KEY), (
            "an Authorization header was not recorded with the fake key"
        )
    assert "recording_key" not in text  # the key make_cassettes.py records with
    assert "127.0.0.1" not in text


@pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    check_rerecording(make_cassettes.main, REPOSITORY_CASSETTES, tmp_path)
