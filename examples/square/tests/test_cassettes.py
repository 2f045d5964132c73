"""Every committed cassette replays through the real client (record_mode="none"), including the
scenarios harness.toml skips, replayed with the fields Square cannot hold removed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import vcr
from make_cassettes import DEFAULT_OUT, MATCH_ON

import paywire
from paywire_harness.scenarios import SCENARIOS, Scenario

INFO = paywire.registry().connector("square").info
CONFIG = tomllib.loads((DEFAULT_OUT / "harness.toml").read_text(encoding="utf-8"))


def test_harness_toml_holds_fake_credentials_and_real_scenario_names() -> None:
    assert CONFIG["credentials"]["access_token"].startswith("EAAA_fake_")
    skips = CONFIG.get("skip", {})
    assert set(skips) <= {s.name for s in SCENARIOS}
    assert all(reason.strip() for reason in skips.values())


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_cassette_replays(scenario: Scenario) -> None:
    path: Path = DEFAULT_OUT / f"{scenario.name}.yaml"
    recorder = vcr.VCR(record_mode="none", match_on=MATCH_ON)
    ids = set()
    with (
        recorder.use_cassette(str(path)) as cassette,
        paywire.Client("square", credentials=CONFIG["credentials"], max_retries=scenario.max_retries) as client,
    ):
        for call in scenario.calls:
            request = call.canonical(INFO)
            if call.expect_error is None:
                customer = client.customers.create(request, idempotency_key=call.idempotency_key)
                assert customer.merchant_customer_id == request.merchant_customer_id
                ids.add(customer.connector_customer_id)
            else:
                with pytest.raises(paywire.ConnectorError) as info:
                    client.customers.create(request, idempotency_key=call.idempotency_key)
                assert info.value.code is call.expect_error
        assert cassette.play_count == len(cassette) == scenario.expected_interactions()
    if scenario.same_customer:
        assert len(ids) == 1
