"""The property checks: a correct connector passes all of them, and each deliberate defect is caught
by the property meant for it, with a message that points at the defect and never shows the key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from broken_property_connectors import (
    FAKE_KEY,
    CrashesOnErrorBody,
    CrashesOnNonAscii,
    DropsDescription,
    EmailInUrl,
    HoardsMemory,
    LeaksKeyIntoUrl,
    LocalRandomId,
    LocalReference,
    LocalReturnsHttpRequest,
    Maps401Wrong,
    NonDeterministic,
    PhoneDigitsDeclared,
    PhoneDigitsUndeclared,
    RaisesErrorInsteadOfReturning,
    ReferenceConnector,
    ReferenceCredentials,
    RejectsWithNonCanonicalField,
    SendsKeyInUndeclaredHeader,
    SlowOnErrorReplies,
)
from hypothesis import Phase, settings

import paywire
from paywire_harness import CheckResult, Target, properties, run_check
from paywire_harness.properties import NOT_LOCAL, property_checks

CHECKS = {check.name: check for check in property_checks()}


@contextmanager
def target_for(plugin: object, name: str, credentials: paywire.Credentials | None = None) -> Iterator[Target]:
    with paywire.registry().registered(plugin, name=name):
        connector = paywire.registry().connector(name)
        creds = credentials if credentials is not None else ReferenceCredentials(api_key=FAKE_KEY)
        yield Target(connector=connector, credentials=creds, cassette_dir=None)


def run(plugin: object, name: str, check: str) -> CheckResult:
    with target_for(plugin, name) as target:
        return CHECKS[check].run(target)


def run_all(plugin: object, name: str, credentials: paywire.Credentials | None = None) -> dict[str, CheckResult]:
    with target_for(plugin, name, credentials) as target:
        return {check.name: check.run(target) for check in property_checks()}


def test_property_checks_have_unique_readable_names() -> None:
    names = [c.name for c in property_checks()]
    assert len(set(names)) == len(names) >= 6
    assert all(re.fullmatch(r"property:[a-z]+(-[a-z]+)*", name) for name in names), names


def test_reference_connector_passes_every_property() -> None:
    results = run_all(ReferenceConnector("reference"), "reference")
    failed = {name: r.message for name, r in results.items() if r.outcome != "passed"}
    assert failed == {"property:error-never-success": "no cassettes: no recorded error replies to try"}
    build = results["property:build-total"]
    assert build.examples is not None and build.examples >= 100
    assert "requests in" in build.message and "refused" in build.message
    assert all(r.examples for r in results.values() if r.outcome == "passed")


@pytest.mark.parametrize(
    ("plugin", "check", "points_at"),
    [
        (DropsDescription, "property:no-silent-drops", "silent drop: the value of 'description'"),
        (LeaksKeyIntoUrl, "property:secrets-placement", "credential 'api_key' leaks into the URL"),
        (SendsKeyInUndeclaredHeader, "property:secrets-placement", "header 'X-Debug-Key'"),
        (EmailInUrl, "property:secrets-placement", "personal data from 'email' appears in the URL"),
        (CrashesOnNonAscii, "property:build-total", "raised UnicodeEncodeError"),
        (RejectsWithNonCanonicalField, "property:build-total", "non-canonical field(s) 'name'"),
        (NonDeterministic, "property:deterministic-build", "building the same request twice gave different headers"),
        (CrashesOnErrorBody, "property:response-total", "paywire_error raised"),
        (CrashesOnErrorBody, "property:status-category", "paywire_error raised JSONDecodeError"),
        (RaisesErrorInsteadOfReturning, "property:response-total", "raised a ConnectorError instead of returning it"),
        (Maps401Wrong, "property:status-category", "HTTP 401 with an unreadable body became 'permission_denied'"),
    ],
)
def test_each_defect_is_caught_by_its_property(plugin: type[ReferenceConnector], check: str, points_at: str) -> None:
    name = "broken-" + plugin.__name__.lower()
    result = run(plugin(name), name, check)
    assert result.outcome == "failed"
    assert points_at in result.message
    assert FAKE_KEY not in result.message
    if "raised" in points_at and "ConnectorError" not in points_at:  # a crash names the plugin's line
        assert "at tests/broken_property_connectors.py:" in result.message


@pytest.fixture
def no_shrinking() -> Iterator[None]:
    """A profile that stops at the first failure: shrinking replies that cost a fraction of a
    second each would take minutes."""
    previous = settings.get_current_profile_name()
    settings.register_profile(
        "property-tests-no-shrink",
        derandomize=True,
        database=None,
        deadline=None,
        max_examples=100,
        phases=[Phase.explicit, Phase.generate],
    )
    settings.load_profile("property-tests-no-shrink")
    try:
        yield
    finally:
        settings.load_profile(previous)


@pytest.mark.usefixtures("no_shrinking")
def test_slow_reply_handling_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(properties, "MAX_SECONDS", 0.1)  # the fixture spends 0.2 s; the default limit is 1 s
    result = run(SlowOnErrorReplies("slow"), "slow", "property:response-total")
    assert result.outcome == "failed"
    assert "handling one reply took" in result.message and "(limit 0.1 s)" in result.message


@pytest.mark.usefixtures("no_shrinking")
def test_memory_hoarding_is_caught() -> None:
    result = run(HoardsMemory("hoarder"), "hoarder", "property:response-total")
    assert result.outcome == "failed"
    assert "MiB at peak" in result.message


def test_failure_shows_the_shrunk_example() -> None:
    result = run(DropsDescription("drops"), "drops", "property:no-silent-drops")
    # hypothesis shrinks to a request holding the dropped field alone, with a value of a character
    # or two (a lone "0" would be found elsewhere in the request, in the User-Agent's version)
    assert re.search(r'request: \{"description": "[^"]{1,2}"\}$', result.message), result.message


def test_a_declared_conversion_is_not_a_silent_drop() -> None:
    """A value sent converted as ``FieldMap.convert`` declares (a phone's digits without '+', an
    alpha-3 country) is found on the wire in that form; undeclared, the same request is a drop."""
    assert run(PhoneDigitsDeclared("digits"), "digits", "property:no-silent-drops").outcome == "passed"
    undeclared = run(PhoneDigitsUndeclared("digits-undeclared"), "digits-undeclared", "property:no-silent-drops")
    assert undeclared.outcome == "failed"
    assert "silent drop: the value of 'phone_number'" in undeclared.message


def test_key_leak_message_masks_the_key() -> None:
    result = run(LeaksKeyIntoUrl("leaky"), "leaky", "property:secrets-placement")
    assert "credential 'api_key' leaks into the URL: https://api.reference.test/v1/customers?***" in result.message
    assert FAKE_KEY not in result.message


def test_broken_error_body_is_only_caught_where_it_matters() -> None:
    results = run_all(CrashesOnErrorBody("crashy"), "crashy")
    assert results["property:build-total"].outcome == "passed"
    assert results["property:no-silent-drops"].outcome == "passed"
    assert results["property:response-total"].outcome == "failed"
    assert results["property:status-category"].outcome == "failed"


def test_local_reference_passes_and_remote_only_properties_skip() -> None:
    results = run_all(LocalReference("local-ok"), "local-ok", paywire.NoCredentials())
    assert results["property:build-total"].outcome == "passed"
    assert results["property:deterministic-build"].outcome == "passed"
    for name in (
        "property:no-silent-drops",
        "property:secrets-placement",
        "property:response-total",
        "property:status-category",
    ):
        assert results[name].outcome == "skipped"
        assert results[name].message == NOT_LOCAL


def test_local_random_id_is_not_deterministic() -> None:
    results = run_all(LocalRandomId("local-random"), "local-random", paywire.NoCredentials())
    assert results["property:deterministic-build"].outcome == "failed"
    assert "same request and idempotency key gave different results" in results["property:deterministic-build"].message


def test_local_operation_building_a_request_fails_build_total() -> None:
    results = run_all(LocalReturnsHttpRequest("local-http"), "local-http", paywire.NoCredentials())
    assert results["property:build-total"].outcome == "failed"
    assert "must return the customer's id (a non-empty str)" in results["property:build-total"].message


def test_sandbox_passes_the_local_properties() -> None:
    connector = paywire.registry().connector("sandbox")
    target = Target(connector=connector, credentials=connector.info.credentials(), cassette_dir=None)
    results = {check.name: check.run(target) for check in property_checks()}
    assert results["property:build-total"].outcome == "passed", results["property:build-total"].message
    assert results["property:deterministic-build"].outcome == "passed", results["property:deterministic-build"].message
    assert {
        r.outcome for n, r in results.items() if n not in ("property:build-total", "property:deterministic-build")
    } == {"skipped"}


def test_declared_skip_is_honoured() -> None:
    with target_for(ReferenceConnector("skippy"), "skippy") as target:
        skipping = Target(target.connector, target.credentials, None, skips={"property:response-total": "no replies"})
        result = run_check(CHECKS["property:response-total"], skipping)
    assert (result.outcome, result.message) == ("skipped", "skipped in harness.toml: no replies")


def test_run_never_raises_on_unusable_credentials() -> None:
    # Credentials missing their field (as when a connector ships no fake credentials).
    with target_for(ReferenceConnector("nocreds"), "nocreds") as target:
        broken = Target(target.connector, paywire.NoCredentials(), None)
        results = [check.run(broken) for check in property_checks()]
    assert {r.outcome for r in results} == {"failed"}
    assert "could not run: no client for nocreds: credentials for nocreds must be" in results[0].message


@pytest.mark.parametrize("name", ["stripe", "adyen"])
def test_installed_connectors_pass_every_applicable_property(name: str) -> None:
    if name not in paywire.registry().connectors():
        pytest.skip(f"paywire-{name} is not installed")
    from paywire_harness import build_target

    # The repository's cassettes/<name>/harness.toml holds the fake credentials.
    setup = build_target(paywire.registry().connector(name), cwd=Path(__file__).resolve().parents[2])
    assert not setup.problems
    results = {check.name: check.run(setup.target) for check in property_checks()}
    failed = {n: r.message for n, r in results.items() if r.outcome == "failed"}
    assert not failed
    assert results["property:build-total"].outcome == "passed"
