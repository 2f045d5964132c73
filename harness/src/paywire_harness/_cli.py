"""The ``paywire-harness`` command: ``run`` the conformance suite, ``record`` cassettes and
``expect`` their outcomes, print a connector's ``fields`` map, ``new-connector`` to start one.

Exit status: 0 every check passed, 1 a check failed, 2 a usage error.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ._fieldmap import mapping_table
from ._profiles import PROFILES, load_profile
from ._record import RecordRefused, expect, record
from ._reports import Progress, RunReport, connector_meta, terminal_summary, write_reports
from ._runner import UsageError, all_checks, checks_for, plan, run_plan
from ._scaffold import ScaffoldError, connector_names, next_steps, scaffold
from .scenarios import SCENARIOS

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paywire-harness", description="Conformance harness for paywire connectors.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the conformance suite against installed connectors")
    run.add_argument(
        "--connector",
        action="append",
        default=[],
        metavar="NAME",
        help="check this connector (repeatable; default: every installed connector)",
    )
    run.add_argument("--cassettes", type=Path, metavar="DIR", help="cassette folder of the one --connector")
    run.add_argument("--junit-xml", type=Path, metavar="PATH", help="write a JUnit XML report")
    run.add_argument("--json", type=Path, metavar="PATH", help="write a JSON report")
    run.add_argument("--markdown", type=Path, metavar="PATH", help="write a Markdown conformance matrix")
    run.add_argument("--strict", action="store_true", help="fail scenarios neither covered by a cassette nor skipped")
    run.add_argument(
        "--check",
        action="append",
        default=[],
        metavar="GLOB",
        dest="checks",
        help="run only the checks matching this pattern, e.g. 'scenario:*' (repeatable)",
    )
    run.add_argument("--hypothesis-profile", metavar="NAME", help=f"property-check profile ({', '.join(PROFILES)})")

    rec = sub.add_parser(
        "record", help="record scenario cassettes and their expectations against a processor's test environment"
    )
    rec.add_argument("--connector", required=True, metavar="NAME")
    rec.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME",
        help=f"scenario to record (repeatable; default: all): {', '.join(s.name for s in SCENARIOS)}, "
        "or a connector-specific one of the cassette folder",
    )
    rec.add_argument("--base-url", metavar="URL", help="record against this address instead of the default")
    rec.add_argument(
        "--fake", action="store_true", help="--base-url is a fake processor: announce each scenario's calls to it"
    )
    rec.add_argument("--cassettes", type=Path, metavar="DIR", help="write the cassettes here")
    rec.add_argument("--accept", action="store_true", help="write without asking (after reviewing what it proposes)")

    exp = sub.add_parser(
        "expect", help="propose (or write) the expectations of recorded scenarios from their cassettes"
    )
    exp.add_argument("--connector", required=True, metavar="NAME")
    exp.add_argument("--scenario", action="append", default=[], metavar="NAME", help="scenario (repeatable)")
    exp.add_argument("--cassettes", type=Path, metavar="DIR", help="the cassette folder")
    exp.add_argument("--accept", action="store_true", help="write the proposed expectations")

    fields = sub.add_parser(
        "fields", help="print a connector's field map (canonical field -> processor field) as a Markdown table"
    )
    fields.add_argument("--connector", required=True, metavar="NAME")

    new = sub.add_parser("new-connector", help="generate a connector plugin package to start from")
    new.add_argument("name", metavar="NAME", help="the connector's name, e.g. acme or acme-pay")
    new.add_argument(
        "--path", type=Path, metavar="DIR", help="a new or empty folder to write it to (default: ./paywire-NAME)"
    )
    return parser


def _run(args: argparse.Namespace) -> int:
    try:
        profile = load_profile(args.hypothesis_profile)
        the_plan = plan(args.connector, cassettes=args.cassettes, strict=args.strict)
    except (UsageError, ValueError) as exc:
        sys.stderr.write(f"paywire-harness: error: {exc}\n")
        return EXIT_USAGE
    checks = all_checks()

    def selected(name: str) -> bool:
        return not args.checks or any(fnmatch.fnmatchcase(name, pattern) for pattern in args.checks)

    names = {c.name for c in checks} | {c.name for s in the_plan.setups for c in checks_for(s.target, checks)}
    if not any(selected(name) for name in names):
        sys.stderr.write(f"paywire-harness: error: no check matches {', '.join(args.checks)}\n")
        return EXIT_USAGE
    started = time.perf_counter()
    results = run_plan(the_plan, checks, progress=Progress(sys.stderr), select=selected)
    report = RunReport(results, connector_meta(the_plan), time.perf_counter() - started, profile)
    sys.stdout.write(terminal_summary(report, sys.stdout))
    for path in write_reports(report, junit=args.junit_xml, json_path=args.json, markdown_path=args.markdown):
        sys.stdout.write(f"wrote {path}\n")
    return EXIT_OK if report.passed else EXIT_FAILED


def _record(args: argparse.Namespace) -> int:
    try:
        if args.command == "expect":
            return expect(args.connector, args.scenario, cassettes=args.cassettes, accept=args.accept)
        return record(
            args.connector,
            args.scenario,
            base_url=args.base_url,
            cassettes=args.cassettes,
            accept=args.accept,
            fake=args.fake,
        )
    except RecordRefused as exc:
        sys.stderr.write(f"paywire-harness: error: {exc}\n")
        return EXIT_USAGE


def _new_connector(args: argparse.Namespace) -> int:
    path: Path = args.path
    try:
        path = path or Path(connector_names(args.name).distribution)
        names, written = scaffold(args.name, path)
    except ScaffoldError as exc:
        sys.stderr.write(f"paywire-harness: error: {exc}\n")
        return EXIT_USAGE
    except OSError as exc:
        sys.stderr.write(f"paywire-harness: error: cannot write {path}: {exc}\n")
        return EXIT_USAGE
    sys.stdout.write(f"created {names.distribution} (connector {names.name!r}) in {path}:\n")
    sys.stdout.writelines(f"  {p.relative_to(path)}\n" for p in written)
    sys.stdout.write(next_steps(names, path))
    return EXIT_OK


def _fields(args: argparse.Namespace) -> int:
    import paywire

    try:
        connector = paywire.registry().connector(args.connector)
    except paywire.PaywireError as exc:
        sys.stderr.write(f"paywire-harness: error: {exc}\n")
        return EXIT_USAGE
    sys.stdout.write(mapping_table(connector.info))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``paywire-harness``."""
    args = _parser().parse_args(argv)
    if args.command == "run":
        return _run(args)
    if args.command == "fields":
        return _fields(args)
    if args.command == "new-connector":
        return _new_connector(args)
    return _record(args)


if __name__ == "__main__":
    sys.exit(main())
