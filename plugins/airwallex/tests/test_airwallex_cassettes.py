"""The cassettes in ``cassettes/airwallex/``: shipped inside the wheel, proven by the harness with
their expectations on every client path, free of the recording's credentials and tokens, and
exactly what ``make_cassettes.py`` records today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from airwallex_fake import TEST_API_KEY, TEST_CLIENT_ID

from paywire_harness import cassette_dir_for
from paywire_harness.testing import check_proven, check_rerecording

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "airwallex"
SHIPPED = cassette_dir_for("airwallex")

FAKE_VALUES = ("paywire_fake_airwallex_client_id", "paywire_fake_airwallex_api_key_0000000000000000")


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for airwallex"
    results = check_proven("airwallex")
    ran = {r.check for r in results if r.check.startswith("scenario:") and r.outcome == "passed"}
    expected = {"scenario:" + p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert expected <= ran and len(expected) == 23  # 9 standard scenarios and 14 of Airwallex's own
    # The one skip: idempotency_replay cannot hold, Airwallex refuses a reused request_id.
    assert [r.check for r in results if r.outcome == "skipped"] == ["scenario:idempotency_replay"]


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_secret(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert TEST_CLIENT_ID not in text and TEST_API_KEY not in text  # what the recording really sent
    assert "127.0.0.1" not in text
    for header in ("x-api-key", "x-client-id"):
        for value in re.findall(rf"{header}:\n\s+- (\S+)", text):
            assert value in FAKE_VALUES, (header, value)
    # The tokens sent in Authorization are the harness's, and so are those of the login replies
    # (but a login reply the connector refused, which keeps the fake's unsigned stand-in).
    for token in re.findall(r"Bearer (\S+)", text):
        assert re.fullmatch(r"paywire-harness-token-\d+", token), token
    for token in re.findall(r'"token": "([^"]+)"', text):
        assert re.fullmatch(r"paywire-harness-token-\d+|eyJ[\w-]+\.[\w-]+\.paywire-fake-signature", token), token
    # Client secrets in replies are the fake's unsigned stand-ins, never a signed JWT.
    for jwt in re.findall(r"eyJ[\w-]+\.[\w-]+\.[\w-]+", text):
        assert jwt.endswith(".paywire-fake-signature"), jwt


@pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    check_rerecording(make_cassettes.main, REPOSITORY_CASSETTES, tmp_path)
