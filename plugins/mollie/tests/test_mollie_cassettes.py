"""The cassettes in ``cassettes/mollie/``: shipped inside the wheel, proven by the harness with
their expectations, free of keys, and exactly what ``make_cassettes.py`` records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paywire_harness import SCENARIOS, cassette_dir_for
from paywire_harness.testing import check_proven, check_rerecording

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "mollie"
SHIPPED = cassette_dir_for("mollie")
MOLLIE_SCENARIOS = {
    "access_token_refused",
    "bare_language_locale",
    "bare_languages",
    "error_bodies",
    "error_statuses",
    "idempotency_in_flight",
    "live_key_test_mode",
    "long_idempotency_key",
    "metadata_at_limit",
    "metadata_too_large",
    "mollie_locales",
    "reserved_metadata_key",
    "unprocessable_fields",
    "unprocessable_locale",
    "unsupported_locale",
}


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for mollie"
    results = check_proven("mollie")
    ran = {r.check for r in results if r.check.startswith("scenario:") and r.outcome == "passed"}
    # Every standard scenario applies to Mollie (none is skipped), and Mollie has 15 of its own.
    assert ran == {f"scenario:{name}" for name in {s.name for s in SCENARIOS} | MOLLIE_SCENARIOS}


_KEY = re.compile(r"\b(?:test|live|access)_[A-Za-z0-9_]{4,}")
_FAKES = ("test_paywirefake", "live_paywirefake", "access_paywirefake")


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_real_looking_key(path: Path) -> None:
    """Mollie's keys anywhere (not only in auth headers, which the harness lints) are the fakes."""
    text = path.read_text(encoding="utf-8")
    keys = set(_KEY.findall(text)) - {"test_mode"}
    assert all(key.startswith(_FAKES) for key in keys), keys
    assert "Recording" not in text  # make_cassettes.py's accepted key never reaches a cassette
    assert "127.0.0.1" not in text


@pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    check_rerecording(make_cassettes.main, REPOSITORY_CASSETTES, tmp_path)
