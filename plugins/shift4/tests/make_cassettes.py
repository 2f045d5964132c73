"""Regenerate ``cassettes/shift4/``: every harness scenario and every Shift4-specific scenario,
recorded by ``paywire-harness record --fake`` against the fake Shift4 of ``shift4_fake.py`` on
127.0.0.1, with the expectations the recording proposes accepted.

    python plugins/shift4/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the key, the fake's address and the volatile headers, so re-running writes the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shift4_fake import FakeShift4

from paywire_harness.testing import record_cassettes

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "shift4"
RECORDING_KEY = "sk_test_paywire_recording_key_000000"
"""The 'real' test key the fake accepts while recording: never written (the fake one is)."""


def main(argv: list[str] | None = None) -> int:
    return record_cassettes(
        "shift4",
        lambda: FakeShift4(lifetime=300),
        committed=CASSETTES,
        environ={"PAYWIRE_SHIFT4_SECRET_KEY": RECORDING_KEY},
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
