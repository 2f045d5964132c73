"""Choosing connectors, collecting their checks, and running them."""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import paywire

from ._checks import Check, CheckResult, Outcome, Target
from ._config import TargetSetup, build_target
from ._expect import ExpectationError
from ._replay import ScenarioCheck, custom_scenarios, scenario_checks
from ._static import failed_plugin_result, static_checks
from .scenarios import SCENARIOS

__all__ = ["CONFIG_CHECK", "Plan", "UsageError", "all_checks", "plan", "run_check", "run_plan"]

CONFIG_CHECK = "static:config"
PROPERTIES_MODULE = "paywire_harness.properties"

Progress = Callable[[CheckResult, int, int], None]


class UsageError(Exception):
    """Bad command-line use: unknown connector, conflicting flags (exit status 2)."""


@dataclass
class Plan:
    """What a run covers: the targets to check and the plugins that failed to load."""

    setups: list[TargetSetup] = field(default_factory=list)
    failed_plugins: list[paywire.PluginRecord] = field(default_factory=list)

    @property
    def connectors(self) -> list[str]:
        return [s.target.name for s in self.setups] + [r.name for r in self.failed_plugins]


def plan(
    names: Sequence[str] = (), *, cassettes: Path | None = None, strict: bool = False, cwd: Path | None = None
) -> Plan:
    """The connectors named (every installed one when none is), ready to check."""
    if cassettes is not None:
        if len(names) != 1:
            raise UsageError("--cassettes DIR needs exactly one --connector NAME")
        if not cassettes.is_dir():
            raise UsageError(f"--cassettes {cassettes}: not a directory")
    registry = paywire.registry()
    records = registry.records()
    connectors = registry.connectors()
    result = Plan()
    if not names:
        for record in records:
            if record.status == "failed":
                result.failed_plugins.append(record)
            elif record.name in connectors:
                result.setups.append(build_target(connectors[record.name], strict=strict, cwd=cwd))
        return result
    by_name = {r.name: r for r in records}
    for name in dict.fromkeys(names):
        if name in connectors:
            result.setups.append(build_target(connectors[name], cassettes=cassettes, strict=strict, cwd=cwd))
        elif name in by_name and by_name[name].status == "failed":
            result.failed_plugins.append(by_name[name])
        else:
            known = sorted(connectors)
            hint = difflib.get_close_matches(name, known, n=1)
            suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise UsageError(f"unknown connector {name!r}{suffix}; installed: {', '.join(known) or 'none'}")
    return result


def _property_checks() -> tuple[list[Check], str | None]:
    """The property checks, once their module exists; a broken module is reported, not raised."""
    try:
        module = importlib.import_module(PROPERTIES_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name == PROPERTIES_MODULE:
            return [], None
        return [], f"property checks cannot be imported: {type(exc).__name__}: {exc}"
    except Exception as exc:
        return [], f"property checks cannot be imported: {type(exc).__name__}: {exc}"
    factory = getattr(module, "property_checks", None)
    if factory is None:
        return [], f"{PROPERTIES_MODULE} has no property_checks()"
    try:
        return list(factory()), None
    except Exception as exc:
        return [], f"property_checks() raised {type(exc).__name__}: {exc}"


class _Broken:
    """A check that could not be set up: it fails with the reason."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message

    def run(self, target: Target) -> CheckResult:
        return CheckResult(target.name, self.name, "failed", self.message)


def checks_for(target: Target, checks: Sequence[Check]) -> list[Check]:
    """``checks`` and the connector-specific scenarios of ``target``'s cassette folder (after the
    standard scenarios); a folder whose expectations cannot be read is a failed check."""
    try:
        custom = custom_scenarios(target.cassette_dir)
    except ExpectationError as exc:
        return [*checks, _Broken("scenario:custom", str(exc))]
    at = max((i for i, c in enumerate(checks) if c.name.startswith("scenario:")), default=len(checks) - 1) + 1
    return [*checks[:at], *(ScenarioCheck(s) for s in custom), *checks[at:]]


def all_checks(*, properties: bool = True) -> list[Check]:
    """Every check, in report order: static, scenarios, properties."""
    checks: list[Check] = [*static_checks(), *scenario_checks()]
    if properties:
        found, problem = _property_checks()
        checks.extend(found)
        if problem:
            checks.append(_Broken("property:load", problem))
    return checks


def skip_reason(check: Check, target: Target) -> str | None:
    """The reason ``target`` declares for skipping ``check`` (by full or scenario name)."""
    reason = target.skips.get(check.name)
    if reason is None and check.name.startswith("scenario:"):
        reason = target.skips.get(check.name.removeprefix("scenario:"))
    return reason


CHECK_TIME_LIMIT = 300.0
"""Seconds one check may run: a hook that hangs or crawls fails its check, naming the hook."""


def run_check(check: Check, target: Target, *, time_limit: float = CHECK_TIME_LIMIT) -> CheckResult:
    """Run one check, honouring declared skips and ``time_limit``; never raises.

    The check runs on a worker thread. A check still running at the limit is reported failed with
    the hook it is stuck in; its thread is left behind (a daemon: it ends with the process), since
    nothing can safely stop a thread that is running arbitrary plugin code."""
    reason = skip_reason(check, target)
    if reason is not None:
        return CheckResult(target.name, check.name, "skipped", f"skipped in harness.toml: {reason}")
    started = time.perf_counter()
    done: list[CheckResult] = []

    def work() -> None:
        try:
            done.append(check.run(target))
        except Exception as exc:  # a check must report, but a broken one must not stop the run
            done.append(CheckResult(target.name, check.name, "failed", f"check raised {type(exc).__name__}: {exc}"))

    worker = threading.Thread(target=work, name=f"paywire-harness {target.name} {check.name}", daemon=True)
    worker.start()
    worker.join(time_limit)
    if worker.is_alive():
        result = CheckResult(
            target.name,
            check.name,
            "failed",
            f"did not finish within {time_limit:g} s: {_stuck_in(worker)}; hooks must be pure and quick "
            f"(no sockets, no sleeping, no unbounded loops)",
        )
    else:
        result = done[0]
    duration = time.perf_counter() - started
    return dataclasses.replace(result, connector=target.name, check=check.name, duration=result.duration or duration)


def _stuck_in(thread: threading.Thread) -> str:
    """Which plugin hook ``thread`` is running now, and where (the innermost ``paywire_*`` frame)."""
    frame = sys._current_frames().get(thread.ident or -1)
    innermost = frame
    while frame is not None:
        if frame.f_code.co_name.startswith("paywire_"):
            here = innermost or frame
            where = f"{'/'.join(here.f_code.co_filename.rsplit('/', 2)[-2:])}:{here.f_lineno}"
            return f"hook {frame.f_code.co_name} ({frame.f_globals.get('__name__', '?')}) was still running, at {where}"
        frame = frame.f_back
    return "no plugin hook was running (the harness itself is stuck: please report it)"


def config_result(setup: TargetSetup, checks: Sequence[Check]) -> CheckResult:
    """``static:config``: the connector's harness.toml is valid, its skips name real checks, and
    its fake credentials validate."""
    problems = list(setup.problems)
    known = {c.name for c in checks} | {s.name for s in SCENARIOS}
    for key in setup.target.skips:
        if key not in known:
            hint = difflib.get_close_matches(key, sorted(known), n=1)
            suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
            problems.append(f"[skip] {key!r} names no scenario or check{suffix}")
    outcome: Outcome = "failed" if problems else "passed"
    return CheckResult(setup.target.name, CONFIG_CHECK, outcome, "; ".join(problems))


def run_plan(
    the_plan: Plan,
    checks: Sequence[Check] | None = None,
    progress: Progress | None = None,
    select: Callable[[str], bool] | None = None,
) -> list[CheckResult]:
    """Run every check on every target of ``the_plan``, in order; report each result to ``progress``.
    ``select``: only the checks whose name it accepts (connector-specific scenarios included)."""
    checks = list(all_checks() if checks is None else checks)
    per_target = [checks_for(setup.target, checks) for setup in the_plan.setups]
    if select is not None:
        per_target = [[c for c in target_checks if select(c.name)] for target_checks in per_target]
    total = len(the_plan.failed_plugins) + sum(len(c) + 1 for c in per_target)
    results: list[CheckResult] = []

    def emit(result: CheckResult) -> None:
        results.append(result)
        if progress is not None:
            progress(result, len(results), total)

    for record in the_plan.failed_plugins:
        emit(failed_plugin_result(record))
    for setup, target_checks in zip(the_plan.setups, per_target, strict=True):
        emit(config_result(setup, target_checks))
        for check in target_checks:
            emit(run_check(check, setup.target))
    return results
