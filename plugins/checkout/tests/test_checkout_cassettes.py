"""The cassettes in ``cassettes/checkout/``: shipped inside the wheel, proven by the harness from
there (its static checks and every scenario, on every client path), free of Checkout.com keys and
of the recording account, and exactly what ``make_cassettes.py`` records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from checkout_fake import FAKE_KEY
from make_cassettes import REAL_KEY, REAL_PREFIX

from paywire_harness import cassette_dir_for
from paywire_harness.testing import check_proven, check_rerecording

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "checkout"
SHIPPED = cassette_dir_for("checkout")
FAKE_KEYS = {FAKE_KEY, "sk_paywireharnessfakelivekey22", "pk_sbox_paywireharnessfakekey222222"}
"""The example key and the keys of live_key_test_mode and public_key (refused before sending)."""
NOT_APPLICABLE = {"retry_succeeds", "idempotency_replay", "idempotency_conflict"}
"""Checkout.com takes no idempotency key for customers (``Idempotency.none()``)."""


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for checkout"
    results = check_proven("checkout")
    ran = {r.check for r in results if r.check.startswith("scenario:") and r.outcome == "passed"}
    expected = {"scenario:" + p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert expected <= ran and len(expected) == 23  # 7 standard scenarios and 16 of Checkout.com's own
    skipped = {r.check for r in results if r.outcome == "skipped"}
    assert skipped == {f"scenario:{name}" for name in NOT_APPLICABLE}


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # Checkout.com's key shapes (sk_sbox_, sk_, pk_): the harness's lint knows Stripe's sk_/rk_ only.
    keys = set(re.findall(r"\b[sp]k_(?:sbox_)?[a-z2-7*#$=]{20,}", text))
    assert keys <= FAKE_KEYS, keys
    for value in re.findall(r"^\s*- (Bearer \S+)$", text, re.MULTILINE):  # recorded auth headers
        assert value == f"Bearer {FAKE_KEY}", "an Authorization header was not recorded with the fake key"
    assert REAL_KEY not in text and REAL_PREFIX not in text  # the recording account's
    assert "127.0.0.1" not in text


@pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    check_rerecording(make_cassettes.main, REPOSITORY_CASSETTES, tmp_path)
