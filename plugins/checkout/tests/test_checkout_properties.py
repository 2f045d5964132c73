"""The harness's property checks (hypothesis, no network) on this connector: generated requests are
built or refused by name, every value lands where the field map says, secrets stay in the
Authorization header, and any reply becomes a customer id or a ConnectorError."""

from __future__ import annotations

from pathlib import Path

from paywire_harness import plan, run_plan
from paywire_harness.properties import property_checks


def test_every_property_holds() -> None:
    the_plan = plan(["checkout"], cwd=Path("/"))
    results = run_plan(the_plan, property_checks(), select=lambda name: name.startswith("property:"))
    assert len(results) >= 9
    failed = [(r.check, r.message) for r in results if r.outcome != "passed"]
    assert failed == []
