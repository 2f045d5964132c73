"""What every check produces and what it runs against: the contract between the runner, the
scenario replays, the property checks and the static checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import paywire

__all__ = ["Check", "CheckResult", "Outcome", "Target"]

Outcome = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class CheckResult:
    """One check's verdict on one connector. ``message`` points at the defect when it failed,
    and gives the reason when it was skipped; it never holds a credential."""

    connector: str
    check: str
    """Readable id: ``scenario:minimal``, ``property:no-silent-drops``, ``static:metadata``."""
    outcome: Outcome
    message: str = ""
    duration: float = 0.0
    examples: int | None = None
    """Property checks: how many generated examples ran."""


@dataclass(frozen=True)
class Target:
    """A connector under test and how to reach it offline."""

    connector: paywire.Connector
    credentials: paywire.Credentials
    """Fake credentials from the connector's harness.toml (never real ones)."""
    cassette_dir: Path | None
    """``<cassettes>/<connector>``, or None when the connector supplies none."""
    skips: dict[str, str] = field(default_factory=dict)
    """Scenario or check name -> the declared reason it is skipped."""
    strict: bool = False

    @property
    def name(self) -> str:
        return self.connector.name


class Check(Protocol):
    """A named check; ``run`` never raises, it reports."""

    name: str

    def run(self, target: Target) -> CheckResult: ...
