"""Regenerate ``cassettes/acme`` by recording every scenario against the fake processor:
``python harness/tests/record_acme.py``. The tests replay these committed cassettes."""

from __future__ import annotations

import sys
from pathlib import Path

import paywire

sys.path.insert(0, str(Path(__file__).parent))

from connectors import make_acme
from fake_processor import REAL_KEY, fake_processor

from paywire_harness._record import record
from paywire_harness.scenarios import SCENARIOS

CASSETTES = Path(__file__).parent / "cassettes" / "acme"


def main() -> int:
    with paywire.registry().registered(make_acme("acme"), name="acme"), fake_processor() as server:
        return record(
            "acme",
            [s.name for s in SCENARIOS],
            base_url=server.url,
            cassettes=CASSETTES,
            environ={"PAYWIRE_ACME_API_KEY": REAL_KEY},
            accept=True,
        )


if __name__ == "__main__":
    sys.exit(main())
