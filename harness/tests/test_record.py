"""``paywire-harness record`` against a fake processor on 127.0.0.1: scrubbing and replay."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from connectors import make_acme
from fake_processor import REAL_KEY, fake_processor

import paywire
from paywire_harness import all_checks, plan, run_plan
from paywire_harness._cli import main
from paywire_harness._record import RecordRefused, record
from paywire_harness.scenarios import SCENARIOS

FAKE = "sk_test_paywire_harness_fake"


@pytest.fixture
def empty_cassettes(tmp_path: Path) -> Path:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "harness.toml").write_text(f'[credentials]\napi_key = "{FAKE}"\n')
    return folder


def test_recording_scrubs_requests_and_responses_and_replays(
    register, empty_cassettes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register(make_acme("acme"), "acme")
    with fake_processor() as server:
        code = record(
            "acme",
            [s.name for s in SCENARIOS],
            base_url=server.url,
            cassettes=empty_cassettes,
            environ={"PAYWIRE_ACME_API_KEY": REAL_KEY},
        )
        # The processor saw the real key (and echoed it back in every reply).
        assert any(r["headers"].get("Authorization") == f"Bearer {REAL_KEY}" for r in server.requests)
    assert code == 0, capsys.readouterr().err
    cassettes = sorted(empty_cassettes.glob("*.yaml"))
    assert len(cassettes) == len(SCENARIOS)
    for path in cassettes:
        text = path.read_text()
        assert REAL_KEY not in text, path
        assert REAL_KEY[8:] not in text, path
        assert "127.0.0.1" not in text and str(server.server_address[1]) not in text, path
        for interaction in yaml.safe_load(text)["interactions"]:
            assert interaction["request"]["uri"] == "https://api.acme.test/v1/customers"
            headers = interaction["request"]["headers"]
            auth = headers["authorization"][0]
            assert auth in (f"Bearer {FAKE}",), path
            assert interaction["response"]["headers"]["x-echo-key"][0] in (FAKE, f"{FAKE}")
    # What was recorded replays, with the fake credentials of harness.toml.
    results = run_plan(plan(["acme"], cassettes=empty_cassettes), all_checks(properties=False))
    assert {r.check: r.message for r in results if r.outcome != "passed"} == {}


def test_recording_refuses_live_keys_and_missing_credentials(register, empty_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    with pytest.raises(RecordRefused, match="live credentials"):
        record("acme", ["minimal"], cassettes=empty_cassettes, environ={"PAYWIRE_ACME_API_KEY": "sk_live_" + "x" * 24})
    with pytest.raises(RecordRefused, match="PAYWIRE_ACME_API_KEY"):
        record("acme", ["minimal"], cassettes=empty_cassettes, environ={})
    with pytest.raises(RecordRefused, match="unknown scenario"):
        record("acme", ["nope"], cassettes=empty_cassettes, environ={"PAYWIRE_ACME_API_KEY": REAL_KEY})
    with pytest.raises(RecordRefused, match="nothing to record"):
        record("sandbox", ["minimal"], cassettes=empty_cassettes, environ={})
    assert list(empty_cassettes.glob("*.yaml")) == []


def test_the_record_command(register, empty_cassettes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    register(make_acme("acme"), "acme")
    monkeypatch.setenv("PAYWIRE_ACME_API_KEY", "sk_live_" + "y" * 24)
    assert main(["record", "--connector", "acme", "--scenario", "minimal", "--cassettes", str(empty_cassettes)]) == 2
    monkeypatch.setenv("PAYWIRE_ACME_API_KEY", REAL_KEY)
    with fake_processor() as server:
        assert (
            main(
                [
                    "record",
                    "--connector",
                    "acme",
                    "--scenario",
                    "minimal",
                    "--scenario",
                    "rejected_input",
                    "--base-url",
                    server.url,
                    "--cassettes",
                    str(empty_cassettes),
                ]
            )
            == 0
        )
    assert sorted(p.name for p in empty_cassettes.glob("*.yaml")) == ["minimal.yaml", "rejected_input.yaml"]
    assert paywire.registry().connector("acme")
