"""The cassettes in ``cassettes/authorizedotnet/``: shipped inside the wheel, replayed by the harness
with their expectations on every client path, free of credentials, and exactly what
``make_cassettes.py`` records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from authorizedotnet_fake import ACCOUNTS, FAKE_KEY, FAKE_LOGIN

from paywire_harness import cassette_dir_for
from paywire_harness.testing import check_proven, check_rerecording

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "authorizedotnet"
SHIPPED = cassette_dir_for("authorizedotnet")
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


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for authorizedotnet"
    results = check_proven("authorizedotnet")
    ran = {r.check for r in results if r.check.startswith("scenario:") and r.outcome == "passed"}
    assert {f"scenario:{name}" for name in SPECIFIC} <= ran
    # not applicable to a natural key (no key on the wire): retry_succeeds' request holds an e-mail alone
    skipped = {r.check for r in results if r.outcome == "skipped"}
    assert skipped == {"scenario:retry_succeeds", "scenario:idempotency_replay", "scenario:idempotency_conflict"}
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


@pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    check_rerecording(make_cassettes.main, REPOSITORY_CASSETTES, tmp_path)
