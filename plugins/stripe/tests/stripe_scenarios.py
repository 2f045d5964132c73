"""The harness's conformance scenarios, without depending on the harness distribution.

``paywire_harness.scenarios`` is imported when installed; otherwise the file is loaded from this
repository (``harness/src/paywire_harness/scenarios.py``, which needs only ``paywire``).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["CASSETTES", "REPO", "load_scenarios"]

REPO = Path(__file__).resolve().parents[3]
CASSETTES = REPO / "cassettes" / "stripe"
_SCENARIOS_FILE = REPO / "harness" / "src" / "paywire_harness" / "scenarios.py"


def load_scenarios() -> ModuleType | None:
    """The scenarios module, or None when neither the harness nor this repository is at hand."""
    try:
        import paywire_harness.scenarios as module
    except ImportError:
        if not _SCENARIOS_FILE.is_file():
            return None
        spec = importlib.util.spec_from_file_location("_paywire_stripe_scenarios", _SCENARIOS_FILE)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses resolve their module while the class is built
        spec.loader.exec_module(module)
    return module
