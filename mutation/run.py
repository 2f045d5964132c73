"""Measure the conformance harness: mutate each connector's source and count the mutants
``paywire-harness run`` (alone: no connector test suite) kills.

    python mutation/run.py --connector stripe [--connector ...] [--limit N] [--only ID]... [--jobs 2]
                           [--fail-under 90] [--json PATH] [--markdown PATH]

For each connector the installed package is copied to a temporary folder (its cassettes
included), one mutant is written into the copy at a time, and the harness runs in a fresh
process that imports the copy first (``PYTHONPATH``): the static and scenario checks, then, if
the mutant survived them, every check, with the reproducible ``ci`` hypothesis profile. A mutant
is killed when the run fails (or exceeds ``--timeout``). Mutants reviewed as equivalent (no
behaviour a user could observe changes) are listed with the reason in ``mutation/equivalent.toml``
and left out of the score; the score is killed / (mutants - equivalent).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import worker
from mutants import Mutant, mutants_of

HERE = Path(__file__).resolve().parent
EQUIVALENT = HERE / "equivalent.toml"
FIRST = ("--check", "static:*", "--check", "scenario:*")
"""The quick checks, run first: most mutants die there."""


@dataclass
class Outcome:
    id: str
    where: str
    killed: bool
    by: str
    """``quick checks``, ``properties`` or ``timeout``; empty for a survivor."""
    seconds: float
    equivalent: str = ""


@dataclass
class ConnectorReport:
    connector: str
    package: str
    mutants: int = 0
    killed: int = 0
    equivalent: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def score(self) -> float:
        scored = self.mutants - self.equivalent
        return 100.0 * self.killed / scored if scored else 100.0

    def survivors(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.killed and not o.equivalent]


def package_of(connector: str) -> Path:
    """The folder of the package the ``paywire`` entry point ``connector`` names."""
    for ep in metadata.entry_points(group="paywire", name=connector):
        spec = __import__("importlib.util").util.find_spec(ep.module)
        if spec is None or spec.origin is None:
            break
        return Path(spec.origin).parent
    raise SystemExit(f"mutation: no installed connector {connector!r}")


def equivalents() -> dict[str, str]:
    """Reviewed equivalent mutants: id -> why no user can tell the mutant from the original."""
    if not EQUIVALENT.is_file():
        return {}
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return {entry["id"]: entry["why"] for connector in data.values() for entry in connector}


@contextmanager
def workspace(package: Path) -> Iterator[Path]:
    """A copy of ``package`` (symbolic links followed: the cassettes are real files there)."""
    with tempfile.TemporaryDirectory(prefix="paywire-mutation-") as tmp:
        target = Path(tmp) / package.name
        shutil.copytree(package, target, symlinks=False, ignore=shutil.ignore_patterns("__pycache__"))
        yield Path(tmp)


_FORKS = multiprocessing.get_context("forkserver")
_FORKS.set_forkserver_preload(worker.PRELOAD)


def _harness(connector: str, root: Path, extra: tuple[str, ...], timeout: float) -> tuple[bool, bool]:
    """(passed, timed out) of one harness run importing the mutated copy under ``root``, in a
    fresh process (forked from a warm one: nothing of a previous mutant is left in it)."""
    process = _FORKS.Process(target=worker.harness, args=(connector, str(root), extra))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return False, True
    return process.exitcode == 0, False


def _judge(connector: str, root: Path, timeout: float) -> tuple[bool, str]:
    passed, timed_out = _harness(connector, root, FIRST, timeout)
    if timed_out:
        return True, "timeout"
    if not passed:
        return True, "quick checks"
    passed, timed_out = _harness(connector, root, (), timeout)
    if timed_out:
        return True, "timeout"
    return (True, "properties") if not passed else (False, "")


def run_connector(
    connector: str,
    limit: int | None,
    jobs: int,
    timeout: float,
    known: dict[str, str],
    only: frozenset[str] = frozenset(),
) -> ConnectorReport:
    package = package_of(connector)
    files = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts and "cassettes" not in p.parts)
    mutants = [m for path in files for m in mutants_of(path, package.parent)]
    if only:
        mutants = [m for m in mutants if m.id in only]
    if limit is not None:
        step = max(1, len(mutants) // limit)
        mutants = mutants[::step][:limit]
    report = ConnectorReport(connector, str(package), mutants=len(mutants))
    copies = [workspace(package) for _ in range(jobs)]
    roots = [copy.__enter__() for copy in copies]
    try:
        ok, _ = _harness(connector, roots[0], (), timeout)
        if not ok:
            raise SystemExit(f"mutation: the harness fails {connector} unmutated: nothing to measure")
        free = list(roots)

        def one(mutant: Mutant) -> Outcome:
            root = free.pop()
            target = root / mutant.path
            original = target.read_text(encoding="utf-8")
            started = time.monotonic()
            try:
                target.write_text(mutant.apply(original), encoding="utf-8")
                killed, by = _judge(connector, root, timeout)
            finally:
                target.write_text(original, encoding="utf-8")
                free.append(root)
            return Outcome(mutant.id, mutant.describe(), killed, by, round(time.monotonic() - started, 2))

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for number, outcome in enumerate(pool.map(one, mutants), 1):
                outcome.equivalent = "" if outcome.killed else known.get(outcome.id, "")
                report.outcomes.append(outcome)
                mark = "killed" if outcome.killed else ("equivalent" if outcome.equivalent else "SURVIVED")
                print(f"[{connector} {number}/{len(mutants)}] {mark:10} {outcome.where}", flush=True)
    finally:
        for copy in copies:
            copy.__exit__(None, None, None)
    report.killed = sum(o.killed for o in report.outcomes)
    report.equivalent = sum(bool(o.equivalent) for o in report.outcomes)
    return report


def markdown(reports: list[ConnectorReport]) -> str:
    lines = ["| connector | mutants | killed | equivalent | survived | score |", "|---|---|---|---|---|---|"]
    for r in reports:
        lines.append(
            f"| {r.connector} | {r.mutants} | {r.killed} | {r.equivalent} | {len(r.survivors())} | {r.score:.1f} % |"
        )
    for r in reports:
        if r.survivors():
            lines += ["", f"Survivors of {r.connector}:", ""]
            lines += [f"- `{o.id}` ({o.where})" for o in r.survivors()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connector", action="append", required=True, metavar="NAME")
    parser.add_argument("--limit", type=int, help="at most N mutants per connector, spread over the files (a smoke)")
    parser.add_argument("--only", action="append", default=[], metavar="ID", help="run this mutant only (repeatable)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per harness run (beyond: killed)")
    parser.add_argument("--fail-under", type=float, default=0.0, help="exit 1 when a connector scores below this")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    known = equivalents()
    only = frozenset(args.only)
    reports = [run_connector(name, args.limit, args.jobs, args.timeout, known, only) for name in args.connector]
    table = markdown(reports)
    print("\n" + table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        data = [{**asdict(r), "score": round(r.score, 1)} for r in reports]
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(table, encoding="utf-8")
    return 1 if any(r.score < args.fail_under for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
