"""Plugin discovery: real installed distributions, one entry point at a time, PAYWIRE_PLUGINS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import paywire
from paywire import Registry

DISTS = Path(__file__).parent / "dists"


@pytest.fixture(scope="module")
def plugin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Install the test plugin distributions for real (pip builds wheels with their entry points)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            *(str(d) for d in sorted(DISTS.iterdir())),
        ],
        check=True,
    )
    assert list(target.glob("*.dist-info/entry_points.txt"))
    return target


def connectors(plugin_dir: Path, allow: str | None = None) -> dict[str, dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if k != "PAYWIRE_PLUGINS"}
    env["PYTHONPATH"] = str(plugin_dir)
    if allow is not None:
        env["PAYWIRE_PLUGINS"] = allow
    out = subprocess.run(
        [sys.executable, "-m", "paywire", "connectors", "--json"], env=env, capture_output=True, text=True, check=True
    )
    return {row["name"]: row for row in json.loads(out.stdout)}


def test_broken_plugins_are_listed_with_the_reason_and_others_still_work(plugin_dir: Path) -> None:
    rows = connectors(plugin_dir)
    assert rows["broken"]["status"] == "failed"
    assert "some_missing_dependency" in rows["broken"]["error"]
    assert rows["broken"]["distribution"] == "paywire-broken-import"
    assert rows["misspelled"]["status"] == "failed"
    assert "paywire_create_customer_requst" in rows["misspelled"]["error"]
    assert "did you mean 'paywire_create_customer_request'" in rows["misspelled"]["error"]
    assert rows["future"]["status"] == "failed"
    assert "7..9" in rows["future"]["error"] and f"plugin API {paywire.PLUGIN_API_VERSION}" in rows["future"]["error"]
    working = rows["working"]
    assert (working["status"], working["distribution"], working["version"]) == (
        "loaded",
        "paywire-working-extra",
        "1.2.3",
    )
    assert working["operations"] == {"customers.create": "local"}
    assert rows["sandbox"]["status"] == "loaded" and rows["sandbox"]["builtin"] is True


def test_a_working_plugin_runs_beside_broken_ones(plugin_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(plugin_dir)}
    env.pop("PAYWIRE_PLUGINS", None)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "paywire",
            "customers",
            "create",
            "--connector",
            "working",
            "--email",
            "jane@example.com",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["connector_customer_id"].startswith("wrk_")
    out = subprocess.run(
        [sys.executable, "-m", "paywire", "customers", "create", "--connector", "broken"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr and "failed to load" in out.stderr


def test_allow_list(plugin_dir: Path) -> None:
    assert set(connectors(plugin_dir, "working")) == {"sandbox", "working"}
    assert set(connectors(plugin_dir, "")) == {"sandbox"}
    assert set(connectors(plugin_dir, " working , broken ")) == {"sandbox", "working", "broken"}
    assert {"working", "broken", "misspelled", "future"} <= set(connectors(plugin_dir))


class Wrong:
    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name="other-name", display_name="x", credentials=paywire.NoCredentials, operations={}
        )


class BadSignature:
    @paywire.hookimpl
    def paywire_error(self, response: object, surprise: object) -> None:
        return None


class Wrapper:
    """A cross-cutting plugin: wraps every connector's request building."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    @paywire.hookimpl(wrapper=True)
    def paywire_create_customer_request(self, context: paywire.OperationContext) -> Any:
        self.seen.append(context.connector)
        return (yield)


def test_in_process_registration_validates_plugins() -> None:
    registry = Registry(load_entry_points=False)
    assert registry.register(Wrong(), name="wrong").status == "failed"
    assert "other-name" in (registry.records()[-1].error or "")
    record = registry.register(BadSignature(), name="badsig")
    assert record.status == "failed" and "surprise" in (record.error or "")
    with pytest.raises(paywire.PluginError, match="badsig"):
        registry.connector("badsig")
    assert set(registry.connectors()) == {"sandbox"}


def test_flow_hooks_reach_exactly_one_connector_and_wrappers_wrap_all() -> None:
    registry = Registry(load_entry_points=False)
    import echo_connector

    wrapper = Wrapper()
    registry.register(echo_connector, name="echo")
    registry.register(wrapper, name="audit")
    context = paywire.OperationContext("sandbox", paywire.Operation.CREATE_CUSTOMER, "", "key-1")
    result = registry.connector("sandbox").call(
        "paywire_create_customer_request",
        request=paywire.CreateCustomerRequest(),
        credentials=paywire.NoCredentials(),
        context=context,
    )
    assert result.startswith("sbx_cus_")  # the sandbox answered, not echo
    assert wrapper.seen == ["sandbox"]
    assert [r.name for r in registry.records()] == ["sandbox", "echo", "audit"]
    assert registry.records()[-1].is_connector is False


class BrokenAudit:
    """A cross-cutting wrapper that fails: the error must name it, not the connector it wraps."""

    @paywire.hookimpl(wrapper=True)
    def paywire_create_customer_request(self, context: paywire.OperationContext) -> Any:
        raise RuntimeError("audit backend down")
        yield  # pragma: no cover - makes this a generator, as wrappers are


def test_a_failing_wrapper_is_named_in_the_plugin_error() -> None:
    registry = Registry(load_entry_points=False)
    registry.register(BrokenAudit(), name="broken-audit")
    context = paywire.OperationContext("sandbox", paywire.Operation.CREATE_CUSTOMER, "", "key-1")
    with pytest.raises(paywire.PluginError) as info:
        registry.connector("sandbox").call(
            "paywire_create_customer_request",
            request=paywire.CreateCustomerRequest(),
            credentials=paywire.NoCredentials(),
            context=context,
        )
    assert info.value.plugin == "broken-audit"
    assert "audit backend down" in str(info.value)


def test_a_wrapper_registered_after_a_connector_was_handed_out_still_wraps_it() -> None:
    registry = Registry(load_entry_points=False)
    sandbox = registry.connector("sandbox")  # e.g. held by a client built earlier
    context = paywire.OperationContext("sandbox", paywire.Operation.CREATE_CUSTOMER, "", "key-2")
    call = {
        "request": paywire.CreateCustomerRequest(),
        "credentials": paywire.NoCredentials(),
        "context": context,
    }
    sandbox.call("paywire_create_customer_request", **call)
    wrapper = Wrapper()
    registry.register(wrapper, name="late-audit")
    sandbox.call("paywire_create_customer_request", **call)
    assert wrapper.seen == ["sandbox"]
    registry.unregister("late-audit")
    sandbox.call("paywire_create_customer_request", **call)
    assert wrapper.seen == ["sandbox"]


class Misspelled:
    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(name="typo", display_name="x", credentials=paywire.NoCredentials, operations={})

    @paywire.hookimpl
    def paywire_create_customer_requst(self) -> None:
        return None


class MisspelledAndBadSignature(BadSignature):
    @paywire.hookimpl
    def paywire_eror(self) -> None:
        return None


def test_an_unknown_hook_name_is_refused_and_leaves_nothing_registered() -> None:
    registry = Registry(load_entry_points=False)
    record = registry.register(Misspelled(), name="typo")
    assert record.status == "failed"
    assert "did you mean 'paywire_create_customer_request'" in (record.error or "")
    assert registry.pm.get_plugin("typo") is None
    assert not hasattr(registry.pm.hook, "paywire_create_customer_requst")
    assert set(registry.connectors()) == {"sandbox"}
    # An unknown name is reported before another hook's bad signature.
    record = registry.register(MisspelledAndBadSignature(), name="both")
    assert record.status == "failed" and "did you mean 'paywire_error'" in (record.error or "")
    assert registry.pm.get_plugin("both") is None


def test_a_connector_registered_later_never_answers_for_one_handed_out_earlier() -> None:
    registry = Registry(load_entry_points=False)
    sandbox = registry.connector("sandbox")  # e.g. held by a client built earlier
    import echo_connector

    registry.register(echo_connector, name="echo")  # pluggy calls the newest implementation first
    context = paywire.OperationContext("sandbox", paywire.Operation.CREATE_CUSTOMER, "", "key-4")
    result = sandbox.call(
        "paywire_create_customer_request",
        request=paywire.CreateCustomerRequest(),
        credentials=paywire.NoCredentials(),
        context=context,
    )
    assert result.startswith("sbx_cus_")
    echo = registry.connector("echo")
    registry.unregister("echo")
    with pytest.raises(paywire.PluginError, match="no longer registered"):
        echo.call("paywire_create_customer_request", request=paywire.CreateCustomerRequest(), context=context)


def test_entry_point_plugins_load_from_their_distributions(plugin_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(plugin_dir))
    monkeypatch.delenv("PAYWIRE_PLUGINS", raising=False)
    registry = Registry()
    assert {"sandbox", "working"} <= set(registry.connectors())
    working = registry.connector("working")
    assert (working.record.distribution, working.record.version) == ("paywire-working-extra", "1.2.3")
    assert working.user_agent.endswith(" paywire-working-extra/1.2.3")
    context = paywire.OperationContext("working", paywire.Operation.CREATE_CUSTOMER, "", "key-3")
    result = working.call(
        "paywire_create_customer_request",
        request=paywire.CreateCustomerRequest(email="jane@example.com"),
        credentials=paywire.NoCredentials(),
        context=context,
    )
    assert result.startswith("wrk_")  # the working plugin answered, not the sandbox
