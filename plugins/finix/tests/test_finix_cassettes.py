"""The cassettes in ``cassettes/finix/``: shipped inside the wheel, proven by the harness with
their expectations on every client path, free of credentials, and exactly what
``make_cassettes.py`` records today."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from finix_helpers import PASSWORD, USERNAME
from make_cassettes import RECORDING_CREDENTIALS

from paywire_finix._credentials import FAKE_PASSWORD, FAKE_USERNAME, FinixCredentials
from paywire_harness import cassette_dir_for
from paywire_harness.testing import check_proven, check_rerecording

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "finix"
SHIPPED = cassette_dir_for("finix")
FINIX_SPECIFIC = {
    "invalid_field",
    "several_invalid_fields",
    "forbidden",
    "conflict",
    "server_error_not_retried",
    "rate_limited_then_created",
    "finix_version_option",
    "identity_roles",
    "live_credentials_in_test_mode",
    "too_many_tags",
    "finix_limits",
    "split_name",
    "feature_data_refused",
    "credentials_basic_unsafe",
    "credentials_not_printable_ascii",
    "finix_version_invalid",
    "wrong_object",
    "structured_logref",
}


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for finix"
    results = check_proven("finix")
    ran = {r.check for r in results if r.check.startswith("scenario:") and r.outcome == "passed"}
    expected = {"scenario:" + p.name.removesuffix(".expect.yaml") for p in SHIPPED.glob("*.expect.yaml")}
    assert {f"scenario:{name}" for name in FINIX_SPECIFIC} <= expected <= ran


FAKE_BASIC = "Basic " + base64.b64encode(f"{FAKE_USERNAME}:{FAKE_PASSWORD}".encode()).decode()
SECRETS = [
    USERNAME,
    PASSWORD,
    *RECORDING_CREDENTIALS.values(),
    *(
        base64.b64encode(f"{u}:{p}".encode()).decode()
        for u, p in [(USERNAME, PASSWORD), tuple(RECORDING_CREDENTIALS.values())]
    ),
]


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_credential(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text
    for header in re.findall(r"authorization:\n\s+- (.+)", text, flags=re.IGNORECASE):
        assert header == FAKE_BASIC  # the fake credentials the replay sends, never the recording ones
    assert "127.0.0.1" not in text and "localhost" not in text  # Finix's links echo the host it is reached at


def test_the_replay_credentials_are_the_fake_ones() -> None:
    assert SHIPPED is not None
    config = (SHIPPED / "harness.toml").read_text(encoding="utf-8")
    assert "[credentials]" not in config  # the replay takes the credentials model's examples
    fields = FinixCredentials.model_fields
    assert (fields["username"].examples, fields["password"].examples) == ([FAKE_USERNAME], [FAKE_PASSWORD])


@pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    check_rerecording(make_cassettes.main, REPOSITORY_CASSETTES, tmp_path)
