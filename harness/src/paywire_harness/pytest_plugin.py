"""The harness inside any pytest run: ``pytest --paywire-connector NAME [--paywire-cassettes DIR]``.

Each check becomes a test item with an id such as ``stripe::scenario:minimal``, so ``-k`` selects
and CI shows them like any test. Nothing happens unless ``--paywire-connector`` is given, so the
plugin never affects unrelated test runs. The ``paywire_target`` fixture hands the configured
connector's ``Target`` to the author's own tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from . import _profiles
from ._checks import Check, CheckResult, Target
from ._runner import Plan, UsageError, all_checks, checks_for, config_result, plan, run_check
from ._static import failed_plugin_result

__all__ = ["HarnessCheckFailed", "HarnessItem"]

_PLAN = pytest.StashKey[Plan]()


class HarnessCheckFailed(Exception):
    """A harness check failed; its message points at the defect."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("paywire", "paywire conformance harness")
    group.addoption(
        "--paywire-connector",
        action="append",
        default=[],
        dest="paywire_connectors",
        metavar="NAME",
        help="run the paywire conformance checks against this connector (repeatable)",
    )
    group.addoption(
        "--paywire-cassettes",
        type=Path,
        default=None,
        dest="paywire_cassettes",
        metavar="DIR",
        help="cassette folder of the one --paywire-connector",
    )
    group.addoption(
        "--paywire-strict",
        action="store_true",
        default=False,
        dest="paywire_strict",
        help="fail scenarios neither covered by a cassette nor skipped",
    )


def pytest_configure(config: pytest.Config) -> None:
    names: list[str] = config.getoption("paywire_connectors") or []
    if not names:
        return
    try:
        the_plan = plan(
            names,
            cassettes=config.getoption("paywire_cassettes"),
            strict=config.getoption("paywire_strict"),
            cwd=Path(str(config.rootpath)),
        )
    except UsageError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[_PLAN] = the_plan
    if not config.getoption("hypothesis_profile", None):
        _profiles.load_profile()


class HarnessItem(pytest.Item):
    """One check on one connector."""

    def __init__(
        self, *, check: Check | None, target: Target | None, result: CheckResult | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.target = target
        self.precomputed = result

    def runtest(self) -> None:
        if self.precomputed is not None:
            result = self.precomputed
        else:
            assert self.check is not None and self.target is not None
            result = run_check(self.check, self.target)
        if result.outcome == "failed":
            raise HarnessCheckFailed(result.message or "failed")
        if result.outcome == "skipped":
            pytest.skip(result.message or "skipped")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, HarnessCheckFailed):
            return f"{self.name} failed:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


def _item(session: pytest.Session, name: str, **kwargs: Any) -> HarnessItem:
    item: HarnessItem = HarnessItem.from_parent(session, name=name, nodeid=name, **kwargs)
    return item


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    the_plan = config.stash.get(_PLAN, None)
    if the_plan is None:
        return
    checks = all_checks()
    for record in the_plan.failed_plugins:
        result = failed_plugin_result(record)
        items.append(_item(session, f"{record.name}::{result.check}", check=None, target=None, result=result))
    for setup in the_plan.setups:
        name = setup.target.name
        config_check = config_result(setup, checks)
        items.append(
            _item(session, f"{name}::{config_check.check}", check=None, target=setup.target, result=config_check)
        )
        items.extend(
            _item(session, f"{name}::{check.name}", check=check, target=setup.target, result=None)
            for check in checks_for(setup.target, checks)
        )


@pytest.fixture
def paywire_target(request: pytest.FixtureRequest) -> Target:
    """The ``Target`` of the first ``--paywire-connector`` (skips when none is given)."""
    the_plan = request.config.stash.get(_PLAN, None)
    if the_plan is None or not the_plan.setups:
        pytest.skip("no --paywire-connector given")
    return the_plan.setups[0].target
