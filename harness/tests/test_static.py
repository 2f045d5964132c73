"""Static checks: metadata, hookimpls, capabilities, credentials, cassette lint."""

from __future__ import annotations

from pathlib import Path

from connectors import Defects, EmptyKeyCredentials, LeakyCredentials, make_acme, make_misspelled

import paywire
from paywire_harness import all_checks, plan, run_plan
from paywire_harness._lint import lint_cassette
from paywire_harness._static import static_checks

REAL_LIVE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
REAL_TEST = "sk_test_" + "51HqLyjWDarjtT1zdp7dcAb9"
ADYEN = "AQE" + "yhmfxLI3MaBFLw0m/n3Q5qf3VaY9UCJ14XWZE03G/k2NFitRvbe4N1XqH1eHaH2AksaKkN" + "wEwV1bDb7kfNy1WIxIIkxgBw=="

BAD_CASSETTE = f"""interactions:
- request:
    body: '{{"email": "jane.doe@gmail.com", "note": "{REAL_TEST}"}}'
    headers:
      Authorization:
      - Bearer {REAL_LIVE}
      X-API-Key:
      - {ADYEN}
    method: POST
    uri: https://api.acme.test/v1/customers
  response:
    body:
      string: '{{"id": "cus_1", "email": "jane@example.com", "owner": "ops@acme-corp.io"}}'
    headers:
      content-type:
      - application/json
    status:
      code: 200
      message: OK
version: 1
"""

CLEAN_CASSETTE = """interactions:
- request:
    body: '{"email": "jane@example.com", "other": "x@mail.test"}'
    headers:
      Authorization:
      - Bearer sk_test_paywire_harness_fake
    method: POST
    uri: https://api.acme.test/v1/customers
  response:
    body:
      string: '{"id": "cus_1", "email": "zoe@example.com", "key": "sk_test_1234"}'
    headers: {}
    status:
      code: 200
      message: OK
version: 1
"""


def _results(names: list[str], **kwargs: object) -> dict[str, object]:
    return {r.check: r for r in run_plan(plan(names, **kwargs), all_checks(properties=False))}  # type: ignore[arg-type]


def test_lint_finds_real_keys_and_personal_emails_without_repeating_them(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text(BAD_CASSETTE)
    findings = [str(f) for f in lint_cassette(path, ["sk_test_paywire_harness_fake"], ["authorization"])]
    text = "\n".join(findings)
    assert "request header Authorization: value sk_live_… (32 chars) is not a placeholder" in text
    assert "request header X-API-Key" in text
    assert "request body: looks like a real test Stripe-style secret key sk_test_… (32 chars)" in text
    assert "request body: unredacted personal e-mail address j***@gmail.com" in text
    assert "response body: unredacted personal e-mail address o***@acme-corp.io" in text
    for secret in (REAL_LIVE, REAL_TEST, ADYEN, "jane.doe@gmail.com"):
        assert secret not in text
    assert "jane@example.com" not in text  # a scenario's own address is fine


def test_lint_accepts_fakes_placeholders_and_reserved_domains(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text(CLEAN_CASSETTE)
    assert lint_cassette(path, ["sk_test_paywire_harness_fake"]) == []


def test_lint_checks_the_body_fields_declared_to_carry_credentials(tmp_path: Path) -> None:
    body = '{"request": {"auth": {"name": "login", "transactionKey": "%s"}, "profile": {}}}'
    path = tmp_path / "minimal.yaml"
    path.write_text(CLEAN_CASSETTE.replace(CLEAN_CASSETTE.splitlines()[2], f"    body: '{body % 'Zq83kP1mXv9sT2wa'}'"))
    findings = [
        str(f) for f in lint_cassette(path, ["sk_test_paywire_harness_fake"], (), ["request.auth.transactionKey"])
    ]
    where = "minimal.yaml interaction 1 request body request.auth.transactionKey"
    assert findings == [f"{where}: value Zq83kP1m… (16 chars) is not the fake"]
    path.write_text(CLEAN_CASSETTE.replace(CLEAN_CASSETTE.splitlines()[2], f"    body: '{body % 'fake_txn_key'}'"))
    assert lint_cassette(path, ["fake_txn_key"], (), ["request.auth.transactionKey"]) == []


def test_cassette_lint_check_fails_the_connector(register, acme_cassettes: Path) -> None:
    register(make_acme("acme"), "acme")
    (acme_cassettes / "leaked.yaml").write_text(BAD_CASSETTE)
    result = _results(["acme"], cassettes=acme_cassettes)["static:cassette-lint"]
    assert result.outcome == "failed"  # type: ignore[attr-defined]
    assert "leaked.yaml interaction 1" in result.message  # type: ignore[attr-defined]
    assert REAL_LIVE not in result.message  # type: ignore[attr-defined]


def test_committed_test_cassettes_are_clean() -> None:
    folder = Path(__file__).parent / "cassettes" / "acme"
    paths = sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(".expect.yaml"))
    assert len(paths) >= 10  # one per scenario: the loop below must not pass by seeing nothing
    for path in paths:
        assert lint_cassette(path, ["sk_test_paywire_harness_fake"], ["authorization"]) == [], path


def test_a_plugin_that_fails_to_load_is_a_failed_check(register) -> None:
    record = register(make_misspelled("typo"), "typo")
    assert record.status == "failed"
    result = _results(["typo"])["static:hookimpls"]
    assert result.outcome == "failed"  # type: ignore[attr-defined]
    assert "plugin 'typo' (paywire-test-connectors 0.0.1) failed to load" in result.message  # type: ignore[attr-defined]
    assert "did you mean 'paywire_create_customer_request'?" in result.message  # type: ignore[attr-defined]
    # ...and it is reported when every installed connector runs, too.
    assert any(r.connector == "typo" and r.outcome == "failed" for r in run_plan(plan(), all_checks(properties=False)))


def test_metadata_capabilities_and_credentials_defects_are_named(register, acme_cassettes: Path) -> None:
    register(
        make_acme("nodist", Defects(no_response_hook=True, credentials=LeakyCredentials)),
        "nodist",
        distribution=None,
        version=None,
    )
    results = _results(["nodist"], cassettes=acme_cassettes)
    assert "no distribution" in results["static:metadata"].message  # type: ignore[attr-defined]
    capabilities = results["static:capabilities"]
    assert capabilities.outcome == "failed"  # type: ignore[attr-defined]
    assert "REMOTE but paywire_create_customer_response is not implemented" in capabilities.message  # type: ignore[attr-defined]
    credentials = results["static:credentials"]
    assert "credentials field 'api_key' looks secret but is not SecretStr" in credentials.message  # type: ignore[attr-defined]


def test_a_required_secret_that_accepts_an_empty_value_is_named(register, acme_cassettes: Path) -> None:
    register(make_acme("emptykey", Defects(credentials=EmptyKeyCredentials)), "emptykey")
    credentials = _results(["emptykey"], cassettes=acme_cassettes)["static:credentials"]
    assert credentials.outcome == "failed"  # type: ignore[attr-defined]
    assert "credentials field 'api_key' accepts an empty secret" in credentials.message  # type: ignore[attr-defined]

    register(make_acme("acme"), "acme")  # acme's own model refuses "" (its prefix check)
    assert _results(["acme"], cassettes=acme_cassettes)["static:credentials"].outcome == "passed"  # type: ignore[attr-defined]


def test_the_sandbox_passes_every_static_check() -> None:
    results = _results(["sandbox"])
    static = {k: r.outcome for k, r in results.items() if k.startswith("static:")}  # type: ignore[attr-defined]
    assert set(static) == {c.name for c in static_checks()} | {"static:config"}
    assert set(static.values()) == {"passed"}
    assert paywire.registry().connector("sandbox").record.distribution == "paywire"


def test_declared_unsupported_fields_must_be_canonical(register, acme_cassettes: Path) -> None:
    line3 = "address.billing_address.line3"
    register(make_acme("honest", Defects(unsupported=frozenset({line3, "metadata"}))), "honest")
    register(make_acme("typo", Defects(unsupported=frozenset({line3, "address.billing_address.floor"}))), "typo")
    assert _results(["honest"], cassettes=acme_cassettes)["static:unsupported-fields"].outcome == "passed"
    typo = _results(["typo"], cassettes=acme_cassettes)["static:unsupported-fields"]
    assert typo.outcome == "failed"
    assert "'address.billing_address.floor', which is not a canonical field" in typo.message


def test_scenarios_leave_out_declared_unsupported_fields(register, acme_cassettes: Path) -> None:
    # full_profile holds metadata; a connector that declares metadata unsupported (and refuses it)
    # is replayed without it, so the scenario still proves the rest of the profile.
    register(make_acme("nometa", Defects(unsupported=frozenset({"metadata"}))), "nometa")
    results = _results(["nometa"], cassettes=acme_cassettes)
    full = results["scenario:full_profile"]
    assert full.outcome == "failed"  # the acme cassette was recorded with metadata: the body drifts
    assert "metadata" in full.message


def test_a_connector_using_paywire_internals_fails_public_api(register, tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "internals_probe"
    package.mkdir()
    source = (Path(__file__).parent / "connectors.py").read_text(encoding="utf-8")
    (package / "__init__.py").write_text(
        source + "\nfrom paywire._fields import check_request\nimport paywire._engine\nX = paywire._engine\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    import internals_probe

    register(internals_probe.make_acme("probe"), "probe")
    result = _results(["probe"])["static:public-api"]
    assert result.outcome == "failed"  # type: ignore[attr-defined]
    message = result.message  # type: ignore[attr-defined]
    assert "imports from paywire._fields, not paywire's public API" in message
    assert "imports a private paywire module" in message
    assert "uses paywire._engine, not in paywire.__all__" in message
    assert _results(["sandbox"])["static:public-api"].outcome == "passed"  # type: ignore[attr-defined]


def test_a_readme_field_map_that_drifted_from_the_declaration_fails(register, tmp_path: Path, monkeypatch) -> None:
    from paywire_harness._fieldmap import mapping_table

    register(make_acme("acme"), "acme", distribution="paywire-readme-probe")
    info = paywire.registry().connector("acme").info
    dist = tmp_path / "paywire_readme_probe-0.0.1.dist-info"
    dist.mkdir()

    def readme(table: str) -> None:
        body = f"# acme\n\n<!-- fields:start -->\n{table}<!-- fields:end -->\n"
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: paywire-readme-probe\nVersion: 0.0.1\n\n{body}")

    monkeypatch.syspath_prepend(str(tmp_path))
    readme(mapping_table(info))
    assert _results(["acme"])["static:readme-field-map"].outcome == "passed"  # type: ignore[attr-defined]
    readme(mapping_table(info).replace("`email`", "`e_mail`"))
    result = _results(["acme"])["static:readme-field-map"]
    assert result.outcome == "failed"  # type: ignore[attr-defined]
    assert "paste `paywire-harness fields --connector acme`" in result.message  # type: ignore[attr-defined]
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: paywire-readme-probe\nVersion: 0.0.1\n\n# acme\n")
    result = _results(["acme"])["static:readme-field-map"]
    assert result.outcome == "failed"  # type: ignore[attr-defined]
    assert "README shows no field map" in result.message  # type: ignore[attr-defined]
