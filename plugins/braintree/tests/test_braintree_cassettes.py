"""The cassettes in ``cassettes/braintree/``: shipped inside the wheel, proven by the harness from
there, free of keys, and exactly what ``make_cassettes.py`` records today."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
import yaml
from braintree_fake import FAKE_KEYS
from make_cassettes import RECORDING_KEYS

import paywire
from paywire_harness import cassette_dir_for
from paywire_harness.testing import check_proven, check_rerecording

REPOSITORY_CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "braintree"
SHIPPED = cassette_dir_for("braintree")
SPECIFIC = {
    "validation_errors_in_200",
    "custom_field_not_configured",
    "graphql_coercion_error",
    "authentication_http_401",
    "rate_limited_http_429",
    "internal_error_in_200",
    "errors_beside_customer",
    "unavailable_never_retried",
    "braintree_only_fields",
    "braintree_version_option",
    "test_mode_accepted_in_sandbox",
    "public_key_with_colon",
    "key_with_space",
    "over_braintree_limits",
    "with_billing_email_rejected",
    "with_other_error_classes",
    "with_unconfigured_extra_custom_field",
    "with_unusable_payload",
    "with_upgrade_required_http_426",
    "with_request_timeout_http_408",
}
NOT_APPLICABLE = {"scenario:retry_succeeds", "scenario:idempotency_replay", "scenario:idempotency_conflict"}
"""What ``Idempotency.none()`` makes not applicable: nothing else may be skipped."""


def test_the_harness_proves_every_scenario_from_the_shipped_cassettes() -> None:
    assert SHIPPED is not None, "no paywire_harness.cassettes entry point for braintree"
    results = check_proven("braintree")
    skipped = {r.check for r in results if r.outcome == "skipped"}
    ran = {r.check for r in results if r.check.startswith("scenario:") and r.outcome == "passed"}
    assert skipped == NOT_APPLICABLE
    assert {f"scenario:{name}" for name in SPECIFIC} <= ran


@pytest.mark.parametrize("path", sorted((SHIPPED or Path()).glob("*.yaml")), ids=lambda p: p.name)
def test_cassette_holds_no_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for secret in RECORDING_KEYS.values():
        assert secret not in text
        assert base64.b64encode(secret.encode()).decode()[:16] not in text
    assert "127.0.0.1" not in text
    assert not re.search(r"\b[0-9a-f]{32}\b", text), "something shaped like a Braintree private key"
    data = yaml.safe_load(text)
    for interaction in data.get("interactions", []) if isinstance(data, dict) else []:
        # Recorded with the fake keys (the replay sends exactly these), never the recording ones.
        assert interaction["request"]["headers"]["authorization"] == [paywire.basic_auth(*FAKE_KEYS)]


def test_the_fake_keys_are_the_credentials_models_examples() -> None:
    import paywire_braintree

    fields = paywire_braintree.BraintreeCredentials.model_fields
    assert (fields["public_key"].examples or [None])[0] == FAKE_KEYS[0]
    assert (fields["private_key"].examples or [None])[0] == FAKE_KEYS[1]


@pytest.mark.skipif(not REPOSITORY_CASSETTES.is_dir(), reason="needs the paywire repository")
def test_cassettes_are_what_make_cassettes_records_today(tmp_path: Path) -> None:
    import make_cassettes

    check_rerecording(make_cassettes.main, REPOSITORY_CASSETTES, tmp_path)
