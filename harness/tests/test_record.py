"""``paywire-harness record`` and ``expect`` against a fake processor on 127.0.0.1: scrubbing,
projection, refusals, expectations, reproducibility."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from connectors import ACME_FIELDS, AcmeCredentials, Defects, make_acme
from fake_processor import REAL_KEY, fake_processor

import paywire
from paywire_harness import all_checks, plan, run_plan
from paywire_harness._cli import main
from paywire_harness._record import RecordRefused, expect, record
from paywire_harness.scenarios import SCENARIOS

FAKE = "sk_test_paywire_harness_fake"
ENV = {"PAYWIRE_ACME_API_KEY": REAL_KEY}


@pytest.fixture
def empty_cassettes(tmp_path: Path) -> Path:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "harness.toml").write_text(f'[credentials]\napi_key = "{FAKE}"\n')
    return folder


def _record(folder: Path, names: list[str], server_url: str, **kw: object) -> tuple[int, str]:
    out = io.StringIO()
    code = record("acme", names, base_url=server_url, cassettes=folder, environ=ENV, out=out, **kw)  # type: ignore[arg-type]
    return code, out.getvalue()


def test_recording_scrubs_requests_and_responses_writes_expectations_and_replays(
    register, empty_cassettes: Path
) -> None:
    register(make_acme("acme"), "acme")
    with fake_processor() as server:
        code, out = _record(empty_cassettes, [s.name for s in SCENARIOS], server.url, accept=True)
        # The processor saw the real key (and echoed it back in every reply).
        assert any(r.headers.get("authorization") == f"Bearer {REAL_KEY}" for r in server.received)
    assert code == 0, out
    cassettes = sorted(p for p in empty_cassettes.glob("*.yaml") if not p.name.endswith(".expect.yaml"))
    assert len(cassettes) == len(SCENARIOS)
    assert len(list(empty_cassettes.glob("*.expect.yaml"))) == len(SCENARIOS)
    for path in empty_cassettes.glob("*.yaml"):
        text = path.read_text()
        assert REAL_KEY not in text and REAL_KEY[8:] not in text, path
        assert "127.0.0.1" not in text and server.url.rsplit(":", 1)[1] not in text, path
    for path in cassettes:
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            assert interaction["request"]["uri"] == "https://api.acme.test/v1/customers"
            assert interaction["request"]["headers"]["authorization"] == [f"Bearer {FAKE}"], path
            assert interaction["response"]["headers"]["x-echo-key"] == [FAKE]
            # What changes from one recording to the next is not kept.
            assert not {"date", "server", "user-agent", "accept-encoding"} & set(interaction["request"]["headers"])
            assert not {"date", "server"} & set(interaction["response"]["headers"])
    # What was recorded replays, with the fake credentials, to the expectations written.
    results = run_plan(plan(["acme"], cassettes=empty_cassettes), all_checks(properties=False))
    assert {r.check: r.message for r in results if r.outcome != "passed"} == {}


def test_rerecording_writes_the_same_bytes(register, tmp_path: Path) -> None:
    register(make_acme("acme"), "acme")
    folders = []
    for name in ("first", "second"):
        folder = tmp_path / name / "acme"
        folder.mkdir(parents=True)
        with fake_processor() as server:
            assert _record(folder, ["minimal", "retry_succeeds", "rejected_input"], server.url, accept=True)[0] == 0
        folders.append(folder)
    files = sorted(p.name for p in folders[0].iterdir())
    assert files == sorted(p.name for p in folders[1].iterdir())
    for name in files:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name


def test_nothing_is_written_unless_the_author_accepts(register, empty_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    with fake_processor() as server:
        code, out = _record(empty_cassettes, ["minimal"], server.url)
    assert code == 1
    assert "connector_customer_id: acme_cus_" in out  # the proposed expectation is shown...
    assert "rerun with --accept" in out
    assert list(empty_cassettes.glob("*.yaml")) == []  # ...and nothing is written


def test_an_outcome_other_than_the_scenario_asks_is_named_and_fails(register, empty_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    with fake_processor() as server:
        server.always_succeed = True  # a fake that does not rate-limit when the scenario needs it
        code, out = _record(empty_cassettes, ["rate_limited"], server.url, accept=True)
    assert code == 1
    assert "rate_limited: the outcome differs from the scenario: call 1: expected ConnectorError(rate_limited)" in out


def test_input_is_fitted_as_run_fits_it_and_a_refusal_names_the_field(register, empty_cassettes: Path) -> None:
    # full_profile holds metadata; a connector declaring metadata unsupported records it without.
    register(make_acme("acme", Defects(unsupported=frozenset({"metadata"}))), "acme")
    with fake_processor() as server:
        code, out = _record(empty_cassettes, ["full_profile"], server.url, accept=True)
    assert code == 0, out
    assert "metadata" not in (empty_cassettes / "full_profile.yaml").read_text()


class Picky:
    """acme, refusing any customer_name in its own hook (as a processor's shape may)."""

    def __init__(self) -> None:
        self.inner = make_acme("acme")

    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return self.inner.paywire_connector()  # type: ignore[no-any-return]

    @paywire.hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, credentials: AcmeCredentials, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        if request.customer_name:
            raise paywire.InvalidRequestError("no", [paywire.FieldError("customer_name", "Acme cannot take it")])
        return self.inner.paywire_create_customer_request(request, credentials, context)  # type: ignore[no-any-return]


def test_a_refusal_before_sending_names_the_field(register, empty_cassettes: Path) -> None:
    register(Picky(), "acme")
    with fake_processor() as server:
        code, out = _record(empty_cassettes, ["full_profile"], server.url, accept=True)
    assert code == 1
    assert "full_profile: nothing recorded: call 1 refused before sending" in out
    assert "customer_name: Acme cannot take it" in out


def test_live_credentials_are_refused_by_the_models_own_declaration(register, empty_cassettes: Path) -> None:
    class LiveByModel(AcmeCredentials):
        @property
        def live(self) -> bool:  # whatever the key's prefix says, this model decides
            return self.api_key.get_secret_value().endswith("_production")

    register(make_acme("acme", Defects(credentials=LiveByModel)), "acme")
    with pytest.raises(RecordRefused, match="live credentials"):
        record("acme", ["minimal"], cassettes=empty_cassettes, environ={"PAYWIRE_ACME_API_KEY": "sk_test_x_production"})


def test_recording_refuses_missing_credentials_unknown_scenarios_and_local_connectors(
    register, empty_cassettes: Path
) -> None:
    register(make_acme("acme"), "acme")
    with pytest.raises(RecordRefused, match="PAYWIRE_ACME_API_KEY"):
        record("acme", ["minimal"], cassettes=empty_cassettes, environ={})
    with pytest.raises(RecordRefused, match="unknown scenario"):
        record("acme", ["nope"], cassettes=empty_cassettes, environ=ENV)
    with pytest.raises(RecordRefused, match="nothing to record"):
        record("sandbox", ["minimal"], cassettes=empty_cassettes, environ={})
    with pytest.raises(RecordRefused, match="--fake needs --base-url"):
        record("acme", ["minimal"], cassettes=empty_cassettes, environ=ENV, fake=True)
    assert list(empty_cassettes.glob("*.yaml")) == []


def test_fake_servers_are_told_the_scenario_and_call(register, empty_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    with fake_processor() as server:
        code, out = _record(
            empty_cassettes, ["idempotency_conflict", "rate_limited"], server.url, accept=True, fake=True
        )
        assert server.announced == [("idempotency_conflict", 1), ("idempotency_conflict", 2), ("rate_limited", 1)]
    assert code == 0, out
    assert "__paywire_harness__" not in (empty_cassettes / "rate_limited.yaml").read_text()  # never recorded


def test_the_record_and_expect_commands(register, empty_cassettes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    register(make_acme("acme"), "acme")
    monkeypatch.setenv("PAYWIRE_ACME_API_KEY", "sk_live_" + "y" * 24)
    assert main(["record", "--connector", "acme", "--scenario", "minimal", "--cassettes", str(empty_cassettes)]) == 2
    monkeypatch.setenv("PAYWIRE_ACME_API_KEY", REAL_KEY)
    with fake_processor() as server:
        args = ["record", "--connector", "acme", "--scenario", "minimal", "--scenario", "rejected_input"]
        assert main([*args, "--base-url", server.url, "--cassettes", str(empty_cassettes), "--accept"]) == 0
    assert sorted(p.name for p in empty_cassettes.glob("*.yaml")) == [
        "minimal.expect.yaml",
        "minimal.yaml",
        "rejected_input.expect.yaml",
        "rejected_input.yaml",
    ]
    # expect: the expectation holds as written; a changed one is shown and rewritten on --accept.
    out = io.StringIO()
    assert expect("acme", ["minimal"], cassettes=empty_cassettes, out=out) == 0
    assert "minimal: the expectation holds" in out.getvalue()
    path = empty_cassettes / "minimal.expect.yaml"
    written = path.read_text()
    path.write_text(written.replace("status_code: 200", "status_code: 201"))
    out = io.StringIO()
    assert expect("acme", ["minimal"], cassettes=empty_cassettes, out=out) == 1
    assert "-      status_code: 201" in out.getvalue() and "+      status_code: 200" in out.getvalue()
    assert main(["expect", "--connector", "acme", "--cassettes", str(empty_cassettes), "--accept"]) == 0
    assert path.read_text() == written


def test_the_acme_field_map_is_what_acme_sends() -> None:
    assert set(ACME_FIELDS) == set(paywire.CANONICAL_FIELDS)


def test_a_connector_specific_scenario_is_recorded_and_replayed_like_a_standard_one(
    register, empty_cassettes: Path
) -> None:
    register(make_acme("acme"), "acme")
    # The author writes the scenario's requests; record proposes the outcomes.
    (empty_cassettes / "acme_two_customers.expect.yaml").write_text(
        "description: two customers, one after the other, get two ids\n"
        "calls:\n"
        "- request: {email: one@example.com}\n"
        "- request: {email: two@example.com, customer_name: Zoë}\n",
        encoding="utf-8",
    )
    with fake_processor() as server:
        code, out = _record(empty_cassettes, ["acme_two_customers"], server.url, accept=True)
    assert code == 0, out
    written = yaml.safe_load((empty_cassettes / "acme_two_customers.expect.yaml").read_text(encoding="utf-8"))
    assert written["description"] == "two customers, one after the other, get two ids"
    ids = [call["outcome"]["customer"]["connector_customer_id"] for call in written["calls"]]
    assert len(set(ids)) == 2 and all(i.startswith("acme_cus_") for i in ids)
    assert [c["idempotency_key"] for c in written["calls"]] == [
        "paywire-harness-acme_two_customers-1",
        "paywire-harness-acme_two_customers-2",
    ]
    results = {r.check: r for r in run_plan(plan(["acme"], cassettes=empty_cassettes), all_checks(properties=False))}
    assert results["scenario:acme_two_customers"].outcome == "passed", results["scenario:acme_two_customers"].message
    # An outcome the connector no longer gives fails the scenario, naming the file and the field.
    path = empty_cassettes / "acme_two_customers.expect.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(ids[1], "acme_cus_other"), encoding="utf-8")
    results = {r.check: r for r in run_plan(plan(["acme"], cassettes=empty_cassettes), all_checks(properties=False))}
    failed = results["scenario:acme_two_customers"]
    assert failed.outcome == "failed"
    assert "call 2 does not give the outcome acme_two_customers.expect.yaml expects" in failed.message
    assert "acme_cus_other" in failed.message


def test_a_connector_specific_scenario_without_requests_is_a_failed_check(register, empty_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    (empty_cassettes / "acme_broken.expect.yaml").write_text("calls:\n- outcome: {}\n", encoding="utf-8")
    results = {r.check: r for r in run_plan(plan(["acme"], cassettes=empty_cassettes), all_checks(properties=False))}
    assert results["scenario:custom"].outcome == "failed"
    assert "acme_broken.expect.yaml: call 1 holds no 'request'" in results["scenario:custom"].message


def test_scenarios_a_connector_cannot_keep_are_not_applicable_to_it(register, empty_cassettes: Path) -> None:
    """A processor that recognises no repeated request cannot replay one, and paywire never
    retries an ambiguous failure there: those scenarios are neither recorded nor expected."""
    register(make_acme("acme", Defects(idempotency=paywire.Idempotency.none())), "acme")
    with fake_processor() as server:
        code, out = _record(empty_cassettes, [], server.url, accept=True, fake=True)
    assert code == 0, out
    not_applicable = ("retry_succeeds", "idempotency_replay", "idempotency_conflict")
    for name in not_applicable:
        assert f"{name}: nothing to record (not applicable: acme declares idempotency 'none'" in out
        assert not (empty_cassettes / f"{name}.yaml").exists()
    results = {r.check: r for r in run_plan(plan(["acme"], cassettes=empty_cassettes, strict=True), all_checks())}
    assert {k: r.message for k, r in results.items() if r.outcome == "failed"} == {}
    skipped = {k for k, r in results.items() if r.outcome == "skipped"}
    assert skipped == {f"scenario:{name}" for name in not_applicable}
    assert "paywire never retries an ambiguous failure" in results["scenario:retry_succeeds"].message


def test_a_token_connector_records_and_replays_with_its_token_exchange(register, empty_cassettes: Path) -> None:
    register(make_acme("acme", Defects(token=True)), "acme")
    with fake_processor() as server:
        code, out = _record(empty_cassettes, [], server.url, accept=True, fake=True)
        issued = sorted(server.tokens)
    assert code == 0, out
    assert issued
    minimal = (empty_cassettes / "minimal.yaml").read_text(encoding="utf-8")
    assert "https://api.acme.test/v1/login" in minimal
    assert "Bearer paywire-harness-token-1" in minimal
    for path in empty_cassettes.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not any(token in text for token in issued), path
        assert REAL_KEY not in text, path
    results = run_plan(plan(["acme"], cassettes=empty_cassettes, strict=True), all_checks(properties=False))
    assert {r.check: r.message for r in results if r.outcome != "passed"} == {}
    retry = next(r for r in results if r.check == "scenario:retry_succeeds")
    assert "3 interaction(s) replayed" in retry.message or "2 interaction(s) replayed" in retry.message


def test_natural_keys_skips_and_deliberate_input(register, empty_cassettes: Path) -> None:
    """A natural key the scenario's input cannot hold makes retry_succeeds not applicable; a
    scenario skipped in harness.toml is not recorded; a connector-specific scenario's input is
    replayed as written (its over-long value refused, not cut to fit)."""
    natural = paywire.Idempotency.natural("merchant_customer_id", "email")
    limits = {"merchant_customer_id": paywire.Limit(max_length=20)}
    register(make_acme("acme", Defects(idempotency=natural, limits=limits)), "acme")
    config = empty_cassettes / "harness.toml"
    config.write_text(config.read_text() + '[skip]\nrate_limited = "cannot be made to rate-limit"\n')
    (empty_cassettes / "acme_long_id.expect.yaml").write_text(
        "description: a merchant id longer than acme's 20 characters is refused before sending\n"
        f"calls:\n- request: {{email: jane@example.com, merchant_customer_id: {'x' * 21}}}\n",
        encoding="utf-8",
    )
    with fake_processor() as server:
        code, out = _record(empty_cassettes, [], server.url, accept=True, fake=True)
    assert code == 0, out
    assert "retry_succeeds: nothing to record (not applicable: the scenario's request does not hold every" in out
    assert "rate_limited: nothing to record (skipped in harness.toml: cannot be made to rate-limit)" in out
    assert not (empty_cassettes / "rate_limited.yaml").exists()
    refused = yaml.safe_load((empty_cassettes / "acme_long_id.expect.yaml").read_text(encoding="utf-8"))
    assert refused["calls"][0]["outcome"]["error"]["fields"] == [{"merchant_customer_id": "string_too_long"}]
    results = {r.check: r for r in run_plan(plan(["acme"], cassettes=empty_cassettes, strict=True), all_checks())}
    assert {k: r.message for k, r in results.items() if r.outcome == "failed"} == {}
    assert results["scenario:acme_long_id"].outcome == "passed"
