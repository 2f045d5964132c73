"""paywire-harness: the conformance suite every paywire connector is proven with.

    paywire-harness run --connector stripe --junit-xml report.xml

Scenarios replay recorded HTTP through the real client; static checks read the connector's
declaration and cassettes; property checks (hypothesis) drive its hooks with generated input.
"""

from __future__ import annotations

from ._checks import Check, CheckResult, Outcome, Target
from ._config import HarnessConfig, build_target, cassette_dir_for, load_config
from ._profiles import load_profile
from ._record import RecordRefused, record
from ._reports import RunReport
from ._runner import Plan, UsageError, all_checks, plan, run_check, run_plan
from .scenarios import SCENARIOS, Scenario

__version__ = "0.2.0"

__all__ = [
    "SCENARIOS",
    "Check",
    "CheckResult",
    "HarnessConfig",
    "Outcome",
    "Plan",
    "RecordRefused",
    "RunReport",
    "Scenario",
    "Target",
    "UsageError",
    "__version__",
    "all_checks",
    "build_target",
    "cassette_dir_for",
    "load_config",
    "load_profile",
    "plan",
    "record",
    "run_check",
    "run_plan",
]
