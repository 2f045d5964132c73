"""The cassettes in ``cassettes/stax/``: shipped inside the wheel, proven by the harness on every
client path, free of keys, and exactly what ``make_cassettes.py`` records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stax_fake import RECORDING_KEY, TEST_KEY

from paywire_harness import cassette_dir_for
from paywire_harness.testing import check_proven, check_rerecording
from paywire_stax import FAKE_API_KEY
from paywire_stax._credentials import jwt_claims

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "stax"
SHIPPED = cassette_dir_for("stax")
JWT = re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
NOT_APPLICABLE = {"retry_succeeds", "idempotency_replay", "idempotency_conflict"}
"""Stax has no idempotency (``Idempotency.none()``): the harness reports these not applicable."""


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for stax"
    results = check_proven("stax")
    outcomes = {r.check: r.outcome for r in results if r.check.startswith("scenario:")}
    assert {check for check, outcome in outcomes.items() if outcome == "skipped"} == {
        f"scenario:{name}" for name in NOT_APPLICABLE
    }
    expected = {"scenario:" + p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert {check for check, outcome in outcomes.items() if outcome == "passed"} == expected


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


@pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    check_rerecording(make_cassettes.main, REPOSITORY_CASSETTES, tmp_path)
