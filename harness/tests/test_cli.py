"""The ``paywire-harness`` command: exit codes, progress, and the three reports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from connectors import Defects, make_acme

from paywire_harness._cli import main

# The property checks are another module's subject (tests/test_properties*); these tests cover the runner.
NO_PROPERTIES = ("--check", "static:*", "--check", "scenario:*")


def test_a_passing_run_exits_0_and_writes_well_formed_reports(
    register, acme_cassettes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register(make_acme("acme"), "acme")
    junit, report, md = tmp_path / "r" / "junit.xml", tmp_path / "r" / "report.json", tmp_path / "r" / "matrix.md"
    code = main(
        [
            "run",
            "--connector",
            "acme",
            "--cassettes",
            str(acme_cassettes),
            "--junit-xml",
            str(junit),
            "--json",
            str(report),
            "--markdown",
            str(md),
            *NO_PROPERTIES,
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, out
    progress = re.search(r"^\[1/(\d+)\] acme static:config: passed", err, re.MULTILINE)
    assert progress, err  # plain progress lines when not a TTY
    total = int(progress.group(1))
    assert f"{total} passed, 0 failed, 0 skipped" in out
    assert "connectors: 1 proven, 0 failed, 0 not proven (PASSED)" in out

    root = ET.parse(junit).getroot()  # noqa: S314 (our own report)
    assert root.tag == "testsuites" and root.get("failures") == "0" and root.get("tests") == str(total)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "acme"
    names = [case.get("name") for case in suite.iter("testcase")]
    assert "scenario:retry_succeeds" in names and "static:cassette-lint" in names

    data = json.loads(report.read_text())
    assert data["passed"] is True
    assert data["summary"] == {"passed": total, "failed": 0, "skipped": 0}
    assert data["connectors"][0]["name"] == "acme"
    assert data["connectors"][0]["distribution"] == "paywire-test-connectors"
    assert {r["check"] for r in data["results"]} >= {"scenario:minimal", "static:metadata"}

    matrix = md.read_text()
    assert "| check | Acme Pay (`acme`) |" in matrix
    assert "| `scenario:minimal` | ✅ pass |" in matrix


def test_a_failing_check_exits_1_and_reports_it(
    register, acme_cassettes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register(make_acme("drifty", Defects(rename_name=True)), "drifty")
    junit, report, md = tmp_path / "junit.xml", tmp_path / "report.json", tmp_path / "matrix.md"
    code = main(
        [
            "run",
            "--connector",
            "drifty",
            "--connector",
            "sandbox",
            "--junit-xml",
            str(junit),
            "--json",
            str(report),
            "--markdown",
            str(md),
            "--strict",
            *NO_PROPERTIES,
        ]
    )
    out, _ = capsys.readouterr()
    assert code == 1
    assert "drifty scenario:minimal: not proven: no cassettes for drifty" in out
    assert "connectors: 1 proven, 0 failed, 1 not proven (drifty: no cassettes) (FAILED)" in out
    root = ET.parse(junit).getroot()  # noqa: S314 (our own report)
    failures = [case for case in root.iter("testcase") if case.find("failure") is not None]
    assert failures and all(case.get("classname") == "paywire_harness.drifty" for case in failures)
    data = json.loads(report.read_text())
    assert data["passed"] is False
    assert [c["name"] for c in data["connectors"]] == ["drifty", "sandbox"]
    assert "❌ fail [1]" in md.read_text()


def test_a_connector_without_cassettes_is_not_proven_and_the_run_fails_even_without_strict(
    register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    register(make_acme("nocassettes"), "nocassettes")
    monkeypatch.chdir(tmp_path)  # no ./cassettes/nocassettes, no entry point
    code = main(["run", "--connector", "nocassettes", "--json", str(tmp_path / "r.json"), *NO_PROPERTIES])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "0 failed" in out and "connectors: 0 proven, 0 failed, 1 not proven (nocassettes: no cassettes)" in out
    assert "no cassettes) (NOT PROVEN)\n" in out
    data = json.loads((tmp_path / "r.json").read_text())
    assert (data["passed"], data["verdict"], data["not_proven"]) == (False, "NOT PROVEN", ["nocassettes"])


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["run", "--connector", "nope"]) == 2
    assert "unknown connector 'nope'" in capsys.readouterr().err
    assert main(["run", "--cassettes", str(tmp_path)]) == 2
    assert "exactly one --connector" in capsys.readouterr().err
    assert main(["run", "--connector", "sandbox", "--hypothesis-profile", "nope"]) == 2
    assert main(["run", "--connector", "sandbox", "--check", "nothing:*"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["run", "--bogus"])
    assert exc.value.code == 2


def test_the_installed_command_runs_the_sandbox(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "paywire-harness"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "paywire_harness._cli"]
    env = {**os.environ, "PAYWIRE_PLUGINS": ""}
    done = subprocess.run(
        [*command, "run", "--connector", "sandbox", "--json", str(tmp_path / "r.json"), *NO_PROPERTIES],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((tmp_path / "r.json").read_text())["passed"] is True
    unknown = subprocess.run(
        [*command, "run", "--connector", "nope"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert unknown.returncode == 2


def test_fields_prints_the_declared_field_map(register, capsys: pytest.CaptureFixture[str]) -> None:
    register(make_acme("acme", Defects(unsupported=frozenset({"metadata"}))), "acme")
    assert main(["fields", "--connector", "acme"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("| canonical field | sent as | note |\n|---|---|---|\n")
    assert "| `customer_name` | `customer_name` |  |" in table
    assert "| `metadata` | refused | Acme Pay has no place for it |" in table
    assert main(["fields", "--connector", "nope"]) == 2
