"""Regenerate ``cassettes/mollie/``: every harness scenario and every Mollie-specific scenario,
recorded by ``paywire-harness record --fake`` against the fake Mollie of ``mollie_fake.py`` on
127.0.0.1, with the expectations the recording proposes accepted.

    python plugins/mollie/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the key, the fake's address and the volatile headers, so re-running writes the same files. The
Mollie-specific scenarios are the ``*.expect.yaml`` files whose name is not a harness scenario:
their ``description`` and ``calls`` are written by hand, their outcomes proposed by the recording.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mollie_fake import FakeMollie

from paywire_harness.testing import record_cassettes

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "mollie"
REAL_KEY = "test_paywireRecordingKey000000000000"
"""The 'real' test key the fake accepts while recording: never written (the fake one is)."""


def main(argv: list[str] | None = None) -> int:
    return record_cassettes(
        "mollie",
        lambda: FakeMollie(lifetime=300),
        committed=CASSETTES,
        environ={"PAYWIRE_MOLLIE_API_KEY": REAL_KEY},
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
