"""Reports of a run: terminal matrix and progress, JUnit XML, JSON, a Markdown matrix."""

from __future__ import annotations

import dataclasses
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import paywire

from ._checks import CheckResult
from ._runner import Plan

__all__ = ["Progress", "RunReport", "junit_xml", "markdown", "terminal_summary", "to_json"]

SYMBOLS = {"passed": "✓", "failed": "✗", "skipped": "-"}
ASCII_SYMBOLS = {"passed": "ok", "failed": "FAIL", "skipped": "skip"}
MD_SYMBOLS = {"passed": "✅ pass", "failed": "❌ fail", "skipped": "⏭️ skip"}


@dataclass
class RunReport:
    """A finished run: every result, and who the connectors are."""

    results: list[CheckResult]
    connectors: dict[str, dict[str, Any]] = field(default_factory=dict)
    duration: float = 0.0
    profile: str = "default"

    @property
    def not_proven(self) -> list[str]:
        """Connectors the run could not exercise: no cassettes anywhere for a REMOTE operation."""
        found = (r.connector for r in self.results if r.check.startswith("scenario:") and _unproven(r))
        return list(dict.fromkeys(found))

    @property
    def passed(self) -> bool:
        """No check failed and every connector was proven: only then does the run pass."""
        return all(r.outcome != "failed" for r in self.results) and not self.not_proven

    @property
    def verdict(self) -> str:
        if any(r.outcome == "failed" for r in self.results):
            return "FAILED"
        return "NOT PROVEN" if self.not_proven else "PASSED"

    def summary(self, connector: str | None = None) -> dict[str, int]:
        counts = Counter(r.outcome for r in self.results if connector is None or r.connector == connector)
        return {k: counts.get(k, 0) for k in ("passed", "failed", "skipped")}

    def checks(self) -> list[str]:
        return list(dict.fromkeys(r.check for r in self.results))

    def names(self) -> list[str]:
        return list(dict.fromkeys([*self.connectors, *(r.connector for r in self.results)]))

    def cell(self, connector: str, check: str) -> CheckResult | None:
        return next((r for r in self.results if r.connector == connector and r.check == check), None)


def _unproven(result: CheckResult) -> bool:
    return result.message.startswith("not proven")


def connector_meta(the_plan: Plan) -> dict[str, dict[str, Any]]:
    """Name -> display name, distribution, version, status of every connector in the plan."""
    meta: dict[str, dict[str, Any]] = {}
    for setup in the_plan.setups:
        record = setup.target.connector.record
        meta[record.name] = {
            "display_name": record.info.display_name if record.info else record.name,
            "distribution": record.distribution,
            "version": record.version,
            "status": "loaded",
            "capability": setup.target.connector.info.capability(paywire.Operation.CREATE_CUSTOMER).value,
            "cassettes": str(setup.target.cassette_dir) if setup.target.cassette_dir else None,
        }
    for record in the_plan.failed_plugins:
        meta[record.name] = {
            "display_name": record.name,
            "distribution": record.distribution,
            "version": record.version,
            "status": "failed",
            "capability": None,
            "cassettes": None,
        }
    return meta


class Progress:
    """Shows each result as it arrives: one updating line on a terminal, plain lines otherwise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._width = 0

    def __call__(self, result: CheckResult, done: int, total: int) -> None:
        if self.tty:
            mark = "F" if result.outcome == "failed" else "."
            line = f"\r[{done}/{total}] {mark} {result.connector} {result.check}"
            pad = max(self._width - len(line), 0)
            self._width = len(line)
            self.stream.write(line + " " * pad)
            if done == total:
                self.stream.write("\r" + " " * self._width + "\r")
        else:
            self.stream.write(
                f"[{done}/{total}] {result.connector} {result.check}: {result.outcome} ({result.duration:.3f}s)\n"
            )
        self.stream.flush()


def _symbols(stream: TextIO) -> dict[str, str]:
    encoding = (getattr(stream, "encoding", None) or "").lower()
    return SYMBOLS if stream.isatty() and "utf" in encoding else ASCII_SYMBOLS


def terminal_summary(report: RunReport, stream: TextIO | None = None) -> str:
    """The connector x check matrix, the failures with their messages, and the totals."""
    stream = stream or sys.stdout
    symbols = _symbols(stream)
    names = report.names()
    checks = report.checks()
    width = max([len("check"), *(len(c) for c in checks)])
    cols = [max(len(n), 4) for n in names]
    lines = ["paywire conformance: " + ", ".join(names), ""]
    lines.append("  ".join(["check".ljust(width), *(n.ljust(w) for n, w in zip(names, cols, strict=True))]))
    for check in checks:
        row = [check.ljust(width)]
        for name, w in zip(names, cols, strict=True):
            cell = report.cell(name, check)
            row.append((symbols[cell.outcome] if cell else "").ljust(w))
        lines.append("  ".join(row).rstrip())
    failures = [r for r in report.results if r.outcome == "failed"]
    if failures:
        lines += ["", "failures:"]
        for r in failures:
            first, *rest = (r.message or "(no message)").splitlines()
            lines.append(f"  {r.connector} {r.check}: {first}")
            lines.extend(f"      {line}" for line in rest)
    total = report.summary()
    unproven = report.not_proven
    failed = [n for n in names if n not in unproven and report.summary(n)["failed"]]
    proven = len(names) - len(unproven) - len(failed)
    lines += [
        "",
        f"{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped in {report.duration:.2f}s; "
        f"connectors: {proven} proven, {len(failed)} failed, {len(unproven)} not proven"
        + (f" ({', '.join(unproven)}: no cassettes)" if unproven else "")
        + f" ({report.verdict})",
    ]
    return "\n".join(lines) + "\n"


def to_json(report: RunReport) -> dict[str, Any]:
    """A JSON-ready document of the whole run."""
    from . import __version__

    return {
        "harness_version": __version__,
        "paywire_version": paywire.__version__,
        "profile": report.profile,
        "passed": report.passed,
        "verdict": report.verdict,
        "not_proven": report.not_proven,
        "duration": round(report.duration, 6),
        "summary": report.summary(),
        "connectors": [
            {"name": name, **report.connectors.get(name, {}), "summary": report.summary(name)}
            for name in report.names()
        ],
        "results": [dataclasses.asdict(r) for r in report.results],
    }


def junit_xml(report: RunReport) -> bytes:
    """JUnit XML: one test suite per connector, one test case per check."""
    total = report.summary()
    suites = ET.Element(
        "testsuites",
        name="paywire-harness",
        tests=str(len(report.results)),
        failures=str(total["failed"]),
        skipped=str(total["skipped"]),
        errors="0",
        time=f"{report.duration:.3f}",
    )
    for name in report.names():
        results = [r for r in report.results if r.connector == name]
        counts = report.summary(name)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=name,
            tests=str(len(results)),
            failures=str(counts["failed"]),
            skipped=str(counts["skipped"]),
            errors="0",
            time=f"{sum(r.duration for r in results):.3f}",
        )
        for r in results:
            case = ET.SubElement(
                suite, "testcase", classname=f"paywire_harness.{name}", name=r.check, time=f"{r.duration:.3f}"
            )
            if r.outcome == "failed":
                failure = ET.SubElement(case, "failure", message=(r.message.splitlines() or ["failed"])[0])
                failure.text = r.message
            elif r.outcome == "skipped":
                ET.SubElement(case, "skipped", message=r.message)
    ET.indent(suites)
    document: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return document


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(report: RunReport) -> str:
    """A conformance matrix to paste into a README, with skip reasons and failures as notes."""
    from . import __version__

    names = report.names()
    header = [f"{report.connectors.get(n, {}).get('display_name') or n} (`{n}`)" for n in names]
    lines = [
        "## paywire conformance",
        "",
        "| check | " + " | ".join(_md(h) for h in header) + " |",
        "|---|" + "---|" * len(names),
    ]
    notes: list[str] = []
    for check in report.checks():
        row = [f"`{check}`"]
        for name in names:
            cell = report.cell(name, check)
            if cell is None:
                row.append("")
                continue
            text = MD_SYMBOLS[cell.outcome]
            if cell.outcome != "passed" and cell.message:
                notes.append(f"{name} · `{check}`: {_md(cell.message)}")
                text += f" [{len(notes)}]"
            row.append(text)
        lines.append("| " + " | ".join(row) + " |")
    if notes:
        lines += ["", *(f"{i}. {note}" for i, note in enumerate(notes, 1))]
    versions = ", ".join(f"{n} {report.connectors[n].get('version') or '?'}" for n in names if n in report.connectors)
    total = report.summary()
    lines += [
        "",
        f"_{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped · "
        f"paywire-harness {__version__}, paywire {paywire.__version__}" + (f" · {versions}" if versions else "") + "_",
        "",
    ]
    return "\n".join(lines)


def write_reports(
    report: RunReport, *, junit: Path | None = None, json_path: Path | None = None, markdown_path: Path | None = None
) -> list[Path]:
    """Write the requested report files; returns the paths written."""
    renderers: list[tuple[Path | None, Callable[[], bytes]]] = [
        (junit, lambda: junit_xml(report)),
        (json_path, lambda: json.dumps(to_json(report), indent=2, ensure_ascii=False).encode()),
        (markdown_path, lambda: markdown(report).encode()),
    ]
    written = []
    for path, render in renderers:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render())
            written.append(path)
    return written
