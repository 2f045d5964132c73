"""Scenario replay: a correct connector passes; broken ones fail with a message at the defect."""

from __future__ import annotations

from pathlib import Path

import pytest
from connectors import Defects, OptionalKeyCredentials, make_acme, make_local_leaker
from fake_processor import fake_processor
from hypothesis import given, settings
from hypothesis import strategies as st

import paywire
from paywire_harness import SCENARIOS, all_checks, plan, run_plan, strategies
from paywire_harness._checks import CheckResult
from paywire_harness.scenarios import fit


def _results(names: list[str], **kwargs: object) -> dict[str, CheckResult]:
    results = run_plan(plan(names, **kwargs), all_checks(properties=False))  # type: ignore[arg-type]
    return {r.check: r for r in results}


def test_a_correct_remote_connector_passes_every_scenario(register, acme_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    results = _results(["acme"], cassettes=acme_cassettes)
    failed = {k: r.message for k, r in results.items() if r.outcome != "passed"}
    assert failed == {}
    assert len([k for k in results if k.startswith("scenario:")]) == len(SCENARIOS)
    assert "2 interaction(s) replayed" in results["scenario:retry_succeeds"].message
    # Every client path a host can pick replays the same cassette to the same outcome.
    assert "(sync, async httpx, async aiohttp)" in results["scenario:retry_succeeds"].message


def test_a_connector_behaving_otherwise_under_asyncclient_fails(register, acme_cassettes: Path) -> None:
    register(make_acme("asyncdiff", Defects(differs_under_async=True)), "asyncdiff")
    result = _results(["asyncdiff"], cassettes=acme_cassettes)["scenario:minimal"]
    assert result.outcome == "failed"
    assert "async httpx: call 1 does not give the outcome minimal.expect.yaml expects" in result.message
    assert "+  connector_customer_id: acme_cus_" in result.message and "_async" in result.message


def test_the_sandbox_passes_and_remote_only_scenarios_are_not_applicable() -> None:
    results = _results(["sandbox"])
    assert {r.outcome for r in results.values()} == {"passed", "skipped"}
    assert (
        "2 call(s), no request made (sync, async httpx, async aiohttp)"
        in results["scenario:idempotency_replay"].message
    )
    remote_only = [s.name for s in SCENARIOS if s.remote_only]
    for name in remote_only:
        assert results[f"scenario:{name}"].message == "not applicable: sandbox computes customers.create locally"
    assert results["scenario:idempotency_replay"].outcome == "passed"


def test_a_request_drifting_from_its_cassette_fails_with_a_body_diff(register, acme_cassettes: Path) -> None:
    register(make_acme("drifty", Defects(rename_name=True)), "drifty")
    results = _results(["drifty"], cassettes=acme_cassettes)
    message = results["scenario:full_profile"].outcome, results["scenario:full_profile"].message
    assert message[0] == "failed"
    assert "matches no recording in" in message[1]
    assert "differs in: body" in message[1]
    assert '-  "customer_name": "Jane Roe"' in message[1]
    assert '+  "full_name": "Jane Roe"' in message[1]
    assert "sk_test_paywire_harness_fake" not in message[1]
    # Scenarios without a name do not drift.
    assert results["scenario:minimal"].outcome == "passed"


def test_a_wrong_status_mapping_is_named(register, acme_cassettes: Path) -> None:
    register(make_acme("wrong401", Defects(map_401_wrong=True)), "wrong401")
    result = _results(["wrong401"], cassettes=acme_cassettes)["scenario:bad_credentials"]
    assert result.outcome == "failed"
    assert (
        "expected ConnectorError(authentication_failed), got ConnectorError(processor_error, HTTP 401)"
        in result.message
    )
    assert "HTTP 401" in result.message


def test_a_local_operation_making_a_request_fails(register) -> None:
    with fake_processor() as server:
        register(make_local_leaker("leaky", int(server.url.rsplit(":", 1)[1])), "leaky")
        results = _results(["leaky"])
        assert server.received == []  # the guard stopped it before anything left
    result = results["scenario:minimal"]
    assert result.outcome == "failed"
    assert "declares customers.create LOCAL but attempted network access" in result.message
    assert "127.0.0.1" in result.message
    assert results["scenario:rate_limited"].outcome == "skipped"


def test_a_missing_cassette_fails_unless_skipped(register, acme_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    (acme_cassettes / "rate_limited.yaml").unlink()
    (acme_cassettes / "processor_down.yaml").unlink()
    toml = acme_cassettes / "harness.toml"
    toml.write_text(toml.read_text() + 'processor_down = "the test environment never fails"\n')
    results = _results(["acme"], cassettes=acme_cassettes)
    missing = results["scenario:rate_limited"]
    assert missing.outcome == "failed"
    assert "missing cassette" in missing.message and "rate_limited.yaml" in missing.message
    assert f"paywire-harness record --connector acme --scenario rate_limited --cassettes {acme_cassettes}" in (
        missing.message
    )
    skipped = results["scenario:processor_down"]
    assert (skipped.outcome, skipped.message) == (
        "skipped",
        "skipped in harness.toml: the test environment never fails",
    )


@pytest.mark.parametrize("strict", [False, True])
def test_strict_fails_scenarios_neither_covered_nor_skipped(register, tmp_path: Path, strict: bool) -> None:
    register(make_acme("bare"), "bare")
    cassettes = tmp_path / "bare"
    cassettes.mkdir()
    (cassettes / "harness.toml").write_text('[credentials]\napi_key = "sk_test_fake"\n[skip]\nminimal = "n/a"\n')
    expected = "failed" if strict else "skipped"
    # No cassette folder anywhere: skipped normally, failed under --strict (the connector's own
    # example credentials are the fakes).
    results = _results(["bare"], strict=strict, cwd=tmp_path / "elsewhere")
    outcome = results["scenario:full_profile"]
    assert outcome.outcome == expected
    assert "no cassettes for bare" in outcome.message
    assert results["static:config"].outcome == "passed"
    assert results["static:metadata"].outcome == "passed"
    # Credentials that need no config, but still no cassettes: the same.
    register(make_acme("keyless", Defects(credentials=OptionalKeyCredentials)), "keyless")
    results = _results(["keyless"], strict=strict, cwd=tmp_path / "elsewhere")
    outcome = results["scenario:full_profile"]
    assert outcome.outcome == expected
    assert "no cassettes for keyless" in outcome.message
    assert results["static:config"].outcome == "passed"
    # A declared skip is honoured in both modes.
    results = _results(["bare"], cassettes=cassettes, strict=strict)
    assert results["scenario:minimal"].outcome == "skipped"
    assert results["scenario:full_profile"].outcome == "failed"


def test_unplayed_interactions_fail(register, acme_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    # minimal's cassette gains a second copy of its interaction that the scenario never requests.
    text = (acme_cassettes / "minimal.yaml").read_text()
    head, interactions = text.split("interactions:\n", 1)
    body, version = interactions.rsplit("version:", 1)
    (acme_cassettes / "minimal.yaml").write_text(f"{head}interactions:\n{body}{body}version:{version}")
    result = _results(["acme"], cassettes=acme_cassettes)["scenario:minimal"]
    assert result.outcome == "failed"
    assert "only 1 of the 2 recorded interactions" in result.message


def test_harness_toml_mistakes_fail_static_config(register, acme_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    (acme_cassettes / "harness.toml").write_text(
        '[credentials]\napi_key = "sk_test_paywire_harness_fake"\n[skip]\nminmal = "typo"\n'
    )
    result = _results(["acme"], cassettes=acme_cassettes)["static:config"]
    assert result.outcome == "failed"
    assert "'minmal' names no scenario or check (did you mean 'minimal'?)" in result.message
    (acme_cassettes / "harness.toml").write_text('[credentials]\napi_key = "nope"\n[skip]\nminimal = " "\n[extra]\n')
    result = _results(["acme"], cassettes=acme_cassettes)["static:config"]
    assert result.outcome == "failed"
    assert "extra" in result.message and "skip.minimal" in result.message


def test_credentials_failing_validation_are_reported_without_their_value(register, acme_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    (acme_cassettes / "harness.toml").write_text('[credentials]\napi_key = "pk_test_123456"\n')
    result = _results(["acme"], cassettes=acme_cassettes)["static:config"]
    assert result.outcome == "failed"
    assert "must hold fake credentials for acme" in result.message
    assert "pk_test_123456" not in result.message


def test_cassette_folder_resolution(register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paywire_harness import UsageError, cassette_dir_for

    (tmp_path / "cassettes" / "acme").mkdir(parents=True)
    assert cassette_dir_for("acme", cwd=tmp_path) == tmp_path / "cassettes" / "acme"
    assert cassette_dir_for("other", cwd=tmp_path) is None
    assert cassette_dir_for("acme", tmp_path / "x", cwd=tmp_path) == tmp_path / "x"
    with pytest.raises(UsageError, match="exactly one --connector"):
        plan(["sandbox", "acme"], cassettes=tmp_path)
    with pytest.raises(UsageError, match="exactly one --connector"):
        plan([], cassettes=tmp_path)
    with pytest.raises(UsageError, match=r"unknown connector 'sandbx' \(did you mean 'sandbox'\?\)"):
        plan(["sandbx"])
    monkeypatch.chdir(tmp_path)
    assert paywire.registry().connector("sandbox")


def _installed(root: Path, entry_points: str, package: str) -> None:
    """A distribution installed into ``root`` (on sys.path): a package and its entry points."""
    (root / package / "cassettes").mkdir(parents=True)
    (root / package / "__init__.py").write_text("")
    info = root / "paywire_demo-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: paywire-demo\nVersion: 0.0.1\n")
    (info / "entry_points.txt").write_text(f"[paywire_harness.cassettes]\n{entry_points}\n")


@pytest.mark.parametrize(
    ("package", "value", "found"),
    [("demo_a", "demo_a:cassettes", "demo_a/cassettes"), ("demo_b", "demo_b", "demo_b")],
    ids=["folder", "package"],
)
def test_cassettes_shipped_in_a_distribution_are_found_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package: str, value: str, found: str
) -> None:
    from paywire_harness import cassette_dir_for

    _installed(tmp_path / "site", f"demo = {value}", package)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "cassettes" / "demo").mkdir(parents=True)
    assert cassette_dir_for("demo", cwd=elsewhere) == tmp_path / "site" / found


def test_a_broken_cassette_entry_point_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paywire_harness import cassette_dir_for
    from paywire_harness._config import ConfigError

    _installed(tmp_path / "site", "nopkg = no_such_package_here\nnofolder = demo_c:missing", "demo_c")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    with pytest.raises(ConfigError, match="'no_such_package_here' is not an importable package"):
        cassette_dir_for("nopkg")
    with pytest.raises(ConfigError, match=r"'demo_c:missing': no folder .*demo_c/missing"):
        cassette_dir_for("nofolder")


@settings(max_examples=300, deadline=None)
@given(email=strategies.emails(), limit=st.integers(5, 260))
def test_fit_cuts_an_email_to_its_limit_and_keeps_it_an_email(email: str, limit: int) -> None:
    """A connector holding shorter addresses (Finix: 100) gets generated addresses it can hold."""
    info = paywire.ConnectorInfo(
        name="short",
        display_name="Short",
        credentials=paywire.NoCredentials,
        operations={},
        limits={"email": paywire.Limit(max_length=limit), "address.billing_address.email": paywire.Limit(limit)},
    )
    fitted = fit({"email": email, "address": {"billing_address": {"email": email}}}, info)
    for value in (fitted["email"], fitted["address"]["billing_address"]["email"]):
        assert len(value) <= limit
        assert value == email or len(email) > limit
        paywire.CreateCustomerRequest.model_validate({"email": value})  # still a valid address


def test_replay_requires_every_recorded_header_but_the_transports_own() -> None:
    """A header the recording holds must be sent again with its value, declared or not (a
    connector that stops sending ``Stripe-Version`` and its declaration together still fails);
    transport headers and the library's default ``Accept`` may differ."""
    from vcr.request import Request

    from paywire_harness._replay import header_matcher

    info = paywire.registry().connector("sandbox").info
    matches = header_matcher(info)
    recorded = Request(
        "POST",
        "https://api.example.com/v1/customers",
        b"{}",
        {"Content-Type": "application/json", "Acme-Version": "2024-06-20", "Accept": "*/*", "User-Agent": "a/1"},
    )
    same = {"content-type": "application/json", "acme-version": "2024-06-20", "user-agent": "b/2"}
    matches(Request("POST", recorded.uri, b"{}", same), recorded)  # no Accept, another User-Agent: fine
    with pytest.raises(AssertionError, match="header acme-version: recorded '2024-06-20', sent None"):
        matches(Request("POST", recorded.uri, b"{}", {"content-type": "application/json"}), recorded)
    with pytest.raises(AssertionError, match="header accept: recorded '\\*/\\*', sent 'text/html'"):
        matches(Request("POST", recorded.uri, b"{}", {**same, "accept": "text/html"}), recorded)
