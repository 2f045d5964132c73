"""The committed cassettes replay offline (vcrpy, record_mode="none") with the harness's matching,
hold no key, cover every scenario, and are what ``make_cassettes.py`` produces today."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import vcr
from stripe_scenarios import CASSETTES, load_scenarios

import paywire

scenarios: ModuleType | None = load_scenarios()
pytestmark = pytest.mark.skipif(
    scenarios is None or not CASSETTES.is_dir(), reason="needs the paywire repository (harness scenarios, cassettes)"
)
SCENARIOS: tuple[Any, ...] = scenarios.SCENARIOS if scenarios is not None else ()
MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "body")


def harness_config() -> dict[str, Any]:
    return tomllib.loads((CASSETTES / "harness.toml").read_text(encoding="utf-8"))


def test_every_scenario_has_a_cassette_or_a_declared_skip() -> None:
    config = harness_config()
    skips = config.get("skip", {})
    names = {s.name for s in SCENARIOS}
    assert set(skips) <= names
    for name in names:
        assert (CASSETTES / f"{name}.yaml").is_file() != (name in skips), name
        if name in skips:
            assert skips[name].strip()
    assert {p.stem for p in CASSETTES.glob("*.yaml")} <= names
    assert config["credentials"]["api_key"].startswith("sk_test_")


@pytest.mark.parametrize(
    "scenario", [s for s in SCENARIOS if (CASSETTES / f"{s.name}.yaml").is_file()], ids=lambda s: s.name
)
def test_cassette_replays(scenario: Any) -> None:
    credentials = harness_config()["credentials"]
    connector_info = paywire.registry().connector("stripe").info
    replayer = vcr.VCR(record_mode="none", match_on=MATCH_ON)
    with (
        replayer.use_cassette(str(CASSETTES / f"{scenario.name}.yaml")) as cassette,
        paywire.Client("stripe", credentials=credentials, max_retries=scenario.max_retries) as client,
    ):
        ids = []
        for call in scenario.calls:
            if call.expect_error is None:
                result = client.customers.create(call.canonical(connector_info), idempotency_key=call.idempotency_key)
                assert result.connector_customer_id.startswith("cus_")
                assert result.merchant_customer_id == call.canonical(connector_info).merchant_customer_id
                assert result.response_headers["request-id"].startswith("req_")
                ids.append(result.connector_customer_id)
            else:
                with pytest.raises(paywire.ConnectorError) as info:
                    client.customers.create(call.canonical(connector_info), idempotency_key=call.idempotency_key)
                assert info.value.code is call.expect_error
                assert info.value.request_id is not None and info.value.request_id.startswith("req_")
        assert cassette.all_played
        assert cassette.play_count == scenario.expected_interactions()
    if scenario.same_customer:
        assert len(set(ids)) == 1


@pytest.mark.parametrize("path", sorted(CASSETTES.glob("*.yaml")), ids=lambda p: p.stem)
def test_cassette_holds_no_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fake = harness_config()["credentials"]["api_key"]
    assert fake not in text and fake[8:] not in text
    assert not re.search(r"\b[sr]k_(test|live)_[A-Za-z0-9]{4,}", text)
    assert "Bearer <STRIPE_API_KEY>" in text
    assert "127.0.0.1" not in text


_VOLATILE = re.compile(r"^(\s+)- (paywire/\S+ \(python [^)]*\) paywire-stripe/\S+|gzip, deflate.*)$", re.M)


def test_cassettes_are_up_to_date(tmp_path: Path) -> None:
    import make_cassettes

    assert make_cassettes.main(["--out", str(tmp_path)]) == 0
    committed = {p.name for p in CASSETTES.iterdir() if p.suffix in (".yaml", ".toml")}
    assert {p.name for p in tmp_path.iterdir()} == committed
    for name in committed:
        # The User-Agent names the Python version and accept-encoding the installed codecs.
        fresh = _VOLATILE.sub(r"\1- <volatile>", (tmp_path / name).read_text(encoding="utf-8"))
        old = _VOLATILE.sub(r"\1- <volatile>", (CASSETTES / name).read_text(encoding="utf-8"))
        assert fresh == old, f"{name} is stale: run plugins/stripe/tests/make_cassettes.py"
