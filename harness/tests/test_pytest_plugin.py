"""The pytest plugin: opt-in, one test item per check with a readable id."""

from __future__ import annotations

import pytest

from paywire_harness import _profiles

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


def test_inactive_without_the_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_own():\n    assert True\n")
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "sandbox::" not in result.stdout.str()


def test_each_check_is_an_item_with_a_readable_id(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_own(paywire_target):\n    assert paywire_target.name == 'sandbox'\n")
    collected = pytester.runpytest_inprocess("--paywire-connector", "sandbox", "--collect-only", "-q")
    ids = collected.stdout.str()
    assert "sandbox::scenario:minimal" in ids
    assert "sandbox::static:cassette-lint" in ids
    result = pytester.runpytest_inprocess(
        "--paywire-connector", "sandbox", "-rs", "-p", "no:cacheprovider", "-k", "not property"
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0
    assert outcomes["skipped"] == 6
    assert "not applicable: sandbox computes customers.create locally" in result.stdout.str()
    selected = pytester.runpytest_inprocess("--paywire-connector", "sandbox", "-k", "minimal", "-p", "no:cacheprovider")
    selected.assert_outcomes(passed=1, deselected=selected.parseoutcomes()["deselected"])


def test_a_failing_check_shows_its_message(pytester: pytest.Pytester, register) -> None:
    from connectors import make_acme

    register(make_acme("bare"), "bare")
    result = pytester.runpytest_inprocess(
        "--paywire-connector", "bare", "--paywire-strict", "-k", "minimal", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(failed=1, deselected=result.parseoutcomes()["deselected"])
    assert "bare::scenario:minimal failed:" in result.stdout.str()
    assert "no cassettes for bare" in result.stdout.str()


def test_unknown_connector_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess("--paywire-connector", "nope")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "unknown connector 'nope'" in result.stderr.str()


def test_hypothesis_profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    from hypothesis import settings

    monkeypatch.delenv(_profiles.PROFILE_ENV, raising=False)
    monkeypatch.setenv("CI", "true")
    assert _profiles.profile_name() == "ci"
    monkeypatch.delenv("CI")
    assert _profiles.profile_name() == "default"
    monkeypatch.setenv(_profiles.PROFILE_ENV, "nightly")
    assert _profiles.profile_name() == "nightly"
    assert _profiles.profile_name("ci") == "ci"
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.deadline is None and ci.database is None
    assert settings.get_profile("nightly").max_examples > ci.max_examples
    with pytest.raises(ValueError, match="unknown hypothesis profile 'nope'"):
        _profiles.load_profile("nope")
    previous = settings.get_current_profile_name()
    try:
        assert _profiles.load_profile() == "nightly"
        assert settings.default.max_examples == settings.get_profile("nightly").max_examples
    finally:
        settings.load_profile(previous)


def test_connector_specific_scenarios_are_items_too(pytester: pytest.Pytester, register, acme_cassettes) -> None:
    import shutil

    import yaml
    from connectors import make_acme

    register(make_acme("acme"), "acme")
    shutil.copy(acme_cassettes / "minimal.yaml", acme_cassettes / "acme_again.yaml")
    minimal = yaml.safe_load((acme_cassettes / "minimal.expect.yaml").read_text(encoding="utf-8"))
    call = {
        "request": {"email": "jane@example.com"},
        "idempotency_key": "paywire-harness-minimal",
        **minimal["calls"][0],
    }
    (acme_cassettes / "acme_again.expect.yaml").write_text(yaml.safe_dump({"calls": [call]}), encoding="utf-8")
    args = ("--paywire-connector", "acme", "--paywire-cassettes", str(acme_cassettes), "-p", "no:cacheprovider")
    result = pytester.runpytest_inprocess(*args, "-k", "acme_again", "-v")
    result.assert_outcomes(passed=1, deselected=result.parseoutcomes()["deselected"])
    assert "acme::scenario:acme_again PASSED" in result.stdout.str()
